// Timers a test fires by hand (core/store/timers.ts): minutes pass in milliseconds, and a sleeping machine is a jump of
// the wall clock while no timer fires.
import * as assert from 'node:assert/strict';
import type { Timers } from '../../src/core/store/timers';

export interface FakeTimer {
  readonly callback: () => void;
  readonly ms: number;
}

export class FakeTimers implements Timers {
  readonly timeouts = new Map<number, FakeTimer>();
  readonly intervals = new Map<number, FakeTimer>();
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
  pending(): FakeTimer | undefined {
    assert.ok(this.timeouts.size <= 1, `${this.timeouts.size} timers armed`);
    return [...this.timeouts.values()][0];
  }

  /** Pending timeouts of exactly this delay. */
  timeoutsOf(ms: number): FakeTimer[] {
    return [...this.timeouts.values()].filter((timer) => timer.ms === ms);
  }

  /** Fires a pending timeout (and forgets it, as a fired timeout is gone). */
  fire(timer: FakeTimer): void {
    for (const [handle, candidate] of this.timeouts) {
      if (candidate === timer) {
        this.timeouts.delete(handle);
      }
    }
    timer.callback();
  }
}
