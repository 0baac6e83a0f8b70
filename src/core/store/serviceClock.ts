// What time the service thinks it is. PIM sets start and end times on its own clock, so a countdown measured on a
// local clock that is minutes off is minutes wrong (and an activation "starting now" by that clock is in PIM's past or
// future). Every ARM and Graph answer carries a `Date` header (RFC 9110 §6.6.1; recorded on ARM PIM answers): the
// offset is the median of the last answers' Date (plus half a second, for its whole-second resolution) minus the local
// time each arrived. Pure: no `vscode` import; the local clock is injectable for tests.
import type { ServiceTime } from '../api/http';

export interface ServiceClockOptions {
  /** The local clock (ms since the epoch). */
  readonly localNow?: () => number;
  /** How many recent answers the median is taken over (few, so a clock that was set follows within one refresh). */
  readonly samples?: number;
}

/** A Date header further off than this is a broken proxy or cache, not a clock: ignored. */
const ABSURD_OFFSET_MS = 24 * 60 * 60_000;
/** A Date header is truncated to the second: the answer was made on average half a second after it says. */
const HALF_SECOND_MS = 500;

export class ServiceClock implements ServiceTime {
  private readonly localNow: () => number;
  private readonly maxSamples: number;
  private readonly offsets: number[] = [];
  private offset = 0;

  constructor(options: ServiceClockOptions = {}) {
    this.localNow = options.localNow ?? Date.now;
    this.maxSamples = Math.max(1, options.samples ?? 5);
  }

  /** The service's clock minus the local one, in milliseconds (0 until an answer was seen). */
  get offsetMs(): number {
    return this.offset;
  }

  /** The `Date` header of an answer that just arrived (missing, unreadable or absurd values are ignored). */
  observe(dateHeader: string | undefined | null): void {
    if (!dateHeader) {
      return;
    }
    const serverTime = Date.parse(dateHeader);
    if (Number.isNaN(serverTime)) {
      return;
    }
    const offset = serverTime + HALF_SECOND_MS - this.localNow();
    if (Math.abs(offset) > ABSURD_OFFSET_MS) {
      return;
    }
    this.offsets.push(offset);
    if (this.offsets.length > this.maxSamples) {
      this.offsets.shift();
    }
    this.offset = median(this.offsets);
  }

  /** Now on the service's clock. */
  readonly now = (): Date => new Date(this.localNow() + this.offset);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}
