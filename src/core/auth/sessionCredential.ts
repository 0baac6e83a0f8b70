// Adapts an editor sign-in (VS Code's authentication provider) to the Azure SDK's TokenCredential shape
// (@azure/core-auth, which @azure/identity credentials implement too), so the ARM and Graph clients take
// their tokens from one place. The sign-in owns the tokens: it caches and refreshes them; we ask for a
// session on every request and never store or log the token. The source is injected so this is tested
// without VS Code (src/auth/vscodeSessions.ts is the real one).
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import * as l10n from '@vscode/l10n';
import { PimError } from '../errors/errors';
import { authorizeEndpoint, buildWwwAuthenticate } from './claimsChallenge';
import { freshnessOf, notBeforeClaims, type FreshTokenOutcome } from './freshToken';
import { readTokenClaims } from './jwt';
import { signInError } from './signInErrors';

const CLIENT_ID_SCOPE = 'VSCODE_CLIENT_ID:';

export interface AuthSession {
  readonly accessToken: string;
  readonly account: { readonly id: string; readonly label: string };
}

/** A claims step-up request (VS Code 1.105+ `AuthenticationWwwAuthenticateRequest`). */
export interface ChallengeRequest {
  readonly wwwAuthenticate: string;
  readonly fallbackScopes: readonly string[];
}

/** An account of the sign-in (VS Code's AuthenticationSessionAccountInformation). */
export interface SignInAccount {
  readonly id: string;
  readonly label: string;
}

export interface SessionRequestOptions {
  readonly silent?: boolean;
  readonly createIfNone?: boolean;
  /** This account's session only (VS Code 1.93+ `account`): other extensions' choice of account is not touched. */
  readonly account?: SignInAccount;
}

export interface SessionSource {
  /** The host's version, e.g. "1.139.1". */
  readonly version: string;
  getSession(providerId: string, scopes: readonly string[], options: SessionRequestOptions): PromiseLike<AuthSession | undefined>;
  getSessionForChallenge(providerId: string, request: ChallengeRequest, account?: SignInAccount): PromiseLike<AuthSession | undefined>;
}

export const STEP_UP_MINIMUM_VERSION = '1.105.0';

export function supportsChallengeRequests(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 1 || (major === 1 && minor >= 105);
}

export interface SessionCredentialOptions {
  readonly providerId: string;
  /** Adds `VSCODE_TENANT:<id>`; undefined = the account's home tenant ("organizations"). */
  readonly tenantId?: string;
  /** Further pseudo scopes such as `VSCODE_CLIENT_ID:<id>`. */
  readonly extraScopes?: readonly string[];
  /** The cloud's sign-in host (e.g. https://login.microsoftonline.us), named in step-up challenges; default the public cloud's. */
  readonly activeDirectoryEndpoint?: string;
  /** The account the user picked for Azure PIM (e.g. a separate admin account); undefined = VS Code's choice. */
  readonly account?: SignInAccount;
  /** The cloud's Azure portal: where a VS Code too old for step-up can activate the role instead. */
  readonly portalEndpoint?: string;
}

export class SessionCredential implements TokenCredential {
  constructor(
    private readonly source: SessionSource,
    private readonly options: SessionCredentialOptions,
  ) {}

  get tenantId(): string | undefined {
    return this.options.tenantId;
  }

  scopesFor(scopes: readonly string[]): string[] {
    return [
      ...scopes,
      ...(this.options.tenantId ? [`VSCODE_TENANT:${this.options.tenantId}`] : []),
      ...(this.options.extraScopes ?? []),
    ];
  }

