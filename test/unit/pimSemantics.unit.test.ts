// PIM as documented, against the emulator over HTTP (issue #14, point 6): ids in the recorded (prefixed, upper-case)
// form, a scheduled Granted request cancelled, the policy picked by role, "activating…" until PIM lists an activation,
// "deactivating…" through PendingRevocation with no new activation meanwhile, ABAC conditions sent, a re-activation
// queued until the activation ends, and effective access checked only where the permissions API is documented.
import * as assert from 'node:assert/strict';
import { activateRow, deactivateRow } from '../../src/core/flows/activation';
import { ensureRoles } from '../../src/core/flows/ensureRoles';
import { ReactivationQueue, type ReactivationRun } from '../../src/core/flows/reactivationQueue';
import { cancelRoleRequest, loadPolicy } from '../../src/core/flows/roleOperations';
import type { Timers } from '../../src/core/store/clock';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { TransitionWatcher } from '../../src/core/store/transitionWatcher';
import type { RunningEmulator, Scenario } from '../emulator';
import { E2E, e2eScenario } from '../emulator/testing';
import { withEmulator, type EmulatorFixture } from '../support/withEmulator';

const CHOICE = { justification: 'Deploy release 42', durationMinutes: 60 };
const FAST = { pollIntervalsMs: [20, 50, 100], pollTimeoutMs: 3000 };
const AUTH = '/providers/Microsoft.Authorization';

/** A store on the emulator, and the row of a role by its name (and scope name). */
function storeOn(fixture: EmulatorFixture): { load(): Promise<RoleStore>; row(roleName: string, scopeName?: string): RowRef } {
  let store: RoleStore | undefined;
  return {
    load: async () => (store = await fixture.loadStore(fixture.connect().connection)),
    row: (roleName, scopeName) => {
      const ref = store?.allRows().find((candidate) => candidate.row.roleName === roleName && (!scopeName || candidate.row.scope.displayName === scopeName));
      assert.ok(ref, `no row for ${roleName}@${scopeName ?? ''}: ${store?.allRows().map((r) => `${r.row.roleName}@${r.row.scope.displayName}:${r.row.state}`).join(', ')}`);
      return ref;
    },
  };
}

const puts = (emulator: RunningEmulator): string[] => emulator.requests.filter((r) => r.method === 'PUT').map((r) => r.path);

