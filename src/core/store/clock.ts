// The role store's sense of time: the one timer that fires when any countdown's text or colour changes or an
// activation ends (ended rows are recomputed locally, then confirmed with the service once), and the light periodic
// refresh that shows changes made elsewhere. The status bar, the expiry warnings and auto re-activation subscribe;
// none of them keeps a timer of its own, and none has to be shown for expiries to be noticed.
// Timers do not run while the machine sleeps, and fire late after it wakes: a heartbeat each second notices that the
// wall clock jumped, and everything is looked at again at once (and reloaded, since the service moved on meanwhile).
// Pure: no `vscode` import; timers and the time are injectable for tests.
import { EventSource, type Disposable } from '../model/events';
import { nextTickDelay } from '../model/countdown';
import type { RefreshMode, RowRef } from './roleStore';
import { SYSTEM_TIMERS, type Timers } from './timers';

export type { Timers } from './timers';

/** What the clock needs of the RoleStore. */
export interface ClockStore {
  readonly onDidChange: (listener: () => void) => Disposable;
  readonly onDidExpire: (listener: (refs: readonly RowRef[]) => void) => Disposable;
  readonly hasConnections: boolean;
  allRows(): RowRef[];
  /** Ends the activations whose time is up (fires onDidChange and onDidExpire); true when something changed. */
  recomputeExpired(): boolean;
  refresh(tenantId?: string, mode?: RefreshMode): Promise<void>;
}

/** How often the wall clock is looked at for a jump (sleep and resume, or the clock set). */
export const HEARTBEAT_MS = 1000;
/** A heartbeat this much later (or earlier) than planned is a jump, not a busy event loop. */
const JUMP_TOLERANCE_MS = 3000;

export interface ClockOptions {
  /** Now as countdowns measure it (the service's clock, core/store/serviceClock.ts). */
  readonly now?: () => Date;
  /** The machine's wall clock, for noticing a jump. */
  readonly wallNow?: () => number;
  readonly timers?: Timers;
  /** Minute marks where something other than a countdown's text changes (colours, the expiry warning). */
  readonly thresholdsMinutes?: () => readonly number[];
  /** 0 = no periodic refresh. */
  readonly refreshIntervalSeconds?: () => number;
  /** Whether a periodic refresh is worth it now (VS Code: the window has focus). */
  readonly shouldRefresh?: () => boolean;
  readonly log?: { warn(message: string): void };
}

/** Active activations with an end, soonest first; one that ended a moment ago still counts (its "expired" is shown). */
export function countingDown(refs: readonly RowRef[], now: Date): RowRef[] {
  return refs
    .filter((ref) => ref.row.state === 'active' && ref.row.endsAt !== undefined && ref.row.endsAt.getTime() > now.getTime() - 1000)
    .sort((a, b) => (a.row.endsAt?.getTime() ?? 0) - (b.row.endsAt?.getTime() ?? 0));
}

export class RoleClock implements Disposable {
  private readonly ticked = new EventSource<Date>();
  /** Whenever what a countdown shows may have changed (the store changed, or a boundary was crossed), with the time. */
  readonly onDidTick = this.ticked.event;
  private readonly expired = new EventSource<readonly RowRef[]>();
  /** Activations that just ended on the local clock. */
  readonly onDidExpire = this.expired.event;
  private readonly now: () => Date;
  private readonly wallNow: () => number;
  private readonly timers: Timers;
  private readonly subscriptions: Disposable[];
  private timer: unknown;
  private refreshTimer: unknown;
  private readonly heartbeat: unknown;
  private lastHeartbeat: number;
  private expiryRefreshPending = false;

  constructor(
    private readonly store: ClockStore,
    private readonly options: ClockOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.wallNow = options.wallNow ?? Date.now;
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.subscriptions = [store.onDidChange(() => this.tick()), store.onDidExpire((refs) => this.expired.fire(refs))];
    this.lastHeartbeat = this.wallNow();
    this.heartbeat = this.timers.setInterval(() => this.checkForJump(), HEARTBEAT_MS);
  }

  /** Looks at the time again now (after a settings change: other thresholds) and re-arms the timer. */
  tick(): void {
    this.clearTimer();
    if (this.store.recomputeExpired()) {
      // recomputeExpired fired onDidChange, which already ticked again with the ended rows gone.
      this.confirmExpiryOnce();
      return;
    }
    const now = this.now();
    this.ticked.fire(now);
    const delay = nextTickDelay(
      countingDown(this.store.allRows(), now).flatMap((ref) => (ref.row.endsAt ? [ref.row.endsAt] : [])),
      now,
      { thresholdsMinutes: this.options.thresholdsMinutes?.() ?? [] },
    );
    if (delay !== undefined) {
      this.timer = this.timers.setTimeout(() => this.tick(), delay);
    }
  }

  /** (Re)starts the periodic refresh with the current interval. */
  restartRefresh(): void {
    this.stopRefresh();
    const seconds = this.options.refreshIntervalSeconds?.() ?? 0;
    if (seconds > 0) {
      this.refreshTimer = this.timers.setInterval(() => {
        if (this.store.hasConnections && (this.options.shouldRefresh?.() ?? true)) {
          this.store.refresh(undefined, 'periodic').catch((error: unknown) => this.options.log?.warn(`Periodic refresh failed: ${String(error)}`));
        }
      }, seconds * 1000);
    }
  }

  dispose(): void {
    this.clearTimer();
    this.stopRefresh();
    this.timers.clearInterval(this.heartbeat);
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.ticked.dispose();
    this.expired.dispose();
  }

  /** After an expiry, confirm with the service once (the activation may have been extended elsewhere). */
  private confirmExpiryOnce(): void {
    if (this.expiryRefreshPending) {
      return;
    }
    this.expiryRefreshPending = true;
    void this.store.refresh(undefined, 'light').finally(() => {
      this.expiryRefreshPending = false;
    });
  }

  /**
   * The heartbeat came much later than planned (the machine slept: timers stood still while the wall clock ran on) or
   * earlier (the clock was set back): countdowns and expiries are worked out again now, and the roles reloaded.
   */
  private checkForJump(): void {
    const wall = this.wallNow();
    const drift = wall - this.lastHeartbeat - HEARTBEAT_MS;
    this.lastHeartbeat = wall;
    if (Math.abs(drift) <= JUMP_TOLERANCE_MS) {
      return;
    }
    this.options.log?.warn(`The clock jumped by ${Math.round(drift / 1000)} s (sleep or a clock change): updating countdowns and reloading.`);
    this.tick();
    if (this.store.hasConnections) {
      this.store.refresh(undefined, 'shared').catch((error: unknown) => this.options.log?.warn(`Refresh after a clock jump failed: ${String(error)}`));
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private stopRefresh(): void {
    if (this.refreshTimer !== undefined) {
      this.timers.clearInterval(this.refreshTimer);
      this.refreshTimer = undefined;
    }
  }
}
