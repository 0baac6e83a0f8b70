// "Activate again when it ends": PIM cannot extend an activation, and ending it early loses the time left (and, for a
// role that needs approval, the approval). So a re-activation of a role that is still active waits here, with what the
// form was answered, until the activation ends: on the role clock's expiry (RoleStore.onDidExpire, driven by
// core/store/clock.ts), or when a refresh shows PIM no longer lists it. Then it is sent once, after PIM confirms the
// activation is gone. Kept in memory only: closing VS Code (or signing out) forgets it.
// Pure: no `vscode` import; tested against the emulator in plain mocha.
import { activateRow, waitUntilEnded, type ActivationChoice, type ActivationResult, type FollowOptions } from './activation';
import { PimError } from '../errors/errors';
import { EventSource, type Disposable } from '../model/events';
import type { RowRef } from '../store/roleStore';

/** What the queue needs of the RoleStore. */
export interface QueueStore {
  readonly onDidChange: (listener: () => void) => Disposable;
  readonly onDidExpire: (listener: (refs: readonly RowRef[]) => void) => Disposable;
  readonly hasConnections: boolean;
  findRow(rowId: string): RowRef | undefined;
}

export interface QueuedReactivation {
  readonly rowId: string;
  readonly roleName: string;
  readonly scopeDisplayName: string;
  readonly choice: ActivationChoice;
  /** When the activation it waits for ends (as known when queued). */
  readonly endsAt?: Date;
}

export interface ReactivationRun {
  readonly queued: QueuedReactivation;
  readonly ref: RowRef;
  readonly result: ActivationResult;
}

export interface ReactivationQueueOptions {
  /** How the activation's end is confirmed and the new one followed (activateRow's FollowOptions). */
  readonly follow?: Pick<FollowOptions, 'pollIntervalsMs' | 'pollTimeoutMs'>;
  readonly log?: { info(message: string): void; warn(message: string): void };
}

export class ReactivationQueue implements Disposable {
  private readonly queued = new Map<string, QueuedReactivation>();
  private readonly running = new Set<string>();
  private readonly ran = new EventSource<ReactivationRun>();
  /** A queued re-activation was sent (or could not be); the result says which. */
  readonly onDidRun = this.ran.event;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly store: QueueStore,
    private readonly options: ReactivationQueueOptions = {},
  ) {
    this.subscriptions = [store.onDidExpire(() => this.check()), store.onDidChange(() => this.check())];
  }

  /** Queues a re-activation of an active row with the form's answers; replaces one queued before for the same row. */
  enqueue(ref: RowRef, choice: ActivationChoice): QueuedReactivation {
    const queued: QueuedReactivation = {
      rowId: ref.row.id,
      roleName: ref.row.roleName,
      scopeDisplayName: ref.row.scope.displayName,
      choice,
      ...(ref.row.endsAt ? { endsAt: ref.row.endsAt } : {}),
    };
    this.queued.set(ref.row.id, queued);
    this.options.log?.info(`Re-activation of ${queued.roleName} on ${queued.scopeDisplayName} queued until its activation ends.`);
    return queued;
  }

  /** Forgets a queued re-activation (e.g. the user deactivated the role: done with it). */
  cancel(rowId: string): boolean {
    return this.queued.delete(rowId);
  }

  get(rowId: string): QueuedReactivation | undefined {
    return this.queued.get(rowId);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.ran.dispose();
    this.queued.clear();
  }

  private check(): void {
    if (!this.store.hasConnections) {
      // Signed out: nothing is sent for an account that is no longer used.
      this.queued.clear();
      return;
    }
    for (const queued of [...this.queued.values()]) {
      const ref = this.store.findRow(queued.rowId);
      if (!ref || this.running.has(queued.rowId)) {
        continue;
      }
      switch (ref.row.state) {
        case 'eligible':
          this.running.add(queued.rowId);
          void this.run(queued, ref).finally(() => this.running.delete(queued.rowId));
          break;
        case 'active':
        case 'deactivating':
          // Not over yet (or extended elsewhere, with a new end): keep waiting.
          break;
        default:
          // Activated again some other way, or it became a permanent assignment: nothing left to do.
          this.options.log?.info(`Queued re-activation of ${queued.roleName} on ${queued.scopeDisplayName} dropped: the role is ${ref.row.state} now.`);
          this.queued.delete(queued.rowId);
      }
    }
  }

  private async run(queued: QueuedReactivation, ref: RowRef): Promise<void> {
    try {
      // The local clock may call the end a moment before PIM drops the activation; a request then would be "already exists".
      const ended = await waitUntilEnded(ref, this.options.follow);
      if (!ended.done || this.queued.get(queued.rowId) !== queued) {
        return;
      }
      this.queued.delete(queued.rowId);
      const result = await activateRow(ref, queued.choice, this.options.follow).catch(
        (error: unknown): ActivationResult => ({ outcome: 'failed', message: PimError.from(error).userMessage, error: PimError.from(error) }),
      );
      this.ran.fire({ queued, ref, result });
    } catch (error) {
      this.options.log?.warn(`Queued re-activation of ${queued.roleName} on ${queued.scopeDisplayName}: could not tell whether its activation ended: ${String(error)}`);
    }
  }
}
