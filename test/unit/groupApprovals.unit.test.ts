// Approvals for PIM for Groups (#18), against the emulator over HTTP: the approver's list holds group requests next
// to Azure ones (Graph v1.0 filterByCurrentUser(on='approver')), a decision goes to the Graph approval's stage, and a
// Graph failure in a tenant is told without hiding its Azure list. Notices poll Graph only for group approvers.
import * as assert from 'node:assert/strict';
import { decide, listPendingDecisions, type PendingDecision } from '../../src/core/flows/approvalDecisions';
import { ApprovalNotices } from '../../src/core/flows/approvalNotices';
import { ApprovalInbox } from '../../src/core/store/approvalInbox';
import { approvalLines } from '../../src/core/model/approvalText';
import { ensureRoles, type ElevationProgress } from '../../src/core/flows/ensureRoles';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import type { RowRef, TenantConnection } from '../../src/core/store/roleStore';
import { approvalScenario, E2E } from '../emulator/testing';
import { EmulatorCredential } from '../support/emulatorCredential';
import { FakeTimers } from '../support/fakeTimers';
import { withEmulator } from '../support/withEmulator';
import { waitingForApproval } from '../support/approvalWaiting';

const DAY_MS = 24 * 60 * 60_000;
const STRANGER = 'dddddddd-0000-4000-8000-00000000000d';

