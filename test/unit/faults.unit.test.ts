// Fault suite: the product's client, store and activation flow against the real emulator over HTTP while
// the emulator injects throttling, 5xx, timeouts, dropped connections, malformed JSON, expired tokens and
// forbidden reads. For each: no crash, the tenant never stays "loading", a problem with a clear message,
// the rest of the tree still usable, bounded retries that honour Retry-After, never a duplicate activation.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { activateRow, deactivateRow } from '../../src/core/flows/activation';
import { PolicyCache } from '../../src/core/store/policyCache';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import type { RoleStore, RowRef, TenantConnection, TenantSnapshot } from '../../src/core/store/roleStore';
import { validateScenario, type FaultRule, type RunningEmulator } from '../emulator';
import { EmulatorCredential } from '../support/emulatorCredential';
import { ARM_SCOPE } from '../support/emulatorConnection';
import { withEmulator } from '../support/withEmulator';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const PROD = '/subscriptions/b0000000-0000-4000-8000-00000000000b';
const MAX_RETRIES = 2;
const GRAPH_CLIENT_ID = '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11';

/** The e2e scenario, with Contoso Prod forbidden for scoped reads and Reader on rg-app under a policy nobody may read. */
function scenario(): ReturnType<typeof validateScenario> {
  const json = JSON.parse(readFileSync(path.join(__dirname, '../emulator/scenarios/e2e.json'), 'utf8')) as {
    tenants: { subscriptions: { forbidden?: boolean }[]; policies: Record<string, unknown>; eligibilities: { role: string; policy?: string }[] }[];
    provisioningDelaySeconds?: number;
    revocationDelaySeconds?: number;
  };
  // As e2eScenario(): the delays are for the browser, where time runs.
  json.provisioningDelaySeconds = 0;
  json.revocationDelaySeconds = 0;
  const contoso = json.tenants[0];
  assert.ok(contoso);
  const prod = contoso.subscriptions[1];
  assert.ok(prod);
  prod.forbidden = true;
  contoso.policies.hidden = { maximumDuration: 'PT8H', requireJustification: true, readForbidden: true };
  const reader = contoso.eligibilities.find((e) => e.role === 'Reader');
  assert.ok(reader);
  reader.policy = 'hidden';
  return validateScenario(json);
}

/** Mints one token and keeps handing it out, like a cached session whose token has since expired. */
class StaleCredential implements TokenCredential {
  private token: AccessToken | undefined;
  constructor(private readonly inner: TokenCredential) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.token ??= (await this.inner.getToken(scopes)) ?? undefined;
    assert.ok(this.token);
    return this.token;
  }
}

interface EmulatorState {
  tenants: {
    id: string;
    activeAssignments: { role: string; scope: string; assignmentType: string }[];
    requests: { name: string; role: string; requestType: string; status: string }[];
  }[];
}

