// The product's PIM logic (client, store, activation flow) against the real emulator over HTTP.
import * as assert from 'node:assert/strict';
import { activateRow, deactivateRow } from '../../src/core/flows/activation';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import type { RunningEmulator } from '../emulator';
import type { EmulatorCredential } from '../support/emulatorCredential';
import { withEmulator } from '../support/withEmulator';

describe('PIM flow against the emulator', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let credential: EmulatorCredential;
  let store: RoleStore;

  beforeEach(async () => {
    emulator = fixture.emulator;
    const connected = fixture.connect();
    credential = connected.credential;
    store = await fixture.loadStore(connected.connection);
  });

  const row = (roleName: string, scopeName?: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && (!scopeName || candidate.row.scope.displayName === scopeName));
    assert.ok(ref, `no row for ${roleName} ${scopeName ?? ''}: ${store.allRows().map((r) => `${r.row.roleName}@${r.row.scope.displayName}`).join(', ')}`);
    return ref;
  };
  const choice = { justification: 'Deploy release 42', durationMinutes: 60 };
  const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };

  it('loads eligible and active roles tenant-wide with one call per surface', async () => {
    emulator.setFaults([]);
    const before = emulator.requests.length;
    await store.refresh();
    const calls = emulator.requests.slice(before).map((r) => r.path.split('?')[0]);
    assert.deepEqual(calls.sort(), [
      '/providers/Microsoft.Authorization/roleAssignmentScheduleInstances',
      '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests',
      '/providers/Microsoft.Authorization/roleEligibilityScheduleInstances',
      '/subscriptions',
    ]);
    const states = store.allRows().map((ref) => `${ref.row.roleName}@${ref.row.scope.displayName}:${ref.row.state}`).sort();
    assert.deepEqual(states, [
      'Contributor@Contoso Dev:eligible',
      'Key Vault Administrator@Contoso Dev:eligible',
      'Owner@Contoso Prod:eligible',
      'Reader@Contoso Prod:assigned',
      'Reader@rg-app:eligible',
    ]);
  });

  it('activates a role, sees it active with the server end time, and cannot deactivate within 5 minutes', async () => {
    const result = await activateRow(row('Contributor'), choice, fast);
    assert.equal(result.outcome, 'active', result.message);
    await store.refresh();
    const active = row('Contributor');
    assert.equal(active.row.state, 'active');
    const minutesLeft = ((active.row.endsAt?.getTime() ?? 0) - emulator.clock.now().getTime()) / 60_000;
    assert.ok(minutesLeft > 59 && minutesLeft <= 60.1, `minutes left ${minutesLeft}`);
    const tooSoon = await deactivateRow(active);
    assert.equal(tooSoon.ok, false);
    assert.equal(tooSoon.error?.kind, 'activeDurationTooShort');
    emulator.clock.advance(6 * 60_000);
    const done = await deactivateRow(active);
    assert.equal(done.ok, true, done.message);
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'eligible');
  });

  it('reports pending approval, and the role becomes active once approved', async () => {
    const result = await activateRow(row('Owner'), { ...choice, durationMinutes: 120 }, fast);
    assert.equal(result.outcome, 'pendingApproval', result.message);
    await store.refresh();
    assert.equal(row('Owner').row.state, 'pendingApproval');
    assert.ok(result.request);
    emulator.approve(result.request.name);
    await store.refresh();
    assert.equal(row('Owner').row.state, 'active');
  });

  it('reports a policy violation the service enforces, naming the rule', async () => {
    const result = await activateRow(row('Owner'), { ...choice, durationMinutes: 10 * 60 }, fast);
    assert.equal(result.outcome, 'policyViolation');
    assert.equal(result.error?.code, 'RoleAssignmentRequestPolicyValidationFailed');
    assert.deepEqual(result.error?.failedRules, ['ExpirationRule']);
  });

  it('steps up for an authentication context and retries the same request once', async () => {
    const result = await activateRow(row('Key Vault Administrator'), choice, fast);
    assert.equal(result.outcome, 'active', result.message);
    const withClaims = credential.asks.filter((ask) => ask.claims);
    assert.equal(withClaims.length, 1);
    assert.match(withClaims[0]?.claims ?? '', /"acrs"/);
    assert.match(withClaims[0]?.claims ?? '', /c1/);
  });

  it('treats an already active role as success', async () => {
    assert.equal((await activateRow(row('Contributor'), choice, fast)).outcome, 'active');
    await store.refresh();
    const again = await activateRow(row('Contributor'), choice, fast);
    assert.equal(again.outcome, 'alreadyActive');
  });

  it('lets an activation expire on the server clock', async () => {
    await activateRow(row('Contributor'), choice, fast);
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'active');
    emulator.clock.advance(61 * 60_000);
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'eligible');
  });

  it('honours 429 Retry-After and 503 on reads, then shows the roles', async () => {
    emulator.setFaults([
      { match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 },
      { match: { pathIncludes: 'roleAssignmentScheduleInstances' }, kind: 'status', status: 503, times: 1 },
    ]);
    const started = Date.now();
    await store.refresh();
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    assert.equal(store.tenants[0]?.problems.length, 0);
    assert.equal(store.allRows().length, 5);
  });

  it('never activates twice when the reply to the PUT is lost: it reads the request back', async () => {
    emulator.setFaults([{ match: { method: 'PUT', pathIncludes: 'roleAssignmentScheduleRequests' }, kind: 'dropAfterCommit', times: 1 }]);
    const result = await activateRow(row('Contributor'), choice, fast);
    assert.equal(result.outcome, 'active', result.message);
    const puts = emulator.requests.filter((r) => r.method === 'PUT');
    const names = new Set(puts.map((r) => r.path.split('?')[0]?.split('/').pop()));
    assert.equal(names.size, 1, 'every PUT reused the same request name');
    // The retried PUT finds its name taken (names must be unique): the product reads that request back by name.
    const [name] = [...names];
    assert.deepEqual(puts.map((r) => r.status), [0, 400], 'the reply was lost, the retry refused as a reused name');
    const readBack = emulator.requests.filter((r) => r.method === 'GET' && r.path.split('?')[0]?.endsWith(`/roleAssignmentScheduleRequests/${name ?? ''}`));
    assert.deepEqual(readBack.map((r) => r.status), [200], 'the request was read back by its name');
    await store.refresh();
    const activations = store.allRows().filter((ref) => ref.row.state === 'active');
    assert.equal(activations.length, 1);
  });

  it('keeps the rest of the tenant when one surface answers garbage', async () => {
    emulator.setFaults([{ match: { pathIncludes: 'roleAssignmentScheduleInstances' }, kind: 'malformed', times: 0 }]);
    await store.refresh();
    const tenant = store.tenants[0];
    assert.equal(tenant?.problems.length, 1);
    assert.equal(tenant?.problems[0]?.error.kind, 'malformedResponse');
    assert.equal(store.allRows().filter((ref) => ref.row.state === 'eligible').length, 4);
  });
});
