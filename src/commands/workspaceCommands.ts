// "Azure PIM: Elevate for This Workspace": activates the roles the workspace declares, with progress and a summary.
import * as vscode from 'vscode';
import type { EnsureResult } from '../api';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';
import type { ElevationRunner } from '../workspace/elevationRunner';
import { readWorkspaceRoles, WORKSPACE_ROLES_SETTING } from '../workspace/workspaceRoles';
import { registerCommand } from './commandRunner';

export function registerWorkspaceCommands(elevator: ElevationRunner, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [registerCommand(log, 'azurePim.elevateWorkspace', () => elevateWorkspace(elevator))];
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

/** "Azure PIM: Elevate for This Workspace": activates the declared roles with progress and a summary. */
async function elevateWorkspace(elevator: ElevationRunner): Promise<EnsureResult | undefined> {
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
