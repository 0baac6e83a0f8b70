import * as assert from 'node:assert/strict';
import { isPimError } from '../../src/core/errors/errors';
import { SessionCredential, supportsChallengeRequests, type AuthSession, type ChallengeRequest, type SessionSource } from '../../src/core/auth/sessionCredential';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

class RecordingSource implements SessionSource {
  readonly calls: { scopes?: readonly string[]; options?: object; challenge?: ChallengeRequest }[] = [];
  constructor(
    readonly version: string,
    private readonly session: AuthSession | undefined,
  ) {}
  getSession(_providerId: string, scopes: readonly string[], options: { silent?: boolean; createIfNone?: boolean }) {
    this.calls.push({ scopes, options });
    return Promise.resolve(this.session);
  }
  getSessionForChallenge(_providerId: string, challenge: ChallengeRequest) {
    this.calls.push({ challenge });
    return Promise.resolve(this.session);
  }
}

describe('session credential (VS Code sign-in as a TokenCredential)', () => {
  const session: AuthSession = { accessToken: jwt({ exp: 2_000_000_000, oid: 'o' }), account: { id: 'a', label: 'dana@contoso' } };

  it('asks silently for the scopes plus the tenant and client pseudo scopes, and reads the expiry', async () => {
    const source = new RecordingSource('1.139.1', session);
    const credential = new SessionCredential(source, { providerId: 'microsoft', tenantId: 't1', extraScopes: ['VSCODE_CLIENT_ID:c1'] });
    const token = await credential.getToken('https://management.azure.com/.default');
    assert.equal(token?.token, session.accessToken);
    assert.equal(token?.expiresOnTimestamp, 2_000_000_000_000);
    assert.deepEqual(source.calls[0], {
      scopes: ['https://management.azure.com/.default', 'VSCODE_TENANT:t1', 'VSCODE_CLIENT_ID:c1'],
      options: { silent: true },
    });
  });

  it('turns a missing session into an authentication error naming the tenant', async () => {
    const credential = new SessionCredential(new RecordingSource('1.139.1', undefined), { providerId: 'microsoft', tenantId: 't9' });
    await assert.rejects(credential.getToken(['s']), (error: unknown) => isPimError(error) && error.kind === 'authentication' && /t9/.test(error.message));
  });

  it('steps up with a WWW-Authenticate challenge carrying the claims (base64), keeping the scopes as fallback', async () => {
    const source = new RecordingSource('1.105.0', session);
    const credential = new SessionCredential(source, { providerId: 'microsoft', tenantId: 't1' });
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await credential.getToken(['https://management.azure.com/.default'], { claims });
    const challenge = source.calls[0]?.challenge;
    assert.ok(challenge);
    assert.deepEqual(challenge.fallbackScopes, ['https://management.azure.com/.default', 'VSCODE_TENANT:t1']);
    const encoded = /claims="([^"]+)"/.exec(challenge.wwwAuthenticate)?.[1] ?? '';
    assert.equal(Buffer.from(encoded, 'base64').toString('utf8'), claims);
  });

  it('explains that step-up needs VS Code 1.105 on older hosts instead of failing obscurely', async () => {
    const source = new RecordingSource('1.100.2', session);
    const credential = new SessionCredential(source, { providerId: 'microsoft' });
    await assert.rejects(
      credential.getToken(['s'], { claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' }),
      (error: unknown) => isPimError(error) && error.kind === 'authenticationContextRequired' && /1\.105/.test(error.userMessage),
    );
    assert.equal(source.calls.length, 0);
    assert.equal(supportsChallengeRequests('2.0.0'), true);
    assert.equal(supportsChallengeRequests('1.104.9'), false);
  });

  it('on an older VS Code, names the cloud portal\'s PIM page for the role instead', async () => {
    const source = new RecordingSource('1.100.2', session);
    const arm = new SessionCredential(source, { providerId: 'microsoft-sovereign-cloud', tenantId: 't1', portalEndpoint: 'https://portal.azure.us' });
    await assert.rejects(arm.getToken(['https://management.usgovcloudapi.net/.default'], { claims: '{"access_token":{"amr":{"values":["mfa"]}}}' }), (error: unknown) =>
      isPimError(error) && error.userMessage.endsWith('https://portal.azure.us/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/azurerbac'),
    );
    const graph = new SessionCredential(source, { providerId: 'microsoft', tenantId: 't1', portalEndpoint: 'https://portal.azure.com' });
    await assert.rejects(graph.getToken(['https://graph.microsoft.com/RoleAssignmentSchedule.ReadWrite.Directory'], { claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' }), (error: unknown) =>
      isPimError(error) && error.userMessage.endsWith('https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade'),
    );
    assert.equal(source.calls.length, 0);
  });

  it('signs in interactively and reports a cancelled sign-in as cancelled', async () => {
    const source = new RecordingSource('1.139.1', session);
    assert.equal((await new SessionCredential(source, { providerId: 'microsoft' }).signIn(['s'])).account.label, 'dana@contoso');
    assert.deepEqual(source.calls[0]?.options, { createIfNone: true });
    await assert.rejects(new SessionCredential(new RecordingSource('1.139.1', undefined), { providerId: 'microsoft' }).signIn(['s']), (error: unknown) => isPimError(error) && error.kind === 'cancelled');
  });
});
