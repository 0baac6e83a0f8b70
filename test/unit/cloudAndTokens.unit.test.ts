import * as assert from 'node:assert/strict';
import { resolveCloud } from '../../src/core/api/cloud';
import { readCaller, readTokenClaims } from '../../src/core/auth/jwt';
import { redactUrl } from '../../src/core/api/http';
import { assertSafeEndpoint } from '../../src/core/api/tokenDestinations';

const noCustom = { resourceManagerEndpoint: '', microsoftGraphEndpoint: '', resourceManagerAudience: '' };

describe('cloud endpoints', () => {
  it('selects endpoints and the auth provider per cloud', () => {
    const pub = resolveCloud('AzureCloud', noCustom);
    assert.equal(pub.resourceManagerEndpoint, 'https://management.azure.com');
    assert.equal(pub.resourceManagerScope, 'https://management.azure.com/.default');
    assert.equal(pub.authProviderId, 'microsoft');
    const gov = resolveCloud('AzureUSGovernment', noCustom);
    assert.equal(gov.microsoftGraphEndpoint, 'https://graph.microsoft.us');
    assert.equal(gov.authProviderId, 'microsoft-sovereign-cloud');
    assert.equal(resolveCloud('AzureChinaCloud', noCustom).resourceManagerEndpoint, 'https://management.chinacloudapi.cn');
    assert.equal(resolveCloud('Nonsense', noCustom).name, 'AzureCloud');
  });

  it('uses custom endpoints (the emulator) and insists on a resource manager endpoint', () => {
    const custom = resolveCloud('Custom', { resourceManagerEndpoint: 'http://127.0.0.1:8765/', microsoftGraphEndpoint: '', resourceManagerAudience: '' });
    assert.equal(custom.resourceManagerEndpoint, 'http://127.0.0.1:8765');
    assert.equal(custom.microsoftGraphEndpoint, 'http://127.0.0.1:8765');
    assert.equal(custom.resourceManagerScope, 'https://management.azure.com/.default');
    assert.throws(() => resolveCloud('Custom', noCustom), /resourceManagerEndpoint/);
  });

  it("a custom cloud takes its Graph audience and sign-in host from its own settings (issue #20 point 5)", () => {
    const custom = resolveCloud('Custom', {
      resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
      microsoftGraphEndpoint: 'https://graph.microsoft.us',
      resourceManagerAudience: 'https://management.usgovcloudapi.net/',
      microsoftGraphAudience: 'https://graph.microsoft.us',
      activeDirectoryEndpoint: 'https://login.microsoftonline.us/',
    });
    assert.equal(custom.microsoftGraphResource, 'https://graph.microsoft.us/');
    assert.equal(custom.resourceManagerScope, 'https://management.usgovcloudapi.net/.default');
    assert.equal(custom.activeDirectoryEndpoint, 'https://login.microsoftonline.us');
    const plain = resolveCloud('Custom', { resourceManagerEndpoint: 'http://127.0.0.1:8765/', microsoftGraphEndpoint: '', resourceManagerAudience: '' });
    assert.equal(plain.microsoftGraphResource, 'https://graph.microsoft.com/');
    assert.equal(plain.activeDirectoryEndpoint, 'https://login.microsoftonline.com');
  });

  it('sends tokens only over https, or plain http to loopback', () => {
    assert.doesNotThrow(() => assertSafeEndpoint('https://management.azure.com/x'));
    assert.doesNotThrow(() => assertSafeEndpoint('http://127.0.0.1:9/x'));
    assert.doesNotThrow(() => assertSafeEndpoint('http://localhost:9/x'));
    assert.throws(() => assertSafeEndpoint('http://management.azure.com/x'), /https/);
    assert.throws(() => assertSafeEndpoint('http://10.0.0.1/x'), /https/);
  });

  it('keeps query strings out of logged URLs', () => {
    assert.equal(redactUrl('https://h/providers/x?$filter=asTarget()&secret=1'), 'https://h/providers/x');
  });
});

describe('token claims', () => {
  const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('reads the caller object id and tenant', () => {
    assert.deepEqual(readCaller(token({ oid: 'o1', tid: 't1' })), { objectId: 'o1', tenantId: 't1' });
    assert.equal(readTokenClaims(token({ exp: 5 }))?.exp, 5);
  });
  it('returns undefined for tokens it cannot read', () => {
    assert.equal(readCaller('not-a-jwt'), undefined);
    assert.equal(readCaller('a.!!!.c'), undefined);
    assert.equal(readCaller(token({ tid: 't1' })), undefined);
  });
});
