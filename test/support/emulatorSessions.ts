// A SessionSource (what VS Code's authentication API is to the product) whose tokens come from the emulator, as the
// test-only `microsoft` provider's do inside VS Code: scopes as asked (VSCODE_TENANT: picks the tenant), a claims
// challenge's claims passed on. Records the challenges it got.
import * as assert from 'node:assert/strict';
import type { AuthSession, ChallengeRequest, SessionSource } from '../../src/core/auth/sessionCredential';

/** What VS Code's provider gets: scopes, or a challenge; tokens come from the emulator as the test provider's do. */
export class EmulatorSessions implements SessionSource {
  readonly version = '1.139.1';
  readonly challenges: ChallengeRequest[] = [];
  constructor(private readonly url: () => string) {}

  async getSession(_providerId: string, scopes: readonly string[]): Promise<AuthSession> {
    return this.mint(scopes, undefined);
  }

  async getSessionForChallenge(_providerId: string, request: ChallengeRequest): Promise<AuthSession> {
    this.challenges.push(request);
    const claims = /claims="([^"]+)"/.exec(request.wwwAuthenticate)?.[1];
    return this.mint(request.fallbackScopes, claims === undefined ? undefined : Buffer.from(claims, 'base64').toString('utf8'));
  }

  private async mint(scopes: readonly string[], claims: string | undefined): Promise<AuthSession> {
    const tenantId = scopes.find((scope) => scope.startsWith('VSCODE_TENANT:'))?.slice('VSCODE_TENANT:'.length);
    const response = await fetch(`${this.url()}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: scopes.filter((scope) => !scope.startsWith('VSCODE_')), tenantId, ...(claims ? { claims } : {}) }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { accessToken: string; account: { id: string; label: string } };
    return { accessToken: body.accessToken, account: body.account };
  }
}

