// The VS Code side of the token gate (src/core/api/tokenDestinations.ts): the confirmation before the first token
// goes to a custom endpoint, the confirmed origins in globalState (this machine only, not synced), and the
// command that forgets them.
import * as vscode from 'vscode';
import { registerCommand } from '../commands/commandRunner';
import type { TokenDestinations, TrustedOriginStore } from '../core/api/tokenDestinations';
import { formatList } from '../shared/locale';
import * as notify from '../ui/notify';
import { showQuickPick } from '../ui/quickInput';

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

export function registerForgetTrustedEndpoints(tokenDestinations: TokenDestinations, log: vscode.LogOutputChannel): vscode.Disposable {
  return registerCommand(log, 'azurePim.forgetTrustedEndpoints', async () => {
    const origins = tokenDestinations.trustedOrigins;
    if (origins.length === 0) {
      void notify.showInformationMessage(vscode.l10n.t('No custom endpoint is trusted.'));
      return;
    }
    const picked = await showQuickPick(
      origins.map((origin) => ({ label: origin })),
      {
        title: vscode.l10n.t('Forget Trusted Endpoints'),
        placeHolder: vscode.l10n.t('Azure PIM asks again before it sends a sign-in token to an endpoint you forget'),
        canPickMany: true,
      },
    );
    const forgotten = (picked ?? []).map((item) => item.label);
    if (forgotten.length > 0) {
      await tokenDestinations.forget(forgotten);
      log.info(`Forgot the trusted endpoint(s) ${forgotten.join(', ')}.`);
      void notify.showInformationMessage(
        vscode.l10n.t('Azure PIM asks again before it sends a sign-in token to {0}.', formatList(forgotten, 'conjunction')),
      );
    }
  });
}
