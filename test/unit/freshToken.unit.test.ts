// Fresh tokens after a PIM for Groups activation (issue #20 point 4): SessionCredential.freshToken against the
// emulator's token endpoint, with a session source that caches like MSAL (the same token until near expiry) and
// re-issues only for a claims request, as VS Code's Microsoft sign-in does.
import * as assert from 'node:assert/strict';
import { freshnessOf, notBeforeClaims, tokenIssuedAt } from '../../src/core/auth/freshToken';
import { SessionCredential, type AuthSession, type ChallengeRequest, type SessionSource } from '../../src/core/auth/sessionCredential';
import { E2E } from '../emulator/testing';
import { withEmulator } from '../support/withEmulator';

const ARM = 'https://management.azure.com/.default';

class CachingSessions implements SessionSource {
  readonly challenges: ChallengeRequest[] = [];
  private cached: AuthSession | undefined;
  constructor(
    private readonly url: () => string,
    readonly version = '1.139.1',
    /** A provider that ignores claims and hands back its cached token (what a plain getSession does). */
    private readonly honoursClaims = true,
  ) {}

  async getSession(): Promise<AuthSession> {
    this.cached ??= await this.mint();
    return this.cached;
  }

  async getSessionForChallenge(_providerId: string, request: ChallengeRequest): Promise<AuthSession> {
    this.challenges.push(request);
    if (this.honoursClaims) {
      this.cached = await this.mint();
    }
    return this.getSession();
  }

  private async mint(): Promise<AuthSession> {
    const response = await fetch(`${this.url()}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: [ARM], tenantId: E2E.contoso }),
    });
    const body = (await response.json()) as { accessToken: string; account: { id: string; label: string } };
    return { accessToken: body.accessToken, account: body.account };
  }
}

describe('Fresh token after a group activation', function () {
  this.timeout(20_000);
  const fixture = withEmulator();

  async function activatedLater(sessions: CachingSessions): Promise<{ credential: SessionCredential; activatedAt: Date; before: Date | undefined }> {
    const credential = new SessionCredential(sessions, { providerId: 'microsoft', tenantId: E2E.contoso });
    const before = tokenIssuedAt((await credential.getToken(ARM))?.token ?? '');
    fixture.emulator.clock.advance(10 * 60_000); // the group activation happens ten minutes after sign-in
    return { credential, activatedAt: fixture.emulator.clock.now(), before };
  }

  it('a plain request keeps handing back the cached token, issued before the activation', async () => {
    const sessions = new CachingSessions(() => fixture.emulator.url);
    const { credential, activatedAt } = await activatedLater(sessions);
    const token = (await credential.getToken(ARM))?.token ?? '';
    assert.equal(freshnessOf(token, activatedAt).kind, 'stale');
  });

  it('asks with a "not before" claims request and gets a token issued after the activation, which later calls use', async () => {
    const sessions = new CachingSessions(() => fixture.emulator.url);
    const { credential, activatedAt, before } = await activatedLater(sessions);
    const outcome = await credential.freshToken([ARM], activatedAt);
    assert.equal(outcome.kind, 'fresh');
    assert.ok(outcome.kind === 'fresh' && before && outcome.issuedAt.getTime() >= activatedAt.getTime() - 999 && outcome.issuedAt > before);
    const claims = /claims="([^"]+)"/.exec(sessions.challenges[0]?.wwwAuthenticate ?? '')?.[1] ?? '';
    assert.equal(Buffer.from(claims, 'base64').toString('utf8'), notBeforeClaims(activatedAt));
    assert.ok(sessions.challenges[0]?.fallbackScopes.includes(`VSCODE_TENANT:${E2E.contoso}`));
    const next = tokenIssuedAt((await credential.getToken(ARM))?.token ?? '');
    assert.ok(next && next.getTime() >= activatedAt.getTime() - 999, 'the next call carries the fresh token');
  });

  it('says so when the sign-in answers with the old token anyway', async () => {
    const sessions = new CachingSessions(() => fixture.emulator.url, '1.139.1', false);
    const { credential, activatedAt, before } = await activatedLater(sessions);
    const outcome = await credential.freshToken([ARM], activatedAt);
    assert.deepEqual(outcome, { kind: 'stale', issuedAt: before });
  });

  it('says that VS Code before 1.105 cannot ask for one, without asking', async () => {
    const sessions = new CachingSessions(() => fixture.emulator.url, '1.100.0');
    const { credential, activatedAt } = await activatedLater(sessions);
    assert.deepEqual(await credential.freshToken([ARM], activatedAt), { kind: 'unsupported', version: '1.100.0' });
    assert.equal(sessions.challenges.length, 0);
  });
});
