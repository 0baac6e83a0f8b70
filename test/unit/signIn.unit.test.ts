// Sign-in set-up and failures (issue #20 points 1-2): the admin consent link, and what each Entra error a sign-in can
// end with means for the user. Errors arrive as VS Code's Microsoft sign-in hands them over its RPC: name and message
// only, MSAL's `${errorCode}: ${errorMessage}` (auth-net-facts A.5).
import * as assert from 'node:assert/strict';
import { adminConsentUrl, AdminConsentLinkError } from '../../src/core/auth/adminConsent';
import { classifySignInProblem, requiredRedirectUris, signInError } from '../../src/core/auth/signInErrors';
import { SessionCredential, type SessionSource } from '../../src/core/auth/sessionCredential';
import { resolveCloud } from '../../src/core/api/cloud';
import { sovereignSettingToFix } from '../../src/core/auth/sovereignCloud';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CLIENT = '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11';

function serverError(message: string): Error {
  const error = new Error(message);
  error.name = 'ServerError';
  return error;
}

describe('admin consent link', () => {
  it('is the documented tenant-wide admin consent URL on the cloud\'s own sign-in host', () => {
    assert.equal(adminConsentUrl('https://login.microsoftonline.com', TENANT, CLIENT), `https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=${CLIENT}`);
    const gov = resolveCloud('AzureUSGovernment', { resourceManagerEndpoint: '', microsoftGraphEndpoint: '', resourceManagerAudience: '' });
    assert.equal(adminConsentUrl(gov.activeDirectoryEndpoint, TENANT, CLIENT), `https://login.microsoftonline.us/${TENANT}/adminconsent?client_id=${CLIENT}`);
    const china = resolveCloud('AzureChinaCloud', { resourceManagerEndpoint: '', microsoftGraphEndpoint: '', resourceManagerAudience: '' });
    assert.match(adminConsentUrl(china.activeDirectoryEndpoint, TENANT, CLIENT), /^https:\/\/login\.chinacloudapi\.cn\//);
    const custom = resolveCloud('Custom', { resourceManagerEndpoint: 'http://127.0.0.1:1', microsoftGraphEndpoint: '', resourceManagerAudience: '', activeDirectoryEndpoint: 'https://login.contoso.example/' });
    assert.match(adminConsentUrl(custom.activeDirectoryEndpoint, TENANT, CLIENT), /^https:\/\/login\.contoso\.example\/11111111/);
  });

  it('refuses anything but a plain https host, a tenant GUID and a client GUID (nothing to smuggle into the link)', () => {
    assert.throws(() => adminConsentUrl('http://login.microsoftonline.com', TENANT, CLIENT), AdminConsentLinkError);
    assert.throws(() => adminConsentUrl('https://user:pw@login.microsoftonline.com', TENANT, CLIENT), AdminConsentLinkError);
    assert.throws(() => adminConsentUrl('https://login.microsoftonline.com/?redirect_uri=https://evil', TENANT, CLIENT), AdminConsentLinkError);
    assert.throws(() => adminConsentUrl('javascript:alert(1)', TENANT, CLIENT), AdminConsentLinkError);
    assert.throws(() => adminConsentUrl('https://login.microsoftonline.com', 'common&redirect_uri=https://evil', CLIENT), AdminConsentLinkError);
    assert.throws(() => adminConsentUrl('https://login.microsoftonline.com', TENANT, `${CLIENT}&prompt=none`), AdminConsentLinkError);
  });
});

describe('sign-in errors', () => {
  const cases: [string, string, ReturnType<typeof classifySignInProblem>, RegExp][] = [
    ['consent missing', `invalid_grant: AADSTS65001: The user or administrator has not consented to use the application with ID '${CLIENT}'.`, 'consent', /admin consent/],
    ['consent declined', 'access_denied: AADSTS65004: User declined to consent to access the app.', 'consent', /admin consent/],
    ['redirect URI', `invalid_request: AADSTS50011: The redirect URI 'http://localhost:53178/' specified in the request does not match.`, 'redirectUri', /http:\/\/localhost, https:\/\/vscode\.dev\/redirect, ms-appx-web:\/\/Microsoft\.AAD\.BrokerPlugin\/7d3c1a52/],
    ['app not in tenant', `unauthorized_client: AADSTS700016: Application with identifier '${CLIENT}' was not found in the directory.`, 'appNotInTenant', /not known in tenant 11111111/],
    ['Conditional Access', 'access_denied: AADSTS53003: Access has been blocked by Conditional Access policies.', 'conditionalAccess', /Conditional Access/],
    ['MFA', 'invalid_grant: AADSTS50076: you must use multi-factor authentication to access the resource.', 'mfa', /multi-factor authentication/],
    ['MFA registration', 'interaction_required: AADSTS50079: you are required to use multi-factor authentication.', 'mfaRegistration', /register/],
    ['public client flows', "invalid_client: AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 'publicClient', /Allow public client flows/],
  ];
  for (const [what, message, problem, remedy] of cases) {
    it(`${what}: says what to do`, () => {
      assert.equal(classifySignInProblem(serverError(message)), problem);
      const error = signInError(serverError(message), { clientId: CLIENT, tenantId: TENANT });
      assert.equal(error.kind, 'authentication');
      assert.match(error.userMessage, remedy);
      assert.match(error.code ?? '', /^AADSTS\d+$/);
    });
  }

  it('a cancelled sign-in is a cancellation, whichever way VS Code says it', () => {
    const cancelled = new Error('Canceled');
    cancelled.name = 'Canceled';
    assert.equal(signInError(cancelled).kind, 'cancelled');
    assert.equal(signInError(new Error('User did not consent to login.')).kind, 'cancelled');
    assert.equal(signInError(serverError('user_canceled: User cancelled the flow.')).kind, 'cancelled');
  });

  it('an unknown failure names its code but keeps the service text in the log only', () => {
    const error = signInError(serverError('server_error: AADSTS90033: A transient error has occurred. <a href="https://evil">click</a>'));
    assert.equal(classifySignInProblem(serverError('AADSTS900331 x')), 'other', 'a longer number is another code');
    assert.match(error.userMessage, /AADSTS90033/);
    assert.doesNotMatch(error.userMessage, /evil/);
    assert.match(error.message, /transient/);
  });

  it('lists the redirect URIs for the client, the broker one with its id', () => {
    assert.deepEqual(requiredRedirectUris(CLIENT), ['http://localhost', 'https://vscode.dev/redirect', `ms-appx-web://Microsoft.AAD.BrokerPlugin/${CLIENT}`]);
  });

  it('SessionCredential turns a failed interactive sign-in into the remedy, naming the app from VSCODE_CLIENT_ID', async () => {
    const failing: SessionSource = {
      version: '1.139.1',
      getSession: () => Promise.reject(serverError('access_denied: AADSTS65004: User declined to consent to access the app.')),
      getSessionForChallenge: () => Promise.reject(serverError('access_denied: AADSTS53003: Access has been blocked by Conditional Access policies.')),
    };
    const credential = new SessionCredential(failing, { providerId: 'microsoft', tenantId: TENANT });
    await assert.rejects(credential.signIn(['https://graph.microsoft.com/RoleEligibilitySchedule.Read.Directory', `VSCODE_CLIENT_ID:${CLIENT}`]), (error: Error & { userMessage?: string }) => {
      assert.match(error.userMessage ?? '', new RegExp(`app registration ${CLIENT} has not been consented`));
      return true;
    });
    await assert.rejects(credential.getToken('https://management.azure.com/.default', { claims: '{"access_token":{"amr":{"values":["mfa"]}}}' }), /AADSTS53003/);
  });
});

describe('sovereign cloud sign-in setting', () => {
  it('asks for the environment the sovereign provider needs for the chosen cloud, and nothing for the others', () => {
    assert.equal(sovereignSettingToFix('AzureUSGovernment', undefined), 'USGovernment');
    assert.equal(sovereignSettingToFix('AzureUSGovernment', 'ChinaCloud'), 'USGovernment');
    assert.equal(sovereignSettingToFix('AzureUSGovernment', 'USGovernment'), undefined);
    assert.equal(sovereignSettingToFix('AzureChinaCloud', 'custom'), 'ChinaCloud');
    assert.equal(sovereignSettingToFix('AzureCloud', undefined), undefined);
    assert.equal(sovereignSettingToFix('Custom', 'USGovernment'), undefined);
  });
});
