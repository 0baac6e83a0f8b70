// Step-up sign-in (issue #20 point 3) through the product's own SessionCredential, ARM client and activation flow
// against the emulator over HTTP: PIM's MfaRule and Azure's mandatory MFA for Resource Manager writes (a 401 claims
// challenge) each lead to one challenge sign-in and exactly one retry of the same request.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { MFA_CLAIMS } from '../../src/core/auth/claimsChallenge';
import { SessionCredential } from '../../src/core/auth/sessionCredential';
import { E2E } from '../emulator/testing';
import { EmulatorSessions } from '../support/emulatorSessions';
import { withEmulator } from '../support/withEmulator';

describe('Step-up sign-in: MFA and authentication context', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };
  const choice = { justification: 'Rotate the deployment key', durationMinutes: 60 };

  async function contributor(sessions: EmulatorSessions) {
    const credential = new SessionCredential(sessions, { providerId: 'microsoft', tenantId: E2E.contoso, activeDirectoryEndpoint: 'https://login.microsoftonline.us' });
    const store = await fixture.loadStore(fixture.connect({ credential }).connection);
    const ref = store.allRows().find((candidate) => candidate.row.roleName === 'Contributor');
    assert.ok(ref);
    return ref;
  }

  function activationPuts(): string[] {
    return fixture.emulator.requests.filter((request) => request.method === 'PUT' && request.path.includes('roleAssignmentScheduleRequests/')).map((request) => request.path.split('?')[0] ?? '');
  }

  it("PIM's MfaRule: one sign-in asking for MFA, then the same request once more", async () => {
    fixture.emulator.enforceMfa(E2E.contoso, { policies: true });
    const sessions = new EmulatorSessions(() => fixture.emulator.url);
    const result = await activateRow(await contributor(sessions), choice, fast);
    assert.equal(result.outcome, 'active', result.message);
    assert.equal(sessions.challenges.length, 1);
    assert.match(sessions.challenges[0]?.wwwAuthenticate ?? '', new RegExp(`claims="${Buffer.from(MFA_CLAIMS).toString('base64')}"`));
    const puts = activationPuts();
    assert.equal(puts.length, 2, puts.join('\n'));
    assert.equal(puts[0], puts[1], 'the retry reuses the request name');
  });

  it("Azure's mandatory MFA for writes (401 with a claims challenge): the challenge is passed on, one retry, same name", async () => {
    fixture.emulator.enforceMfa(E2E.contoso, { armWrites: true });
    const sessions = new EmulatorSessions(() => fixture.emulator.url);
    const result = await activateRow(await contributor(sessions), choice, fast);
    assert.equal(result.outcome, 'active', result.message);
    assert.equal(sessions.challenges.length, 1);
    const claims = /claims="([^"]+)"/.exec(sessions.challenges[0]?.wwwAuthenticate ?? '')?.[1] ?? '';
    assert.deepEqual(JSON.parse(Buffer.from(claims, 'base64').toString('utf8')), { access_token: { acrs: { essential: true, values: ['p1'] } } });
    assert.ok(sessions.challenges[0]?.fallbackScopes.includes(`VSCODE_TENANT:${E2E.contoso}`));
    const puts = activationPuts();
    assert.deepEqual(
      fixture.emulator.requests.filter((request) => request.method === 'PUT').map((request) => request.status),
      [401, 201],
    );
    assert.equal(puts[0], puts[1], 'the retry reuses the request name');
  });

  it('names the cloud\'s own sign-in host in the challenge it passes to VS Code', async () => {
    fixture.emulator.enforceMfa(E2E.contoso, { policies: true });
    const sessions = new EmulatorSessions(() => fixture.emulator.url);
    await activateRow(await contributor(sessions), choice, fast);
    assert.match(sessions.challenges[0]?.wwwAuthenticate ?? '', /authorization_uri="https:\/\/login\.microsoftonline\.us\/common\/oauth2\/authorize"/);
  });

  it('retries once only: a second challenge after the step-up is reported, not answered again', async () => {
    fixture.emulator.enforceMfa(E2E.contoso, { armWrites: true });
    const sessions = new EmulatorSessions(() => fixture.emulator.url);
    // A provider that ignores the claims: the token after the step-up still lacks MFA.
    sessions.getSessionForChallenge = async (providerId, request) => {
      sessions.challenges.push(request);
      return sessions.getSession(providerId, request.fallbackScopes);
    };
    const result = await activateRow(await contributor(sessions), choice, fast);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error?.kind, 'authenticationContextRequired');
    assert.equal(sessions.challenges.length, 1);
    assert.equal(activationPuts().length, 2);
  });
});
