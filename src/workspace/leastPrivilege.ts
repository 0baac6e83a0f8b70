// Least standing privilege and elevation receipts in VS Code: the roles an azure-pim task activated with
// deactivateWhenDone are handed to the DeactivationScheduler once the tasks that depend on it have ended; every run
// that activated roles leaves a receipt (core/store/elevationReceipts.ts) that notes the tasks and agent calls that ran
// while they were active, and when they ended.
import * as vscode from 'vscode';
import { activatedByRun, activeRowIds, dependentTaskLabels, type DeactivationScheduler } from '../core/flows/deactivateWhenDone';
import type { DeclaredRole } from '../core/flows/declaredRoles';
import type { ElevationReceipts } from '../core/store/elevationReceipts';
import type { RoleStore, RowRef } from '../core/store/roleStore';

/** A dependent task that has not started this long after the elevation ended is not coming (it failed, or none runs). */
const DEPENDENT_START_GRACE_MS = 60_000;

export interface LeastPrivilegeDeps {
  readonly store: RoleStore;
  readonly now: () => Date;
  readonly receipts: ElevationReceipts;
  readonly scheduler: DeactivationScheduler;
  readonly log: vscode.LogOutputChannel;
}

export class LeastPrivilege implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private readonly waits = new Set<vscode.Disposable>();

  constructor(private readonly deps: LeastPrivilegeDeps) {
    this.subscriptions = [
      vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.type !== 'azure-pim') {
          void deps.receipts.noteRun(event.execution.task.name, deps.now(), event.exitCode);
        }
      }),
      deps.store.onDidChange(() => void deps.receipts.update(deps.store.allRows(), deps.now())),
    ];
  }

  /** Ids of the roles active before a run, to tell afterwards which ones the run activated. */
  activeBefore(): Set<string> {
    return activeRowIds(this.deps.store.allRows());
  }

  /** After a run: the declared roles it activated get a receipt; returns them. */
  async recordRun(by: string, activeBefore: ReadonlySet<string>, declared: readonly DeclaredRole[], deactivateWhenDone: boolean): Promise<RowRef[]> {
    const activated = activatedByRun(activeBefore, this.deps.store.allRows(), declared);
    await this.deps.receipts.open(by, activated, this.deps.now(), deactivateWhenDone);
    return activated;
  }

  /** An agent's tool call, noted on the receipts of roles active now. */
  noteAgentCall(what: string): void {
    void this.deps.receipts.noteRun(what, this.deps.now());
  }

  /** Deactivates `refs` (as soon as PIM allows) once the tasks that depend on `taskLabel` have ended. */
  deactivateAfterDependents(taskLabel: string, scope: vscode.WorkspaceFolder | undefined, refs: readonly RowRef[]): string[] {
    const dependents = new Set(dependentTaskLabels(vscode.workspace.getConfiguration('tasks', scope?.uri).get<unknown>('tasks'), taskLabel));
    const running = new Set<vscode.TaskExecution>();
    let started = false;
    const release = (): void => {
      wait.dispose();
      this.waits.delete(wait);
      this.deps.log.info(`Deactivate when done: the tasks that depend on "${taskLabel}" have ended.`);
      this.deps.scheduler.release(refs);
    };
    const subscriptions: vscode.Disposable[] = [
      vscode.tasks.onDidStartTask((event) => {
        if (dependents.has(event.execution.task.name)) {
          started = true;
          running.add(event.execution);
        }
      }),
      vscode.tasks.onDidEndTask((event) => {
        if (running.delete(event.execution) && running.size === 0) {
          release();
        }
      }),
    ];
    const grace = setTimeout(() => {
      if (!started) {
        release();
      }
    }, dependents.size > 0 ? DEPENDENT_START_GRACE_MS : 0);
    const wait = {
      dispose: () => {
        clearTimeout(grace);
        subscriptions.forEach((subscription) => {
          subscription.dispose();
        });
      },
    };
    this.waits.add(wait);
    return [...dependents];
  }

  /** Deactivates `refs` as soon as PIM allows; no dependent to wait for. */
  deactivateNow(refs: readonly RowRef[]): string[] {
    this.deps.scheduler.release(refs);
    return [];
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => {
          subscription.dispose();
        });
    this.waits.forEach((wait) => {
      wait.dispose();
    });
  }
}
