// ARM role assignment approvals (2021-01-01-preview) as Learn's "Use Role Assignment Approvals to approve PIM role
// activation requests with REST API" describes them: list with asApprover(), read the stages, PATCH a decision.
// Only the designated approver decides; the requester never decides their own request; the first decision wins.
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { approvalScenario, E2E, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';

const V = 'api-version=2021-01-01-preview';
const APPROVALS = '/providers/Microsoft.Authorization/roleAssignmentApprovals';
const STRANGER = 'dddddddd-0000-4000-8000-00000000000d';

describe('PIM emulator: role assignment approvals', () => {
  let emulator: RunningEmulator | undefined;
  let client: EmulatorClient;
  let requester: string;
  let approver: string;

  beforeEach(async () => {
    // The requester is also named an approver of the Owner policy: still never their own approver.
    emulator = await startEmulator({ scenario: approvalScenario() });
    client = new EmulatorClient(emulator);
    requester = await client.armToken();
    approver = await client.armToken({ userId: E2E.approver });
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const requestOwner = async (): Promise<{ name: string; approvalId: string }> => {
    const res = await client.activate(requester, { scope: E2E.subB, role: E2E.roles.owner, justification: 'deploy' });
    assert.equal(res.status, 201, res.text);
    const properties = (res.body as { name: string; properties: { status: string; approvalId: string } }).properties;
    assert.equal(properties.status, 'PendingApproval');
    assert.match(properties.approvalId, /^\/providers\/Microsoft\.Authorization\/roleAssignmentApprovals\/[0-9a-f-]{36}$/);
    return { name: (res.body as { name: string }).name, approvalId: properties.approvalId };
  };
  const stagePath = (approvalId: string): string => `${approvalId}/stages/${approvalId.split('/').pop() ?? ''}?${V}`;
  const decide = (token: string, approvalId: string, reviewResult: string, justification = 'checked the change ticket') =>
    client.call('PATCH', stagePath(approvalId), { token, body: { properties: { reviewResult, justification } } });
  const statusOf = async (name: string): Promise<string | undefined> => (await client.requestStates()).find((r) => r.name === name)?.status;

  it('lists the approval for its approver (asApprover) with one stage assigned to them, in the documented shape', async () => {
    const { approvalId } = await requestOwner();
    const [item, ...rest] = valueOf(await client.call('GET', `${APPROVALS}?${V}&$filter=asApprover()`, { token: approver }));
    assert.equal(rest.length, 0);
    assert.equal(item?.id, approvalId);
    const stages = (item?.properties as { stages: { id: string; name: string; type: string; properties: Record<string, unknown> }[] }).stages;
    assert.equal(stages.length, 1);
    assert.equal(stages[0]?.id, `${approvalId}/stages/${approvalId.split('/').pop() ?? ''}`);
    assert.equal(stages[0]?.type, 'Microsoft.Authorization/roleAssignmentApprovals/stages');
    assert.deepEqual(stages[0]?.properties, {
      displayName: null,
      status: 'InProgress',
      assignedToMe: true,
      reviewedBy: null,
      reviewedDateTime: null,
      reviewResult: 'NotReviewed',
      justification: '',
    });
    const listed = valueOf(await client.call('GET', `${approvalId}/stages?${V}`, { token: approver }));
    assert.equal(listed.length, 1, 'GET .../stages lists the same stage');
    assert.equal((await client.call('GET', `${approvalId}/steps?${V}`, { token: approver })).status, 200, "the spec's name for them, steps, works too");
    assert.equal(valueOf(await client.call('GET', `${APPROVALS}?${V}&$filter=asApprover()`, { token: await client.armToken({ userId: STRANGER }) })).length, 0);
  });

  it('only the 2021-01-01-preview api-version is served, as published', async () => {
    const res = await client.call('GET', `${APPROVALS}?api-version=2020-10-01&$filter=asApprover()`, { token: approver });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).code, 'InvalidApiVersionParameter');
  });

  it('the approver approves with a justification: 200 with the completed stage, and the activation is granted', async () => {
    const { name, approvalId } = await requestOwner();
    const res = await decide(approver, approvalId, 'Approve');
    assert.equal(res.status, 200, res.text);
    const properties = (res.body as { properties: Record<string, unknown> }).properties;
    assert.equal(properties.status, 'Completed');
    assert.equal(properties.reviewResult, 'Approve');
    assert.equal(properties.justification, 'checked the change ticket');
    assert.deepEqual(properties.reviewedBy, { principalType: 'user', principalId: E2E.approver, principalName: 'Alice Admin', userPrincipalName: 'alice.admin@contoso.onmicrosoft.com' });
    assert.equal(await statusOf(name), 'Provisioned');
    const patch = emulator?.requests.find((r) => r.method === 'PATCH');
    assert.equal(patch?.callerOid, E2E.approver, 'the call log says who decided');
  });

  it('a denial is recorded with its reason, which the requester reads back through asCreatedBy()', async () => {
    const { name, approvalId } = await requestOwner();
    assert.equal((await decide(approver, approvalId, 'Deny', 'not during the freeze')).status, 200);
    assert.equal(await statusOf(name), 'Denied');
    const [mine] = valueOf(await client.call('GET', `${APPROVALS}?${V}&$filter=asCreatedBy()`, { token: requester }));
    const stage = (mine?.properties as { stages: { properties: { reviewResult: string; justification: string; assignedToMe: boolean } }[] }).stages[0];
    assert.deepEqual(stage?.properties.reviewResult, 'Deny');
    assert.equal(stage?.properties.justification, 'not during the freeze');
    assert.equal(stage?.properties.assignedToMe, false);
  });

  it('the requester cannot approve (or read the stages of) their own request, even when the policy names them', async () => {
    const { name, approvalId } = await requestOwner();
    const listed = valueOf(await client.call('GET', `${APPROVALS}?${V}&$filter=asApprover()`, { token: requester }));
    assert.equal(listed.length, 1, 'the policy names the requester as an approver');
    const own = await decide(requester, approvalId, 'Approve');
    assert.equal(own.status, 400);
    assert.deepEqual(errorOf(own), { code: 'SelfApprovalNotAllowed', message: "Request doesn't allow Self-Approval" });
    assert.equal((await client.call('GET', `${approvalId}?${V}`, { token: requester })).status, 400);
    assert.equal(await statusOf(name), 'PendingApproval');
  });

  it('someone who is not an approver is refused with 403 AuthorizationFailed', async () => {
    const { name, approvalId } = await requestOwner();
    const stranger = await client.armToken({ userId: STRANGER });
    const res = await decide(stranger, approvalId, 'Approve');
    assert.equal(res.status, 403);
    assert.equal(errorOf(res).code, 'AuthorizationFailed');
    assert.equal((await client.call('GET', `${approvalId}/stages?${V}`, { token: stranger })).status, 403);
    assert.equal(await statusOf(name), 'PendingApproval');
  });

  it('the first decision wins: a second one is 409; a decision needs Approve or Deny and a justification', async () => {
    const { approvalId } = await requestOwner();
    assert.equal(errorOf(await decide(approver, approvalId, 'Maybe')).code, 'InvalidRequestContent');
    assert.equal((await decide(approver, approvalId, 'Approve', '  ')).status, 400);
    assert.equal((await decide(approver, approvalId, 'Approve')).status, 200);
    const again = await decide(approver, approvalId, 'Deny');
    assert.equal(again.status, 409);
    assert.equal(errorOf(again).code, 'RoleAssignmentApprovalAlreadyCompleted');
  });

  it('after 24 hours undecided the request is TimedOut and its stage Expired; a late decision is 409', async () => {
    const { name, approvalId } = await requestOwner();
    emulator?.clock.advance(24 * 60 * 60_000);
    approver = await client.armToken({ userId: E2E.approver }); // tokens last an hour
    assert.equal(await statusOf(name), 'TimedOut');
    const stage = (await client.call('GET', stagePath(approvalId), { token: approver })).body as { properties: { status: string } };
    assert.equal(stage.properties.status, 'Expired');
    const late = await decide(approver, approvalId, 'Approve');
    assert.equal(late.status, 409);
    assert.equal(errorOf(late).code, 'RoleAssignmentApprovalExpired');
  });

  it('an unknown approval or stage is 404', async () => {
    const { approvalId } = await requestOwner();
    assert.equal((await client.call('GET', `${APPROVALS}/${crypto.randomUUID()}?${V}`, { token: approver })).status, 404);
    assert.equal((await client.call('GET', `${approvalId}/stages/${crypto.randomUUID()}?${V}`, { token: approver })).status, 404);
  });
});
