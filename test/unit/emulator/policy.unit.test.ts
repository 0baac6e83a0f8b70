// Policy enforcement of the emulator: the rules and error codes PIM answers self-activation with.
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';
import { withEmulator } from '../../support/withEmulator';

const V = 'api-version=2020-10-01';
const MINUTE = 60_000;

describe('PIM emulator: policy enforcement', () => {
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  beforeEach(async () => {
    emulator = fixture.emulator;
    client = new EmulatorClient(emulator);
    arm = await client.armToken();
  });

  const activeAt = async (scope: string, token = arm): Promise<Record<string, string>[]> =>
    valueOf(await client.call('GET', `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${V}&$filter=asTarget()`, { token }))
      .map((v) => v.properties as Record<string, string>)
      .filter((p) => p.assignmentType === 'Activated');

  it('rejects a duration above the maximum with ExpirationRule', async () => {
    const res = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, duration: 'PT9H' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorOf(res), { code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: ["ExpirationRule"]' });
  });

  it('lists every failed rule together (JustificationRule, TicketingRule)', async () => {
    const res = await client.activate(arm, { scope: E2E.rgApp, role: E2E.roles.reader, justification: null, duration: 'PT10H' });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).message, 'The following policy rules failed: ["ExpirationRule","JustificationRule","TicketingRule"]');
    const ok = await client.activate(arm, { scope: E2E.rgApp, role: E2E.roles.reader, ticket: { ticketNumber: 'INC-1', ticketSystem: 'ServiceNow' } });
    assert.equal(ok.status, 201, ok.text);
  });

  it('requires MFA in the token when the policy says so (MfaRule)', async () => {
    const scenario = e2eScenario();
    scenario.tenants[0].policies = { ...scenario.tenants[0].policies, standard: { maximumDuration: 'PT8H', requireMfa: true } };
    const mfaEmulator = await startEmulator({ scenario });
    try {
      const mfaClient = new EmulatorClient(mfaEmulator);
      const res = await mfaClient.activate(await mfaClient.armToken(), { scope: E2E.subA, role: E2E.roles.contributor });
      assert.equal(errorOf(res).message, 'The following policy rules failed: ["MfaRule"]');
      const withMfa = await mfaClient.armToken({ claims: JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } }) });
      assert.equal((await mfaClient.activate(withMfa, { scope: E2E.subA, role: E2E.roles.contributor })).status, 201);
    } finally {
      await mfaEmulator.close();
    }
  });

  it('refuses activation without an eligibility, and for another principal', async () => {
    const none = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.contributor });
    assert.equal(errorOf(none).code, 'RoleAssignmentRequestPolicyValidationFailed');
    assert.match(errorOf(none).message, /EligibilityRule/);
    const other = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, principalId: E2E.approver });
    assert.equal(other.status, 403);
    assert.equal(errorOf(other).code, 'AuthorizationFailed');
    const admin = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'AdminAssign' });
    assert.equal(admin.status, 403);
    const badName = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name: 'not-a-guid' });
    assert.equal(badName.status, 400);
  });

  it('goes PendingApproval when approval is required, then active once approved', async () => {
    const res = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner, duration: 'PT2H' });
    assert.equal(res.status, 201, res.text);
    const { name, properties } = res.body as { name: string; properties: { status: string; approvalId: string | null } };
    assert.equal(properties.status, 'PendingApproval');
    assert.match(properties.approvalId ?? '', /roleAssignmentApprovals\/[0-9a-f-]{36}$/);
    assert.equal((await activeAt(E2E.subB)).length, 0);
    const again = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner, duration: 'PT2H' });
    assert.equal(errorOf(again).code, 'PendingRoleAssignmentRequest');

    const approverToken = await client.armToken({ userId: E2E.approver });
    const toApprove = valueOf(await client.call('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?${V}&$filter=asApprover()`, { token: approverToken }));
    assert.deepEqual(toApprove.map((r) => r.name), [name]);

    emulator.clock.advance(10 * MINUTE);
    emulator.approve(name);
    const active = await activeAt(E2E.subB);
    assert.equal(active.length, 1);
    assert.equal(Date.parse(active[0].endDateTime) - Date.parse(active[0].startDateTime), 2 * 3600_000, 'starts at approval time');
    const request = await client.call('GET', `${E2E.subB}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?${V}`, { token: arm });
    assert.equal((request.body as { properties: { status: string } }).properties.status, 'Provisioned');
  });

  it('denies and cancels pending requests (also over the control API)', async () => {
    const first = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner });
    const name = (first.body as { name: string }).name;
    const deny = await client.call('POST', '/_emulator/deny', { body: { requestName: name } });
    assert.equal(deny.status, 200);
    assert.equal((await activeAt(E2E.subB)).length, 0);
    const second = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner });
    const secondName = (second.body as { name: string }).name;
    const cancel = await client.call('POST', `${E2E.subB}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${secondName}/cancel?${V}`, { token: arm });
    assert.equal(cancel.status, 200, cancel.text);
    const again = await client.call('POST', `${E2E.subB}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${secondName}/cancel?${V}`, { token: arm });
    assert.equal(again.status, 400);
    const state = (await client.call('GET', '/_emulator/state')).body as { tenants: { requests: { name: string; status: string }[] }[] };
    assert.deepEqual(state.tenants[0].requests.map((r) => r.status), ['Denied', 'Canceled']);
  });

  it('asks for the authentication context with the claims challenge, and accepts a token that has it', async () => {
    const res = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.keyVaultAdministrator });
    assert.equal(res.status, 400);
    const error = errorOf(res);
    assert.equal(error.code, 'RoleAssignmentRequestAcrsValidationFailed');
    const encoded = /&claims=([^&\s"]+)/.exec(error.message)?.[1];
    assert.ok(encoded, error.message);
    const claims = decodeURIComponent(encoded);
    assert.deepEqual(JSON.parse(claims), { access_token: { acrs: { essential: true, value: 'c1' } } });
    const stepped = await client.armToken({ claims });
    const retry = await client.activate(stepped, { scope: E2E.subA, role: E2E.roles.keyVaultAdministrator });
    assert.equal(retry.status, 201, retry.text);
  });

  it('refuses a second activation with RoleAssignmentExists', async () => {
    assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor })).status, 201);
    const again = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
    assert.deepEqual(errorOf(again), { code: 'RoleAssignmentExists', message: 'The Role assignment already exists.' });
  });

  it('refuses a repeated PUT with the same name, even with the same body: the name must be unique', async () => {
    const name = crypto.randomUUID();
    const first = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, duration: 'PT1H' });
    const second = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, duration: 'PT1H' });
    assert.equal(first.status, 201);
    assert.deepEqual(errorOf(second), { code: 'RoleAssignmentRequestExists', message: `A role assignment request with Id: ${name} already exists.` });
    assert.equal((await activeAt(E2E.subA)).length, 1, 'never a second activation');
  });

  it('refuses deactivation within 5 minutes (ActiveDurationTooShort), then revokes', async () => {
    const none = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
    assert.equal(errorOf(none).code, 'RoleAssignmentDoesNotExist');
    await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
    const early = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
    assert.equal(early.status, 400);
    assert.equal(errorOf(early).code, 'ActiveDurationTooShort');
    emulator.clock.advance(5 * MINUTE);
    const later = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
    assert.equal(later.status, 201, later.text);
    assert.equal((later.body as { properties: { status: string } }).properties.status, 'Revoked');
    assert.equal((await activeAt(E2E.subA)).length, 0);
  });

  it('ends activations on time by the emulator clock', async () => {
    await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, duration: 'PT30M' });
    assert.equal((await activeAt(E2E.subA)).length, 1);
    const advance = await client.call('POST', '/_emulator/clock/advance', { body: { seconds: 31 * 60 } });
    assert.equal(advance.status, 200);
    arm = await client.armToken();
    assert.equal((await activeAt(E2E.subA)).length, 0);
  });

  it('shows a future start only when the clock reaches it (Granted)', async () => {
    const start = new Date(emulator.clock.now().getTime() + 60 * MINUTE).toISOString();
    const res = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, startDateTime: start });
    assert.equal((res.body as { properties: { status: string } }).properties.status, 'Granted');
    assert.equal((await activeAt(E2E.subA)).length, 0);
    emulator.clock.advance(61 * MINUTE);
    assert.equal((await activeAt(E2E.subA, await client.armToken())).length, 1);
  });

  it('delays the new instance by provisioningDelaySeconds', async () => {
    const delayed = await startEmulator({ scenario: e2eScenario({ provisioningDelaySeconds: 20 }) });
    try {
      const c = new EmulatorClient(delayed);
      const token = await c.armToken();
      assert.equal((await c.activate(token, { scope: E2E.subA, role: E2E.roles.contributor })).status, 201);
      const list = async (): Promise<number> =>
        valueOf(await c.call('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${V}&$filter=asTarget()`, { token })).length;
      assert.equal(await list(), 1, 'only the permanent Reader so far');
      delayed.clock.advance(21_000);
      assert.equal(await list(), 2);
    } finally {
      await delayed.close();
    }
  });

  it('makes group-derived eligibility follow PIM for Groups membership', async () => {
    const scenario = e2eScenario();
    scenario.tenants[0].eligibilities = [
      ...(scenario.tenants[0].eligibilities ?? []),
      { role: 'Reader', scope: E2E.subA, principal: E2E.pimGroup, policy: 'standard' },
    ];
    const groupEmulator = await startEmulator({ scenario });
    try {
      const c = new EmulatorClient(groupEmulator);
      let token = await c.armToken();
      const eligible = async (): Promise<Record<string, unknown>[]> =>
        valueOf(await c.call('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${V}&$filter=asTarget()`, { token })).map(
          (v) => v.properties as Record<string, unknown>,
        );
      assert.equal((await eligible()).length, 4, 'not a member yet');
      const graph = await c.graphToken();
      const join = await c.call('POST', '/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests', {
        token: graph,
        body: { accessId: 'member', principalId: E2E.user, groupId: E2E.pimGroup, action: 'selfActivate', justification: 'Deploy', scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } } },
      });
      assert.equal(join.status, 201, join.text);
      const viaGroup = (await eligible()).find((e) => e.memberType === 'Group');
      assert.ok(viaGroup, 'group-derived eligibility appears');
      assert.equal(viaGroup.principalId, E2E.pimGroup);
      assert.equal(viaGroup.principalType, 'Group');
      const activate = await c.activate(token, { scope: E2E.subA, role: E2E.roles.reader });
      assert.equal(activate.status, 201, 'activated with the caller id, not the group id');
      groupEmulator.clock.advance(61 * MINUTE);
      token = await c.armToken();
      const after = await eligible();
      assert.equal(after.some((e) => e.memberType === 'Group'), false, 'membership ended with the group activation');
    } finally {
      await groupEmulator.close();
    }
  });

  it('refuses to read a forbidden policy, and listings at a forbidden subscription', async () => {
    const scenario = e2eScenario();
    scenario.tenants[0].policies = { ...scenario.tenants[0].policies, standard: { maximumDuration: 'PT8H', requireJustification: true, readForbidden: true } };
    scenario.tenants[0].subscriptions[1].forbidden = true;
    const locked = await startEmulator({ scenario });
    try {
      const c = new EmulatorClient(locked);
      const token = await c.armToken();
      const filter = encodeURIComponent(`roleDefinitionId eq '${E2E.subA}/providers/Microsoft.Authorization/roleDefinitions/${E2E.roles.contributor}'`);
      const policy = await c.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?${V}&$filter=${filter}`, { token });
      assert.equal(policy.status, 403);
      assert.equal(errorOf(policy).code, 'AuthorizationFailed');
      const listing = await c.call('GET', `${E2E.subB}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${V}&$filter=asTarget()`, { token });
      assert.equal(listing.status, 403);
    } finally {
      await locked.close();
    }
  });

  describe('Graph', () => {
    it('enforces the same rules and codes for Entra roles, and deactivates after 5 minutes', async () => {
      const graph = await client.graphToken();
      const post = (body: Record<string, unknown>): ReturnType<EmulatorClient['call']> =>
        client.call('POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', {
          token: graph,
          body: { principalId: E2E.user, roleDefinitionId: E2E.globalReader, directoryScopeId: '/', ...body },
        });
      const tooLong = await post({ action: 'selfActivate', justification: 'x', scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT12H' } } });
      assert.equal(tooLong.status, 400);
      assert.equal(errorOf(tooLong).code, 'RoleAssignmentRequestPolicyValidationFailed');
      assert.ok((tooLong.body as { error: { innerError?: unknown } }).error.innerError);
      const ok = await post({ action: 'selfActivate', justification: 'x', scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } } });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(errorOf(await post({ action: 'selfActivate', justification: 'x', scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } } })).code, 'RoleAssignmentExists');
      assert.equal(errorOf(await post({ action: 'selfDeactivate' })).code, 'ActiveDurationTooShort');
      emulator.clock.advance(5 * MINUTE);
      const off = await post({ action: 'selfDeactivate' });
      assert.equal(off.status, 201, off.text);
      assert.equal((off.body as { status: string }).status, 'Revoked');
    });

    it('answers PermissionScopeNotGranted when the token lacks the Graph scope', async () => {
      const vscodeOnly = await client.token({ scopes: ['https://graph.microsoft.com/.default'] });
      const res = await client.call('GET', `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')`, { token: vscodeOnly });
      assert.equal(res.status, 403);
      // As Graph sends it (graphErrors "recorded"): PIM's own error as JSON text in the message of an UnknownError.
      const outer = errorOf(res);
      assert.equal(outer.code, 'UnknownError');
      const error = JSON.parse(outer.message) as { errorCode: string; message: string };
      assert.equal(error.errorCode, 'PermissionScopeNotGranted');
      assert.match(error.message, /^Authorization failed due to missing permission scope .*RoleEligibilitySchedule\.Read\.Directory/);
      const named = await client.token({ scopes: ['https://graph.microsoft.com/RoleEligibilitySchedule.Read.Directory'] });
      const ok = await client.call('GET', `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')`, { token: named });
      assert.equal(ok.status, 200);
      const readOnly = await client.call('POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', { token: named, body: {} });
      assert.match(errorOf(readOnly).message, /"errorCode":"PermissionScopeNotGranted"/);
    });
  });
});
