// Where tokens may go [security]: the Microsoft clouds' ARM and Graph hosts without asking; a custom origin
// only after the user confirmed it once (remembered), one question for concurrent calls, a decline remembered
// for the session; and no token is even requested for a refused host (ARM and Graph clients, store, emulator).
import * as assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { resolveCloud } from '../../src/core/api/cloud';
import { classifyArmError, isPimError } from '../../src/core/errors/errors';
import { GraphPimClient } from '../../src/core/api/graphPimClient';
import { JsonClient } from '../../src/core/api/http';
import { GRAPH_SURFACES_NAME, RoleStore } from '../../src/core/store/roleStore';
import { TokenDestinations } from '../../src/core/api/tokenDestinations';
import type { RunningEmulator } from '../emulator';
import { E2E } from '../emulator/testing';
import { quietLog } from '../support/emulatorConnection';
import { EmulatorCredential } from '../support/emulatorCredential';
import { startRecordingListener, type RecordingListener } from '../support/recordingListener';
import { MemoryTrustStore } from '../support/tokenDestinations';
import { withEmulator } from '../support/withEmulator';

/** A gate whose questions are recorded and answered by `answer` (after a tick, like a dialog). */
function gate(answer: (origin: string) => boolean, store = new MemoryTrustStore()) {
  const asked: string[] = [];
  const destinations = new TokenDestinations(store, async (origin) => {
    asked.push(origin);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return answer(origin);
  });
  return { destinations, asked, store };
}

const notConfirmed = (origin: string) => (error: unknown) => {
  assert.ok(isPimError(error), String(error));
  assert.equal(error.kind, 'untrustedEndpoint');
  assert.ok(error.userMessage.includes(origin), error.userMessage);
  return true;
};

const noCustom = { resourceManagerEndpoint: '', microsoftGraphEndpoint: '', resourceManagerAudience: '' };

describe('token destinations: the policy [security]', () => {
  it('accepts the ARM and Graph hosts of every Microsoft cloud without asking', async () => {
    const { destinations, asked } = gate(() => false);
    for (const name of ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']) {
      const cloud = resolveCloud(name, noCustom);
      await destinations.allow(`${cloud.resourceManagerEndpoint}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01`);
      await destinations.allow(`${cloud.microsoftGraphEndpoint}/v1.0/me`);
    }
    // Same origin however written: case, the default port, user info before the host.
    await destinations.allow('https://MANAGEMENT.Azure.com/subscriptions');
    await destinations.allow('https://management.azure.com:443/subscriptions');
    await destinations.allow('https://someone@graph.microsoft.com/v1.0/me');
    assert.deepEqual(asked, []);
  });

  it('asks about anything else by its origin: other ports, look-alike hosts, user info hiding the real host', async () => {
    const { destinations, asked } = gate(() => false);
    const urls = [
      'https://management.azure.com:8443/x',
      'https://management.azure.com.evil.example/x',
      'https://management.azure.com@evil.example/x',
      'https://graph.microsoft.com./v1.0/me',
      'http://127.0.0.1:8765/subscriptions',
    ];
    for (const url of urls) {
      await assert.rejects(destinations.allow(url), notConfirmed(new URL(url).origin));
    }
    assert.deepEqual(asked, [
      'https://management.azure.com:8443',
      'https://management.azure.com.evil.example',
      'https://evil.example',
      'https://graph.microsoft.com.',
      'http://127.0.0.1:8765',
    ]);
  });

  it('refuses plain http to anything but loopback without asking', async () => {
    const { destinations, asked } = gate(() => true);
    for (const url of ['http://10.0.0.1/x', 'http://management.azure.com/x', 'http://emulator.example:8765/x']) {
      await assert.rejects(destinations.allow(url), (error: unknown) => isPimError(error) && error.kind === 'untrustedEndpoint' && /https/.test(error.userMessage));
    }
    assert.deepEqual(asked, []);
  });

  it('asks once about a custom origin and remembers the yes (also for the next session)', async () => {
    const { destinations, asked, store } = gate(() => true);
    await destinations.allow('https://pim.contoso.example/subscriptions');
    await destinations.allow('https://PIM.contoso.example:443/v1.0/me');
    assert.deepEqual(asked, ['https://pim.contoso.example']);
    assert.deepEqual(store.origins, ['https://pim.contoso.example']);
    const nextSession = gate(() => false, store);
    await nextSession.destinations.allow('https://pim.contoso.example/tenants');
    assert.deepEqual(nextSession.asked, []);
    assert.deepEqual(nextSession.destinations.trustedOrigins, ['https://pim.contoso.example']);
  });

  it('concurrent calls share one question', async () => {
    const { destinations, asked } = gate(() => true);
    await Promise.all([1, 2, 3, 4].map((page) => destinations.allow(`https://pim.contoso.example/list?page=${page}`)));
    assert.deepEqual(asked, ['https://pim.contoso.example']);
    const declining = gate(() => false);
    const results = await Promise.allSettled([1, 2, 3].map(() => declining.destinations.allow('https://pim.contoso.example/x')));
    assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected', 'rejected']);
    assert.equal(declining.asked.length, 1);
  });

  it('a decline is remembered for the session, not on disk; an explicit Sign In / Refresh (askAgain) asks again', async () => {
    const { destinations, asked, store } = gate(() => false);
    await assert.rejects(destinations.allow('https://pim.contoso.example/a'), notConfirmed('https://pim.contoso.example'));
    await assert.rejects(destinations.allow('https://pim.contoso.example/b'), notConfirmed('https://pim.contoso.example'));
    assert.equal(asked.length, 1, 'background calls after a decline do not ask again');
    assert.deepEqual(store.origins, []);
    destinations.askAgain();
    await assert.rejects(destinations.allow('https://pim.contoso.example/c'));
    assert.equal(asked.length, 2);
  });

  it('a question that fails counts as no', async () => {
    const destinations = new TokenDestinations(new MemoryTrustStore(), () => Promise.reject(new Error('the window closed')));
    await assert.rejects(destinations.allow('https://pim.contoso.example/a'), notConfirmed('https://pim.contoso.example'));
  });

  it('forget revokes the trust: nothing is sent until an explicit Sign In / Refresh asks again', async () => {
    const { destinations, asked, store } = gate(() => true, new MemoryTrustStore(['https://pim.contoso.example', 'https://other.example']));
    await destinations.forget(['https://pim.contoso.example']);
    assert.deepEqual(store.origins, ['https://other.example']);
    await assert.rejects(destinations.allow('https://pim.contoso.example/a'), notConfirmed('https://pim.contoso.example'));
    await destinations.allow('https://other.example/a');
    assert.deepEqual(asked, []);
    destinations.askAgain();
    await destinations.allow('https://pim.contoso.example/a');
    assert.deepEqual(asked, ['https://pim.contoso.example']);
  });
});

