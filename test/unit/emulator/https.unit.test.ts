// The emulator over HTTPS (tests of proxies and private certificate authorities): the same API over TLS, a public
// host name in `url`, and next-page links on the host each request was sent to.
import * as assert from 'node:assert/strict';
import { request } from 'node:https';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { ARM_SCOPE, e2eScenario } from '../../emulator/testing';
import { createPrivateCa, type PrivateCa } from '../../support/privateCa';

const ARM_NAME = 'arm.pim.test';
const GRAPH_NAME = 'graph.pim.test';

describe('PIM emulator over HTTPS', () => {
  let ca: PrivateCa;
  let emulator: RunningEmulator;
  let port: number;

  /** Sends to the emulator's address under `name` (Host and SNI), trusting only the test root. */
  function send(name: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port, method, path, servername: name, ca: ca.rootCertificate, headers: { host: `${name}:${port}`, ...headers } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  before(async () => {
    ca = await createPrivateCa();
    emulator = await startEmulator({ scenario: e2eScenario({ pageSize: 1 }), publicHost: ARM_NAME, tls: await ca.issue({ dns: [ARM_NAME, GRAPH_NAME] }) });
    port = Number(new URL(emulator.url).port);
  });
  after(() => emulator.close());

  it('names its public host in `url`; the default stays plain HTTP on its address', async () => {
    assert.equal(emulator.url, `https://${ARM_NAME}:${port}`);
    const plain = await startEmulator({ scenario: e2eScenario() });
    assert.match(plain.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await plain.close();
  });

  it('serves the API over TLS and pages on the host the request was sent to', async () => {
    const minted = await send(ARM_NAME, 'POST', '/_emulator/token', { 'content-type': 'application/json' }, JSON.stringify({ scopes: [ARM_SCOPE] }));
    const token = (minted.json as { accessToken: string }).accessToken;
    for (const name of [ARM_NAME, GRAPH_NAME]) {
      const listed = await send(name, 'GET', '/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()', {
        authorization: `Bearer ${token}`,
      });
      assert.equal(listed.status, 200);
      const nextLink = (listed.json as { nextLink?: string }).nextLink ?? '';
      assert.ok(nextLink.startsWith(`https://${name}:${port}/providers/`), nextLink);
    }
  });
});
