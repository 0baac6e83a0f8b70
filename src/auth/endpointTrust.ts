// The VS Code side of the token gate (src/core/api/tokenDestinations.ts): the confirmation before the first token
// goes to a custom endpoint, and the confirmed origins in globalState (this machine only, not synced). The command
// that forgets them is in src/commands/endpointCommands.ts.
import * as vscode from 'vscode';
import type { TrustedOriginStore } from '../core/api/tokenDestinations';
import * as notify from '../ui/notify';

const TRUSTED_ORIGINS_KEY = 'azurePim.trustedTokenOrigins';

export function trustedOriginsIn(memento: vscode.Memento): TrustedOriginStore {
  return {
    get: () => {
      const value = memento.get<unknown>(TRUSTED_ORIGINS_KEY);
      return Array.isArray(value) ? value.filter((origin): origin is string => typeof origin === 'string') : [];
    },
    set: (origins) => memento.update(TRUSTED_ORIGINS_KEY, origins.length > 0 ? [...origins] : undefined),
  };
}

/** A modal question naming the origin and what it would receive; only "Trust" says yes. */
export async function confirmTokenDestination(origin: string): Promise<boolean> {
  const trust = vscode.l10n.t('Trust and Send Token');
  const answer = await notify.showWarningMessage(
    vscode.l10n.t('Send your Azure sign-in token to {0}?', origin),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Azure PIM is set to use the custom endpoint {0}. To list and activate your roles it would send that endpoint the Azure and Microsoft Graph sign-in token of your account, which can act as you on everything the account can reach. Only continue if you set this endpoint up yourself.',
        origin,
      ),
    },
    trust,
  );
  return answer === trust;
}
