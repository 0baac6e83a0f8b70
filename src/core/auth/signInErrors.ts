// What a failed sign-in means and what to do about it. VS Code's Microsoft sign-in hands errors across its RPC boundary
// as `name` and `message` only (extensionHostProcess.js revives them as `new Error` with those two fields; MSAL writes
// `${errorCode}: ${errorMessage}`, e.g. "access_denied: AADSTS65004: …"), so the AADSTS code in the message is all we
// can go by. Codes and meanings: Microsoft Learn "Microsoft Entra authentication and authorization error codes".
import * as l10n from '@vscode/l10n';
import { PimError } from '../errors/errors';
import { nameText } from '../../shared/inertText';
import { redactSecrets } from '../../shared/secrets';

export interface SignInContext {
  /** The app registration the sign-in was for (azurePim.graph.clientId); undefined = VS Code's own app. */
  readonly clientId?: string;
  readonly tenantId?: string;
}

/**
 * Redirect URIs a custom app registration needs for VS Code's Microsoft sign-in (microsoft/vscode
 * extensions/microsoft-authentication): the loopback of MSAL's default flow (http://localhost, any port), vscode.dev's
 * redirect page for the protocol-handler flow (remote hosts, Codespaces), and the Windows broker's URI for the client.
 */
export function requiredRedirectUris(clientId: string): string[] {
  return ['http://localhost', 'https://vscode.dev/redirect', `ms-appx-web://Microsoft.AAD.BrokerPlugin/${clientId}`];
}

type SignInProblem = 'cancelled' | 'consent' | 'redirectUri' | 'appNotInTenant' | 'conditionalAccess' | 'mfa' | 'mfaRegistration' | 'publicClient' | 'other';

const AADSTS_PROBLEMS: ReadonlyMap<string, SignInProblem> = new Map([
  ['65001', 'consent'], // the user or an administrator has not consented to use the application
  ['65004', 'consent'], // the user declined to consent
  ['90094', 'consent'], // the grant requires admin permission
  ['90095', 'consent'], // admin consent is required for the permissions requested
  ['50011', 'redirectUri'], // the redirect URI does not match the ones configured for the application
  ['700016', 'appNotInTenant'], // application not found in the directory/tenant
  ['53003', 'conditionalAccess'], // access blocked by Conditional Access policies
  ['50076', 'mfa'], // the user must use multifactor authentication
  ['50079', 'mfaRegistration'], // the user must enrol for multifactor authentication
  ['7000218', 'publicClient'], // the request body must contain client_assertion or client_secret: public client flows are off
]);

/** Only a code that stands as a whole word ("AADSTS65001:"), never one inside a longer number. */
function aadstsCode(message: string): string | undefined {
  return /\bAADSTS(\d{5,7})\b/.exec(message)?.[1];
}

function isCancellation(name: string, message: string): boolean {
  // vscode.CancellationError after the RPC: name and message "Canceled"; the main thread's modal declined:
  // "User did not consent to login."; MSAL's broker: "user_canceled: …".
  return (name === 'Canceled' && message === 'Canceled') || message === 'User did not consent to login.' || /^user_cancell?ed\b/.test(message);
}

export function classifySignInProblem(error: unknown): SignInProblem {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (isCancellation(name, message)) {
    return 'cancelled';
  }
  const code = aadstsCode(message);
  return (code === undefined ? undefined : AADSTS_PROBLEMS.get(code)) ?? 'other';
}

/** A failed sign-in as a PimError whose userMessage says what to do; the service's own text stays in the log only. */
export function signInError(error: unknown, context: SignInContext = {}): PimError {
  if (error instanceof PimError) {
    return error;
  }
  const raw = error instanceof Error ? error.message : String(error);
  const technical = `Sign-in failed: ${redactSecrets(raw).slice(0, 1000)}`;
  const problem = classifySignInProblem(error);
  const code = aadstsCode(raw);
  const app = context.clientId ? nameText(context.clientId) : undefined;
  const tenant = context.tenantId ? nameText(context.tenantId) : undefined;
  const make = (kind: 'authentication' | 'cancelled', userMessage: string): PimError =>
    new PimError({ kind, message: technical, userMessage, ...(code ? { code: `AADSTS${code}` } : {}), cause: error });
  switch (problem) {
    case 'cancelled':
      return make('cancelled', l10n.t('Sign-in was cancelled.'));
    case 'consent':
      return make(
        'authentication',
        app
          ? l10n.t(
              'The app registration {0} has not been consented to in this tenant, or consent was declined. Ask an administrator to grant admin consent (Azure PIM: Copy Admin Consent Link for the Graph App), then sign in again.',
              app,
            )
          : l10n.t('Consent for the requested permissions is missing or was declined. Ask an administrator to grant it, then sign in again.'),
      );
    case 'redirectUri':
      return make(
        'authentication',
        l10n.t(
          'The app registration {0} does not list the redirect address VS Code signed in with. Add these redirect URIs under "Mobile and desktop applications": {1}.',
          app ?? l10n.t('in use'),
          requiredRedirectUris(context.clientId ?? '<client id>').join(', '),
        ),
      );
    case 'appNotInTenant':
      return make(
        'authentication',
        app
          ? l10n.t(
              'The app registration {0} is not known in tenant {1}. Check azurePim.graph.clientId, and make the app multitenant or have an administrator of that tenant consent to it (Azure PIM: Copy Admin Consent Link for the Graph App).',
              app,
              tenant ?? l10n.t('(home tenant)'),
            )
          : l10n.t('The sign-in app is not known in tenant {0}. Check the tenant and the azurePim.graph.clientId setting.', tenant ?? l10n.t('(home tenant)')),
      );
    case 'conditionalAccess':
      return make(
        'authentication',
        l10n.t(
          "A Conditional Access policy of the tenant blocked this sign-in (for example the device, location or app isn't allowed). The extension cannot change that: sign in from a device and network your organisation allows, or ask your administrator.",
        ),
      );
    case 'mfa':
      return make('authentication', l10n.t('This sign-in needs multi-factor authentication. Sign in again and complete the MFA prompt in the browser.'));
    case 'mfaRegistration':
      return make(
        'authentication',
        l10n.t('Your account has to register a multi-factor authentication method first. Set it up at https://aka.ms/mfasetup, then sign in again.'),
      );
    case 'publicClient':
      return make(
        'authentication',
        l10n.t(
          'The app registration {0} does not allow public client flows, which VS Code needs for device-code sign-in. An administrator can turn on "Allow public client flows" under Authentication.',
          app ?? l10n.t('in use'),
        ),
      );
    case 'other':
      return make(
        'authentication',
        code ? l10n.t('Sign-in failed (AADSTS{0}). See the log for the details Microsoft Entra returned.', code) : l10n.t('Sign-in failed. See the log for details.'),
      );
  }
}
