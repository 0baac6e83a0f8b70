// Least standing privilege (deactivateWhenDone): the roles a run activated are deactivated when the work that needed
// them is done, at once or, since PIM refuses a deactivation in the first 5 minutes (ActiveDurationTooShort), as soon
// as it allows. Roles that were active before the run are never touched. Time is PIM's clock; a timer waits for the
// allowed moment and the store's changes (a refresh that learns PIM's time) look again. Pure: no `vscode`.
import { MINIMUM_ACTIVE_MS } from '../errors/requestStatus';
import { EventSource, type Disposable } from '../model/events';
import { rowMatches, type DeclaredRole } from './declaredRoles';
import type { DeactivationResult } from './activation';
import type { RowRef } from '../store/roleStore';
import { SYSTEM_TIMERS, type Timers } from '../store/timers';

/** The declared roles that are active now and were not before the run (ids of the rows active before). */
export function activatedByRun(activeBefore: ReadonlySet<string>, refsAfter: readonly RowRef[], declared: readonly DeclaredRole[]): RowRef[] {
  return refsAfter.filter((ref) => ref.row.state === 'active' && !activeBefore.has(ref.row.id) && declared.some((role) => rowMatches(role, ref)));
}

/** Ids of the rows active, assigned, or on their way in or out now (what a run finds there is not its own). */
export function activeRowIds(refs: readonly RowRef[]): Set<string> {
  const held = new Set(['active', 'assigned', 'activating', 'deactivating']);
  return new Set(refs.filter((ref) => held.has(ref.row.state)).map((ref) => ref.row.id));
}

/** Labels of the tasks in tasks.json whose dependsOn names `label`. */
export function dependentTaskLabels(tasks: unknown, label: string): string[] {
  if (!Array.isArray(tasks)) {
    return [];
  }
  const names = (dependsOn: unknown): string[] =>
    typeof dependsOn === 'string'
      ? [dependsOn]
      : Array.isArray(dependsOn)
        ? dependsOn.flatMap((item: unknown) => (typeof item === 'string' ? [item] : typeof item === 'object' && item !== null && typeof (item as { label?: unknown }).label === 'string' ? [(item as { label: string }).label] : []))
        : [];
  return tasks.flatMap((task: unknown) => {
    const entry = task as { label?: unknown; dependsOn?: unknown };
    return typeof task === 'object' && task !== null && typeof entry.label === 'string' && names(entry.dependsOn).includes(label) ? [entry.label] : [];
  });
}

/** When PIM allows ending this activation: 5 minutes after it started. */
export function deactivationAllowedAt(ref: RowRef, now: Date): Date {
  const started = ref.row.active?.startDateTime ?? now;
  return new Date(started.getTime() + MINIMUM_ACTIVE_MS);
}

export interface ScheduledDeactivation {
  readonly rowId: string;
  readonly roleName: string;
  readonly scopeName: string;
  readonly at: Date;
}

export interface DeactivationSchedulerDeps {
  readonly store: { allRows(): RowRef[]; readonly onDidChange: (listener: () => void) => Disposable };
  readonly now: () => Date;
  readonly deactivate: (ref: RowRef) => Promise<DeactivationResult>;
  readonly log: { info(message: string): void; warn(message: string): void };
  readonly timers?: Timers;
}

/** After PIM refused as too early anyway (its clock is a little ahead of ours), try again this much later. */
const RETRY_AFTER_TOO_SHORT_MS = 30_000;

/** Deactivations waiting for PIM's 5-minute rule; what the status bar shows ("deactivates at 14:05"). */
export class DeactivationScheduler implements Disposable {
  private readonly waiting = new Map<string, ScheduledDeactivation>();
  private readonly running = new Set<string>();
  private readonly changed = new EventSource<void>();
  /** The scheduled deactivations changed. */
  readonly onDidChange = this.changed.event;
  private readonly timers: Timers;
  private readonly subscription: Disposable;
  private timer: unknown;

  constructor(private readonly deps: DeactivationSchedulerDeps) {
    this.timers = deps.timers ?? SYSTEM_TIMERS;
    this.subscription = deps.store.onDidChange(() => this.check());
  }

  /** Waiting deactivations, soonest first. */
  get scheduled(): ScheduledDeactivation[] {
    return [...this.waiting.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** The work is done: deactivate these rows now, or when PIM allows. */
  release(refs: readonly RowRef[]): void {
    const now = this.deps.now();
    for (const ref of refs) {
      this.waiting.set(ref.row.id, { rowId: ref.row.id, roleName: ref.row.roleName, scopeName: ref.row.scope.displayName, at: deactivationAllowedAt(ref, now) });
    }
    this.changed.fire();
    this.check();
  }

  private check(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.deps.now().getTime();
    const rows = new Map(this.deps.store.allRows().map((ref) => [ref.row.id, ref]));
    for (const entry of [...this.waiting.values()]) {
      const ref = rows.get(entry.rowId);
      if (!ref || ref.row.state !== 'active') {
        // Ended already (expired, or the user deactivated it): nothing left to do.
        this.waiting.delete(entry.rowId);
        this.changed.fire();
      } else if (entry.at.getTime() <= now && !this.running.has(entry.rowId)) {
        void this.run(entry, ref);
      }
    }
    const next = this.scheduled.find((entry) => !this.running.has(entry.rowId));
    if (next) {
      this.timer = this.timers.setTimeout(() => this.check(), Math.max(1000, next.at.getTime() - now));
    }
  }

  private async run(entry: ScheduledDeactivation, ref: RowRef): Promise<void> {
    this.running.add(entry.rowId);
    try {
      const result = await this.deps.deactivate(ref);
      if (result.ok) {
        this.deps.log.info(`Deactivate when done: ${entry.roleName} on ${entry.scopeName} deactivated.`);
        this.waiting.delete(entry.rowId);
      } else if (result.error?.kind === 'activeDurationTooShort') {
        this.waiting.set(entry.rowId, { ...entry, at: new Date(this.deps.now().getTime() + RETRY_AFTER_TOO_SHORT_MS) });
      } else {
        this.deps.log.warn(`Deactivate when done: ${entry.roleName} on ${entry.scopeName} could not be deactivated: ${result.message}`);
        this.waiting.delete(entry.rowId);
      }
    } finally {
      this.running.delete(entry.rowId);
      this.changed.fire();
      this.check();
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
    }
    this.subscription.dispose();
    this.changed.dispose();
  }
}
