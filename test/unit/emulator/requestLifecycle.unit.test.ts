// Request lifecycle as documented and recorded (pim-facts §2–§4): a reused request name, what can be cancelled,
// deactivation taking a while (PendingRevocation), activation taking a while (provisioning delay).
import * as assert from 'node:assert/strict';
import { startEmulator, validateScenario, type RunningEmulator, type Scenario } from '../../emulator';
import { E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';

const V = 'api-version=2020-10-01';
const MINUTE = 60_000;
const ACTIVE = `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${V}&$filter=asTarget()`;

describe('PIM emulator: request lifecycle', () => {
  let emulator: RunningEmulator | undefined;
  let client: EmulatorClient;
  let arm: string;

  const start = async (overrides: Partial<Scenario> = {}): Promise<void> => {
    emulator = await startEmulator({ scenario: e2eScenario(overrides) });
    client = new EmulatorClient(emulator);
    arm = await client.armToken();
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const activeRoles = async (): Promise<string[]> =>
    valueOf(await client.call('GET', ACTIVE, { token: arm })).map((i) => String((i.properties as { roleDefinitionId: string }).roleDefinitionId.split('/').pop()));
  const statusOf = (res: { body: unknown }): string => (res.body as { properties: { status: string } }).properties.status;

  describe('a PUT with a request name that was already used', () => {
    it('duplicateRequestName "error" (the default: the spec wants unique names): 400 RoleAssignmentRequestExists, whatever the body, and nothing changes', async () => {
      await start({ duplicateRequestName: undefined });
      const name = crypto.randomUUID();
      assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name })).status, 201);
      const again = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name });
      assert.equal(again.status, 400);
      assert.deepEqual(errorOf(again), { code: 'RoleAssignmentRequestExists', message: `A role assignment request with Id: ${name} already exists.` });
      const other = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner, name });
      assert.equal(errorOf(other).code, 'RoleAssignmentRequestExists', 'another role under the same name too');
      assert.equal((await client.validate(arm, { scope: E2E.subB, role: E2E.roles.owner, name })).status, 400, 'validate knows the name is taken');
      assert.deepEqual((await client.requestStates()).map((r) => r.status), ['Provisioned']);
    });

    it('duplicateRequestName "idempotent" (undocumented): the same body is the same request, answered 200', async () => {
      await start({ duplicateRequestName: 'idempotent' });
      const name = crypto.randomUUID();
      assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name })).status, 201);
      assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name })).status, 200);
      const changed = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, duration: 'PT2H' });
      assert.deepEqual(errorOf(changed), { code: 'RoleAssignmentRequestExists', message: `A role assignment request with Id: ${name} already exists.` });
    });

    it('refuses an unknown mode in the scenario', () => {
      const scenario = JSON.parse(JSON.stringify(e2eScenario({ duplicateRequestName: 'maybe' as 'error' }))) as unknown;
      assert.throws(() => validateScenario(scenario), /\$\.duplicateRequestName must be one of "error", "idempotent"/);
    });
  });

  describe('start', () => {
    it('moves a start in the past to its own time (recorded, R1): a client clock behind the service gets the whole duration', async () => {
      await start();
      const hourAgo = new Date(emulator!.clock.now().getTime() - 60 * MINUTE).toISOString();
      const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, startDateTime: hourAgo, duration: 'PT1H' });
      assert.equal(statusOf(put), 'Provisioned');
      const startedAt = (put.body as { properties: { scheduleInfo: { startDateTime: string } } }).properties.scheduleInfo.startDateTime;
      assert.ok(Math.abs(Date.parse(startedAt) - emulator!.clock.now().getTime()) < 5000, `started at ${startedAt}`);
      assert.deepEqual((await activeRoles()).sort(), [E2E.roles.contributor, E2E.roles.reader].sort(), 'active now, for an hour');
    });
  });

  describe('cancel', () => {
    it('cancels a scheduled (Granted) activation with 200 and no body; it never starts', async () => {
      await start();
      const startAt = new Date(emulator!.clock.now().getTime() + 60 * MINUTE).toISOString();
      const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, startDateTime: startAt });
      assert.equal(statusOf(put), 'Granted');
      const name = (put.body as { name: string }).name;
      const cancel = await client.cancel(arm, E2E.subA, name);
      assert.equal(cancel.status, 200);
      assert.equal(cancel.text, '');
      const read = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?${V}`, { token: arm });
      assert.equal(statusOf(read), 'Canceled');
      emulator!.clock.advance(61 * MINUTE);
      arm = await client.armToken();
      assert.deepEqual(await activeRoles(), [E2E.roles.reader], 'the cancelled schedule never became active');
      assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor })).status, 201, 'and the role can be activated again');
    });

    it('answers RequestCannotBeCancelled for what is not cancellable: provisioned, revoked, started, already cancelled', async () => {
      await start();
      const notCancellable = { code: 'RequestCannotBeCancelled', message: 'Request is not in cancellable state.' };
      const provisioned = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
      const cancelProvisioned = await client.cancel(arm, E2E.subA, (provisioned.body as { name: string }).name);
      assert.equal(cancelProvisioned.status, 400);
      assert.deepEqual(errorOf(cancelProvisioned), notCancellable);

      emulator!.clock.advance(6 * MINUTE);
      arm = await client.armToken();
      const revoked = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
      assert.deepEqual(errorOf(await client.cancel(arm, E2E.subA, (revoked.body as { name: string }).name)), notCancellable);

      const soon = new Date(emulator!.clock.now().getTime() + 2 * MINUTE).toISOString();
      const scheduled = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, startDateTime: soon });
      assert.equal(statusOf(scheduled), 'Granted');
      emulator!.clock.advance(3 * MINUTE);
      arm = await client.armToken();
      const started = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${(scheduled.body as { name: string }).name}?${V}`, { token: arm });
      assert.equal(statusOf(started), 'Provisioned', 'a scheduled activation is Provisioned once it starts');
      assert.deepEqual(errorOf(await client.cancel(arm, E2E.subA, (scheduled.body as { name: string }).name)), notCancellable);

      const pending = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner });
      const pendingName = (pending.body as { name: string }).name;
      assert.equal((await client.cancel(arm, E2E.subB, pendingName)).status, 200, 'PendingApproval is cancellable');
      assert.deepEqual(errorOf(await client.cancel(arm, E2E.subB, pendingName)), notCancellable);
    });

    it('Graph: cancels a scheduled (Granted) Entra activation with 204, and refuses a provisioned one', async () => {
      await start();
      const graph = await client.graphToken();
      const post = (startDateTime?: string): ReturnType<EmulatorClient['call']> =>
        client.call('POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', {
          token: graph,
          body: { action: 'selfActivate', principalId: E2E.user, roleDefinitionId: E2E.globalReader, directoryScopeId: '/', justification: 'x', scheduleInfo: { ...(startDateTime ? { startDateTime } : {}), expiration: { type: 'afterDuration', duration: 'PT1H' } } },
        });
      const later = await post(new Date(emulator!.clock.now().getTime() + 60 * MINUTE).toISOString());
      assert.equal((later.body as { status: string }).status, 'Granted');
      const id = (later.body as { id: string }).id;
      const cancel = await client.call('POST', `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/${id}/cancel`, { token: graph });
      assert.equal(cancel.status, 204);
      const now = await post();
      assert.equal(now.status, 201, 'the cancelled schedule does not block a new activation');
      const refused = await client.call('POST', `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/${(now.body as { id: string }).id}/cancel`, { token: graph });
      assert.equal(refused.status, 400);
      assert.equal(errorOf(refused).code, 'RequestCannotBeCancelled');
    });
  });

  describe('deactivation takes revocationDelaySeconds', () => {
    it('answers PendingRevocation, keeps the instance listed, then Revoked and gone', async () => {
      await start({ revocationDelaySeconds: 30 });
      await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
      emulator!.clock.advance(6 * MINUTE);
      arm = await client.armToken();
      const off = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
      assert.equal(off.status, 201, off.text);
      assert.equal(statusOf(off), 'PendingRevocation');
      assert.deepEqual((await activeRoles()).sort(), [E2E.roles.contributor, E2E.roles.reader].sort(), 'still listed while revoking');
      const twice = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' });
      assert.equal(errorOf(twice).code, 'PendingRoleAssignmentRequest');
      assert.equal(errorOf(await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor })).code, 'RoleAssignmentExists');

      emulator!.clock.advance(31_000);
      const name = (off.body as { name: string }).name;
      const read = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?${V}`, { token: arm });
      assert.equal(statusOf(read), 'Revoked');
      assert.deepEqual(await activeRoles(), [E2E.roles.reader]);
    });

    it('is Revoked at once by default', async () => {
      await start();
      await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
      emulator!.clock.advance(6 * MINUTE);
      arm = await client.armToken();
      assert.equal(statusOf(await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, requestType: 'SelfDeactivate' })), 'Revoked');
      assert.deepEqual(await activeRoles(), [E2E.roles.reader]);
    });
  });

  describe('activation takes provisioningDelaySeconds', () => {
    it('answers Provisioned at once and lists the instance after the delay, also after an approval', async () => {
      await start({ provisioningDelaySeconds: 10 });
      const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
      assert.equal(statusOf(put), 'Provisioned');
      const pending = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner });
      emulator!.approve((pending.body as { name: string }).name);
      assert.deepEqual(await activeRoles(), [E2E.roles.reader], 'neither shows yet');
      emulator!.clock.advance(11_000);
      assert.deepEqual((await activeRoles()).sort(), [E2E.roles.contributor, E2E.roles.owner, E2E.roles.reader].sort());
    });
  });
});

