// PIM for Groups approvals, Graph v1.0, as Learn documents them: the approver lists the requests waiting for them
// (assignmentScheduleRequests/filterByCurrentUser(on='approver')), reads the approval (same id as the request) and
// PATCHes its stage; 204. Only a listed approver decides; the requester never decides their own request; the first
// decision wins (409 after); 24 hours to decide.
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { approvalScenario, E2E, e2eScenario, EmulatorClient, valueOf } from '../../emulator/testing';

const GROUP = '/v1.0/identityGovernance/privilegedAccess/group';
const STRANGER = 'dddddddd-0000-4000-8000-00000000000d';
const DAY_MS = 24 * 60 * 60_000;

describe('PIM emulator: PIM for Groups approvals (Graph v1.0)', () => {
  let emulator: RunningEmulator | undefined;
  let client: EmulatorClient;
  let requester: string;
  let approver: string;

  beforeEach(async () => {
    // The group's policy asks for Alice's approval, and names the requester too: still never their own approver.
    emulator = await startEmulator({ scenario: approvalScenario({ groupNeedsApproval: true }) });
    client = new EmulatorClient(emulator);
    requester = await client.graphToken();
    approver = await client.graphToken({ userId: E2E.approver });
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const requestMembership = async (): Promise<{ id: string; approvalId: string }> => {
    const res = await client.call('POST', `${GROUP}/assignmentScheduleRequests`, {
      token: requester,
      body: {
        accessId: 'member',
        principalId: E2E.user,
        groupId: E2E.pimGroup,
        action: 'selfActivate',
        scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } },
        justification: 'deploy',
        ticketInfo: { ticketNumber: 'CHG-7', ticketSystem: 'ServiceNow' },
      },
    });
    assert.equal(res.status, 201, res.text);
    const body = res.body as { id: string; status: string; approvalId: string };
    assert.equal(body.status, 'PendingApproval');
    assert.equal(body.approvalId, body.id, "the approval has the request's id (Learn, approval resource)");
    return body;
  };
  const decide = (token: string, approvalId: string, reviewResult: string, justification = 'checked the change ticket') =>
    client.call('PATCH', `${GROUP}/assignmentApprovals/${approvalId}/stages/${approvalId}`, { token, body: { reviewResult, justification } });
  const statusOf = async (name: string): Promise<string | undefined> => (await client.requestStates()).find((r) => r.name === name)?.status;

  it("lists the request for its approver (filterByCurrentUser(on='approver')) with the principal and group expanded", async () => {
    const { id } = await requestMembership();
    const path = `${GROUP}/assignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=${encodeURIComponent("status eq 'PendingApproval'")}&$expand=principal,group`;
    const [item, ...rest] = valueOf(await client.call('GET', path, { token: approver }));
    assert.equal(rest.length, 0);
    assert.equal(item?.id, id);
    assert.equal(item?.accessId, 'member');
    assert.equal(item?.justification, 'deploy');
    assert.deepEqual(item?.ticketInfo, { ticketNumber: 'CHG-7', ticketSystem: 'ServiceNow' });
    assert.equal((item?.principal as { displayName?: string }).displayName, 'Dana Developer');
    assert.equal((item?.group as { displayName?: string }).displayName, 'pim-contoso-admins');
    assert.equal(valueOf(await client.call('GET', path, { token: await client.graphToken({ userId: STRANGER }) })).length, 0, 'a stranger approves nothing');
    const approvals = valueOf(await client.call('GET', `${GROUP}/assignmentApprovals/filterByCurrentUser(on='approver')`, { token: approver }));
    assert.deepEqual(
      approvals.map((approval) => approval.id),
      [id],
    );
  });

  it('the approval has one stage assigned to the approver, in the documented shape', async () => {
    const { approvalId } = await requestMembership();
    const res = await client.call('GET', `${GROUP}/assignmentApprovals/${approvalId}`, { token: approver });
    assert.equal(res.status, 200, res.text);
    const stages = (res.body as { stages: Record<string, unknown>[] }).stages;
    assert.deepEqual(stages, [
      { id: approvalId, displayName: null, reviewedDateTime: null, reviewResult: 'NotReviewed', status: 'InProgress', assignedToMe: true, justification: '', reviewedBy: null },
    ]);
    assert.equal((await client.call('GET', `${GROUP}/assignmentApprovals/${approvalId}`, { token: await client.graphToken({ userId: STRANGER }) })).status, 403);
  });

  it('the approver approves: 204, the membership is granted; a second decision is 409', async () => {
    const { id, approvalId } = await requestMembership();
    const res = await decide(approver, approvalId, 'Approve');
    assert.equal(res.status, 204, res.text);
    assert.match(String(await statusOf(id)), /^(Provisioned|Granted)$/);
    const again = await decide(approver, approvalId, 'Deny');
    assert.equal(again.status, 409, again.text);
    const stage = ((await client.call('GET', `${GROUP}/assignmentApprovals/${approvalId}`, { token: approver })).body as { stages: Record<string, unknown>[] }).stages[0];
    assert.equal(stage?.reviewResult, 'Approve');
    assert.equal(stage?.status, 'Completed');
    assert.equal((stage?.reviewedBy as { id?: string }).id, E2E.approver);
  });

  it('the approver denies: the request is Denied', async () => {
    const { id, approvalId } = await requestMembership();
    assert.equal((await decide(approver, approvalId, 'Deny', 'not during the freeze')).status, 204);
    assert.equal(await statusOf(id), 'Denied');
  });

  it('only a listed approver decides, and the requester never (403), even when the policy names them', async () => {
    const { id, approvalId } = await requestMembership();
    assert.equal((await decide(await client.graphToken({ userId: STRANGER }), approvalId, 'Approve')).status, 403);
    assert.equal((await decide(requester, approvalId, 'Approve')).status, 403);
    assert.equal(await statusOf(id), 'PendingApproval');
  });

  it('after 24 hours the request times out and a decision is refused', async () => {
    const { id, approvalId } = await requestMembership();
    emulator?.clock.advance(DAY_MS);
    assert.equal((await decide(await client.graphToken({ userId: E2E.approver }), approvalId, 'Approve')).status, 409);
    assert.equal(await statusOf(id), 'TimedOut');
  });

  it('a decision needs a reviewResult; an unknown approval is 404', async () => {
    const { approvalId } = await requestMembership();
    assert.equal((await decide(approver, approvalId, 'Maybe')).status, 400);
    assert.equal((await client.call('GET', `${GROUP}/assignmentApprovals/unknown-id`, { token: approver })).status, 404);
  });

  it('setGroupPolicy (test-only) gives a group another policy until reset', async () => {
    await emulator?.close();
    emulator = await startEmulator({ scenario: e2eScenario() });
    client = new EmulatorClient(emulator);
    const activate = async (): Promise<string> => {
      const res = await client.call('POST', `${GROUP}/assignmentScheduleRequests`, {
        token: await client.graphToken(),
        body: { accessId: 'member', principalId: E2E.user, groupId: E2E.pimGroup, action: 'selfActivate', scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } }, justification: 'x' },
      });
      return (res.body as { status: string }).status;
    };
    emulator.setGroupPolicy(E2E.pimGroup, 'approval');
    assert.equal(await activate(), 'PendingApproval');
    emulator.reset();
    assert.equal(await activate(), 'Provisioned');
    assert.throws(() => emulator?.setGroupPolicy(E2E.pimGroup, 'no-such-policy'), /no policy/);
  });
});
