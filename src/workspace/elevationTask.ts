// The "azure-pim" task type: a deploy task can `dependsOn` it so the roles it needs are active (and, with
// waitForAccess, effective) before it runs. A pseudoterminal prints one line per role and ends with exit code
// 0 when every role is usable, 1 otherwise (VS Code then does not run the dependent task).
import * as vscode from 'vscode';
import type { EnsureResult } from '../api';
import { parseDeclaredRoles, type DeclaredRole } from '../core/flows/declaredRoles';
import { type ElevationProgress } from '../core/flows/ensureRoles';
import type { ElevationRunner } from './elevationRunner';
import type { LeastPrivilege } from './leastPrivilege';
import { readWorkspaceRoles } from './workspaceRoles';
import { formatList, formatTime } from '../shared/locale';
import { terminalLine } from '../shared/inertText';

export const TASK_TYPE = 'azure-pim';

/** The task's properties in tasks.json (see taskDefinitions in package.json). */
export interface ElevationTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof TASK_TYPE;
  /** Default: azurePim.workspaceRoles. */
  readonly roles?: unknown;
  readonly waitForAccess?: unknown;
  readonly timeoutMinutes?: unknown;
  readonly justification?: unknown;
  /** The dependent task needs the roles at least this long: one that ends sooner is activated again first. */
  readonly minRemainingMinutes?: unknown;
  /** Deactivate the roles this run activated once the dependent tasks end (as soon as PIM allows). */
  readonly deactivateWhenDone?: unknown;
}

export function registerElevationTasks(elevator: ElevationRunner, leastPrivilege: LeastPrivilege): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => {
      // Restricted Mode: readWorkspaceRoles() gives nothing, so no task is offered.
      if (readWorkspaceRoles().roles.length === 0) {
        return [];
      }
      const definition: ElevationTaskDefinition = { type: TASK_TYPE, waitForAccess: true };
      return [createTask(definition, vscode.TaskScope.Workspace, vscode.l10n.t('Elevate for this workspace'), elevator, leastPrivilege)];
    },
    resolveTask: (task) => {
      const definition = task.definition as ElevationTaskDefinition;
      // Keep the definition as written: VS Code matches the resolved task to its tasks.json entry by it.
      return createTask(definition, task.scope ?? vscode.TaskScope.Workspace, task.name, elevator, leastPrivilege);
    },
  });
}

function createTask(
  definition: ElevationTaskDefinition,
  scope: vscode.TaskScope | vscode.WorkspaceFolder,
  name: string,
  elevator: ElevationRunner,
  leastPrivilege: LeastPrivilege,
): vscode.Task {
  const task = new vscode.Task(
    definition,
    scope,
    name,
    'Azure PIM',
    new vscode.CustomExecution(() => Promise.resolve(new ElevationTerminal(definition, elevator, { name, folder: typeof scope === 'object' ? scope : undefined, leastPrivilege }))),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Shared, clear: true };
  return task;
}

const ICONS: Record<ElevationProgress['state'], string> = {
  activating: '…',
  active: '✔',
  alreadyActive: '✔',
  pendingApproval: '✖',
  waitingForApproval: '…',
  approved: '✔',
  scheduled: '✖',
  waitingForAccess: '…',
  accessEffective: '✔',
  failed: '✖',
};

class ElevationTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly abort = new AbortController();

  constructor(
    private readonly definition: ElevationTaskDefinition,
    private readonly elevator: ElevationRunner,
    private readonly run: { readonly name: string; readonly folder: vscode.WorkspaceFolder | undefined; readonly leastPrivilege: LeastPrivilege },
  ) {}

  open(): void {
    void this.elevate().then(
      (code) => this.finish(code),
      (error: unknown) => {
        this.line(`✖ ${error instanceof Error ? error.message : String(error)}`);
        this.finish(1);
      },
    );
  }

  close(): void {
    this.abort.abort();
  }

  private async elevate(): Promise<number> {
    // VS Code asks for trust before it runs any task; this is the second lock, for whatever starts it anyway.
    if (!vscode.workspace.isTrusted) {
      this.line(`✖ ${vscode.l10n.t('Restricted Mode: the azure-pim task activates nothing until you trust this workspace.')}`);
      return 1;
    }
    const declared = this.declaredRoles();
    if (!declared) {
      return 1;
    }
    if (declared.length === 0) {
      this.line(vscode.l10n.t('No roles to activate: set "roles" on the task or {0} in the workspace settings.', 'azurePim.workspaceRoles'));
      return 1;
    }
    const waitForAccess = this.definition.waitForAccess === true;
    const timeout = typeof this.definition.timeoutMinutes === 'number' && this.definition.timeoutMinutes > 0 ? Math.min(this.definition.timeoutMinutes, 120) : 10;
    this.line(
      declared.length === 1
        ? waitForAccess
          ? vscode.l10n.t('Azure PIM: 1 role for this workspace, waiting up to {0} min for access', timeout)
          : vscode.l10n.t('Azure PIM: 1 role for this workspace')
        : waitForAccess
          ? vscode.l10n.t('Azure PIM: {0} roles for this workspace, waiting up to {1} min for access', declared.length, timeout)
          : vscode.l10n.t('Azure PIM: {0} roles for this workspace', declared.length),
    );
    if (!this.elevator.signedIn) {
      this.line(`✖ ${vscode.l10n.t('Not signed in to Azure PIM. Run "Azure PIM: Sign In", then run the task again.')}`);
      return 1;
    }
    const activeBefore = this.run.leastPrivilege.activeBefore();
    const result: EnsureResult = await this.elevator.ensure(declared, {
      waitForAccess,
      timeoutMinutes: timeout,
      ...(typeof this.definition.justification === 'string' && this.definition.justification.trim() ? { justification: this.definition.justification.trim() } : {}),
      ...(typeof this.definition.minRemainingMinutes === 'number' && Number.isFinite(this.definition.minRemainingMinutes) ? { minRemainingMinutes: this.definition.minRemainingMinutes } : {}),
      signal: this.abort.signal,
      onProgress: (progress) => this.line(`${ICONS[progress.state]} ${progress.label}: ${progress.message}${progress.state === 'pendingApproval' || progress.state === 'failed' ? ` → ${vscode.l10n.t('FAIL')}` : ''}`),
    });
    const deactivateWhenDone = this.definition.deactivateWhenDone === true;
    const activated = await this.run.leastPrivilege.recordRun(vscode.l10n.t('task “{0}”', this.run.name), activeBefore, declared, deactivateWhenDone);
    if (deactivateWhenDone && activated.length > 0) {
      // Exit code 1 below: VS Code runs no dependent task, so the roles go at once.
      const dependents = result.ok ? this.run.leastPrivilege.deactivateAfterDependents(this.run.name, this.run.folder, activated) : this.run.leastPrivilege.deactivateNow(activated);
      this.line(
        dependents.length > 0
          ? `… ${vscode.l10n.t('{0} activated by this run will be deactivated when {1} ends (as soon as PIM allows).', activated.length, formatList(dependents))}`
          : `… ${vscode.l10n.t('{0} activated by this run will be deactivated as soon as PIM allows.', activated.length)}`,
      );
    }
    this.line('');
    this.line(
      result.ok
        ? `✔ ${vscode.l10n.t('All roles active ({0}) at {1}.', result.summary, formatTime(new Date()))}`
        : `✖ ${vscode.l10n.t('Not all roles are usable: {0}.', result.summary)}`,
    );
    return result.ok ? 0 : 1;
  }

  private declaredRoles(): DeclaredRole[] | undefined {
    const fromTask = this.definition.roles !== undefined;
    const { roles, problems } = fromTask ? parseDeclaredRoles(this.definition.roles, 'roles') : readWorkspaceRoles();
    if (problems.length > 0) {
      problems.forEach((problem) => this.line(`✖ ${problem}`));
      return undefined;
    }
    return roles;
  }

  /** The terminal interprets escape sequences: every line, ours or with names in it, is written inert. */
  private line(text: string): void {
    this.writeEmitter.fire(`${terminalLine(text)}\r\n`);
  }

  private finish(code: number): void {
    this.closeEmitter.fire(code);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