describe('group approvals: PIM for Groups requests approved from the editor', function () {
  this.timeout(20_000);
  const fixture = withEmulator({ scenario: () => approvalScenario({ groupNeedsApproval: true }) });
  let requester: TenantConnection;
  let approver: TenantConnection;
  const as = (userId: string): TenantConnection =>
    fixture.connect({ graphClientId: E2E.graphClient, credential: new EmulatorCredential(fixture.emulator.url, E2E.contoso, userId) }).connection;

  beforeEach(() => {
    requester = fixture.connect({ graphClientId: E2E.graphClient }).connection;
    approver = as(E2E.approver);
  });

  const requestMembership = async (): Promise<string> => {
    const graph = requester.graph;
    assert.ok(graph);
    const request = await graph.activateGroup({
      groupId: E2E.pimGroup,
      accessId: 'member',
      principalId: E2E.user,
      justification: 'release 42',
      ticketNumber: 'CHG-7',
      ticketSystem: 'ServiceNow',
      duration: 'PT1H',
    });
    assert.equal(request.status, 'PendingApproval');
    return request.id;
  };
  const statusOf = async (name: string): Promise<string | undefined> => {
    const state = (await (await fetch(`${fixture.emulator.url}/_emulator/state`)).json()) as { tenants: { requests: { name: string; status: string }[] }[] };
    return state.tenants[0]?.requests.find((request) => request.name === name)?.status;
  };
  const pendingForApprover = async (connection = approver): Promise<PendingDecision> => {
    const listed = await listPendingDecisions([connection]);
    assert.deepEqual(listed.problems, []);
    const groups = listed.requests.filter((entry) => entry.request.key.kind === 'group');
    assert.equal(groups.length, 1, JSON.stringify(listed.requests.map((entry) => entry.request.roleName)));
    const [first] = groups;
    assert.ok(first);
    return first;
  };

  it('the approver sees the group request with requester, group, access, duration, justification, ticket and age', async () => {
    const id = await requestMembership();
    const pending = await pendingForApprover();
    assert.equal(pending.approvalId, id, "Graph's approval has the request's id");
    assert.equal(pending.requesterId, E2E.user);
    assert.equal(pending.requesterName, 'Dana Developer');
    assert.equal(pending.request.key.scope, E2E.pimGroup);
    const lines = approvalLines(pending, new Date(fixture.emulator.clock.now().getTime() + 5 * 60_000));
    assert.equal(lines.title, 'Member on pim-contoso-admins');
    assert.equal(lines.requester, 'Dana Developer (dana@contoso.onmicrosoft.com)');
    assert.equal(lines.details, '“release 42” · for 1h · ticket CHG-7 (ServiceNow) · asked 5m ago');
    const call = fixture.emulator.requests.find((entry) => entry.path.includes("filterByCurrentUser(on='approver')"));
    assert.ok(call, 'read through the documented Graph v1.0 function');
    assert.match(call.path, /^\/v1\.0\/identityGovernance\/privilegedAccess\/group\/assignmentScheduleRequests\//);
  });

  it('approve: the decision is PATCHed on the Graph stage by the approver, and the membership is active', async () => {
    const id = await requestMembership();
    const pending = await pendingForApprover();
    assert.deepEqual(await decide(pending, 'Approve', 'ticket CHG-7 checked'), { ok: true, message: 'Approved: Member on pim-contoso-admins for Dana Developer.' });
    assert.equal(await statusOf(id), 'Provisioned');
    const patches = fixture.emulator.requests.filter((entry) => entry.method === 'PATCH');
    assert.equal(patches.length, 1);
    assert.equal(patches[0]?.path, `/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/${id}/stages/${id}`);
    assert.equal(patches[0]?.callerOid, E2E.approver);
  });

  it('deny: the request is denied', async () => {
    const id = await requestMembership();
    assert.deepEqual(await decide(await pendingForApprover(), 'Deny', 'not during the freeze'), { ok: true, message: 'Denied: Member on pim-contoso-admins for Dana Developer.' });
    assert.equal(await statusOf(id), 'Denied');
  });

  it('a second decision (409 or no open stage) is explained as already decided', async () => {
    await requestMembership();
    const pending = await pendingForApprover();
    assert.equal((await decide(pending, 'Approve', 'ok')).ok, true);
    const again = await decide(pending, 'Deny', 'changed my mind');
    assert.deepEqual(again, { ok: false, message: 'Member on pim-contoso-admins for Dana Developer: already decided by another approver; the request is active.' });
  });

  it('a 409 on the PATCH (another approver got there first, as Graph documents it) is explained, not shown as an error', async () => {
    const id = await requestMembership();
    const pending = await pendingForApprover();
    // The race itself cannot be timed over HTTP: the 409 is injected at the network edge, for the PATCH only.
    fixture.emulator.setFaults([{ match: { method: 'PATCH', pathIncludes: '/assignmentApprovals/' }, kind: 'status', status: 409, code: 'Conflict', message: 'already approved', times: 1 }]);
    const result = await decide(pending, 'Approve', 'second');
    assert.deepEqual(result, { ok: false, message: 'Member on pim-contoso-admins for Dana Developer: no approval step is waiting for you; another approver may have decided already.' });
    assert.equal(await statusOf(id), 'PendingApproval');
  });

  it('an expired request is explained as expired', async () => {
    await requestMembership();
    const pending = await pendingForApprover();
    fixture.emulator.clock.advance(DAY_MS);
    const late = await decide({ ...pending, connection: as(E2E.approver) }, 'Approve', 'sorry, late');
    assert.equal(late.ok, false);
    assert.match(late.message, /expired before anyone decided/);
  });

  it('someone who is not an approver is told so (403)', async () => {
    await requestMembership();
    const pending = await pendingForApprover();
    const result = await decide({ ...pending, connection: as(STRANGER) }, 'Approve', 'me too');
    assert.deepEqual(result, { ok: false, message: 'Member on pim-contoso-admins for Dana Developer: you are not an approver of this request (any more).' });
  });

  it('the requester never sees nor decides their own group request, even when the policy names them', async () => {
    const id = await requestMembership();
    const mine = await listPendingDecisions([requester]);
    assert.deepEqual(mine, { requests: [], problems: [] });
    const theirs = await pendingForApprover();
    const result = await decide({ ...theirs, connection: requester }, 'Approve', 'self');
    assert.deepEqual(result, { ok: false, message: 'Member on pim-contoso-admins for Dana Developer: you cannot approve or deny your own request.' });
    assert.equal(await statusOf(id), 'PendingApproval');
  });

  it('a Graph failure in a tenant is told, and its Azure list still shows', async () => {
    const store = await fixture.loadStore(requester);
    const policyFor = async (ref: RowRef) => {
      const key = ref.row.eligible?.key ?? ref.row.active?.key;
      return key ? loadPolicy(ref.connection, key) : undefined;
    };
    await ensureRoles(store, [{ role: 'Owner', scope: E2E.subB }], { policyFor, defaultJustification: 'release 42', waitForApproval: false, follow: { pollIntervalsMs: [50], pollTimeoutMs: 2000 } });
    await requestMembership();
    fixture.emulator.setFaults([{ match: { pathIncludes: "filterByCurrentUser(on='approver')" }, kind: 'status', status: 403, code: 'Forbidden', message: 'Insufficient privileges to complete the operation.', times: 0 }]);
    const listed = await listPendingDecisions([approver]);
    assert.deepEqual(
      listed.requests.map((entry) => `${entry.request.key.kind} ${entry.request.roleName}`),
      ['azure Owner'],
    );
    assert.equal(listed.problems.length, 1);
    assert.match(listed.problems[0] ?? '', /^Contoso: group requests to approve could not be read: /);
  });

  it('without an app registration (Graph answers PermissionScopeNotGranted) the group list is left out quietly', async () => {
    await requestMembership();
    const withoutApp = fixture.connect({ graphClientId: null, credential: new EmulatorCredential(fixture.emulator.url, E2E.contoso, E2E.approver) }).connection;
    assert.deepEqual(await listPendingDecisions([withoutApp]), { requests: [], problems: [] });
    const refused = fixture.emulator.requests.filter((entry) => entry.path.includes("filterByCurrentUser(on='approver')"));
    assert.deepEqual(
      refused.map((entry) => entry.status),
      [403],
      'asked, and refused for the missing permission',
    );
  });

  it('notices: a group approver is polled for group requests; someone who approves nothing never is', async () => {
    await requestMembership();
    const told: string[] = [];
    const inbox = new ApprovalInbox();
    const notices = new ApprovalNotices(inbox, { onNew: (entries) => told.push(...entries.map((entry) => approvalLines(entry, new Date()).title)), timers: new FakeTimers(), intervalMs: 1000 });
    await inbox.setConnections([approver]);
    assert.deepEqual(inbox.approverTenants, [E2E.contoso]);
    assert.equal(notices.polling, true);
    assert.deepEqual(told, ['Member on pim-contoso-admins']);
    notices.dispose();
    inbox.dispose();

    fixture.emulator.clearRequests();
    const strangerInbox = new ApprovalInbox();
    const stranger = new ApprovalNotices(strangerInbox, { onNew: () => assert.fail('a stranger is told nothing'), timers: new FakeTimers(), intervalMs: 1000 });
    await strangerInbox.setConnections([as(STRANGER)]);
    assert.deepEqual(strangerInbox.approverTenants, []);
    assert.equal(stranger.polling, false);
    await strangerInbox.refresh();
    const polls = fixture.emulator.requests.filter((entry) => entry.path.includes("assignmentScheduleRequests/filterByCurrentUser(on='approver')"));
    assert.equal(polls.length, 0, 'no list read for someone who approves nothing');
    stranger.dispose();
    strangerInbox.dispose();
  });

  describe('the requester', () => {
    const member = { kind: 'group' as const, role: 'Member', scope: E2E.pimGroup };
    const waiting = waitingForApproval;
    const untilListed = async (): Promise<PendingDecision> => {
      for (let i = 0; i < 200; i++) {
        const listed = await listPendingDecisions([approver]);
        const [first] = listed.requests;
        if (first) {
          return first;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the group request never waited for the approver');
    };

    it('a waiting group activation goes on by itself once approved, watching its Graph request', async () => {
      const store = await fixture.loadStore(requester);
      const events: ElevationProgress[] = [];
      const running = ensureRoles(store, [member], waiting(events));
      assert.equal((await decide(await untilListed(), 'Approve', 'go ahead')).ok, true);
      const result = await running;
      assert.equal(result.roles[0]?.outcome, 'active', JSON.stringify(result));
      assert.deepEqual(
        events.map((event) => event.state),
        ['activating', 'waitingForApproval', 'approved', 'active'],
      );
      const watched = fixture.emulator.requests.filter((call) => call.method === 'GET' && /\/group\/assignmentScheduleRequests\/[0-9a-f-]{36}$/i.test(call.path));
      assert.ok(watched.length >= 1 && watched.every((call) => call.callerOid === E2E.user), 'the requester read its own request');
    });

    it('a denial stops it as denied; 24 hours without a decision stop it as expired', async () => {
      const store = await fixture.loadStore(requester);
      const denied = ensureRoles(store, [member], waiting());
      await decide(await untilListed(), 'Deny', 'not during the freeze');
      const result = await denied;
      assert.equal(result.roles[0]?.outcome, 'denied', JSON.stringify(result));
      assert.equal(result.roles[0]?.message, 'denied by an approver.');

      await store.refresh();
      const expiring = ensureRoles(store, [member], waiting());
      await untilListed();
      fixture.emulator.clock.advance(DAY_MS);
      const expired = await expiring;
      assert.equal(expired.roles[0]?.outcome, 'approvalExpired', JSON.stringify(expired));
    });
  });
});
