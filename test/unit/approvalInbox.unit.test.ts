// The approval inbox (#18), against the emulator over HTTP: the one list of requests waiting for my approval that the
// Roles view's section, the Review… quick pick and the notifications read. An approver's tenants are read after
// sign-in; a user who approves nothing is read never; a decision takes its request off; a tenant whose list failed
// is a problem, not an empty list.
import * as assert from 'node:assert/strict';
import { ensureRoles } from '../../src/core/flows/ensureRoles';
import { APPROVAL_POLL_INTERVAL_MS, ApprovalNotices } from '../../src/core/flows/approvalNotices';
import { approvalLines } from '../../src/core/model/approvalText';
import { ApprovalInbox } from '../../src/core/store/approvalInbox';
import type { TenantConnection } from '../../src/core/store/roleStore';
import { E2E } from '../emulator/testing';
import { EmulatorCredential } from '../support/emulatorCredential';
import { FakeTimers } from '../support/fakeTimers';
import { withEmulator } from '../support/withEmulator';

const PROD = E2E.subB;
const STRANGER = 'dddddddd-0000-4000-8000-00000000000d';
const ASK = { policyFor: () => Promise.resolve(undefined), defaultJustification: 'release 42', follow: { pollIntervalsMs: [50], pollTimeoutMs: 2000 } } as const;