  /** Silent unless a claims challenge asks for a stronger sign-in: background refreshes never prompt. */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const requested = this.scopesFor(Array.isArray(scopes) ? scopes : [scopes]);
    const session = options?.claims
      ? await this.stepUp(requested, options.claims)
      : await this.source.getSession(this.options.providerId, requested, { silent: true, ...this.accountOption() });
    if (!session) {
      throw new PimError({
        kind: 'authentication',
        message: this.options.tenantId
          ? `Sign in to tenant ${this.options.tenantId} to continue.`
          : 'Sign in with your Microsoft account to continue.',
        userMessage: this.options.tenantId
          ? l10n.t('Sign in to tenant {0} to continue.', this.options.tenantId)
          : l10n.t('Sign in with your Microsoft account to continue.'),
      });
    }
    return toAccessToken(session.accessToken);
  }

  /** Silent look-up of an existing session for these scopes. */
  existingSession(scopes: readonly string[]): PromiseLike<AuthSession | undefined> {
    return this.source.getSession(this.options.providerId, this.scopesFor(scopes), { silent: true, ...this.accountOption() });
  }

  /** Interactive sign-in for these scopes (the host's consent / sign-in UI); a failure says what to do (signInErrors.ts). */
  async signIn(scopes: readonly string[]): Promise<AuthSession> {
    const requested = this.scopesFor(scopes);
    const session = await this.explained(requested, () => this.source.getSession(this.options.providerId, requested, { createIfNone: true, ...this.accountOption() }));
    if (!session) {
      throw new PimError({ kind: 'cancelled', message: 'Sign-in was cancelled.', userMessage: l10n.t('Sign-in was cancelled.') });
    }
    return session;
  }

  /**
   * Asks the sign-in for a token issued at or after `notBefore` (see freshToken.ts): silent when VS Code can redeem its
   * refresh token, else VS Code asks the user to sign in. Says whether the token it got is that fresh.
   */
  async freshToken(scopes: readonly string[], notBefore: Date): Promise<FreshTokenOutcome> {
    if (!supportsChallengeRequests(this.source.version)) {
      return { kind: 'unsupported', version: this.source.version };
    }
    const session = await this.stepUp(this.scopesFor(scopes), notBeforeClaims(notBefore));
    if (!session) {
      throw new PimError({ kind: 'cancelled', message: 'Sign-in was cancelled.', userMessage: l10n.t('Sign-in was cancelled.') });
    }
    return freshnessOf(session.accessToken, notBefore);
  }

  private async stepUp(scopes: string[], claims: string): Promise<AuthSession | undefined> {
    if (!supportsChallengeRequests(this.source.version)) {
      const portal = this.options.portalEndpoint ? pimActivationPortalUrl(this.options.portalEndpoint, scopes) : undefined;
      const technical = `This role asks for a stronger sign-in (MFA or an authentication context). VS Code ${this.source.version} cannot pass that request to the Microsoft sign-in; update to VS Code ${STEP_UP_MINIMUM_VERSION} or newer, or activate this role in the Azure portal${portal ? `: ${portal}` : ''}.`;
      throw new PimError({
        kind: 'authenticationContextRequired',
        code: 'StepUpNeedsNewerVSCode',
        message: technical,
        userMessage: portal
          ? l10n.t(
              'This role asks for a stronger sign-in (MFA or an authentication context). VS Code {0} cannot pass that request to the Microsoft sign-in; update to VS Code {1} or newer, or activate this role in the Azure portal: {2}',
              this.source.version,
              STEP_UP_MINIMUM_VERSION,
              portal,
            )
          : l10n.t(
              'This role asks for a stronger sign-in (authentication context). VS Code {0} cannot pass that request to the Microsoft sign-in; update to VS Code {1} or newer, or activate this role in the Azure portal.',
              this.source.version,
              STEP_UP_MINIMUM_VERSION,
            ),
      });
    }
    const wwwAuthenticate = buildWwwAuthenticate(
      claims,
      this.options.activeDirectoryEndpoint ? { authorizationUri: authorizeEndpoint(this.options.activeDirectoryEndpoint) } : {},
    );
    return this.explained(scopes, () => this.source.getSessionForChallenge(this.options.providerId, { wwwAuthenticate, fallbackScopes: scopes }, this.options.account));
  }

  private accountOption(): { account?: SignInAccount } {
    return this.options.account ? { account: this.options.account } : {};
  }

  private async explained<T>(scopes: readonly string[], ask: () => PromiseLike<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      const clientId = scopes.find((scope) => scope.startsWith(CLIENT_ID_SCOPE))?.slice(CLIENT_ID_SCOPE.length);
      throw signInError(error, { ...(clientId ? { clientId } : {}), ...(this.options.tenantId ? { tenantId: this.options.tenantId } : {}) });
    }
  }
}

function toAccessToken(token: string): AccessToken {
  const expiry = readTokenClaims(token)?.exp;
  // The host refreshes sessions itself; without an exp claim assume a short life so callers ask again.
  const expiresOnTimestamp = typeof expiry === 'number' ? expiry * 1000 : Date.now() + 5 * 60_000;
  return { token, expiresOnTimestamp };
}

/**
 * PIM's "My roles" in the cloud's portal, on the Azure resources tab for an ARM request and on the blade's first tab
 * (Microsoft Entra roles) for a Graph one. The blade address is the portal's own (as linked from PIM's pages), not a
 * documented contract.
 */
export function pimActivationPortalUrl(portalEndpoint: string, scopes: readonly string[]): string {
  const graph = scopes.some((scope) => /^https:\/\/[^/]*graph[^/]*\//i.test(scope));
  return `${portalEndpoint.replace(/\/+$/, '')}/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade${graph ? '' : '/~/azurerbac'}`;
}
