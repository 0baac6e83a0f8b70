// Adapts VS Code's authentication provider to the Azure SDK's TokenCredential shape (@azure/core-auth,
// which @azure/identity credentials implement too), so every client takes its tokens from one place.
// VS Code owns the tokens: it caches and refreshes them; we ask for a session on every request and
// never store or log the token.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import { buildWwwAuthenticate, PimError } from '../core/errors';
import { readTokenClaims } from '../core/jwt';

/** VS Code 1.105+ accepts a WWW-Authenticate challenge instead of scopes (claims step-up). */
interface WwwAuthenticateRequest {
  readonly wwwAuthenticate: string;
  readonly fallbackScopes?: readonly string[];
}

type GetSessionWithChallenge = (
  providerId: string,
  request: WwwAuthenticateRequest,
  options: vscode.AuthenticationGetSessionOptions,
) => Thenable<vscode.AuthenticationSession | undefined>;

export const STEP_UP_MINIMUM_VERSION = '1.105.0';

export function supportsChallengeRequests(version: string = vscode.version): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 1 || (major === 1 && minor >= 105);
}

export interface SessionCredentialOptions {
  readonly providerId: string;
  /** Adds `VSCODE_TENANT:<id>`; undefined = the account's home tenant ("organizations"). */
  readonly tenantId?: string;
  /** Further pseudo scopes such as `VSCODE_CLIENT_ID:<id>`. */
  readonly extraScopes?: readonly string[];
}

export class SessionCredential implements TokenCredential {
  constructor(private readonly options: SessionCredentialOptions) {}

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

  /** Silent: never prompts. Background refreshes must not pop up dialogs. */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const requested = this.scopesFor(Array.isArray(scopes) ? scopes : [scopes]);
    const session = options?.claims
      ? await this.stepUp(requested, options.claims)
      : await vscode.authentication.getSession(this.options.providerId, requested, { silent: true });
    if (!session) {
      throw new PimError({
        kind: 'authentication',
        message: this.options.tenantId
          ? `Sign in to tenant ${this.options.tenantId} to continue.`
          : 'Sign in with your Microsoft account to continue.',
      });
    }
    return toAccessToken(session.accessToken);
  }

  /** Interactive sign-in for these scopes (shows VS Code's consent/sign-in UI). */
  async signIn(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    return vscode.authentication.getSession(this.options.providerId, this.scopesFor(scopes), { createIfNone: true });
  }

  private async stepUp(scopes: string[], claims: string): Promise<vscode.AuthenticationSession | undefined> {
    if (!supportsChallengeRequests()) {
      throw new PimError({
        kind: 'authenticationContextRequired',
        message: `This role asks for a stronger sign-in (authentication context). VS Code ${vscode.version} cannot pass that request to the Microsoft sign-in; update to VS Code ${STEP_UP_MINIMUM_VERSION} or newer, or activate this role in the Azure portal.`,
      });
    }
    const getSession = vscode.authentication.getSession as unknown as GetSessionWithChallenge;
    return getSession(
      this.options.providerId,
      { wwwAuthenticate: buildWwwAuthenticate(claims), fallbackScopes: scopes },
      { createIfNone: true },
    );
  }
}

function toAccessToken(token: string): AccessToken {
  const expiry = readTokenClaims(token)?.exp;
  // VS Code refreshes sessions itself; without an exp claim assume a short life so callers ask again.
  const expiresOnTimestamp = typeof expiry === 'number' ? expiry * 1000 : Date.now() + 5 * 60_000;
  return { token, expiresOnTimestamp };
}