describe('PIM semantics against the emulator: recorded ids, cancel, policy lookup', function () {
  this.timeout(20_000);
  // realisticIds (on in the unit and e2e scenarios): requests under the first subscription have prefixed ids.
  const fixture = withEmulator({ scenario: () => e2eScenario({ policyAssignmentFilter: 'ignored' }) });
  const tenant = storeOn(fixture);
  let store: RoleStore;

  beforeEach(async () => {
    store = await tenant.load();
  });

  it('cancels a scheduled (Granted) request whose id has the Microsoft.Subscription prefix, by its scope and name', async () => {
    const startAt = new Date(fixture.emulator.clock.now().getTime() + 2 * 60 * 60_000);
    const scheduled = await activateRow(tenant.row('Contributor', 'Contoso Dev'), { ...CHOICE, startAt }, FAST);
    assert.equal(scheduled.outcome, 'scheduled', scheduled.message);
    await store.refresh();
    const row = tenant.row('Contributor', 'Contoso Dev');
    assert.equal(row.row.state, 'scheduled');
    const pending = row.row.pending;
    assert.ok(pending);
    assert.match(pending.id, /^\/providers\/Microsoft\.Subscription\/subscriptions\//, 'the request id is in the recorded, prefixed form');
    assert.equal(pending.scope.id, E2E.subA, 'its scope is the plain form');

    await cancelRoleRequest(row.connection, pending);
    const cancel = fixture.emulator.requests.find((r) => r.method === 'POST' && r.path.includes('/cancel'));
    assert.equal(cancel?.path.split('?')[0], `${E2E.subA}${AUTH}/roleAssignmentScheduleRequests/${pending.name}/cancel`);
    assert.equal(cancel?.status, 200);
    await store.refresh();
    assert.equal(tenant.row('Contributor', 'Contoso Dev').row.state, 'eligible');
  });

  it("reads the policy of the role asked for, also when the service ignores the (undocumented) $filter and lists every role's", async () => {
    const keyVault = tenant.row('Key Vault Administrator', 'Contoso Dev');
    const key = keyVault.row.eligible?.key;
    assert.ok(key);
    const policy = await loadPolicy(keyVault.connection, key);
    // Key Vault Administrator on Contoso Dev has the scenario's "stepUp" policy; the list starts with Owner (standard).
    assert.equal(policy.authenticationContext, 'c1');
    assert.equal(policy.maximumDurationMinutes, 120);
  });

  it('joins upper-case recorded ids: the legacy Key Vault Administrator eligibility activates and shows active', async () => {
    const eligible = tenant.row('Key Vault Administrator', 'Contoso Dev').row.eligible;
    assert.match(eligible?.eligibilityScheduleId ?? '', /\/roleEligibilitySchedules\/[0-9A-F-]{36}$/, 'upper-case GUID, prefixed id');
    const result = await activateRow(tenant.row('Key Vault Administrator', 'Contoso Dev'), CHOICE, FAST);
    assert.equal(result.outcome, 'active', result.message);
    await store.refresh();
    assert.equal(tenant.row('Key Vault Administrator', 'Contoso Dev').row.state, 'active');
  });
});

describe('PIM semantics against the emulator: provisioning and revocation take a while', function () {
  this.timeout(20_000);
  const fixture = withEmulator({ scenario: () => e2eScenario({ provisioningDelaySeconds: 3, revocationDelaySeconds: 4 }) });
  const tenant = storeOn(fixture);
  let store: RoleStore;

  beforeEach(async () => {
    store = await tenant.load();
  });

  it('shows "activating" while PIM provisions an accepted activation, then active once PIM lists it', async () => {
    const ref = tenant.row('Contributor', 'Contoso Dev');
    const principalId = await ref.connection.callerObjectId();
    const request = await ref.connection.arm.activate({ scope: E2E.subA, roleDefinitionId: ref.row.eligible?.key.roleDefinitionId ?? '', principalId, justification: 'x', duration: 'PT1H' });
    assert.equal(request.status, 'Provisioned');
    await store.refresh();
    assert.equal(tenant.row('Contributor', 'Contoso Dev').row.state, 'activating', 'accepted, not listed yet');
    fixture.emulator.clock.advance(3_500);
    await store.refresh();
    assert.equal(tenant.row('Contributor', 'Contoso Dev').row.state, 'active');
  });

  it('after an approval, keeps the role "activating" until PIM lists it (never "eligible" in between)', async () => {
    const sent = await activateRow(tenant.row('Owner', 'Contoso Prod'), CHOICE, FAST);
    assert.equal(sent.outcome, 'pendingApproval');
    await store.refresh();
    assert.equal(tenant.row('Owner', 'Contoso Prod').row.state, 'pendingApproval');
    fixture.emulator.approve(sent.request?.name ?? '');
    await store.refresh();
    assert.equal(tenant.row('Owner', 'Contoso Prod').row.state, 'activating');
    fixture.emulator.clock.advance(3_500);
    await store.refresh();
    assert.equal(tenant.row('Owner', 'Contoso Prod').row.state, 'active');
  });

  it('goes through PendingRevocation: "deactivating" with no countdown until the instance is gone, and no new activation meanwhile', async () => {
    await activateRow(tenant.row('Contributor', 'Contoso Dev'), CHOICE, { ...FAST, pollTimeoutMs: 10 });
    fixture.emulator.clock.advance(6 * 60_000);
    await store.refresh();
    const active = tenant.row('Contributor', 'Contoso Dev');
    assert.equal(active.row.state, 'active');

    const ended = await deactivateRow(active);
    assert.equal(ended.ok, true, ended.message);
    assert.equal(ended.revoking, true);
    assert.match(ended.message, /is being deactivated/);
    await store.refresh();
    const revoking = tenant.row('Contributor', 'Contoso Dev');
    assert.equal(revoking.row.state, 'deactivating');
    assert.equal(revoking.row.revocation?.status, 'PendingRevocation');
    assert.equal(revoking.row.endsAt, undefined, 'no countdown and no expiry event for a role being revoked');

    const putsBefore = puts(fixture.emulator).length;
    const again = await activateRow(revoking, CHOICE, FAST);
    assert.equal(again.outcome, 'failed');
    assert.match(again.message, /still being deactivated/);
    assert.equal(puts(fixture.emulator).length, putsBefore, 'nothing was sent while PIM revokes the role');

    fixture.emulator.clock.advance(4_500);
    await store.refresh();
    assert.equal(tenant.row('Contributor', 'Contoso Dev').row.state, 'eligible');
  });

  it('reads a tenant in transition again after short pauses, until it settles (TransitionWatcher)', async () => {
    const scheduled: { callback: () => void; ms: number }[] = [];
    const timers: Timers = {
      setTimeout: (callback, ms) => scheduled.push({ callback, ms }),
      clearTimeout: () => undefined,
      setInterval: () => undefined,
      clearInterval: () => undefined,
    };
    const watcher = new TransitionWatcher(store, { timers, intervalsMs: [2000, 3000] });
    try {
      await store.refresh();
      assert.equal(scheduled.length, 0, 'nothing in transition, nothing read');
      const ref = tenant.row('Contributor', 'Contoso Dev');
      await ref.connection.arm.activate({
        scope: E2E.subA,
        roleDefinitionId: ref.row.eligible?.key.roleDefinitionId ?? '',
        principalId: await ref.connection.callerObjectId(),
        justification: 'x',
        duration: 'PT1H',
      });
      await store.refresh();
      assert.equal(tenant.row('Contributor', 'Contoso Dev').row.state, 'activating');
      assert.deepEqual(scheduled.map((timer) => timer.ms), [2000]);
      const reads = fixture.emulator.requests.length;
      scheduled.shift()?.callback();
      await waitFor(() => scheduled.length > 0);
      assert.ok(fixture.emulator.requests.length > reads, 'the tenant was read again');
      assert.deepEqual(scheduled.map((timer) => timer.ms), [3000], 'still activating: read again, a little later');

      fixture.emulator.clock.advance(3_500);
      scheduled.shift()?.callback();
      await waitFor(() => tenant.row('Contributor', 'Contoso Dev').row.state === 'active');
      assert.deepEqual(scheduled, [], 'settled: no more reads');
    } finally {
      watcher.dispose();
    }
  });
});

describe('PIM semantics against the emulator: re-activation when the activation ends', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  const tenant = storeOn(fixture);
  let store: RoleStore;

  beforeEach(async () => {
    store = await tenant.load();
  });

  it('queues it with the answers, sends nothing while the role is active, and activates it again once PIM no longer lists it', async () => {
    assert.equal((await activateRow(tenant.row('Contributor', 'Contoso Dev'), { ...CHOICE, durationMinutes: 30 }, FAST)).outcome, 'active');
    await store.refresh();
    const queue = new ReactivationQueue(store, { follow: FAST });
    const runs: ReactivationRun[] = [];
    queue.onDidRun((run) => runs.push(run));
    try {
      queue.enqueue(tenant.row('Contributor', 'Contoso Dev'), { ...CHOICE, justification: 'Second half of the deploy' });
      const putsBefore = puts(fixture.emulator).length;
      fixture.emulator.clock.advance(10 * 60_000);
      await store.refresh();
      // The queue acts on the store's change event, after the refresh resolves: give a wrongly started run time to send.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(puts(fixture.emulator).length, putsBefore, 'still active: nothing sent, nothing deactivated');

      fixture.emulator.clock.advance(21 * 60_000);
      await store.refresh();
      await waitFor(() => runs.length > 0);
      assert.equal(runs[0]?.result.outcome, 'active', runs[0]?.result.message);
      const sent = (await store.connection(E2E.contoso)?.arm.listMyRequests())?.[0];
      assert.equal(sent?.justification, 'Second half of the deploy', 'the queued answers were sent');
      assert.equal(sent?.requestType, 'SelfActivate');
      assert.equal(queue.get(tenant.row('Contributor', 'Contoso Dev').row.id), undefined, 'done: no longer queued');
    } finally {
      queue.dispose();
    }
  });

  it('a cancelled entry is never sent', async () => {
    assert.equal((await activateRow(tenant.row('Contributor', 'Contoso Dev'), { ...CHOICE, durationMinutes: 30 }, FAST)).outcome, 'active');
    await store.refresh();
    const queue = new ReactivationQueue(store, { follow: FAST });
    try {
      const ref = tenant.row('Contributor', 'Contoso Dev');
      queue.enqueue(ref, CHOICE);
      assert.equal(queue.cancel(ref.row.id), true);
      const putsBefore = puts(fixture.emulator).length;
      fixture.emulator.clock.advance(31 * 60_000);
      await store.refresh();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(puts(fixture.emulator).length, putsBefore);
      assert.equal(tenant.row('Contributor', 'Contoso Dev').row.state, 'eligible');
    } finally {
      queue.dispose();
    }
  });
});

