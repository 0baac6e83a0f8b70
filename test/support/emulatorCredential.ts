// A TokenCredential for tests that gets its tokens from the emulator's token endpoint, the way the
// test-only `microsoft` auth provider does inside VS Code. Records what it was asked for.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

export interface TokenAsk {
  readonly scopes: readonly string[];
  readonly claims?: string;
}

export class EmulatorCredential implements TokenCredential {
  readonly asks: TokenAsk[] = [];

  constructor(
    private readonly emulatorUrl: string,
    private readonly tenantId: string,
    /** Another identity of the tenant (an approver); default: the scenario's user. */
    private readonly userId?: string,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const list = [...(Array.isArray(scopes) ? scopes : [scopes]), `VSCODE_TENANT:${this.tenantId}`];
    this.asks.push({ scopes: list, ...(options?.claims ? { claims: options.claims } : {}) });
    const response = await fetch(`${this.emulatorUrl}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: list, ...(options?.claims ? { claims: options.claims } : {}), ...(this.userId ? { userId: this.userId } : {}) }),
    });
    if (!response.ok) {
      throw new Error(`token endpoint answered ${response.status}`);
    }
    const body = (await response.json()) as { accessToken: string; expiresOn: string };
    return { token: body.accessToken, expiresOnTimestamp: Date.parse(body.expiresOn) };
  }
}

/**
 * What VS Code's sign-in does for the product (src/core/auth/sessionCredential.ts asks it on every request): it keeps
 * a token per scopes and claims until shortly before it expires. For the benchmark, so that a call costs what it costs
 * in VS Code, not an extra trip to the emulator's token endpoint.
 */
export class SignedInCredential implements TokenCredential {
  private readonly tokens = new Map<string, Promise<AccessToken | null>>();

  constructor(private readonly inner: TokenCredential) {}

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = JSON.stringify([scopes, options?.claims ?? '']);
    const cached = this.tokens.get(key);
    if (cached) {
      return cached.then((token) => (token && token.expiresOnTimestamp - Date.now() > 5 * 60_000 ? token : this.fetch(key, scopes, options)));
    }
    return this.fetch(key, scopes, options);
  }

  private fetch(key: string, scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const token = this.inner.getToken(scopes, options);
    this.tokens.set(key, token);
    token.catch(() => this.tokens.delete(key));
    return token;
  }
}
