// Issue #14, the data the user sees, in the role store and the API clients against the emulator over HTTP: a failed
// call never wipes what was read before (it is marked stale, and offline when every call fails for want of a network);
// failures are tried again after a growing back-off, never in a loop; the service's Retry-After is honoured up to a
// bound and visible while it lasts; a refresh has a time limit, one tenant's stall holds up no other tenant and no
// refresh the user asks for; a refresh asked for after a change never resolves with a load that started before it.
import * as assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { activateRow } from '../../src/core/flows/activation';
import { RoleStore, LOAD_BUDGET_MS, type RoleStoreOptions, type RowRef, type TenantConnection, type TenantSnapshot } from '../../src/core/store/roleStore';
import type { FaultRule } from '../emulator';
import { E2E, EmulatorClient } from '../emulator/testing';
import { EmulatorCredential } from '../support/emulatorCredential';
import { quietLog } from '../support/emulatorConnection';
import { FakeTimers } from '../support/fakeTimers';
import { MemoryTrustStore } from '../support/tokenDestinations';
import { TokenDestinations } from '../../src/core/api/tokenDestinations';
import { withEmulator } from '../support/withEmulator';

const ELIGIBLE = 'roleEligibilityScheduleInstances';
const ACTIVE = 'roleAssignmentScheduleInstances';
const choice = { justification: 'Investigate incident 7', durationMinutes: 60 };
const fast = { pollIntervalsMs: [20], pollTimeoutMs: 5000 };

/** Hands out tokens until told to stall: then getToken never settles (a sign-in or proxy that hangs). */
class StallingCredential implements TokenCredential {
  stalled = false;
  constructor(private readonly inner: TokenCredential) {}
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    return this.stalled ? new Promise<never>(() => undefined) : this.inner.getToken(scopes, options);
  }
}

/** The pipeline's HTTP client, holding answers back while told to: an answer made before a change arrives after it. */
class HeldAnswers implements HttpClient {
  private readonly inner = createDefaultHttpClient();
  private readonly waiting: (() => void)[] = [];
  holding = false;
  held = 0;
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const response = await this.inner.sendRequest(request);
    if (this.holding) {
      this.held++;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return response;
  }
  release(): void {
    this.holding = false;
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
}

describe('reliability: the data the user sees (issue #14)', function () {
  this.timeout(30_000);
  const fixture = withEmulator();
  const stores: RoleStore[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.dispose()));

  const loadStore = async (connections: TenantConnection[], options: RoleStoreOptions = {}): Promise<RoleStore> => {
    const store = new RoleStore(() => fixture.emulator.clock.now(), quietLog, options);
    stores.push(store);
    await store.setConnections(connections);
    return store;
  };
  const contoso = (store: RoleStore): TenantSnapshot => {
    const snapshot = store.tenants.find((tenant) => tenant.tenantId === E2E.contoso);
    assert.ok(snapshot);
    return snapshot;
  };
  const row = (store: RoleStore, roleName: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && candidate.row.state !== 'assigned');
    assert.ok(ref, `no row for ${roleName}`);
    return ref;
  };
  const faults = (...rules: FaultRule[]): void => fixture.emulator.setFaults(rules);
  const calls = (fragment: string): number => fixture.emulator.requests.filter((request) => request.path.includes(fragment)).length;
  const rowsOf = (store: RoleStore): string[] => store.allRows().map((ref) => `${ref.row.roleName}@${ref.row.scope.displayName}:${ref.row.state}`).sort();