/** Storage Blob Data Reader (a role that can carry conditions) with an ABAC condition on rg-data. */
const CONDITION = "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'))";
function abacScenario(): Scenario {
  const scenario = e2eScenario();
  const contoso = scenario.tenants[0];
  assert.ok(contoso);
  contoso.roleDefinitions = [{ id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', name: 'Storage Blob Data Reader' }];
  contoso.eligibilities = [...(contoso.eligibilities ?? []), { role: 'Storage Blob Data Reader', scope: E2E.rgData, condition: CONDITION, conditionVersion: '2.0' }];
  return scenario;
}

describe('PIM semantics against the emulator: an eligibility with an ABAC condition', function () {
  this.timeout(20_000);
  const fixture = withEmulator({ scenario: abacScenario });
  const tenant = storeOn(fixture);

  it('activates with the eligibility\'s condition and version (as Learn\'s SelfActivate example sends them); the activation carries it', async () => {
    const store = await tenant.load();
    const row = tenant.row('Storage Blob Data Reader', 'rg-data');
    assert.equal(row.row.eligible?.condition, CONDITION);
    assert.equal(row.row.eligible?.conditionVersion, '2.0');
    const result = await activateRow(row, CHOICE, FAST);
    assert.equal(result.outcome, 'active', result.message);
    await store.refresh();
    assert.equal(tenant.row('Storage Blob Data Reader', 'rg-data').row.state, 'active');
    const permissions = await row.connection.arm.listPermissions(E2E.rgData);
    assert.equal(permissions.length, 1);
    const listed = await fetch(`${fixture.emulator.url}${AUTH}/roleAssignmentScheduleInstances?api-version=2020-10-01&$filter=asTarget()`, {
      headers: { authorization: `Bearer ${(await fixture.connect().credential.getToken('https://management.azure.com/.default'))?.token ?? ''}` },
    }).then((response) => response.json() as Promise<{ value: { properties: { condition: string | null; conditionVersion: string | null } }[] }>);
    assert.deepEqual(
      listed.value.map((item) => [item.properties.condition, item.properties.conditionVersion]).filter(([condition]) => condition !== null),
      [[CONDITION, '2.0']],
    );
  });
});

describe('PIM semantics against the emulator: effective access where the permissions API is documented', function () {
  this.timeout(20_000);
  const MG = '/providers/Microsoft.Management/managementGroups/contoso-platform';
  const fixture = withEmulator({
    scenario: () => {
      const scenario = e2eScenario();
      const contoso = scenario.tenants[0];
      assert.ok(contoso);
      contoso.managementGroups = [{ id: 'contoso-platform', displayName: 'Platform', subscriptions: [E2E.subA.split('/')[2] ?? ''] }];
      contoso.eligibilities = [...(contoso.eligibilities ?? []), { role: 'User Access Administrator', scope: MG }];
      return scenario;
    },
  });
  const fast = { follow: FAST, accessBackoff: [20], accessTimeoutMs: 3000, defaultJustification: 'Deploy' };

  for (const [role, scope, label] of [
    ['Contributor', E2E.subA, 'a subscription'],
    ['User Access Administrator', MG, 'a management group'],
  ] as const) {
    it(`waits for access to a role on ${label} at a resource group below it, found through eligibleChildResources`, async () => {
      const store = await tenant(fixture).load();
      fixture.emulator.clearRequests();
      const result = await ensureRoles(store, [{ role, scope }], { ...fast, waitForAccess: true });
      assert.equal(result.ok, true, JSON.stringify(result.roles));
      const permissionCalls = fixture.emulator.requests.filter((r) => r.path.includes('/permissions')).map((r) => r.path.split('?')[0]);
      assert.ok(permissionCalls.length > 0);
      assert.ok(
        permissionCalls.every((path) => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Authorization\/permissions$/i.test(path ?? '')),
        `only the documented resource-group form: ${permissionCalls.join(', ')}`,
      );
      assert.ok(fixture.emulator.requests.some((r) => r.path.includes('/eligibleChildResources') && r.status === 200));
    });
  }
});

function tenant(fixture: EmulatorFixture): ReturnType<typeof storeOn> {
  return storeOn(fixture);
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      assert.fail('timed out waiting');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