describe('approval inbox: one list of requests to approve for the tree, the quick pick and the notices', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let requester: TenantConnection;
  let approver: TenantConnection;
  let inboxes: ApprovalInbox[];

  const connectAs = (oid: string): TenantConnection => fixture.connect({ credential: new EmulatorCredential(fixture.emulator.url, E2E.contoso, oid) }).connection;
  const newInbox = (): ApprovalInbox => {
    const inbox = new ApprovalInbox();
    inboxes.push(inbox);
    return inbox;
  };
  /** Calls by `oid` that read approvals or requests to approve. */
  const approverReads = (oid: string): string[] =>
    fixture.emulator.requests.filter((call) => call.callerOid === oid && /roleAssignment(Approvals|ScheduleRequests)\?.*asApprover\(\)/.test(call.path)).map((call) => call.path);
  const requestOwner = async (): Promise<void> => {
    const store = await fixture.loadStore(requester);
    await ensureRoles(store, [{ role: 'Owner', scope: PROD }], ASK);
  };
  const titles = (inbox: ApprovalInbox): string[] => inbox.requests.map((entry) => approvalLines(entry, new Date()).title);

  beforeEach(() => {
    inboxes = [];
    requester = fixture.connect().connection;
    approver = connectAs(E2E.approver);
  });

  afterEach(() => inboxes.forEach((inbox) => inbox.dispose()));

  it('an approver: after sign-in the requests waiting for them are listed, with when they were read', async () => {
    await requestOwner();
    const inbox = newInbox();
    let changes = 0;
    inbox.onDidChange(() => changes++);
    await inbox.setConnections([approver]);
    assert.equal(inbox.isApprover, true);
    assert.deepEqual(inbox.approverTenants, [E2E.contoso]);
    assert.deepEqual(titles(inbox), ['Owner on Contoso Prod']);
    assert.equal(inbox.requests[0]?.requesterName, 'Dana Developer');
    assert.deepEqual(inbox.problems, []);
    assert.ok(inbox.readAt, 'when it was read');
    assert.equal(inbox.reading, false);
    assert.ok(changes >= 2, 'told the surfaces when it started and when it was read');
  });

  it('a user who approves nothing: one check per tenant after sign-in, then no read at all, also on refresh', async () => {
    await requestOwner();
    const inbox = newInbox();
    await inbox.setConnections([connectAs(STRANGER)]);
    assert.equal(inbox.isApprover, false);
    assert.deepEqual(inbox.requests, []);
    await inbox.refresh();
    await inbox.refresh();
    const reads = approverReads(STRANGER);
    assert.equal(reads.length, 1, reads.join('\n'));
    assert.match(reads[0] ?? '', /roleAssignmentApprovals\?/, 'only the check whether any approval lists them');
  });

  it('refresh shares a read under way, and Review… right after a read shows that read', async () => {
    await requestOwner();
    const inbox = newInbox();
    await inbox.setConnections([approver]);
    const listsBefore = approverReads(E2E.approver).length;
    await Promise.all([inbox.refresh(), inbox.refresh()]);
    assert.equal(approverReads(E2E.approver).length, listsBefore + 1, 'one read for two refreshes at once');
    assert.deepEqual(titles(inbox), ['Owner on Contoso Prod']);
    await inbox.refresh({ ifOlderThanMs: 60_000 });
    assert.equal(approverReads(E2E.approver).length, listsBefore + 1, 'a recent read is shown, not read again');
  });

  it('a decision takes the request off the list, and the list is read again', async () => {
    await requestOwner();
    const inbox = newInbox();
    await inbox.setConnections([approver]);
    const [pending] = inbox.requests;
    assert.ok(pending);
    const seen: number[] = [];
    inbox.onDidChange(() => seen.push(inbox.requests.length));
    const result = await inbox.decide(pending, 'Approve', 'checked CHG-7');
    assert.deepEqual(result, { ok: true, message: 'Approved: Owner on Contoso Prod for Dana Developer.' });
    assert.deepEqual(inbox.requests, []);
    assert.equal(seen[0], 0, 'off the list at once, before the read that follows');
    assert.equal(fixture.emulator.requests.filter((call) => call.method === 'PATCH').length, 1);
  });

  it('a request another approver decided first is explained, and leaves the list', async () => {
    await requestOwner();
    const mine = newInbox();
    const theirs = newInbox();
    await mine.setConnections([approver]);
    await theirs.setConnections([connectAs(E2E.approver)]);
    const [stale] = mine.requests;
    const [fresh] = theirs.requests;
    assert.ok(stale && fresh);
    assert.equal((await theirs.decide(fresh, 'Deny', 'not during the freeze')).ok, true);
    const late = await mine.decide(stale, 'Approve', 'looks fine');
    assert.equal(late.ok, false);
    assert.match(late.message, /already decided by another approver/);
    assert.deepEqual(mine.requests, [], 'gone after the read that follows the refusal');
  });

  it('no justification: nothing is sent and the request stays', async () => {
    await requestOwner();
    const inbox = newInbox();
    await inbox.setConnections([approver]);
    const [pending] = inbox.requests;
    assert.ok(pending);
    const calls = fixture.emulator.requests.length;
    assert.equal((await inbox.decide(pending, 'Approve', '   ')).ok, false);
    assert.equal(fixture.emulator.requests.length, calls);
    assert.equal(inbox.requests.length, 1);
  });

  it('a tenant whose list failed is a problem that names it, not an empty list', async () => {
    await requestOwner();
    const inbox = newInbox();
    fixture.emulator.setFaults([{ match: { method: 'GET', pathIncludes: 'roleAssignmentScheduleRequests?' }, kind: 'status', status: 500, times: 0 }]);
    await inbox.setConnections([approver]);
    assert.equal(inbox.isApprover, true);
    assert.deepEqual(inbox.requests, []);
    assert.equal(inbox.problems.length, 1);
    assert.match(inbox.problems[0] ?? '', /^Contoso: requests to approve could not be read: /);
    fixture.emulator.setFaults([]);
    await inbox.refresh();
    assert.deepEqual(inbox.problems, [], 'the problem goes with the next good read');
    assert.deepEqual(titles(inbox), ['Owner on Contoso Prod']);
  });

  it('a check that failed is not taken as "approves nothing": it is asked again on the next refresh', async () => {
    await requestOwner();
    const inbox = newInbox();
    fixture.emulator.setFaults([{ match: { method: 'GET', pathIncludes: 'roleAssignmentApprovals?' }, kind: 'status', status: 503, times: 0 }]);
    await inbox.setConnections([approver]);
    assert.equal(inbox.isApprover, false, 'unknown yet: no section');
    fixture.emulator.setFaults([]);
    await inbox.refresh();
    assert.equal(inbox.isApprover, true);
    assert.deepEqual(titles(inbox), ['Owner on Contoso Prod']);
  });

  it('after sign-out nothing is listed, also when the check under way answers late', async () => {
    await requestOwner();
    const inbox = newInbox();
    const signingIn = inbox.setConnections([approver]);
    const signedOut = inbox.setConnections([]);
    await Promise.all([signingIn, signedOut]);
    assert.equal(inbox.isApprover, false);
    assert.deepEqual(inbox.requests, []);
  });

  describe('notices', () => {
    it('poll the inbox only for an approver, tell each new request once, and never poll anyone else', async () => {
      const inbox = newInbox();
      const strangerInbox = newInbox();
      const told: string[][] = [];
      const timers = new FakeTimers();
      const notices = new ApprovalNotices(inbox, { timers, onNew: (requests) => told.push(requests.map((entry) => approvalLines(entry, new Date()).title)) });
      const strangerTimers = new FakeTimers();
      const strangers = new ApprovalNotices(strangerInbox, { timers: strangerTimers, onNew: () => assert.fail('nothing to tell a non-approver') });
      try {
        // Alice has approved something before: an approver. The stranger approves nothing.
        await requestOwner();
        await inbox.setConnections([approver]);
        const [first] = inbox.requests;
        assert.ok(first);
        assert.deepEqual(told, [['Owner on Contoso Prod']], 'told after sign-in');
        await inbox.decide(first, 'Deny', 'first one, denied');
        await strangerInbox.setConnections([connectAs(STRANGER)]);
        assert.equal(strangers.polling, false);
        assert.equal(strangerTimers.intervals.size, 0);

        assert.equal(notices.polling, true);
        const [interval] = [...timers.intervals.values()];
        assert.equal(interval?.ms, APPROVAL_POLL_INTERVAL_MS);
        await requestOwner();
        interval?.callback();
        await inbox.refresh();
        assert.deepEqual(told, [['Owner on Contoso Prod'], ['Owner on Contoso Prod']], 'the new request told');
        interval?.callback();
        await inbox.refresh();
        assert.equal(told.length, 2, 'told once');
        assert.equal(approverReads(STRANGER).length, 1, 'the stranger was never polled');
      } finally {
        notices.dispose();
        strangers.dispose();
      }
      assert.equal(timers.intervals.size, 0, 'the poll stops when disposed');
    });
  });
});