  describe('a failed call never wipes what the user sees', () => {
    it('the lists that fail keep their last rows, marked stale since they were read; an active role stays active with its end', async () => {
      const store = await loadStore([fixture.connect({ maxRetries: 0 }).connection]);
      assert.equal((await activateRow(row(store, 'Contributor'), choice, fast)).outcome, 'active');
      await store.refresh();
      const before = rowsOf(store);
      const endsAt = row(store, 'Contributor').row.endsAt;
      const readAt = contoso(store).loadedAt;
      assert.ok(endsAt && readAt);

      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'status', status: 503, times: 0 }, { match: { pathIncludes: ACTIVE }, kind: 'status', status: 503, times: 0 });
      await store.refresh();

      assert.deepEqual(rowsOf(store), before, 'every row is still there');
      assert.equal(row(store, 'Contributor').row.state, 'active', 'an active role never turns eligible because a call failed');
      assert.equal(row(store, 'Contributor').row.endsAt?.getTime(), endsAt.getTime(), 'and its countdown keeps its end');
      const problems = contoso(store).problems;
      assert.deepEqual(problems.map((problem) => problem.what).sort(), ['active roles', 'eligible roles']);
      for (const problem of problems) {
        assert.equal(problem.error.kind, 'transient');
        assert.equal(problem.lastGoodAt?.getTime(), readAt.getTime(), 'stale since the last good read');
      }
      assert.ok(contoso(store).retryAt, 'the store tries again by itself');
      assert.equal(contoso(store).offline, undefined, 'the service answered: not offline');
    });

    it('with the network down the tenant is offline with its last known rows; back online it is fresh again', async () => {
      const store = await loadStore([fixture.connect({ maxRetries: 0 }).connection]);
      const before = rowsOf(store);
      faults({ match: {}, kind: 'drop', times: 0 });
      await store.refresh();
      assert.equal(contoso(store).offline, true);
      assert.deepEqual(rowsOf(store), before);
      assert.ok(contoso(store).problems.length > 0);
      assert.ok(contoso(store).problems.every((problem) => problem.error.kind === 'network' && problem.lastGoodAt !== undefined));

      faults();
      await store.refresh();
      assert.equal(contoso(store).offline, undefined);
      assert.deepEqual(contoso(store).problems, []);
      assert.equal(contoso(store).retryAt, undefined);
    });

    it('an endpoint the user no longer trusts: nothing read from it earlier is shown', async () => {
      const gate = new TokenDestinations(new MemoryTrustStore([new URL(fixture.emulator.url).origin]), () => Promise.resolve(false));
      const store = await loadStore([fixture.connect({ tokenDestinations: gate }).connection]);
      assert.ok(store.allRows().length > 0);
      await gate.forget([new URL(fixture.emulator.url).origin]);
      gate.askAgain();
      await store.refresh();
      assert.deepEqual(rowsOf(store), []);
      assert.deepEqual(contoso(store).problems.map((problem) => [problem.error.kind, problem.lastGoodAt]), [['untrustedEndpoint', undefined]]);
    });

