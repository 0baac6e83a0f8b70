// After a PIM for Groups activation, access granted through the group (for example an Azure role whose
// eligibility names the group) only applies to tokens issued after the activation: offer to refresh.
import * as vscode from 'vscode';
import type { RowRef } from '../core/store/roleStore';
import type { AccountManager } from './accounts';
import { formatList } from '../shared/locale';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';

export function groupActivationMessage(refs: readonly RowRef[], refreshSignIn: string): string {
  const names = formatList([...new Set(refs.map((ref) => vscode.l10n.t('{0} of {1}', nameText(ref.row.roleName), nameText(ref.row.scope.displayName))))]);
  return vscode.l10n.t(
    '{0}: active. Access that comes through a group applies to sign-in tokens issued after the activation. {1} asks VS Code for your session again and reloads your roles; no new sign-in is needed, VS Code renews the token itself (services can take a few minutes to see the membership).',
    names,
    refreshSignIn,
  );
}

export async function offerSignInRefresh(accounts: AccountManager, refs: readonly RowRef[], log: vscode.LogOutputChannel): Promise<void> {
  const refreshSignIn = vscode.l10n.t('Refresh sign-in');
  const choice = await notify.showInformationMessage(groupActivationMessage(refs, refreshSignIn), refreshSignIn);
  if (choice !== refreshSignIn) {
    return;
  }
  for (const tenantId of new Set(refs.map((ref) => ref.tenant.tenantId))) {
    try {
      await accounts.refreshSignIn(tenantId);
    } catch (error) {
      log.warn(`Refreshing the sign-in for ${tenantId} failed: ${error instanceof Error ? error.message : String(error)}`);
      void notify.showWarningMessage(vscode.l10n.t('The sign-in could not be refreshed. Sign out and in again from the Azure PIM view if group access is missing.'));
    }
  }
}
