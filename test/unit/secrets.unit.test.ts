// Secret shapes that must never reach a log line or a notification, and the harmless look-alikes that must stay.
import * as assert from 'node:assert/strict';
import { classifyArmError, classifyGraphError, PimError } from '../../src/core/errors/errors';
import { redactSecrets } from '../../src/shared/secrets';

// A real HS256 JWT shape (emulator-style claims); the signature part is what the e2e scans look for.
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvaWQiOiJhYWFhIiwidGlkIjoiMTExMSIsInNjcCI6InVzZXJfaW1wZXJzb25hdGlvbiJ9.3q2-7wXk9ZtDk3pYxq1vXc8m0e2bZ3f5sV7a9Qw_RkA';
const SIGNATURE = JWT.split('.')[2] ?? '';

describe('secret redaction', () => {
  const cases: [string, string, string][] = [
    ['a JWT', `the token ${JWT} expired`, 'the token <redacted> expired'],
    ['a JWT cut short by a length limit', `token ${JWT.slice(0, 60)}`, 'token <redacted>'],
    ['a Bearer token', 'sent Bearer abc.DEF-123_~+/x== then', 'sent Bearer <redacted> then'],
    ['an Authorization header', 'Authorization: Bearer abc.def.ghi\nnext', 'Authorization: <redacted>\nnext'],
    ['an Authorization header in JSON', '{"authorization":"Bearer abc","x":1}', '{"authorization":"<redacted>","x":1}'],
    ['a Proxy-Authorization header', 'proxy-authorization: Basic dXNlcjpwYXNz', 'proxy-authorization: <redacted>'],
    ['an authorization code', 'GET https://localhost/cb?code=0.AXo-secret&state=s', 'GET https://localhost/cb?code=<redacted>&state=s'],
    ['client_info', 'https://localhost/cb?state=1&client_info=eyJ1aWQiOiIx', 'https://localhost/cb?state=1&client_info=<redacted>'],
    ['a refresh token', 'grant_type=refresh_token&refresh_token=0.ARo-rt&scope=x', 'grant_type=refresh_token&refresh_token=<redacted>&scope=x'],
    ['an id token in a fragment', 'https://app/#id_token=abc&session_state=1', 'https://app/#id_token=<redacted>&session_state=1'],
    ['an access token parameter', 'url?access_token=abc', 'url?access_token=<redacted>'],
    ['a client secret', 'client_id=1&client_secret=s3cr3t~x', 'client_id=1&client_secret=<redacted>'],
    ['a token response in JSON', '{"access_token":"abc","refresh_token":"def","id_token":"ghi","expires_in":3599}', '{"access_token":"<redacted>","refresh_token":"<redacted>","id_token":"<redacted>","expires_in":3599}'],
  ];
  for (const [what, text, expected] of cases) {
    it(`redacts ${what}`, () => {
      assert.equal(redactSecrets(text), expected);
    });
  }

  it('keeps what only looks like a secret: service error codes, challenges, names', () => {
    for (const text of [
      '{"error":{"code":"RoleAssignmentExists","message":"The Role assignment already exists."}}',
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims"',
      'errorcode=5 barcode=7',
      '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%7D%7D%7D',
      'Contributor on Contoso Dev',
    ]) {
      assert.equal(redactSecrets(text), text);
    }
  });

  it('is stable: redacting twice changes nothing more', () => {
    for (const [, text] of cases) {
      assert.equal(redactSecrets(redactSecrets(text)), redactSecrets(text));
    }
  });

  it('a service error that quotes a token or a code reaches neither the log message nor the user message', () => {
    const message = `Token ${JWT} rejected; see https://login.example/cb?code=0.secret-code&client_info=abc. Authorization: Bearer ${JWT}`;
    for (const error of [
      classifyArmError(400, { error: { code: 'BadRequest', message } }),
      classifyGraphError(400, { error: { code: 'BadRequest', message } }),
      classifyArmError(502, `<html>${message}</html>`),
    ]) {
      for (const text of [error.message, error.userMessage]) {
        assert.ok(!text.includes(SIGNATURE) && !text.includes(JWT.slice(0, 30)) && !text.includes('secret-code'), text);
      }
    }
    assert.match(classifyArmError(400, { error: { code: 'BadRequest', message } }).userMessage, /Azure rejected the request: Token <redacted> rejected/);
  });

  it('any other thrown error becomes a PimError without the secret its message quoted', () => {
    const error = PimError.from(new Error(`GET https://x/cb?code=0.secret-code failed with ${JWT}`));
    assert.equal(error.kind, 'unknown');
    assert.equal(error.userMessage, 'GET https://x/cb?code=<redacted> failed with <redacted>');
    const ours = new PimError({ kind: 'throttled', message: 'slow down' });
    assert.equal(PimError.from(ours), ours);
  });
});