    it('a list never read has nothing to keep: its problem says so (no last read)', async () => {
      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'status', status: 503, times: 0 });
      const store = await loadStore([fixture.connect({ maxRetries: 0 }).connection]);
      const problem = contoso(store).problems.find((candidate) => candidate.what === 'eligible roles');
      assert.equal(problem?.lastGoodAt, undefined);
      assert.ok(!store.allRows().some((ref) => ref.row.state === 'eligible'));
    });
  });

  describe('failures back off, they do not loop', () => {
    it('the store tries a failing tenant again by itself, after a back-off that doubles per failed load, and starts over after a success', async () => {
      const timers = new FakeTimers();
      const store = await loadStore([fixture.connect({ maxRetries: 0 }).connection], { timers, retryBackoff: { firstMs: 15_000, maxMs: 60_000 } });
      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'status', status: 503, times: 0 });
      await store.refresh();
      const delays: number[] = [];
      for (let load = 0; load < 4; load++) {
        const retries = [...timers.timeouts.values()].filter((timer) => timer.ms !== LOAD_BUDGET_MS);
        assert.equal(retries.length, 1, 'one retry planned');
        const retry = retries[0];
        assert.ok(retry);
        delays.push(retry.ms);
        const before = calls(ELIGIBLE);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(calls(ELIGIBLE), before, 'nothing is sent before the back-off is over');
        timers.fire(retry);
        await store.refresh(undefined, 'shared');
        assert.equal(calls(ELIGIBLE), before + 1, 'one try per back-off');
      }
      assert.deepEqual(delays, [15_000, 30_000, 60_000, 60_000]);
      faults();
      const retry = [...timers.timeouts.values()].find((timer) => timer.ms !== LOAD_BUDGET_MS);
      assert.ok(retry);
      timers.fire(retry);
      await store.refresh(undefined, 'shared');
      assert.deepEqual(contoso(store).problems, []);
      assert.equal([...timers.timeouts.values()].filter((timer) => timer.ms !== LOAD_BUDGET_MS).length, 0, 'nothing to retry');
      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'status', status: 503, times: 1 });
      await store.refresh();
      assert.deepEqual(timers.timeoutsOf(15_000).length, 1, 'the back-off starts over');
    });

    it('an answer that is no passing trouble (forbidden) is not retried by itself', async () => {
      const timers = new FakeTimers();
      const store = await loadStore([fixture.connect({ maxRetries: 0 }).connection], { timers });
      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'status', status: 403, times: 0 });
      await store.refresh();
      assert.equal(contoso(store).problems[0]?.error.kind, 'authorization');
      assert.equal(contoso(store).retryAt, undefined);
      assert.equal(timers.timeouts.size, 0);
    });
  });

  describe('throttling is bounded and visible', () => {
    it('ARM Retry-After within the bound: the call waits it, the tenant says until when, then the list is read', async () => {
      const store = await loadStore([fixture.connect({ maxRetries: 1 }).connection]);
      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'throttled', retryAfterSeconds: 2, times: 1 });
      const waits: number[] = [];
      store.onDidChange(() => {
        const until = contoso(store).throttledUntil;
        if (until) {
          waits.push(until.getTime() - fixture.emulator.clock.now().getTime());
        }
      });
      const started = Date.now();
      await store.refresh();
      assert.ok(Date.now() - started >= 2000, 'waited what the service asked for');
      assert.ok(waits.length > 0 && Math.abs((waits[0] ?? 0) - 2000) < 500, `shown while waiting: ${waits.join(', ')}`);
      assert.deepEqual(contoso(store).problems, []);
      assert.equal(contoso(store).throttledUntil, undefined, 'and no longer once the list is read');
    });

    it('ARM Retry-After beyond the bound: not waited for; the list keeps its rows and the store tries again when the service said', async () => {
      const timers = new FakeTimers();
      const store = await loadStore([fixture.connect({ maxRetries: 3 }).connection], { timers });
      const before = rowsOf(store);
      faults({ match: { pathIncludes: ELIGIBLE }, kind: 'throttled', retryAfterSeconds: 120, times: 0 });
      fixture.emulator.clearRequests();
      const started = Date.now();
      await store.refresh();
      assert.ok(Date.now() - started < 2000, `a refresh does not hang for the 120 s the service asked (${Date.now() - started} ms)`);
      assert.equal(calls(ELIGIBLE), 1, 'not retried within the call');
      const problem = contoso(store).problems.find((candidate) => candidate.what === 'eligible roles');
      assert.equal(problem?.error.kind, 'throttled');
      assert.equal(problem?.error.retryAfterMs, 120_000);
      assert.ok(problem?.lastGoodAt);
      assert.deepEqual(rowsOf(store), before);
      const until = contoso(store).throttledUntil;
      assert.ok(until && Math.abs(until.getTime() - fixture.emulator.clock.now().getTime() - 120_000) < 2000, 'the tenant says when the next try is');
      assert.equal(timers.timeoutsOf(120_000).length, 1, 'and it is planned then');
    });

    it('Graph Retry-After within the bound is waited for and shown; beyond it the call fails at once', async () => {
      const store = await loadStore([fixture.connect({ maxRetries: 1, graphClientId: E2E.graphClient }).connection]);
      faults({ match: { surface: 'graph', pathIncludes: 'roleManagement/directory/roleEligibilityScheduleInstances' }, kind: 'throttled', retryAfterSeconds: 1, times: 1 });
      let shown = false;
      store.onDidChange(() => (shown ||= contoso(store).throttledUntil !== undefined));
      const started = Date.now();
      await store.refresh();
      assert.ok(Date.now() - started >= 1000);
      assert.ok(shown, 'the wait was shown');
      assert.deepEqual(contoso(store).problems, []);

      faults({ match: { surface: 'graph', pathIncludes: 'roleManagement/directory/roleEligibilityScheduleInstances' }, kind: 'throttled', retryAfterSeconds: 120, times: 0 });
      fixture.emulator.clearRequests();
      const again = Date.now();
      await store.refresh();
      assert.ok(Date.now() - again < 2000, `Graph's RetryHandler would wait up to 180 s (${Date.now() - again} ms)`);
      // The Graph lists go in one batch: the throttled answer came inside it, and nothing was sent again.
      assert.equal(calls('/v1.0/$batch'), 1);
      assert.equal(calls('roleManagement/directory/roleEligibilityScheduleInstances'), 0, 'not sent again on its own');
      const problem = contoso(store).problems.find((candidate) => candidate.what === 'eligible Entra roles');
      assert.equal(problem?.error.kind, 'throttled');
      assert.ok(problem?.lastGoodAt);
      assert.equal(row(store, 'Global Reader').row.state, 'eligible', 'the Entra role is still shown');
    });

    it('a refresh that gets no answers ends within its time limit, keeping the last rows', async () => {
      const store = await loadStore([fixture.connect({ maxRetries: 3, timeoutMs: 20_000 }).connection], { loadBudgetMs: 1500 });
      const before = rowsOf(store);
      faults({ match: {}, kind: 'timeout', times: 0 });
      const started = Date.now();
      await store.refresh();
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 1400 && elapsed < 3000, `the refresh took ${elapsed} ms (limit 1.5 s)`);
      assert.equal(contoso(store).status, 'error');
      assert.ok(contoso(store).problems.every((problem) => problem.error.kind === 'timeout' && problem.lastGoodAt !== undefined));
      assert.deepEqual(rowsOf(store), before);
    });

    it("one tenant's stall never holds up another tenant, nor a refresh the user asks for", async () => {
      const stalling = new StallingCredential(new EmulatorCredential(fixture.emulator.url, E2E.contoso));
      const store = await loadStore([
        fixture.connect({ credential: stalling }).connection,
        fixture.connect({ tenantId: E2E.fabrikam, displayName: 'Fabrikam' }).connection,
      ]);
      stalling.stalled = true;
      const fabrikamRead = new Promise<number>((resolve) => {
        const started = Date.now();
        const subscription = store.onDidChange(() => {
          if (store.tenants.find((tenant) => tenant.tenantId === E2E.fabrikam)?.status === 'ready') {
            subscription.dispose();
            resolve(Date.now() - started);
          }
        });
      });
      void store.refresh(undefined, 'shared');
      assert.ok((await fabrikamRead) < 2000, 'Fabrikam is read while Contoso hangs');
      assert.equal(contoso(store).status, 'loading');

      stalling.stalled = false;
      const started = Date.now();
      await store.refresh(E2E.contoso);
      assert.ok(Date.now() - started < 2000, 'the user’s refresh does not wait for the stalled load');
      assert.equal(contoso(store).status, 'ready');
    });
  });

  describe('fresh means fresh', () => {
    it('a refresh asked for after an activation never resolves with a load that started before it', async () => {
      const http = new HeldAnswers();
      const store = await loadStore([fixture.connect({ httpClient: http }).connection]);
      assert.equal(row(store, 'Contributor').row.state, 'eligible');
      http.holding = true;
      const running = store.refresh(undefined, 'shared');
      for (let waited = 0; http.held < 3 && waited < 5000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(http.held >= 3, 'the running load has its answers (made before the activation)');

      const client = new EmulatorClient(fixture.emulator);
      const activated = await client.activate(await client.armToken(), { scope: E2E.subA, role: E2E.roles.contributor });
      assert.equal(activated.status, 201);
      const fresh = store.refresh();
      http.release();
      await Promise.all([fresh, running]);
      assert.equal(row(store, 'Contributor').row.state, 'active', 'the refresh asked for after the activation shows it');
    });
  });
});
