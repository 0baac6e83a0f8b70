// "Forget Trusted Endpoints…": the user takes back a custom endpoint confirmed earlier (src/auth/endpointTrust.ts); the
// next token for it needs a new confirmation.
import * as vscode from 'vscode';
import type { TokenDestinations } from '../core/api/tokenDestinations';
import { formatList } from '../shared/locale';
import * as notify from '../ui/notify';
import { showQuickPick } from '../ui/quickInput';
import { registerCommand } from './commandRunner';

export function registerEndpointCommands(tokenDestinations: TokenDestinations, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    registerCommand(log, 'azurePim.forgetTrustedEndpoints', async () => {
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
    }),
  ];
}
