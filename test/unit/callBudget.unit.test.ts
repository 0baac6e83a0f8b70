// Issue #15, call budgets: how many HTTP requests a load, a refresh and the form's policies cost, counted by the
// emulator over HTTP (Graph included) for the benchmark's large tenant (300 Azure eligibilities in 3 pages of 100,
// Entra roles and groups through Graph). A change that adds a request to any of them fails here; the time they take
// is the benchmark's business (npm run bench), not a test's.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import { PolicyCache } from '../../src/core/store/policyCache';
import { ELIGIBLE_MAX_AGE_MS, RoleStore, type RowRef, type TenantConnection } from '../../src/core/store/roleStore';
import { RoleClock } from '../../src/core/store/clock';
import { TenantVisibility } from '../../src/core/views/tenantVisibility';
import { BENCH_TENANT, benchTenantCopy, buildBenchScenario, withTenantCopies } from '../bench/scenario';
import type { LoggedRequest, RunningEmulator } from '../emulator';
import { emulatorConnection, quietLog } from '../support/emulatorConnection';
import { withEmulator } from '../support/withEmulator';

const PAGE_SIZE = 100;
const GRAPH_CLIENT = '0b5e1a52-3f0e-4b7a-9a51-2c5d8e0f6a15';

/** "GET roleEligibilityScheduleInstances", "POST $batch": the method and the last path segment of each request. */
function perSurface(requests: readonly LoggedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const path = (request.path.split('?')[0] ?? '').split('/').filter(Boolean);
    const last = path[path.length - 1] ?? '';
    // Graph lists end in filterByCurrentUser(...): name them by the collection.
    const name = last.startsWith('filterByCurrentUser') ? (path[path.length - 2] ?? last) : last;
    const key = `${request.method} ${name}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('call budgets (issue #15): requests per load, refresh and form, Graph included', function () {
  this.timeout(30_000);
  const fixture = withEmulator({ scenario: () => buildBenchScenario({ pageSize: PAGE_SIZE, provisioningDelaySeconds: 0, latencyMs: 0 }).scenario });
  let emulator: RunningEmulator;
  let store: RoleStore;
  let connection: TenantConnection;

  beforeEach(() => {
    emulator = fixture.emulator;
    connection = emulatorConnection(emulator.url, { tenantId: BENCH_TENANT, graphClientId: GRAPH_CLIENT, rememberCaller: true }).connection;
    store = new RoleStore(() => emulator.clock.now(), quietLog);
  });
  afterEach(() => store.dispose());

  const sentDuring = async (action: () => Promise<unknown>): Promise<Record<string, number>> => {
    emulator.clearRequests();
    await action();
    return perSurface(emulator.requests);
  };
  const tenant = () => store.tenants[0];

  const COLD = {
    'GET roleEligibilityScheduleInstances': 3,
    'GET roleAssignmentScheduleInstances': 1,
    'GET roleAssignmentScheduleRequests': 1,
    'GET subscriptions': 1,
    'POST $batch': 1,
  };

  it('cold load: each Azure list once (its pages one after another), the six Graph lists in one batch', async () => {
    const sent = await sentDuring(() => store.setConnections([connection]));
    assert.equal(tenant()?.status, 'ready');
    assert.deepEqual(tenant()?.problems, []);
    assert.ok(store.allRows().some((ref) => ref.row.eligible?.key.kind === 'entra') && store.allRows().some((ref) => ref.row.eligible?.key.kind === 'group'), 'Graph rows are there');
    assert.deepEqual(sent, COLD);
  });

  it('a refresh the user asks for reads everything again, at the same cost', async () => {
    await store.setConnections([connection]);
    assert.deepEqual(await sentDuring(() => store.refresh()), COLD);
  });

  it('a periodic (light) refresh with nothing changed: 2 requests, no request history, no subscription names', async () => {
    await store.setConnections([connection]);
    const rows = store.allRows().map((ref) => `${ref.row.id}:${ref.row.state}`);
    const sent = await sentDuring(() => store.refresh(undefined, 'light'));
    assert.deepEqual(sent, { 'GET roleAssignmentScheduleInstances': 1, 'POST $batch': 1 });
    assert.deepEqual(
      store.allRows().map((ref) => `${ref.row.id}:${ref.row.state}`),
      rows,
      'the same rows, from the lists kept',
    );
    assert.deepEqual(tenant()?.problems, []);
  });

  it('a light refresh reads the Azure eligibility pages again once they are 10 minutes old, never the history', async () => {
    await store.setConnections([connection]);
    emulator.clock.advance(ELIGIBLE_MAX_AGE_MS - 60_000);
    assert.deepEqual(await sentDuring(() => store.refresh(undefined, 'light')), { 'GET roleAssignmentScheduleInstances': 1, 'POST $batch': 1 });
    emulator.clock.advance(60_000);
    assert.deepEqual(await sentDuring(() => store.refresh(undefined, 'light')), {
      'GET roleEligibilityScheduleInstances': 3,
      'GET roleAssignmentScheduleInstances': 1,
      'POST $batch': 1,
    });
    assert.deepEqual(await sentDuring(() => store.refresh(undefined, 'light')), { 'GET roleAssignmentScheduleInstances': 1, 'POST $batch': 1 }, 'and not again');
  });

  it('while a request of the user waits for approval, a light refresh reads that history too, until it is decided', async () => {
    await store.setConnections([connection]);
    const approvalRow = await roleNeedingApproval(store.allRows());
    assert.ok(approvalRow, 'the bench tenant has a role that needs approval');
    const result = await activateRow(approvalRow, { justification: 'Budget test', durationMinutes: 60 }, { pollIntervalsMs: [10], pollTimeoutMs: 2000 });
    assert.equal(result.outcome, 'pendingApproval', result.message);
    await store.refresh();
    assert.equal(store.findRow(approvalRow.row.id)?.row.state, 'pendingApproval');

    const open = { 'GET roleAssignmentScheduleInstances': 1, 'GET roleAssignmentScheduleRequests': 1, 'POST $batch': 1 };
    assert.deepEqual(await sentDuring(() => store.refresh(undefined, 'light')), open);
    emulator.approve(result.request?.name ?? '');
    assert.deepEqual(await sentDuring(() => store.refresh(undefined, 'light')), open, 'the decision is read');
    assert.equal(store.findRow(approvalRow.row.id)?.row.state, 'active');
    assert.deepEqual(await sentDuring(() => store.refresh(undefined, 'light')), { 'GET roleAssignmentScheduleInstances': 1, 'POST $batch': 1 }, 'then no history again');
  });

  it("the form's policies: one request per role, all sent at once (no second request for the policy itself)", async () => {
    await store.setConnections([connection]);
    const eligible = store.allRows().filter((ref) => ref.row.state === 'eligible');
    const azure = eligible.filter((ref) => ref.row.eligible?.key.kind === 'azure').slice(0, 18);
    const graph = [eligible.find((ref) => ref.row.eligible?.key.kind === 'entra'), eligible.find((ref) => ref.row.eligible?.key.kind === 'group')];
    const form = [...azure, ...graph.filter((ref): ref is RowRef => ref !== undefined)];
    assert.equal(form.length, 20);
    const policies = new PolicyCache();
    let started = 0;
    let mostAtOnce = 0;
    let running = 0;
    const sent = await sentDuring(() =>
      Promise.all(
        form.map((ref) =>
          policies.get(ref.row.id, async () => {
            started++;
            running++;
            mostAtOnce = Math.max(mostAtOnce, running);
            const key = ref.row.eligible?.key;
            assert.ok(key);
            try {
              return await loadPolicy(ref.connection, key);
            } finally {
              running--;
            }
          }),
        ),
      ),
    );
    assert.equal(started, 20);
    assert.equal(mostAtOnce, 20, 'all twenty in flight together: one round trip');
    assert.deepEqual(sent, { 'GET roleManagementPolicyAssignments': 20 }, 'Azure: the assignment carries its effective rules; Graph: the policy expanded');
    assert.deepEqual(await sentDuring(() => Promise.all(form.map((ref) => policies.get(ref.row.id, () => Promise.reject(new Error('not cached')))))), {}, 'then cached');
  });

  it('a first load shows the first page of roles before the last page has arrived', async () => {
    const seen: number[] = [];
    const subscription = store.onDidChange(() => {
      if (tenant()?.status === 'loading') {
        seen.push(tenant()?.rows.length ?? 0);
      }
    });
    await store.setConnections([connection]);
    subscription.dispose();
    const total = store.allRows().length;
    assert.ok(
      seen.some((count) => count > 0 && count < total),
      `rows while loading: ${seen.join(', ')} of ${total}`,
    );
  });
});

describe('call budgets (issue #15): tenants out of view refresh lazily, 20 tenants', function () {
  this.timeout(60_000);
  const TENANTS = 20;
  const fixture = withEmulator({ scenario: () => withTenantCopies(buildBenchScenario({ pageSize: PAGE_SIZE, provisioningDelaySeconds: 0, latencyMs: 0 }).scenario, TENANTS) });
  const tenantIds = Array.from({ length: TENANTS }, (_, n) => benchTenantCopy(n));
  const LIGHT = { 'GET roleAssignmentScheduleInstances': 1, 'POST $batch': 1 };
  let emulator: RunningEmulator;
  let visibility: TenantVisibility;
  let store: RoleStore;

  beforeEach(async () => {
    emulator = fixture.emulator;
    visibility = new TenantVisibility();
    store = new RoleStore(() => emulator.clock.now(), quietLog, { inView: visibility });
    await store.setConnections(tenantIds.map((tenantId) => emulatorConnection(emulator.url, { tenantId, graphClientId: GRAPH_CLIENT, rememberCaller: true }).connection));
    assert.equal(store.tenants.filter((tenant) => tenant.status === 'ready' && tenant.problems.length === 0).length, TENANTS);
  });
  afterEach(() => {
    store.dispose();
    visibility.dispose();
  });

  /** The requests sent while `action` runs and every load it started settles, per tenant (the token's tenant). */
  const sentPerTenant = async (action: () => unknown): Promise<Map<string, Record<string, number>>> => {
    emulator.clearRequests();
    await action();
    await settled(store);
    const byTenant = new Map<string, LoggedRequest[]>();
    for (const request of emulator.requests) {
      const tenantId = request.tokenTenantId ?? '(none)';
      byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), request]);
    }
    return new Map([...byTenant].map(([tenantId, requests]) => [tenantId, perSurface(requests)]));
  };
  const periodic = () => store.refresh(undefined, 'periodic');
  const collapseAllBut = (...seen: string[]) => tenantIds.filter((id) => !seen.includes(id)).forEach((id) => visibility.setCollapsed(id, true));
  const [first, fifth] = [tenantIds[0] ?? '', tenantIds[5] ?? ''];

  it('nothing collapsed: a periodic refresh reads every tenant, as a light refresh does (40 requests)', async () => {
    assert.deepEqual(await sentPerTenant(periodic), new Map(tenantIds.map((tenantId) => [tenantId, LIGHT])));
  });

  it('19 of 20 collapsed: a periodic refresh reads the one in view only (2 requests), and marks the others due', async () => {
    collapseAllBut(first);
    const sent = await sentPerTenant(periodic);
    assert.deepEqual([...sent], [[first, LIGHT]]);
  });

  it('expanding a tenant passed by reads exactly that tenant at once (light); expanding one not due reads nothing', async () => {
    collapseAllBut(first);
    await periodic();
    assert.deepEqual([...(await sentPerTenant(() => visibility.setCollapsed(fifth, false)))], [[fifth, LIGHT]]);
    visibility.setCollapsed(fifth, true);
    assert.deepEqual([...(await sentPerTenant(() => visibility.setCollapsed(fifth, false)))], [], 'read already: nothing more');
    assert.deepEqual(new Set((await sentPerTenant(periodic)).keys()), new Set([first, fifth]), 'the next periodic refresh reads the two in view');
  });

  it('a tenant passed by for 10 minutes reads its eligibility pages too when it is seen again (the light rules), never the history', async () => {
    collapseAllBut(first);
    emulator.clock.advance(ELIGIBLE_MAX_AGE_MS);
    await periodic();
    assert.deepEqual([...(await sentPerTenant(() => visibility.setCollapsed(fifth, false)))], [[fifth, { ...LIGHT, 'GET roleEligibilityScheduleInstances': 3 }]]);
  });

  it('the filter and the view: tenants filtered out or a hidden view are passed by, and read at once when they come back', async () => {
    visibility.setFilter('no role is called this');
    assert.deepEqual([...(await sentPerTenant(periodic))], []);
    assert.equal((await sentPerTenant(() => visibility.setFilter(''))).size, TENANTS, 'clearing the filter reads the 20 passed by');
    visibility.setViewVisible(false);
    assert.deepEqual([...(await sentPerTenant(periodic))], []);
    assert.deepEqual(await sentPerTenant(() => visibility.setViewVisible(true)), new Map(tenantIds.map((tenantId) => [tenantId, LIGHT])), 'showing the view reads them, light');
  });

  it('a refresh the user asks for and the expiry check still read every tenant, out of view or not', async () => {
    visibility.setViewVisible(false);
    assert.equal((await sentPerTenant(() => store.refresh())).size, TENANTS, 'Refresh');
    // Every bench tenant holds activations of the user: their countdowns need no read while out of view...
    const ending = store.allRows().filter((ref) => ref.row.state === 'active' && ref.row.endsAt && ref.connection.tenantId === fifth);
    assert.ok(ending.length > 0, 'the bench tenant has activations with an end');
    assert.deepEqual([...(await sentPerTenant(periodic))], []);
    // ...and when the first of them ends, the check that confirms it reads every tenant (RoleClock, as in the extension).
    const firstEnd = Math.min(...ending.map((ref) => ref.row.endsAt?.getTime() ?? Infinity));
    emulator.clock.advance(firstEnd + 1000 - emulator.clock.now().getTime());
    const clock = new RoleClock(store, { now: () => emulator.clock.now() });
    try {
      const sent = await sentPerTenant(async () => {
        clock.tick();
        await new Promise((resolve) => setImmediate(resolve));
      });
      assert.equal(sent.size, TENANTS);
      assert.ok(sent.get(fifth)?.['GET roleAssignmentScheduleInstances'] === 1, JSON.stringify(sent.get(fifth)));
    } finally {
      clock.dispose();
    }
    assert.ok(
      ending.some((ref) => store.findRow(ref.row.id)?.row.state !== 'active'),
      'the ended activation is no longer shown active',
    );
  });

  it("a hidden tenant with the user's request waiting for approval is still read by the periodic refresh, history included", async () => {
    const approvalRow = await roleNeedingApproval(store.allRows().filter((ref) => ref.connection.tenantId === fifth));
    assert.ok(approvalRow, 'the bench tenant has a role that needs approval');
    const result = await activateRow(approvalRow, { justification: 'Lazy refresh test', durationMinutes: 60 }, { pollIntervalsMs: [10], pollTimeoutMs: 2000 });
    assert.equal(result.outcome, 'pendingApproval', result.message);
    // The user's own request: its tenant is read at once, in view or not.
    visibility.setViewVisible(false);
    await store.refresh(fifth);
    assert.equal(store.findRow(approvalRow.row.id)?.row.state, 'pendingApproval');
    assert.deepEqual([...(await sentPerTenant(periodic))], [[fifth, { ...LIGHT, 'GET roleAssignmentScheduleRequests': 1 }]]);
    emulator.approve(result.request?.name ?? '');
    await sentPerTenant(periodic);
    assert.equal(store.findRow(approvalRow.row.id)?.row.state, 'active', 'the approval reaches the status bar without the view');
    assert.deepEqual([...(await sentPerTenant(periodic))], [], 'then it waits for the view like the others');
  });
});

/** The first directly eligible Azure role whose policy asks for approval (its policy read through PolicyCache). */
async function roleNeedingApproval(refs: readonly RowRef[]): Promise<RowRef | undefined> {
  const policies = new PolicyCache();
  for (const ref of refs.filter((candidate) => candidate.row.state === 'eligible' && candidate.row.eligible?.key.kind === 'azure' && !candidate.row.viaGroup)) {
    const key = ref.row.eligible?.key;
    const entry = key && (await policies.get(ref.row.id, () => loadPolicy(ref.connection, key)));
    if (entry?.state === 'loaded' && entry.policy.requiresApproval) {
      return ref;
    }
  }
  return undefined;
}

/** Until no tenant is loading (loads a visibility change started run in the background). */
async function settled(store: RoleStore): Promise<void> {
  while (store.tenants.some((tenant) => tenant.status === 'loading')) {
    await new Promise<void>((resolve) => {
      const subscription = store.onDidChange(() => {
        subscription.dispose();
        resolve();
      });
    });
  }
}
