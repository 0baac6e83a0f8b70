// Approvals, closed loop (#18), against the emulator over HTTP: the approver lists what waits for them and decides
// (never their own request); the requester's elevation waits for the decision and goes on by itself when approved,
// and stops with the reason when denied, expired, or still undecided at its deadline.
import * as assert from 'node:assert/strict';
import { decide, listPendingDecisions, type PendingDecision } from '../../src/core/flows/approvalDecisions';
import { waitForApproval } from '../../src/core/flows/approvalWait';
import { approvalLines } from '../../src/core/model/approvalText';
import { ensureRoles, type ElevationProgress } from '../../src/core/flows/ensureRoles';
import type { RoleStore, TenantConnection } from '../../src/core/store/roleStore';
import { approvalScenario, E2E } from '../emulator/testing';
import { EmulatorCredential } from '../support/emulatorCredential';
import { withEmulator } from '../support/withEmulator';
import { waitingForApproval } from '../support/approvalWaiting';

const PROD = E2E.subB;
const DAY_MS = 24 * 60 * 60_000;

describe('approvals: approve from the editor, and the waiting elevation resumes', function () {
  this.timeout(20_000);
  const fixture = withEmulator({ scenario: () => approvalScenario() });
  let store: RoleStore;
  let requester: TenantConnection;
  let approver: TenantConnection;

  beforeEach(async () => {
    requester = fixture.connect().connection;
    approver = fixture.connect({ credential: new EmulatorCredential(fixture.emulator.url, E2E.contoso, E2E.approver) }).connection;
    store = await fixture.loadStore(requester);
  });

  const waiting = waitingForApproval;
  const ownerRequest = async (): Promise<{ name: string; status: string } | undefined> => {
    const state = (await (await fetch(`${fixture.emulator.url}/_emulator/state`)).json()) as { tenants: { requests: { name: string; role: string; status: string }[] }[] };
    return state.tenants[0]?.requests.find((request) => request.role === 'Owner');
  };
  const untilPending = async (): Promise<void> => {
    for (let i = 0; i < 200 && (await ownerRequest())?.status !== 'PendingApproval'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await ownerRequest())?.status, 'PendingApproval');
  };
  const pendingForApprover = async (): Promise<PendingDecision> => {
    const listed = await listPendingDecisions([approver]);
    assert.deepEqual(listed.problems, []);
    assert.equal(listed.requests.length, 1, JSON.stringify(listed.requests.map((entry) => entry.request.roleName)));
    const [first] = listed.requests;
    assert.ok(first);
    return first;
  };

  describe('the approver', () => {
    it('sees the request with requester, role, scope, duration, justification and age', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      const pending = await pendingForApprover();
      assert.equal(pending.requesterName, 'Dana Developer');
      assert.equal(pending.requesterId, E2E.user);
      assert.equal(pending.request.roleName, 'Owner');
      assert.equal(pending.request.scope.displayName, 'Contoso Prod');
      assert.equal(pending.request.justification, 'release 42');
      assert.equal(pending.request.duration, 'PT1H');
      assert.ok(pending.request.createdOn, 'its age comes from createdOn');
      assert.match(pending.approvalId, /^\/providers\/Microsoft\.Authorization\/roleAssignmentApprovals\//);
    });

    it('never sees their own request, even when the policy names them as an approver', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      const mine = await listPendingDecisions([requester]);
      assert.deepEqual(mine.requests, []);
      const asApprover = fixture.emulator.requests.filter((call) => call.path.includes('asApprover()') && call.callerOid === E2E.user);
      assert.equal(asApprover.length, 1, 'the list was read: filtered here, not missing');
    });

    it('a decision needs a justification; a second decision is explained as already decided', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      const pending = await pendingForApprover();
      assert.deepEqual(await decide(pending, 'Approve', '  '), { ok: false, message: 'A justification is needed to approve or deny a request.' });
      assert.equal((await ownerRequest())?.status, 'PendingApproval', 'nothing sent');
      assert.deepEqual(await decide(pending, 'Approve', 'ticket CHG-7 checked'), { ok: true, message: 'Approved: Owner on Contoso Prod for Dana Developer.' });
      const again = await decide(pending, 'Deny', 'changed my mind');
      assert.equal(again.ok, false);
      assert.equal(again.message, 'Owner on Contoso Prod for Dana Developer: already decided by another approver; the request is active.');
    });

    it('a request that expired is explained as expired', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      const pending = await pendingForApprover();
      fixture.emulator.clock.advance(DAY_MS);
      const late = await decide(pending, 'Approve', 'sorry, late');
      assert.equal(late.ok, false);
      assert.match(late.message, /expired before anyone decided/);
    });

    it('the requester cannot decide their own request: the service refuses and the reason is said', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      const theirs = await pendingForApprover();
      const result = await decide({ ...theirs, connection: requester }, 'Approve', 'self');
      assert.equal(result.ok, false);
      assert.equal(result.message, 'Owner on Contoso Prod for Dana Developer: you cannot approve or deny your own request.');
      assert.equal((await ownerRequest())?.status, 'PendingApproval');
    });
  });

  describe('the requester', () => {
    it('a waiting elevation goes on by itself once approved: active, ok, with its end time', async () => {
      const events: ElevationProgress[] = [];
      const running = ensureRoles(store, [{ role: 'Owner', scope: PROD }], waiting(events));
      await untilPending();
      assert.equal((await decide(await pendingForApprover(), 'Approve', 'go ahead')).ok, true);
      const result = await running;
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.roles[0]?.outcome, 'active');
      assert.ok(result.roles[0]?.endsAt, 'the activation is listed after the refresh');
      assert.deepEqual(
        events.map((event) => event.state),
        ['activating', 'waitingForApproval', 'approved', 'active'],
      );
      assert.match(events[1]?.message ?? '', /waiting for approval by Alice Admin or Dana Developer/);
    });

    it('a request already pending is not sent again: it is watched until approved', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      await store.refresh();
      const puts = fixture.emulator.requests.filter((call) => call.method === 'PUT').length;
      const running = ensureRoles(store, [{ role: 'Owner', scope: PROD }], waiting());
      await decide(await pendingForApprover(), 'Approve', 'go ahead');
      const result = await running;
      assert.equal(result.roles[0]?.outcome, 'active', JSON.stringify(result));
      assert.equal(fixture.emulator.requests.filter((call) => call.method === 'PUT').length, puts);
    });

    it('a denial stops it with the approver and their reason', async () => {
      const running = ensureRoles(store, [{ role: 'Owner', scope: PROD }], waiting());
      await untilPending();
      await decide(await pendingForApprover(), 'Deny', 'not during the release freeze');
      const result = await running;
      assert.equal(result.ok, false);
      assert.equal(result.roles[0]?.outcome, 'denied');
      assert.equal(result.roles[0]?.message, 'denied by Alice Admin: "not during the release freeze"');
      assert.equal(result.summary, '1 denied');
    });

    it('a request nobody decides within 24 hours stops it as expired', async () => {
      const running = ensureRoles(store, [{ role: 'Owner', scope: PROD }], waiting());
      await untilPending();
      fixture.emulator.clock.advance(DAY_MS);
      const result = await running;
      assert.equal(result.roles[0]?.outcome, 'approvalExpired');
      assert.equal(result.roles[0]?.message, 'the request expired: no approver decided within 24 hours.');
    });

    it('a request it can no longer read stops it with the reason, and the other roles still finish', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      await store.refresh();
      fixture.emulator.setFaults([{ match: { method: 'GET', pathIncludes: 'roleAssignmentScheduleRequests/' }, kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read', times: 0 }]);
      const result = await ensureRoles(store, [{ role: 'Owner', scope: PROD }, { role: 'Contributor', scope: E2E.subA }], waiting());
      assert.deepEqual(result.roles.map((role) => role.outcome), ['failed', 'active']);
      assert.match(result.roles[0]?.message ?? '', /^could not follow the request: /);
    });

    it('its own deadline ends the wait, and says the request stays open', async () => {
      const result = await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), approvalTimeoutMs: 300 });
      assert.equal(result.roles[0]?.outcome, 'pendingApproval');
      assert.match(result.roles[0]?.message ?? '', /still waiting for approval .* the request stays open/);
      assert.equal((await ownerRequest())?.status, 'PendingApproval');
    });

    it('the wait backs off: 5 s growing by half up to a minute between reads', async () => {
      await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...waiting(), waitForApproval: false });
      await store.refresh();
      const requestId = store.allRows().find((ref) => ref.row.roleName === 'Owner')?.row.pending?.id ?? '';
      const pauses: number[] = [];
      let clock = 0;
      const result = await waitForApproval(requester.arm.approvals, requestId, {
        timeoutMs: 5 * 60_000,
        now: () => clock,
        sleep: (ms) => {
          pauses.push(ms);
          clock += ms;
          return Promise.resolve();
        },
      });
      assert.equal(result.outcome, 'stillPending');
      assert.deepEqual(pauses.slice(0, 7), [5000, 7500, 11_250, 16_875, 25_312.5, 37_968.75, 56_953.125]);
      assert.ok(pauses.slice(7, -1).every((pause) => pause === 60_000), `capped at a minute: ${pauses.join(', ')}`);
    });
  });

  describe('how a request reads', () => {
    it('a request reads as role on scope, requester, justification, duration, ticket and age, one line each', () => {
      const lines = approvalLines(
        {
          request: {
            key: { kind: 'azure', tenantId: E2E.contoso, scope: PROD, roleDefinitionId: `${PROD}/providers/Microsoft.Authorization/roleDefinitions/${E2E.roles.owner}` },
            id: `${PROD}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/00000000-0000-4000-8000-000000000001`,
            name: '00000000-0000-4000-8000-000000000001',
            roleName: 'Owner',
            scope: { id: PROD, displayName: 'Prod\n[x](command:evil)', type: 'subscription' },
            requestType: 'SelfActivate',
            status: 'PendingApproval',
            createdOn: new Date('2026-01-01T10:00:00Z'),
            justification: 'line one\nline two',
            duration: 'PT1H30M',
          },
          approvalId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/00000000-0000-4000-8000-000000000002',
          requesterId: E2E.user,
          requesterName: 'Dana',
          requesterEmail: 'dana@contoso.com',
          ticketNumber: 'CHG-7',
          ticketSystem: 'ServiceNow',
        },
        new Date('2026-01-01T10:05:00Z'),
      );
      assert.deepEqual(lines, {
        title: 'Owner on Prod [x](command:evil)',
        requester: 'Dana (dana@contoso.com)',
        details: '“line one line two” · for 1h 30m · ticket CHG-7 (ServiceNow) · asked 5m ago',
      });
    });
  });
});
