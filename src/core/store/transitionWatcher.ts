// While PIM carries out an activation or a deactivation it accepted (rows "activating" and "deactivating": the request is
// Provisioned or PendingRevocation, the instance list does not show it yet or still shows it), the tenant is read again
// after short, growing pauses until every row has settled. Without this the row would wait for the next periodic refresh
// (minutes) or a manual one; with it the tree says "activating…" / "deactivating…" and then the truth.
// Pure: no `vscode` import; timers and the time are injectable for tests.
import type { Disposable } from '../model/events';
import type { RoleState } from '../model/roleRows';
import { SYSTEM_TIMERS, type Timers } from './timers';
import type { RowRef } from './roleStore';

/** What the watcher needs of the RoleStore. */
export interface WatchedStore {
  readonly onDidChange: (listener: () => void) => Disposable;
  allRows(): RowRef[];
  refresh(tenantId?: string): Promise<void>;
}

export interface TransitionWatcherOptions {
  readonly timers?: Timers;
  readonly now?: () => number;
  /** Pauses between reads; the last one repeats. Default 2, 3, 5, 8, 10 s. */
  readonly intervalsMs?: readonly number[];
  /** Stop reading after a row has been in transition this long (the periodic refresh takes over). Default 10 minutes. */
  readonly maxWatchMs?: number;
  readonly log?: { warn(message: string): void };
}

const TRANSITIONS: ReadonlySet<RoleState> = new Set<RoleState>(['activating', 'deactivating']);
const DEFAULT_INTERVALS_MS: readonly number[] = [2000, 3000, 5000, 8000, 10_000];

export class TransitionWatcher implements Disposable {
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly subscription: Disposable;
  private timer: unknown;
  private reading = false;
  private attempt = 0;
  /** When the current run of transitions began; undefined while every row is settled. */
  private since: number | undefined;

  constructor(
    private readonly store: WatchedStore,
    private readonly options: TransitionWatcherOptions = {},
  ) {
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.now = options.now ?? Date.now;
    this.subscription = store.onDidChange(() => this.check());
  }

  dispose(): void {
    this.subscription.dispose();
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Tenants with a row in transition now. */
  private tenantsInTransition(): string[] {
    return [...new Set(this.store.allRows().flatMap((ref) => (TRANSITIONS.has(ref.row.state) ? [ref.connection.tenantId] : [])))];
  }

  private check(): void {
    if (this.timer !== undefined || this.reading) {
      return;
    }
    const tenants = this.tenantsInTransition();
    if (tenants.length === 0) {
      this.since = undefined;
      this.attempt = 0;
      return;
    }
    this.since ??= this.now();
    if (this.now() - this.since > (this.options.maxWatchMs ?? 10 * 60_000)) {
      return;
    }
    const intervals = this.options.intervalsMs ?? DEFAULT_INTERVALS_MS;
    const delay = intervals[Math.min(this.attempt, intervals.length - 1)] ?? DEFAULT_INTERVALS_MS[0];
    this.attempt++;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.read(tenants);
    }, delay);
  }

  private async read(tenants: readonly string[]): Promise<void> {
    this.reading = true;
    try {
      await Promise.all(tenants.map((tenantId) => this.store.refresh(tenantId)));
    } catch (error) {
      this.options.log?.warn(`Reading a role in transition again failed: ${String(error)}`);
    } finally {
      this.reading = false;
    }
    this.check();
  }
}
