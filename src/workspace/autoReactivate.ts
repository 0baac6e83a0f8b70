// Optional re-activation of a workspace role that just expired (azurePim.workspaceRolesAutoReactivate). Rides on
// the role clock's onDidExpire (core/store/clock.ts): no timer of its own. A role whose policy needs approval (or
// cannot be read) is never re-requested without asking.
import * as vscode from 'vscode';
import type { RoleClock } from '../core/store/clock';
import type { RowRef } from '../core/store/roleStore';
import { rowMatches, type DeclaredRole } from '../core/flows/declaredRoles';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';
import type { ElevationRunner } from './elevationRunner';
import { AUTO_REACTIVATE_SETTING, readWorkspaceRoles } from './workspaceRoles';

export class AutoReactivation implements vscode.Disposable {
  private readonly subscription: { dispose(): void };
  private readonly running = new Set<string>();

  constructor(
    clock: RoleClock,
    private readonly elevator: ElevationRunner,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = clock.onDidExpire((refs) => this.onExpired(refs));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private onExpired(refs: readonly RowRef[]): void {
    // Restricted Mode: never, whatever the workspace setting says (VS Code drops it there too).
    if (!vscode.workspace.isTrusted || vscode.workspace.getConfiguration().get<boolean>(AUTO_REACTIVATE_SETTING) !== true) {
      return;
    }
    const declared = readWorkspaceRoles().roles;
    for (const ref of refs) {
      const role = declared.find((candidate) => rowMatches(candidate, ref));
      if (!role || this.running.has(ref.row.id)) {
        continue;
      }
      this.running.add(ref.row.id);
      void this.reactivate(ref, role).finally(() => this.running.delete(ref.row.id));
    }
  }

  private async reactivate(ref: RowRef, role: DeclaredRole): Promise<void> {
    const label = vscode.l10n.t('{0} on {1}', nameText(ref.row.roleName), nameText(ref.row.scope.displayName));
    const policy = await this.elevator.policyFor(ref);
    if (!policy || policy.requiresApproval || policy.requiresTicket) {
      const message = !policy
        ? vscode.l10n.t('{0} expired. This workspace needs it, but its policy could not be read: request it again?', label)
        : policy.requiresApproval
          ? vscode.l10n.t('{0} expired. This workspace needs it, but it needs approval: request it again?', label)
          : vscode.l10n.t('{0} expired. This workspace needs it, but it needs a ticket: request it again?', label);
      const activate = vscode.l10n.t('Activate…');
      const choice = await notify.showWarningMessage(message, activate);
      if (choice === activate) {
        await vscode.commands.executeCommand('azurePim.activateRole', ref.row.id);
      }
      return;
    }
    this.log.info(`Auto re-activation: ${label} expired; this workspace needs it.`);
    const result = await this.elevator.ensure([role]);
    const outcome = result.roles[0];
    if (result.ok) {
      notify.setStatusBarMessage('shield', vscode.l10n.t('{0} re-activated for this workspace', label), 10_000);
    } else {
      void notify.showWarningMessage(vscode.l10n.t('{0} expired and could not be re-activated: {1}', label, outcome?.message ?? result.summary));
    }
  }
}