describe('Faults injected by the emulator', function () {
  this.timeout(20_000);
  const fixture = withEmulator({ scenario });
  let emulator: RunningEmulator;
  let store: RoleStore;
  let connection: TenantConnection;

  const connect = async (options: { credential?: TokenCredential; timeoutMs?: number; graph?: boolean } = {}): Promise<void> => {
    ({ connection } = fixture.connect({
      maxRetries: MAX_RETRIES,
      ...(options.credential ? { credential: options.credential } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.graph ? { graphClientId: GRAPH_CLIENT_ID } : {}),
    }));
    store = await fixture.loadStore(connection);
    emulator.clearRequests();
  };

  beforeEach(async () => {
    emulator = fixture.emulator;
    await connect();
  });

  const tenant = (): TenantSnapshot => {
    const snapshot = store.tenants[0];
    assert.ok(snapshot);
    return snapshot;
  };
  const row = (roleName: string, scopeName?: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && (!scopeName || candidate.row.scope.displayName === scopeName));
    assert.ok(ref, `no row for ${roleName} ${scopeName ?? ''}: ${store.allRows().map((r) => `${r.row.roleName}@${r.row.scope.displayName}`).join(', ')}`);
    return ref;
  };
  const calls = (fragment: string, method = 'GET'): number =>
    emulator.requests.filter((r) => r.method === method && r.path.toLowerCase().includes(fragment.toLowerCase())).length;
  const state = async (): Promise<EmulatorState> => (await fetch(`${emulator.url}/_emulator/state`).then((r) => r.json())) as EmulatorState;
  const activations = async (role: string): Promise<{ role: string; scope: string }[]> =>
    (await state()).tenants
      .flatMap((t) => t.activeAssignments)
      .filter((a) => a.role === role && a.assignmentType === 'Activated');
  const putNames = (): Set<string> =>
    new Set(emulator.requests.filter((r) => r.method === 'PUT').map((r) => r.path.split('?')[0]?.split('/').pop() ?? ''));
  const choice = { justification: 'Investigate incident 7', durationMinutes: 60 };
  const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };
  const faults = (...rules: FaultRule[]): void => emulator.setFaults(rules);
  /** The tenant settled (ready or error) with the rows it could read. */
  const assertSettled = (): void => {
    assert.notEqual(tenant().status, 'loading', 'the tenant must not stay in the loading state');
  };

  describe('reads', () => {
    it('429 with Retry-After: waits at least Retry-After, retries once, and shows every role', async () => {
      faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
      const started = Date.now();
      await store.refresh();
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 1000, `refresh took ${elapsed} ms, less than Retry-After`);
      assert.equal(calls('roleEligibilityScheduleInstances'), 2, 'one throttled attempt and one retry');
      assert.equal(tenant().status, 'ready');
      assert.deepEqual(tenant().problems, []);
      assert.equal(store.allRows().length, 5);
    });

    it('429 that never ends: gives up after the retry budget, records a throttling problem, keeps the other surfaces', async () => {
      faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'status', status: 429, retryAfterSeconds: 0, times: 0 });
      await store.refresh();
      assert.equal(calls('roleEligibilityScheduleInstances'), 1 + MAX_RETRIES, 'bounded retries');
      assertSettled();
      assert.equal(tenant().status, 'ready', 'active roles still loaded');
      const problem = tenant().problems.find((p) => p.what === 'eligible roles');
      assert.equal(problem?.error.kind, 'throttled');
      assert.match(problem?.error.userMessage ?? '', /limiting how fast requests can be made/);
      assert.equal(row('Reader', 'Contoso Prod').row.state, 'assigned', 'the active list still shows');
    });

    for (const status of [500, 503]) {
      it(`${status} once: retried transparently`, async () => {
        faults({ match: { pathIncludes: 'roleAssignmentScheduleInstances' }, kind: 'status', status, times: 1 });
        await store.refresh();
        assert.equal(calls('roleAssignmentScheduleInstances'), 2);
        assert.deepEqual(tenant().problems, []);
        assert.equal(store.allRows().length, 5);
      });

      it(`${status} on every ARM list: bounded retries, the tenant ends in error with a clear message`, async () => {
        faults({ match: { surface: 'arm' }, kind: 'status', status, times: 0 });
        await store.refresh();
        assert.equal(calls('roleEligibilityScheduleInstances'), 1 + MAX_RETRIES);
        assert.equal(calls('roleAssignmentScheduleInstances'), 1 + MAX_RETRIES);
        assert.equal(tenant().status, 'error');
        assert.ok(tenant().problems.length > 0);
        for (const problem of tenant().problems) {
          assert.equal(problem.error.kind, 'transient');
          assert.match(problem.error.userMessage, new RegExp(`temporary problem \\(HTTP ${status}\\)`));
        }
        faults();
        await store.refresh();
        assert.equal(tenant().status, 'ready', 'recovers on the next refresh');
        assert.equal(store.allRows().length, 5);
      });
    }

    it('timeout: the client gives up after its timeout, retries a bounded number of times, and the tenant settles', async () => {
      await connect({ timeoutMs: 300 });
      faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'timeout', times: 0 });
      const started = Date.now();
      await store.refresh();
      assert.ok(Date.now() - started < 5000, 'a hung call does not hang the refresh');
      assert.equal(calls('roleEligibilityScheduleInstances'), 1 + MAX_RETRIES);
      assertSettled();
      const problem = tenant().problems.find((p) => p.what === 'eligible roles');
      assert.equal(problem?.error.kind, 'timeout', problem?.error.message);
      assert.match(problem?.error.userMessage ?? '', /did not answer in time/);
      assert.equal(row('Reader', 'Contoso Prod').row.state, 'assigned');
    });

    it('a cancel by the caller is still a cancel, not a timeout, and is not retried', async () => {
      await connect({ timeoutMs: 5000 });
      faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'timeout', times: 0 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(
        () => connection.arm.listEligible(controller.signal),
        (error: unknown) => error instanceof Error && 'kind' in error && error.kind === 'cancelled',
      );
      assert.equal(calls('roleEligibilityScheduleInstances'), 1);
    });

    it('dropped connection: bounded retries, a network problem, the rest of the tenant shown', async () => {
      faults({ match: { pathIncludes: 'roleAssignmentScheduleInstances' }, kind: 'drop', times: 0 });
      await store.refresh();
      assert.equal(calls('roleAssignmentScheduleInstances'), 1 + MAX_RETRIES);
      assertSettled();
      const problem = tenant().problems.find((p) => p.what === 'active roles');
      assert.equal(problem?.error.kind, 'network', problem?.error.message);
      assert.match(problem?.error.userMessage ?? '', /Could not reach Azure/);
      assert.equal(store.allRows().filter((ref) => ref.row.state === 'eligible').length, 4);
    });

    it('malformed JSON: not retried, a clear problem, the other lists shown', async () => {
      faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'malformed', times: 0 });
      await store.refresh();
      assert.equal(calls('roleEligibilityScheduleInstances'), 1);
      const problem = tenant().problems.find((p) => p.what === 'eligible roles');
      assert.equal(problem?.error.kind, 'malformedResponse');
      assert.match(problem?.error.userMessage ?? '', /could not read/);
      assert.equal(row('Reader', 'Contoso Prod').row.state, 'assigned');
    });

    it('expired token: one sign-in problem, not retried, no crash', async () => {
      const stale = new StaleCredential(new EmulatorCredential(emulator.url, CONTOSO));
      await connect({ credential: stale });
      emulator.clock.advance(61 * 60_000);
      await store.refresh();
      assert.equal(calls('roleEligibilityScheduleInstances'), 1, '401 is not retried');
      assert.equal(tenant().status, 'error');
      assert.equal(tenant().problems.length, 1, 'one sign-in problem for every ARM list');
      assert.equal(tenant().problems[0]?.error.kind, 'authentication');
      assert.equal(tenant().problems[0]?.error.code, 'ExpiredAuthenticationToken');
      assert.match(tenant().problems[0]?.error.userMessage ?? '', /Sign in again/);
    });

    it('a failing call never leaves the store loading, even when every surface fails differently', async () => {
      await connect({ timeoutMs: 300 });
      faults(
        { match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'timeout', times: 0 },
        { match: { pathIncludes: 'roleAssignmentScheduleInstances' }, kind: 'drop', times: 0 },
        { match: { pathIncludes: 'roleAssignmentScheduleRequests' }, kind: 'malformed', times: 0 },
        { match: { pathIncludes: '/subscriptions' }, kind: 'status', status: 500, times: 0 },
      );
      const statuses: string[] = [];
      const listener = store.onDidChange(() => statuses.push(tenant().status));
      await store.refresh();
      listener.dispose();
      assert.equal(statuses[0], 'loading');
      assert.equal(statuses.at(-1), 'error');
      assert.equal(tenant().status, 'error');
      assert.deepEqual(
        tenant().problems.map((p) => p.error.kind).sort(),
        ['malformedResponse', 'network', 'timeout'],
        'subscription names are optional and add no problem',
      );
      for (const problem of tenant().problems) {
        assert.ok(problem.error.userMessage.length > 10 && !/undefined|\[object/.test(problem.error.userMessage), problem.error.userMessage);
      }
    });
  });

  describe('forbidden reads', () => {
    it('a subscription forbidden for scoped reads does not hide the tenant-wide list', async () => {
      await store.refresh();
      assert.equal(tenant().status, 'ready');
      assert.deepEqual(tenant().problems, []);
      assert.equal(row('Owner', 'Contoso Prod').row.state, 'eligible');
      const forbidden = await fetch(
        `${emulator.url}${PROD}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`,
        { headers: { authorization: `Bearer ${(await new EmulatorCredential(emulator.url, CONTOSO).getToken(ARM_SCOPE)).token}` } },
      );
      assert.equal(forbidden.status, 403, 'the scenario really forbids Contoso Prod');
    });

    it('one subscription answering 403 to activation: that role fails with a permission message, the others still activate', async () => {
      faults({ match: { method: 'PUT', pathIncludes: PROD }, kind: 'status', status: 403, times: 0 });
      const refused = await activateRow(row('Owner', 'Contoso Prod'), { ...choice, durationMinutes: 120 }, fast);
      assert.equal(refused.outcome, 'failed');
      assert.equal(refused.error?.kind, 'authorization');
      assert.match(refused.message, /don't have permission/);
      assert.equal(calls(PROD, 'PUT'), 1, '403 is not retried');
      const ok = await activateRow(row('Contributor', 'Contoso Dev'), choice, fast);
      assert.equal(ok.outcome, 'active', ok.message);
    });

    it('a policy nobody may read: the policy load fails with a permission error, the row stays, activation still works', async () => {
      const cache = new PolicyCache();
      const reader = row('Reader', 'rg-app');
      const entry = await cache.get(reader.row.id, () => loadPolicy(connection, (reader.row.eligible ?? reader.row.active)!.key));
      assert.equal(entry.state, 'failed');
      assert.equal(entry.state === 'failed' ? entry.error.kind : undefined, 'authorization');
      assert.equal(calls('roleManagementPolicyAssignments'), 1, 'a 403 is not retried');
      const again = await cache.get(reader.row.id, () => Promise.reject(new Error('must not load again')));
      assert.equal(again.state, 'failed', 'the failure is remembered instead of hammering the API');
      const contributor = row('Contributor');
      const readable = await cache.get(contributor.row.id, () => loadPolicy(connection, contributor.row.eligible!.key));
      assert.equal(readable.state, 'loaded', 'other policies still load');
      const result = await activateRow(reader, choice, fast);
      assert.equal(result.outcome, 'active', result.message);
    });
  });

  describe('Microsoft Graph', () => {
    it('503 on the Entra lists: bounded retries, an Entra problem, Azure roles untouched', async () => {
      await connect({ graph: true });
      faults({ match: { surface: 'graph', pathIncludes: 'roleManagement/directory' }, kind: 'status', status: 503, times: 0 });
      await store.refresh();
      assert.equal(calls('roleManagement/directory/roleEligibilityScheduleInstances'), 1 + MAX_RETRIES);
      assertSettled();
      assert.equal(tenant().status, 'ready');
      const problem = tenant().problems.find((p) => p.kind === 'entra');
      assert.equal(problem?.error.kind, 'transient');
      assert.match(problem?.error.userMessage ?? '', /temporary problem/);
      assert.equal(row('Contributor').row.state, 'eligible');
      assert.ok(store.allRows().some((ref) => ref.row.roleName === 'pim-contoso-admins' || ref.row.scope.displayName === 'pim-contoso-admins'), 'groups still listed');
    });

    it('timeout on a Graph list: the tenant settles with a timeout problem', async () => {
      await connect({ graph: true, timeoutMs: 300 });
      faults({ match: { surface: 'graph', pathIncludes: 'group/eligibilityScheduleInstances' }, kind: 'timeout', times: 0 });
      const started = Date.now();
      await store.refresh();
      assert.ok(Date.now() - started < 5000);
      assertSettled();
      const problem = tenant().problems.find((p) => p.kind === 'group');
      assert.equal(problem?.error.kind, 'timeout', problem?.error.message);
      assert.equal(row('Global Reader').row.state, 'eligible');
    });

    it('the reply to an Entra activation POST is lost: never re-sent, read back, exactly one activation', async () => {
      await connect({ graph: true });
      faults({ match: { method: 'POST', surface: 'graph' }, kind: 'dropAfterCommit', times: 0 });
      const result = await activateRow(row('Global Reader'), choice, fast);
      assert.equal(result.outcome, 'active', result.message);
      assert.equal(calls('roleAssignmentScheduleRequests', 'POST'), 1, 'a Graph POST is never retried');
      assert.equal((await activations('Global Reader')).length, 1);
    });
  });

  describe('activation never duplicates', () => {
    it('503 on the PUT: retried with the same request name, exactly one activation', async () => {
      faults({ match: { method: 'PUT' }, kind: 'status', status: 503, times: 1 });
      const result = await activateRow(row('Contributor'), choice, fast);
      assert.equal(result.outcome, 'active', result.message);
      assert.equal(calls('roleAssignmentScheduleRequests/', 'PUT'), 2);
      assert.equal(putNames().size, 1, 'the retry reused the request name');
      assert.equal((await activations('Contributor')).length, 1);
    });

    it('429 with Retry-After on the PUT: waits, retries with the same name, exactly one activation', async () => {
      faults({ match: { method: 'PUT' }, kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
      const started = Date.now();
      const result = await activateRow(row('Contributor'), choice, fast);
      assert.ok(Date.now() - started >= 1000, 'waited for Retry-After');
      assert.equal(result.outcome, 'active', result.message);
      assert.equal(calls('roleAssignmentScheduleRequests/', 'PUT'), 2);
      assert.equal(putNames().size, 1);
      assert.equal((await activations('Contributor')).length, 1);
    });

    it('timeout on the PUT: retried with the same name, exactly one activation', async () => {
      await connect({ timeoutMs: 300 });
      faults({ match: { method: 'PUT' }, kind: 'timeout', times: 1 });
      const result = await activateRow(row('Contributor'), choice, fast);
      assert.equal(result.outcome, 'active', result.message);
      assert.equal(putNames().size, 1);
      assert.equal((await activations('Contributor')).length, 1);
    });

    it('the reply to the PUT is lost once: the retried PUT finds its name taken, and the request is read back by that name', async () => {
      faults({ match: { method: 'PUT' }, kind: 'dropAfterCommit', times: 1 });
      const result = await activateRow(row('Contributor'), choice, fast);
      assert.equal(result.outcome, 'active', result.message);
      const [name] = [...putNames()];
      assert.equal(putNames().size, 1, 'the retry reused the request name');
      const log = emulator.requests
        .filter((r) => r.path.includes('roleAssignmentScheduleRequests/'))
        .map((r) => `${r.method} ${r.path.split('?')[0]?.split('/').slice(-2).join('/')} ${r.status}`);
      // The dropped reply (status 0), the retry the service refuses (the name must be unique), the read-back by name.
      assert.deepEqual(log, [`PUT roleAssignmentScheduleRequests/${name} 0`, `PUT roleAssignmentScheduleRequests/${name} 400`, `GET roleAssignmentScheduleRequests/${name} 200`]);
      assert.equal((await activations('Contributor')).length, 1);
    });

    it('every reply lost after the commit: the request is read back by its name, never sent under a new name, exactly one activation', async () => {
      faults({ match: { method: 'PUT' }, kind: 'dropAfterCommit', times: 0 });
      const result = await activateRow(row('Contributor'), choice, fast);
      assert.equal(result.outcome, 'active', result.message);
      assert.equal(calls('roleAssignmentScheduleRequests/', 'PUT'), 1 + MAX_RETRIES, 'bounded retries of the same PUT');
      assert.equal(putNames().size, 1);
      assert.equal(calls(`roleAssignmentScheduleRequests/${[...putNames()][0] ?? ''}`, 'GET'), 1, 'the request was read back by its name');
      assert.equal((await activations('Contributor')).length, 1);
      const requests = (await state()).tenants.flatMap((t) => t.requests).filter((r) => r.role === 'Contributor' && r.requestType === 'SelfActivate');
      assert.equal(requests.length, 1);
    });

    it('malformed reply to the PUT (not applied): a clear failure, nothing active, and a second submit activates once', async () => {
      faults({ match: { method: 'PUT' }, kind: 'malformed', times: 1 });
      const failed = await activateRow(row('Contributor'), choice, fast);
      assert.equal(failed.outcome, 'failed');
      assert.equal(failed.error?.kind, 'malformedResponse');
      assert.match(failed.message, /could not read/);
      assert.equal((await activations('Contributor')).length, 0);
      const again = await activateRow(row('Contributor'), choice, fast);
      assert.equal(again.outcome, 'active', again.message);
      assert.equal((await activations('Contributor')).length, 1);
    });

    it('the reply to a deactivation is lost: read back as done, the role is no longer active', async () => {
      assert.equal((await activateRow(row('Contributor'), choice, fast)).outcome, 'active');
      await store.refresh();
      emulator.clock.advance(6 * 60_000);
      faults({ match: { method: 'PUT' }, kind: 'dropAfterCommit', times: 0 });
      const result = await deactivateRow(row('Contributor'));
      assert.equal(result.ok, true, result.message);
      assert.equal((await activations('Contributor')).length, 0);
    });

    it('dropped PUT that never reached the service, with reading back also failing: a failure, not a crash, and nothing active', async () => {
      faults({ match: { method: 'PUT' }, kind: 'drop', times: 0 }, { match: { method: 'GET', pathIncludes: 'roleAssignmentScheduleRequests/' }, kind: 'status', status: 500, times: 0 });
      const result = await activateRow(row('Contributor', 'Contoso Dev'), choice, fast);
      assert.equal(result.outcome, 'failed');
      assert.equal(result.error?.kind, 'network');
      assert.match(result.message, /Could not reach Azure/);
      assert.equal(putNames().size, 1);
      assert.equal((await activations('Contributor')).length, 0);
    });
  });
});
