// The role clock (core/store/clock.ts): one timer for every countdown and expiry, with nothing shown, and the periodic
// refresh; against the emulator with injected timers, so minutes pass in milliseconds.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { HEARTBEAT_MS, RoleClock } from '../../src/core/store/clock';
import { FakeTimers, type FakeTimer } from '../support/fakeTimers';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { withEmulator } from '../support/withEmulator';

/** The clock's timers, with its heartbeat told apart from the periodic refresh. */
class ClockTimers extends FakeTimers {
  /** Intervals other than the clock's heartbeat. */
  refreshIntervals(): FakeTimer[] {
    return [...this.intervals.values()].filter((interval) => interval.ms !== HEARTBEAT_MS);
  }
}

describe('role clock', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let store: RoleStore;
  let timers: ClockTimers;
  let clock: RoleClock;

  beforeEach(async () => {
    store = await fixture.loadStore(fixture.connect().connection);
    timers = new ClockTimers();
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
    assert.equal(fixture.emulator.requests.length, requestsBefore + 2, 'one light refresh: the eligible and active lists (no request history, no subscription names)');
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
    assert.deepEqual(timers.refreshIntervals().map((timer) => timer.ms), [60_000]);
    const requests = () => fixture.emulator.requests.length;
    const before = requests();
    timers.refreshIntervals()[0]?.callback();
    assert.equal(requests(), before, 'no refresh while the window is in the background');
    focused = true;
    timers.refreshIntervals()[0]?.callback();
    assert.ok(store.tenants[0]?.status === 'loading', 'a refresh started');
    interval = 0;
    clock.restartRefresh();
    assert.equal(timers.refreshIntervals().length, 0, 'interval 0 = no periodic refresh');
    interval = 30;
    clock.restartRefresh();
    clock.dispose();
    assert.equal(timers.intervals.size + timers.timeouts.size, 0, 'dispose stops every timer');
  });

  describe('sleep and resume', () => {
    /** The wall clock of the machine; the emulator's (the service's) clock moves with it. */
    let wall: number;
    const sleep = (ms: number): void => {
      // Timers stand still while the machine sleeps; the wall clock and the service run on.
      wall += ms;
      fixture.emulator.clock.advance(ms);
    };
    const resumeFor = (ms: number): void => {
      // After waking, only timers that were due within `ms` fire (Node's timers run on a clock that stopped).
      wall += ms;
      fixture.emulator.clock.advance(ms);
      for (const interval of [...timers.intervals.values()].filter((candidate) => candidate.ms <= ms)) {
        interval.callback();
      }
    };

    beforeEach(() => {
      wall = 1_000_000;
    });

    it('two hours asleep: within a second of waking, the activation that ended meanwhile is expired and a reload confirms it', async () => {
      clock = new RoleClock(store, { now: () => fixture.emulator.clock.now(), wallNow: () => wall, timers, thresholdsMinutes: () => [15, 5, 10] });
      const expired: string[] = [];
      clock.onDidExpire((refs) => expired.push(...refs.map((ref) => ref.row.roleName)));
      assert.equal((await activateRow(row('Contributor'), { justification: 'j', durationMinutes: 60 }, { pollIntervalsMs: [20], pollTimeoutMs: 5000 })).outcome, 'active');
      await store.refresh();
      const armed = timers.pending();
      assert.ok(armed && armed.ms <= 60_020, 'a tick within the minute is armed');
      const requestsBefore = fixture.emulator.requests.length;

      sleep(2 * 60 * 60_000);
      assert.deepEqual(expired, [], 'nothing runs while asleep');
      resumeFor(HEARTBEAT_MS);

      assert.deepEqual(expired, ['Contributor'], 'the expiry is seen within a second of waking, not when the late tick timer fires');
      assert.equal(row('Contributor').row.state, 'eligible');
      assert.equal(store.tenants[0]?.status, 'loading', 'and the roles are reloaded (the service moved on meanwhile)');
      await store.refresh(undefined, 'shared');
      assert.ok(fixture.emulator.requests.length > requestsBefore);
      assert.equal(row('Contributor').row.state, 'eligible');
    });

    it('one hour asleep with two hours left: within a second of waking the countdown says one hour, and the next tick is planned from the new time', async () => {
      clock = new RoleClock(store, { now: () => fixture.emulator.clock.now(), wallNow: () => wall, timers, thresholdsMinutes: () => [15, 5, 10] });
      assert.equal((await activateRow(row('Contributor'), { justification: 'j', durationMinutes: 120 }, { pollIntervalsMs: [20], pollTimeoutMs: 5000 })).outcome, 'active');
      await store.refresh();
      const ticks: Date[] = [];
      clock.onDidTick((now) => ticks.push(now));

      sleep(60 * 60_000);
      resumeFor(HEARTBEAT_MS);

      const tick = ticks.at(-1);
      assert.ok(tick, 'a tick within a second of waking');
      const endsAt = row('Contributor').row.endsAt;
      assert.ok(endsAt);
      const left = endsAt.getTime() - tick.getTime();
      assert.ok(Math.abs(left - 60 * 60_000) < 10_000, `${left} ms left at the first tick after waking`);
      const next = timers.pending();
      assert.ok(next && next.ms <= 60_020, `the next tick is at most a minute away (${next?.ms} ms)`);
    });

    it('a heartbeat on time is no jump: nothing is reloaded', () => {
      clock = new RoleClock(store, { now: () => fixture.emulator.clock.now(), wallNow: () => wall, timers });
      const requestsBefore = fixture.emulator.requests.length;
      for (let beat = 0; beat < 5; beat++) {
        resumeFor(HEARTBEAT_MS + 200);
      }
      assert.equal(fixture.emulator.requests.length, requestsBefore);
    });
  });
});
