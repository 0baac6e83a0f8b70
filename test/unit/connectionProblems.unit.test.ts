// Certificates and proxies, with real errors: a private certificate authority made for the run serves the emulator over
// HTTPS, and a local forward proxy answers 407. The product's ARM client (https.request through
// @azure/core-rest-pipeline) and Graph client (the Graph SDK's fetch) meet them as they would behind an organisation's
// TLS inspection or proxy. What VS Code adds in its extension host (its proxy resolver patched into https.request and
// fetch) stands here as what it amounts to: the pipeline's own HTTPS_PROXY handling for https.request, and a fetch
// through undici's ProxyAgent for the Graph client (VS Code's patched fetch is undici's ProxyAgent too).
import * as assert from 'node:assert/strict';
import { request as httpsRequest, createServer as createTlsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import selfsigned from 'selfsigned';
import { Agent, fetch as undiciFetch, ProxyAgent } from 'undici';
import { ArmPimClient } from '../../src/core/api/armPimClient';
import { connectionProblem, describeProxy } from '../../src/core/api/connectionProblems';
import { isPimError, type PimError } from '../../src/core/errors/errors';
import { GraphPimClient, graphScopes } from '../../src/core/api/graphPimClient';
import { RoleStore } from '../../src/core/store/roleStore';
import { loadScenario, startEmulator, type RunningEmulator } from '../emulator';
import { EmulatorCredential } from '../support/emulatorCredential';
import { ARM_SCOPE, emulatorConnection, GRAPH_RESOURCE, quietLog } from '../support/emulatorConnection';
import { startForwardProxy, type ForwardProxy } from '../support/forwardProxy';
import { createPrivateCa, type PrivateCa, type ServerCertificate } from '../support/privateCa';
import { trustingDestinations } from '../support/tokenDestinations';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const SCENARIO = path.join(__dirname, '../emulator/scenarios/e2e.json');
/** A name only the test proxy resolves (to the emulator). */
const PROXIED_HOST = 'arm.pim.test';
const PROXY_USER = 'pim-user';
const WRONG_PASSWORD = 'wrong-secret';

function isKind(kind: PimError['kind'], check: (error: PimError) => void = () => undefined) {
  return (error: unknown): boolean => {
    assert.ok(isPimError(error), `a PimError, got ${String(error)}`);
    assert.equal(error.kind, kind, `${error.kind}: ${error.message}`);
    check(error);
    return true;
  };
}

/** The error https.request gives for `url` (no answer expected). */
function httpsError(url: string, ca?: string): Promise<unknown> {
  return new Promise((resolve) => {
    const request = httpsRequest(url, { ...(ca ? { ca } : {}) }, (response) => {
      response.resume();
      resolve(new Error(`unexpected answer ${response.statusCode}`));
    });
    request.on('error', resolve);
    request.end();
  });
}

/** The error fetch (undici, as in VS Code's extension host) gives for `url`. */
async function fetchError(url: string, ca?: string): Promise<unknown> {
  try {
    const response = await undiciFetch(url, ca ? { dispatcher: new Agent({ connect: { ca } }) } : {});
    return new Error(`unexpected answer ${response.status}`);
  } catch (error) {
    return error;
  }
}

async function serve(certificate: ServerCertificate): Promise<{ url: string; server: Server }> {
  const server = createTlsServer(certificate, (_request, response) => response.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('Connection problems: certificates and proxies', function () {
  this.timeout(20_000);
  let ca: PrivateCa;
  let tlsEmulator: RunningEmulator;
  let tokenEmulator: RunningEmulator;
  let proxy: ForwardProxy;
  const servers: Server[] = [];
  const savedProxyEnv = process.env.HTTPS_PROXY;

  before(async () => {
    ca = await createPrivateCa();
    const scenario = loadScenario(SCENARIO);
    tlsEmulator = await startEmulator({ scenario, tls: await ca.issue({ dns: ['localhost', PROXIED_HOST], ips: ['127.0.0.1'] }) });
    tokenEmulator = await startEmulator({ scenario });
    proxy = await startForwardProxy({ hosts: { [PROXIED_HOST]: '127.0.0.1' }, credentials: { username: PROXY_USER, password: 'the-right-one' } });
  });

  afterEach(() => {
    if (savedProxyEnv === undefined) {
      delete process.env.HTTPS_PROXY;
    } else {
      process.env.HTTPS_PROXY = savedProxyEnv;
    }
    tlsEmulator.clearRequests();
    proxy.clearRequests();
  });

  after(async () => {
    await Promise.all([tlsEmulator.close(), tokenEmulator.close(), proxy.close()]);
    servers.forEach((server) => server.close());
  });

  function credential(): EmulatorCredential {
    return new EmulatorCredential(tokenEmulator.url, CONTOSO);
  }

  function armClient(endpoint: string, options: { proxy?: string; proxyChosenByHost?: boolean } = {}): ArmPimClient {
    return new ArmPimClient({
      endpoint,
      tenantId: CONTOSO,
      credential: credential(),
      tokenDestinations: trustingDestinations(endpoint),
      scopes: [ARM_SCOPE],
      maxRetries: 2,
      retryDelayMs: 10,
      maxRetryDelayMs: 20,
      ...(options.proxy ? { proxy: () => options.proxy } : {}),
      ...(options.proxyChosenByHost ? { proxyChosenByHost: true } : {}),
    });
  }

  function graphClient(endpoint: string, proxyUrl?: string): GraphPimClient {
    return new GraphPimClient({
      endpoint,
      tenantId: CONTOSO,
      credential: credential(),
      tokenDestinations: trustingDestinations(endpoint),
      scopes: graphScopes(GRAPH_RESOURCE, undefined),
      retryDelaySeconds: 0,
      ...(proxyUrl ? { proxy: () => proxyUrl } : {}),
    });
  }

  describe('a certificate from a private authority this machine does not trust', () => {
    const untrusted = (error: PimError): void => {
      const host = new URL(tlsEmulator.url).host;
      assert.equal(error.code, 'SELF_SIGNED_CERT_IN_CHAIN');
      assert.ok(error.userMessage.includes(`The certificate of ${host} is not trusted`), error.userMessage);
      assert.match(error.userMessage, /root certificate is installed in this computer's system certificate store/);
      assert.match(error.userMessage, /http\.systemCertificates/);
      assert.equal(error.retryable, false, 'waiting does not make a certificate trusted');
    };

    it('ARM (https.request): "not trusted", what to do, nothing reached the server, no retry', async () => {
      await assert.rejects(armClient(tlsEmulator.url).listEligible(), isKind('untrustedCertificate', untrusted));
      assert.deepEqual(tlsEmulator.requests, [], 'the TLS handshake failed: no request reached the emulator');
    });

    it('Microsoft Graph (fetch): the same, although the Graph SDK wraps the error without its cause', async () => {
      await assert.rejects(graphClient(tlsEmulator.url).listEntraEligible(), isKind('untrustedCertificate', untrusted));
      assert.deepEqual(tlsEmulator.requests, []);
    });

    it('the Roles view shows it once for Azure roles and once for Entra roles and groups, not per list', async () => {
      const { connection } = emulatorConnection(tlsEmulator.url, { tenantId: CONTOSO, credential: credential(), graphClientId: null, maxRetries: 1 });
      const store = new RoleStore(() => new Date(), quietLog);
      await store.setConnections([connection]);
      const problems = store.tenants[0]?.problems.map((problem) => `${problem.what}: ${problem.error.kind}`);
      assert.deepEqual(problems, ['Azure roles: untrustedCertificate', 'Entra roles and groups: untrustedCertificate']);
      store.dispose();
    });
  });

  describe('what Node reports for other certificate failures, by https.request and by fetch', () => {
    const cases: { name: string; code: string; message: RegExp; make: () => Promise<{ certificate: ServerCertificate; trustedRoot?: string }> }[] = [
      {
        name: 'a server that sends no chain (issuer unknown)',
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        message: /is not trusted/,
        make: async () => {
          const issued = await ca.issue({ ips: ['127.0.0.1'] });
          return { certificate: { key: issued.key, cert: issued.cert.split(/(?<=-----END CERTIFICATE-----)/)[0] ?? '' } };
        },
      },
      {
        name: 'a self-signed server certificate',
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        message: /is not trusted/,
        make: async () => {
          const own = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256' });
          return { certificate: { key: own.private, cert: own.cert } };
        },
      },
      {
        name: 'an expired certificate from a trusted root',
        code: 'CERT_HAS_EXPIRED',
        message: /has expired or is not valid yet .*date and time/,
        make: async () => ({
          certificate: await ca.issue({ ips: ['127.0.0.1'] }, { notBeforeDate: new Date(Date.now() - 3 * 86_400_000), notAfterDate: new Date(Date.now() - 86_400_000) }),
          trustedRoot: ca.rootCertificate,
        }),
      },
      {
        name: 'a certificate for another host name from a trusted root',
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        message: /was issued for another host name/,
        make: async () => ({ certificate: await ca.issue({ dns: ['elsewhere.test'] }), trustedRoot: ca.rootCertificate }),
      },
    ];
    for (const { name, code, message, make } of cases) {
      it(`${name}: ${code}`, async () => {
        const { certificate, trustedRoot } = await make();
        const { url, server } = await serve(certificate);
        servers.push(server);
        for (const [stack, error] of [
          ['https.request', await httpsError(url, trustedRoot)],
          ['fetch', await fetchError(url, trustedRoot)],
        ] as const) {
          const problem = connectionProblem(error, { url, service: 'Azure' });
          assert.equal(problem?.kind, 'untrustedCertificate', `${stack}: ${String(error)}`);
          assert.equal(problem.code, code, stack);
          assert.match(problem.userMessage, message, stack);
          assert.ok(problem.userMessage.includes(`The certificate of ${new URL(url).host}`), problem.userMessage);
        }
      });
    }

    it('a refused connection stays a plain network failure', async () => {
      const { url, server } = await serve(await ca.issue({ ips: ['127.0.0.1'] }));
      await new Promise((resolve) => server.close(resolve));
      assert.equal(connectionProblem(await httpsError(url), { url, service: 'Azure' }), undefined);
      assert.equal(connectionProblem(await fetchError(url), { url, service: 'Azure' }), undefined);
    });
  });

  describe('a proxy that asks for authentication (407)', () => {
    const proxyWithWrongPassword = (): string => proxy.url.replace('//', `//${PROXY_USER}:${WRONG_PASSWORD}@`);
    const namesTheProxyOnly = (error: PimError): void => {
      assert.equal(error.status, 407);
      assert.ok(error.userMessage.includes(`The proxy ${proxy.url} asks for authentication (HTTP 407)`), error.userMessage);
      for (const text of [error.userMessage, error.message]) {
        assert.ok(!text.includes(WRONG_PASSWORD) && !text.includes(PROXY_USER), `no credentials: ${text}`);
      }
      assert.equal(error.retryable, false);
    };

    it('ARM: https-proxy-agent hands the refusal of CONNECT back as a 407 response; the message names the proxy, never its credentials', async () => {
      // The pipeline reads HTTPS_PROXY when it is built, as VS Code's proxy agent reads http.proxy or the environment.
      process.env.HTTPS_PROXY = proxyWithWrongPassword();
      const endpoint = `https://${PROXIED_HOST}:${new URL(tlsEmulator.url).port}`;
      await assert.rejects(armClient(endpoint, { proxy: proxyWithWrongPassword() }).listEligible(), isKind('proxyAuthentication', namesTheProxyOnly));
      assert.deepEqual(
        proxy.requests.map((request) => `${request.method} ${request.host} ${request.proxyUser ?? '-'} → ${request.status}`),
        [`CONNECT ${PROXIED_HOST} ${PROXY_USER} → 407`],
        'one attempt: a 407 is not retried',
      );
    });

    it('Microsoft Graph: fetch fails with "Proxy response (407)" deep in its causes; the same message', async () => {
      const dispatcher = new ProxyAgent(proxyWithWrongPassword());
      const original = globalThis.fetch;
      // As VS Code's patched fetch: loopback (here the token endpoint) directly, everything else through the proxy.
      globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const url = input instanceof Request ? input.url : input;
        return new URL(url).hostname === '127.0.0.1' ? original(input, init) : (undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>);
      };
      try {
        const endpoint = `https://${PROXIED_HOST}:${new URL(tlsEmulator.url).port}`;
        await assert.rejects(graphClient(endpoint, proxyWithWrongPassword()).listEntraEligible(), isKind('proxyAuthentication', namesTheProxyOnly));
      } finally {
        globalThis.fetch = original;
        await dispatcher.close();
      }
      assert.deepEqual(
        proxy.requests.map((request) => `${request.method} ${request.host} → ${request.status}`),
        [`CONNECT ${PROXIED_HOST} → 407`],
      );
    });

    it('without a named proxy the message still says what to do', () => {
      const problem = connectionProblem(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { url: 'https://management.azure.com/', service: 'Azure' });
      assert.equal(problem?.kind, 'proxyAuthentication');
      assert.match(problem.userMessage, /^Your network proxy asks for authentication \(HTTP 407\) before it lets Azure through\. .*http\.proxy/);
    });
  });

  describe('who chooses the proxy', () => {
    it("by default the pipeline sends even loopback calls to HTTPS_PROXY; with proxyChosenByHost it leaves that to VS Code's resolver", async () => {
      const open = await startForwardProxy();
      try {
        process.env.HTTPS_PROXY = open.url;
        const own = await armClient(tokenEmulator.url).listTenants();
        assert.ok(own.length > 0);
        assert.deepEqual(
          open.requests.map((request) => `${request.method} ${request.host}`),
          ['GET 127.0.0.1'],
          "the library's own proxy policy: the loopback call went to the proxy",
        );
        open.clearRequests();
        const chosenByHost = await armClient(tokenEmulator.url, { proxyChosenByHost: true }).listTenants();
        assert.deepEqual(chosenByHost, own);
        assert.deepEqual(open.requests, [], 'left to VS Code (which sends loopback calls directly): nothing went to the proxy here');
      } finally {
        await open.close();
      }
    });
  });

  describe('describeProxy', () => {
    it('keeps scheme, host and port and drops credentials, path and query', () => {
      assert.equal(describeProxy('http://user:p%40ss@proxy.contoso.com:8080/path?q=1'), 'http://proxy.contoso.com:8080');
      assert.equal(describeProxy(' https://proxy.contoso.com '), 'https://proxy.contoso.com');
      assert.equal(describeProxy('proxy.contoso.com:3128'), 'http://proxy.contoso.com:3128');
      assert.equal(describeProxy('socks5://u:p@10.0.0.1:1080'), 'socks5://10.0.0.1:1080');
      assert.equal(describeProxy(''), undefined);
      assert.equal(describeProxy(undefined), undefined);
    });
  });
});
