// Runs "elevate before deploy" for the command, the azure-pim task, the API and auto re-activation: reads the
// workspace's declared roles, refreshes the store, and hands the pure orchestration what it needs (policies,
// defaults). Everything about matching and deciding lives in src/core/flows/declaredRoles.ts.
import * as vscode from 'vscode';
import type { EnsureActiveOptions, EnsureResult, EnsureRoleResult } from '../api';
import type { Settings } from '../config';
import { apiJustification } from '../core/flows/apiElevation';
import type { PolicyCache } from '../core/store/policyCache';
import { loadPolicy } from '../core/flows/roleOperations';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import type { ActivationPolicy } from '../shared/policyShape';
import { parseDeclaredRoles, type DeclaredRole } from '../core/flows/declaredRoles';
import { ensureRoles, type ElevationProgress } from '../core/flows/ensureRoles';
import { rememberJustification } from '../webview/activationPanel';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';

export const WORKSPACE_ROLES_SETTING = 'azurePim.workspaceRoles';
// Not "workspaceRoles.autoReactivate": VS Code's settings tree cannot hold a key below an array-valued setting.
export const AUTO_REACTIVATE_SETTING = 'azurePim.workspaceRolesAutoReactivate';

export interface WorkspaceRoles {
  readonly roles: DeclaredRole[];
  readonly problems: string[];
  /** Restricted Mode: the workspace's roles are off until the user trusts it. */
  readonly restricted: boolean;
}

/**
 * The roles this workspace declares (`azurePim.workspaceRoles`), and what is wrong with invalid entries. Nothing in
 * Restricted Mode: VS Code drops the setting there (restrictedConfigurations), and this checks trust itself too.
 */
export function readWorkspaceRoles(): WorkspaceRoles {
  if (!vscode.workspace.isTrusted) {
    return { roles: [], problems: [], restricted: true };
  }
  return { ...parseDeclaredRoles(vscode.workspace.getConfiguration().get<unknown>(WORKSPACE_ROLES_SETTING), WORKSPACE_ROLES_SETTING), restricted: false };
}

/** Says that workspace roles are off in Restricted Mode, with a way to trust the workspace. */
async function explainRestrictedMode(): Promise<void> {
  const manageTrust = vscode.l10n.t('Manage Workspace Trust');
  const choice = await notify.showInformationMessage(
    vscode.l10n.t('Restricted Mode: workspace roles are off until you trust this workspace. Roles you pick yourself still work.'),
    manageTrust,
  );
  if (choice === manageTrust) {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
}

export interface ElevationRunnerDeps {
  readonly store: RoleStore;
  readonly policies: PolicyCache;
  readonly settings: () => Settings;
  readonly memory: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
}

export interface ElevateOptions extends EnsureActiveOptions {
  readonly onProgress?: (progress: ElevationProgress) => void;
  readonly signal?: AbortSignal;
  /** Another extension asked (the API): the justification says so, and is not offered in the form's recent list. */
  readonly requestedThroughApi?: boolean;
}

export class ElevationRunner {
  constructor(private readonly deps: ElevationRunnerDeps) {}

  get signedIn(): boolean {
    return this.deps.store.hasConnections;
  }

  /** The role's policy through the shared cache; undefined when it cannot be read (PIM still checks it). */
  policyFor = async (ref: RowRef): Promise<ActivationPolicy | undefined> => {
    const key = ref.row.eligible?.key ?? ref.row.active?.key;
    if (!key) {
      return undefined;
    }
    const entry = await this.deps.policies.get(ref.row.id, () => loadPolicy(ref.connection, key));
    return entry.state === 'loaded' ? entry.policy : undefined;
  };

  async ensure(roles: readonly DeclaredRole[], options: ElevateOptions = {}): Promise<EnsureResult> {
    const { store, log } = this.deps;
    if (!store.hasConnections) {
      const results = roles.map(
        (role): EnsureRoleResult => ({
          role: role.role,
          scope: role.scope,
          kind: role.kind ?? 'azure',
          outcome: 'notSignedIn',
          ok: false,
          message: vscode.l10n.t('Not signed in to Azure PIM: run "Azure PIM: Sign In" first.'),
        }),
      );
      return { ok: false, roles: results, summary: vscode.l10n.t('Not signed in to Azure PIM.') };
    }
    // Decide on fresh state: a pending request or an activation made elsewhere must be seen, not re-sent.
    await store.refresh();
    const result = await ensureRoles(store, roles, {
      policyFor: this.policyFor,
      defaultDurationMinutes: options.durationMinutes ?? this.deps.settings().defaultDurationMinutes,
      ...(options.justification ? { defaultJustification: options.justification } : {}),
      waitForAccess: options.waitForAccess ?? false,
      accessTimeoutMs: Math.max(1, options.timeoutMinutes ?? 10) * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.requestedThroughApi ? { annotateJustification: apiJustification } : {}),
      onProgress: (progress) => {
        log.info(`Workspace elevation: ${progress.label}: ${progress.message}`);
        options.onProgress?.(progress);
      },
    });
    log.info(`Workspace elevation: ${result.summary}`);
    if (options.requestedThroughApi) {
      return result;
    }
    const justifications = new Set([options.justification, ...roles.map((role) => role.justification)].filter((text): text is string => Boolean(text)));
    for (const text of justifications) {
      await rememberJustification(this.deps.memory, text);
    }
    return result;
  }
}

/** "Azure PIM: Elevate for This Workspace": activates the declared roles with progress and a summary. */
export async function elevateWorkspaceCommand(elevator: ElevationRunner): Promise<EnsureResult | undefined> {
  const { roles, problems, restricted } = readWorkspaceRoles();
  if (restricted) {
    await explainRestrictedMode();
    return undefined;
  }
  if (problems.length > 0) {
    void notify.showWarningMessage(vscode.l10n.t('Some workspace roles are invalid and skipped: {0}', problems.join(' ')));
  }
  if (roles.length === 0) {
    const openSettings = vscode.l10n.t('Open Workspace Settings');
    const choice = await notify.showInformationMessage(
      vscode.l10n.t('This workspace declares no roles. Add them to {0} in {1}.', WORKSPACE_ROLES_SETTING, '.vscode/settings.json'),
      openSettings,
    );
    if (choice === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', WORKSPACE_ROLES_SETTING);
    }
    return undefined;
  }
  if (!elevator.signedIn) {
    await vscode.commands.executeCommand('azurePim.signIn');
  }
  const result = await notify.withProgress<EnsureResult>(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Azure PIM: elevating for this workspace'), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        return await elevator.ensure(roles, { signal: abort.signal, onProgress: (event) => progress.report({ message: `${event.label}: ${event.message}` }) });
      } finally {
        subscription.dispose();
      }
    },
  );
  const details = result.roles.map((role) => vscode.l10n.t('{0} on {1}: {2}', nameText(role.roleName ?? role.role), nameText(role.scopeDisplayName ?? role.scope), role.message));
  const text = vscode.l10n.t('Workspace roles: {0}. {1}', result.summary, details.join(' · '));
  if (result.ok) {
    void notify.showInformationMessage(text);
  } else {
    void notify.showWarningMessage(text);
  }
  return result;
}
