// After a PIM for Groups activation, access granted through the group (for example an Azure role whose
// eligibility names the group) only applies to tokens issued after the activation: offer to refresh.
import * as vscode from 'vscode';
import type { RowRef } from '../core/roleStore';
import type { AccountManager } from './accounts';

export const REFRESH_SIGN_IN = 'Refresh sign-in';

export function groupActivationMessage(refs: readonly RowRef[]): string {
  const names = [...new Set(refs.map((ref) => `${ref.row.roleName} of ${ref.row.scope.displayName}`))].join(', ');
  return (
    `${names}: active. Access that comes through a group applies to sign-in tokens issued after the activation. ` +
    `${REFRESH_SIGN_IN} asks VS Code for your session again and reloads your roles; no new sign-in is needed, ` +
    'VS Code renews the token itself (services can take a few minutes to see the membership).'
  );
}

export async function offerSignInRefresh(accounts: AccountManager, refs: readonly RowRef[], log: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showInformationMessage(groupActivationMessage(refs), REFRESH_SIGN_IN);
  if (choice !== REFRESH_SIGN_IN) {
    return;
  }
  for (const tenantId of new Set(refs.map((ref) => ref.tenant.tenantId))) {
    try {
      await accounts.refreshSignIn(tenantId);
    } catch (error) {
      log.warn(`Refreshing the sign-in for ${tenantId} failed: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showWarningMessage('The sign-in could not be refreshed. Sign out and in again from the Azure PIM view if group access is missing.');
    }
  }
}
