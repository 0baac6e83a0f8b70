// The role clock (core/store/clock.ts): one timer for every countdown and expiry, with nothing shown, and the periodic
// refresh; against the emulator with injected timers, so minutes pass in milliseconds.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { RoleClock, type Timers } from '../../src/core/store/clock';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { withEmulator } from '../support/withEmulator';

class FakeTimers implements Timers {
  readonly timeouts = new Map<number, { callback: () => void; ms: number }>();
  readonly intervals = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;
  setTimeout(callback: () => void, ms: number): number {
    this.timeouts.set(this.next, { callback, ms });
    return this.next++;
  }
  clearTimeout(handle: unknown): void {
    this.timeouts.delete(handle as number);
  }
  setInterval(callback: () => void, ms: number): number {
    this.intervals.set(this.next, { callback, ms });
    return this.next++;
  }
  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }
  /** The one pending timeout; fails when there are several (the clock keeps a single timer). */
  pending(): { callback: () => void; ms: number } | undefined {
    assert.ok(this.timeouts.size <= 1, `${this.timeouts.size} timers armed`);
    return [...this.timeouts.values()][0];
  }
}

describe('role clock', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let store: RoleStore;
  let timers: FakeTimers;
  let clock: RoleClock;

  beforeEach(async () => {
    store = await fixture.loadStore(fixture.connect().connection);
    timers = new FakeTimers();
  });
  afterEach(() => clock.dispose());

  const row = (roleName: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && candidate.row.state !== 'assigned');
    assert.ok(ref, `no row for ${roleName}`);
    return ref;
  };

  it('with nothing shown, an activation that ends fires onDidExpire on the clock’s own schedule, then is confirmed with the service', async () => {
    clock = new RoleClock(store, { now: () => fixture.emulator.clock.now(), timers, thresholdsMinutes: () => [15, 5, 10] });
    const expired: string[] = [];
    const ticks: Date[] = [];
    clock.onDidExpire((refs) => expired.push(...refs.map((ref) => ref.row.roleName)));
    clock.onDidTick((now) => ticks.push(now));
    assert.equal((await activateRow(row('Contributor'), { justification: 'j', durationMinutes: 30 }, { pollIntervalsMs: [20], pollTimeoutMs: 5000 })).outcome, 'active');
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'active');
    assert.ok(ticks.length > 0, 'a store change ticks');
    const requestsBefore = fixture.emulator.requests.length;

    // Let time pass timer by timer, as setTimeout would: never more than a minute, landing on the marks that matter.
    let waited = 0;
    for (let step = 0; step < 100 && expired.length === 0; step++) {
      const timer = timers.pending();
      assert.ok(timer, 'a timer is armed while something counts down');
      assert.ok(timer.ms > 0 && timer.ms <= 60_020, `delay ${timer.ms}`);
      fixture.emulator.clock.advance(timer.ms);
      waited += timer.ms;
      timer.callback();
    }
    assert.deepEqual(expired, ['Contributor']);
    // The emulator clock also runs in real time, a little since the activation.
    assert.ok(waited > 30 * 60_000 - 5_000 && waited < 30 * 60_000 + 61_000, `expired after ${waited} ms`);
    assert.equal(row('Contributor').row.state, 'eligible', 'ended on the local clock, before any network call');
    assert.equal(fixture.emulator.requests.length, requestsBefore);
    assert.equal(store.tenants[0]?.status, 'loading', 'then one refresh confirms it with the service');
    await new Promise<void>((resolve) => {
      const subscription = store.onDidChange(() => {
        if (store.tenants[0]?.status !== 'loading') {
          subscription.dispose();
          resolve();
        }
      });
    });
    assert.equal(fixture.emulator.requests.length, requestsBefore + 4, 'one refresh: the three ARM lists and the subscription names');
    assert.equal(row('Contributor').row.state, 'eligible');
    assert.equal(timers.pending(), undefined, 'nothing counts down: no timer');
  });

  it('ticks again now when asked (a settings change), with one timer', () => {
    clock = new RoleClock(store, { timers });
    const ticks: Date[] = [];
    clock.onDidTick((now) => ticks.push(now));
    clock.tick();
    clock.tick();
    assert.equal(ticks.length, 2);
    assert.equal(timers.pending(), undefined, 'nothing active in the scenario counts down');
  });

  it('refreshes periodically only when there is something to refresh and it is worth it, and stops when told', () => {
    let focused = false;
    let interval = 60;
    clock = new RoleClock(store, { timers, refreshIntervalSeconds: () => interval, shouldRefresh: () => focused });
    clock.restartRefresh();
    assert.deepEqual([...timers.intervals.values()].map((timer) => timer.ms), [60_000]);
    const requests = () => fixture.emulator.requests.length;
    const before = requests();
    [...timers.intervals.values()][0]?.callback();
    assert.equal(requests(), before, 'no refresh while the window is in the background');
    focused = true;
    [...timers.intervals.values()][0]?.callback();
    assert.ok(store.tenants[0]?.status === 'loading', 'a refresh started');
    interval = 0;
    clock.restartRefresh();
    assert.equal(timers.intervals.size, 0, 'interval 0 = no periodic refresh');
    interval = 30;
    clock.restartRefresh();
    clock.dispose();
    assert.equal(timers.intervals.size + timers.timeouts.size, 0, 'dispose stops every timer');
  });
});
