// After a PIM for Groups activation, access granted through the group (for example an Azure role whose
// eligibility names the group) only applies to tokens issued after the activation: offer a token issued now, and say
// plainly what the sign-in gave (core/auth/freshToken.ts).
import * as vscode from 'vscode';
import type { RowRef } from '../core/store/roleStore';
import type { FreshTokenOutcome } from '../core/auth/freshToken';
import { isPimError } from '../core/errors/errors';
import type { AccountManager } from './accounts';
import { formatList, formatTime } from '../shared/locale';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';

export function groupActivationMessage(refs: readonly RowRef[], refreshSignIn: string): string {
  const names = formatList([...new Set(refs.map((ref) => vscode.l10n.t('{0} of {1}', nameText(ref.row.roleName), nameText(ref.row.scope.displayName))))]);
  return vscode.l10n.t(
    '{0}: active. Access that comes through a group applies to sign-in tokens issued after the activation; the token in use is older. {1} asks VS Code\'s Microsoft sign-in for a token issued now (without a prompt when it can) and reloads your roles.',
    names,
    refreshSignIn,
  );
}

export function freshTokenMessage(outcome: FreshTokenOutcome, tenant: string): string {
  switch (outcome.kind) {
    case 'fresh':
      return vscode.l10n.t(
        'New sign-in token for {0}, issued at {1}, after the activation: access through the group is in it. Azure can take a few minutes more to apply it.',
        tenant,
        formatTime(outcome.issuedAt),
      );
    case 'stale':
      return outcome.issuedAt
        ? vscode.l10n.t(
            "VS Code's sign-in answered with a token for {0} issued at {1}, before the activation, so access through the group is not in it yet. It will be once VS Code renews the token (within about an hour), or at once if you sign the account out in the Accounts menu and in again.",
            tenant,
            formatTime(outcome.issuedAt),
          )
        : vscode.l10n.t(
            "VS Code's sign-in answered with a token for {0} that does not say when it was issued, so it may not carry the group access yet. Sign the account out in the Accounts menu and in again if access is missing.",
            tenant,
          );
    case 'unsupported':
      return vscode.l10n.t(
        'VS Code {0} cannot ask its sign-in for a new token (that needs VS Code 1.105). Access through the group applies once VS Code renews the token (within about an hour), or at once if you sign the account out in the Accounts menu and in again.',
        outcome.version,
      );
  }
}

export async function offerSignInRefresh(accounts: AccountManager, refs: readonly RowRef[], log: vscode.LogOutputChannel, now: () => Date = () => new Date()): Promise<void> {
  // The activation is done when this is offered: a token issued from now on carries the membership.
  const activatedBy = now();
  const refreshSignIn = vscode.l10n.t('Refresh sign-in');
  const choice = await notify.showInformationMessage(groupActivationMessage(refs, refreshSignIn), refreshSignIn);
  if (choice !== refreshSignIn) {
    return;
  }
  const tenants = new Map(refs.map((ref) => [ref.tenant.tenantId, ref.tenant.displayName]));
  for (const [tenantId, displayName] of tenants) {
    try {
      const outcome = await accounts.refreshSignIn(tenantId, activatedBy);
      const message = freshTokenMessage(outcome, nameText(displayName));
      void (outcome.kind === 'fresh' ? notify.showInformationMessage(message) : notify.showWarningMessage(message));
    } catch (error) {
      if (isPimError(error) && error.kind === 'cancelled') {
        continue;
      }
      log.warn(`Refreshing the sign-in for ${tenantId} failed: ${error instanceof Error ? error.message : String(error)}`);
      const reason = isPimError(error) ? error.userMessage : '';
      void notify.showWarningMessage(
        vscode.l10n.t('No new sign-in token for {0}: {1} Access through the group applies once VS Code renews the token (within about an hour).', nameText(displayName), reason),
      );
    }
  }
}