describe('token destinations: no token is even requested for a refused host [security]', () => {
  const fixture = withEmulator({ resetBeforeEach: false });
  let listener: RecordingListener;
  let emulator: RunningEmulator;
  before(async () => {
    listener = await startRecordingListener();
  });
  after(async () => {
    await listener.close();
  });
  beforeEach(() => {
    emulator = fixture.emulator;
    listener.requests.length = 0;
  });

  /** Counts getToken calls; the token it would hand out is a stand-in. */
  const countingCredential = () => {
    const credential = {
      calls: 0,
      getToken(): Promise<AccessToken> {
        credential.calls++;
        return Promise.resolve({ token: 'header.payload.signature', expiresOnTimestamp: Date.now() + 3600_000 });
      },
    } satisfies TokenCredential & { calls: number };
    return credential;
  };

  it('ARM (JsonClient) and Graph: declined means no getToken call and no request at all', async () => {
    const { destinations, asked } = gate(() => false);
    const credential = countingCredential();
    const arm = new JsonClient({ credential, tokenDestinations: destinations, scopes: ['https://management.azure.com/.default'], classifyError: classifyArmError });
    await assert.rejects(arm.send(`${listener.url}/subscriptions?api-version=2022-12-01`), notConfirmed(listener.url));
    const graph = new GraphPimClient({ endpoint: listener.url, tenantId: E2E.contoso, credential, tokenDestinations: destinations, scopes: ['https://graph.microsoft.com/.default'] });
    await assert.rejects(graph.listEntraEligible(), notConfirmed(listener.url));
    assert.deepEqual(asked, [listener.url]);
    assert.equal(credential.calls, 0, 'no token was asked for');
    assert.deepEqual(listener.requests, []);
  });

  it('confirmed: the same clients get a token and send it there', async () => {
    const { destinations } = gate(() => true);
    const credential = countingCredential();
    const arm = new JsonClient({ credential, tokenDestinations: destinations, scopes: ['https://management.azure.com/.default'], classifyError: classifyArmError });
    await arm.send(`${listener.url}/subscriptions?api-version=2022-12-01`);
    const graph = new GraphPimClient({ endpoint: listener.url, tenantId: E2E.contoso, credential, tokenDestinations: destinations, scopes: ['https://graph.microsoft.com/.default'] });
    await graph.listEntraEligible();
    assert.equal(credential.calls, 2);
    assert.deepEqual(
      listener.requests.map((request) => request.headers.authorization),
      ['Bearer header.payload.signature', 'Bearer header.payload.signature'],
    );
  });

  it('the store shows one clear problem per surface, and the emulator sees no call', async () => {
    emulator.clearRequests();
    const { destinations, asked } = gate(() => false);
    const credential = new EmulatorCredential(emulator.url, E2E.contoso);
    const { connection } = fixture.connect({ graphClientId: E2E.graphClient, credential, tokenDestinations: destinations });
    const store = new RoleStore(() => emulator.clock.now(), quietLog);
    try {
      await store.setConnections([connection]);
      const tenant = store.tenants[0];
      assert.ok(tenant);
      assert.equal(tenant.status, 'error');
      assert.deepEqual(
        tenant.problems.map((problem) => `${problem.what}: ${problem.error.kind}`),
        ['Azure roles: untrustedEndpoint', `${GRAPH_SURFACES_NAME}: untrustedEndpoint`],
      );
      assert.match(tenant.problems[0]?.error.userMessage ?? '', /No sign-in token was sent to http:\/\/127\.0\.0\.1:\d+: you have not confirmed this custom endpoint/);
    } finally {
      store.dispose();
    }
    assert.deepEqual(asked, [emulator.url], 'one question for every list of both surfaces');
    assert.deepEqual(credential.asks, [], 'no token was asked for');
    assert.deepEqual(emulator.requests, [], 'nothing reached the emulator');
  });
});
