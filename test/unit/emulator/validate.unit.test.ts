// POST {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}/validate (2020-10-01,
// ValidateRoleAssignmentScheduleRequestByName.json): the PUT's checks, 200 with the request it would be, no effect.
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import * as fx from '../../emulator/fixtures';
import { assertShape, E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';

const V = 'api-version=2020-10-01';
const MINUTE = 60_000;

describe('PIM emulator: validate a role assignment schedule request', () => {
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  before(async () => {
    emulator = await startEmulator({ scenario: e2eScenario() });
    client = new EmulatorClient(emulator);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    arm = await client.armToken();
  });

  const activeCount = async (): Promise<number> =>
    valueOf(await client.call('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${V}&$filter=asTarget()`, { token: arm })).length;

  it('answers 200 with the full request it would create, and stores nothing', async () => {
    const name = crypto.randomUUID();
    const res = await client.validate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, duration: 'PT2H' });
    assert.equal(res.status, 200, res.text);
    assertShape(res.body, fx.ARM_VALIDATED_REQUEST, '$', ['linkedRoleEligibilityScheduleId']);
    const body = res.body as { name: string; id: string; properties: { status: string; requestType: string; scope: string } };
    assert.equal(body.name, name);
    assert.equal(body.properties.status, 'Provisioned');
    assert.equal(body.properties.requestType, 'SelfActivate');
    assert.equal(body.properties.scope, E2E.subA);

    assert.deepEqual(await client.requestStates(), [], 'no request stored');
    assert.equal(await activeCount(), 1, 'only the permanent Reader: nothing activated');
    assert.deepEqual(
      emulator.requests.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`),
      [`POST ${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}/validate`, 'GET /providers/Microsoft.Authorization/roleAssignmentScheduleInstances'],
      'the log shows the validate call and no PUT',
    );
    const readBack = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?${V}`, { token: arm });
    assert.equal(readBack.status, 404, 'a validated name is not a request');

    const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, duration: 'PT2H' });
    assert.equal(put.status, 201, 'the name is still free for the real PUT');
  });

  it('leaves the ids of later requests as they would have been', async () => {
    // Runtime ids come from a counter; with realisticIds a target schedule takes the request's (random) name instead.
    await emulator.close();
    emulator = await startEmulator({ scenario: e2eScenario({ realisticIds: false }) });
    client = new EmulatorClient(emulator);
    arm = await client.armToken();
    const target = async (): Promise<string> => {
      const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
      return (put.body as { properties: { targetRoleAssignmentScheduleId: string } }).properties.targetRoleAssignmentScheduleId;
    };
    const withoutValidation = await target();
    emulator.reset();
    await client.validate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
    await client.validate(arm, { scope: E2E.subB, role: E2E.roles.owner });
    assert.equal(await target(), withoutValidation);
  });

  it('makes the same policy checks as the PUT, with the same codes', async () => {
    const same = async (options: Parameters<EmulatorClient['activate']>[1]): Promise<{ code: string; message: string }> => {
      const validated = errorOf(await client.validate(arm, options));
      const put = errorOf(await client.activate(arm, options));
      assert.deepEqual(validated, put, JSON.stringify(options));
      return validated;
    };
    assert.match((await same({ scope: E2E.subA, role: E2E.roles.owner })).message, /\["EligibilityRule"\]/);
    assert.match((await same({ scope: E2E.subA, role: E2E.roles.contributor, duration: 'PT9H', justification: null })).message, /\["ExpirationRule","JustificationRule"\]/);
    assert.match((await same({ scope: E2E.rgApp, role: E2E.roles.reader })).message, /\["TicketingRule"\]/);
    assert.equal((await same({ scope: E2E.subA, role: E2E.roles.keyVaultAdministrator })).code, 'RoleAssignmentRequestAcrsValidationFailed');
    assert.equal((await same({ scope: E2E.subA, role: E2E.roles.contributor, principalId: E2E.approver })).code, 'AuthorizationFailed');
    assert.equal((await same({ scope: E2E.subA, role: E2E.roles.contributor, name: 'not-a-guid' })).code, 'InvalidRoleAssignmentScheduleRequestName');
    assert.equal((await same({ scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' })).code, 'RoleAssignmentDoesNotExist');

    assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor })).status, 201);
    assert.equal((await same({ scope: E2E.subA, role: E2E.roles.contributor })).code, 'RoleAssignmentExists');
    assert.equal((await same({ scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' })).code, 'ActiveDurationTooShort');
    assert.equal((await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner })).status, 201);
    assert.equal((await same({ scope: E2E.subB, role: E2E.roles.owner })).code, 'PendingRoleAssignmentRequest');
  });

  it('tells a deactivation apart and changes nothing when it would succeed', async () => {
    await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
    emulator.clock.advance(6 * MINUTE);
    arm = await client.armToken();
    const res = await client.validate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.body as { properties: { status: string } }).properties.status, 'Revoked');
    assert.equal(await activeCount(), 2, 'still active');
  });

  it('answers what an approval-required request would become, without asking anyone', async () => {
    const res = await client.validate(arm, { scope: E2E.subB, role: E2E.roles.owner });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.body as { properties: { status: string } }).properties.status, 'PendingApproval');
    const asApprover = await client.call('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?${V}&$filter=asApprover()`, {
      token: await client.armToken({ userId: E2E.approver }),
    });
    assert.deepEqual(valueOf(asApprover), []);
  });

  it('is refused with another method, and the GET of a validate path is not a request', async () => {
    const name = crypto.randomUUID();
    const get = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}/validate?${V}`, { token: arm });
    assert.equal(get.status, 405);
  });
});
