// Token minting and checking, fault injection, latency, control endpoints and scenario validation.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeToken, loadScenario, mintToken, startEmulator, verifyToken, type RunningEmulator, type TokenClaims } from '../../emulator';
import { ARM_SCOPE, DEMO_SCENARIO_FILE, E2E, E2E_SCENARIO_FILE, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';
import { withEmulator } from '../../support/withEmulator';

const ELIGIBLE = `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`;

describe('PIM emulator: tokens, faults and controls', () => {
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let client: EmulatorClient;

  beforeEach(() => {
    emulator = fixture.emulator;
    client = new EmulatorClient(emulator);
  });

  describe('tokens', () => {
    it('mints ARM and Graph tokens with the documented claims', async () => {
      const res = await client.tokenResponse({ scopes: [ARM_SCOPE, `VSCODE_TENANT:${E2E.fabrikam}`, 'VSCODE_CLIENT_ID:aebc6443-996d-45c2-90f0-388ff96faa56'] });
      assert.equal(res.tenantId, E2E.fabrikam);
      assert.equal(Date.parse(res.expiresOn) - emulator.clock.now().getTime() > 59 * 60_000, true);
      const claims = decodeToken(res.accessToken);
      assert.equal(claims?.aud, 'https://management.azure.com/');
      assert.equal(claims?.tid, E2E.fabrikam);
      assert.deepEqual(claims?.amr, ['pwd']);
      assert.equal(res.account.label, claims?.upn);

      const graph = decodeToken(await client.token({ scopes: ['https://graph.microsoft.com/RoleEligibilitySchedule.Read.Directory', 'https://graph.microsoft.com/User.Read'] }));
      assert.equal(graph?.aud, 'https://graph.microsoft.com');
      assert.equal(graph?.tid, E2E.contoso, 'first tenant by default');
      assert.equal(graph?.scp, 'RoleEligibilitySchedule.Read.Directory User.Read');
      assert.equal(decodeToken(await client.token({ scopes: ['https://graph.microsoft.com/.default'] }))?.scp, '', 'VS Code client: no consented scopes');
      assert.match(decodeToken(await client.graphToken())?.scp ?? '', /RoleAssignmentSchedule\.ReadWrite\.Directory/);

      const stepUp = decodeToken(await client.token({ scopes: [ARM_SCOPE], claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' }));
      assert.deepEqual([stepUp?.amr, stepUp?.acrs], [['pwd', 'mfa'], ['c1']]);
      const bad = await client.call('POST', '/_emulator/token', { body: { scopes: ['https://example.com/.default'] } });
      assert.equal(bad.status, 400);
    });

    it('verifies signature, expiry, audience and tenant on every call', async () => {
      const good = decodeToken(await client.armToken()) as TokenClaims;
      const call = (token: string): ReturnType<EmulatorClient['call']> => client.call('GET', ELIGIBLE, { token });

      const forged = await call(mintToken(good, 'some-other-key'));
      assert.equal(forged.status, 401);
      assert.equal(errorOf(forged).code, 'InvalidAuthenticationToken');
      assert.match(forged.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri="[^"]+", error="invalid_token"/);

      const expired = await call(mintToken({ ...good, exp: good.iat - 1 }, 'pim-emulator-dev-key'));
      assert.equal(errorOf(expired).code, 'ExpiredAuthenticationToken');
      assert.equal(expired.status, 401);

      const graphAudience = await call(await client.graphToken());
      assert.equal(graphAudience.status, 401);
      assert.match(errorOf(graphAudience).code, /^InvalidAuthenticationToken/);

      const fabrikam = await client.armToken({ tenantId: E2E.fabrikam });
      const wrongTenant = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`, { token: fabrikam });
      assert.equal(wrongTenant.status, 401);
      assert.equal(errorOf(wrongTenant).code, 'InvalidAuthenticationTokenTenant');
      const ownTenant = valueOf(await call(fabrikam));
      assert.equal(ownTenant.length, 1, 'Fabrikam has one eligibility');

      const armOnGraph = await client.call('GET', `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')`, { token: await client.armToken() });
      assert.equal(armOnGraph.status, 401);
      assert.equal(errorOf(armOnGraph).code, 'InvalidAuthenticationToken');
    });

    it('expires tokens by the emulator clock', async () => {
      const token = await client.armToken();
      assert.equal((await client.call('GET', ELIGIBLE, { token })).status, 200);
      emulator.clock.advance(61 * 60_000);
      const later = await client.call('GET', ELIGIBLE, { token });
      assert.equal(errorOf(later).code, 'ExpiredAuthenticationToken');
    });

    it('exports helpers that round-trip', () => {
      const now = new Date('2026-01-01T00:00:00Z');
      const claims = { aud: 'a', iss: 'i', iat: 0, nbf: 0, exp: now.getTime() / 1000 + 60, tid: 't', oid: 'o', upn: 'u', name: 'n', scp: '', amr: ['pwd'], ver: '1.0' } as const;
      const token = mintToken({ ...claims, amr: [...claims.amr] }, 'k');
      assert.equal(verifyToken(token, 'k', now).ok, true);
      assert.deepEqual(verifyToken(token, 'x', now), { ok: false, reason: 'signature', claims: { ...claims, amr: ['pwd'] } });
      assert.equal(verifyToken('nope', 'k', now).ok, false);
    });
  });

  describe('faults and latency', () => {
    it('answers 429 with Retry-After, then 503, then normally (times)', async () => {
      const token = await client.armToken();
      emulator.setFaults([
        { match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 },
        { match: { surface: 'arm', method: 'GET' }, kind: 'status', status: 503, times: 1 },
      ]);
      const throttled = await client.call('GET', ELIGIBLE, { token });
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '7');
      assert.equal(errorOf(throttled).code, 'TooManyRequests');
      const unavailable = await client.call('GET', ELIGIBLE, { token });
      assert.equal(unavailable.status, 503);
      assert.equal(errorOf(unavailable).code, 'ServiceUnavailable');
      assert.equal((await client.call('GET', ELIGIBLE, { token })).status, 200);
      assert.deepEqual(emulator.requests.map((r) => r.status), [429, 503, 200]);
    });

    it('keeps a fault forever with times: 0, set over HTTP', async () => {
      const token = await client.graphToken();
      const set = await client.call('POST', '/_emulator/faults', { body: [{ match: { surface: 'graph' }, kind: 'status', status: 500, times: 0 }] });
      assert.equal(set.status, 200);
      for (let i = 0; i < 3; i++) {
        const res = await client.call('GET', `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')`, { token });
        assert.equal(res.status, 500);
        assert.ok((res.body as { error: { innerError?: unknown } }).error.innerError, 'Graph envelope');
      }
      assert.equal((await client.call('GET', ELIGIBLE, { token: await client.armToken() })).status, 200, 'ARM unaffected');
      const invalid = await client.call('POST', '/_emulator/faults', { body: [{ match: {}, kind: 'explode' }] });
      assert.equal(invalid.status, 400);
    });

    it('drops the connection, sends truncated JSON, and holds a call open', async () => {
      const token = await client.armToken();
      emulator.setFaults([{ match: {}, kind: 'drop' }]);
      await assert.rejects(client.call('GET', ELIGIBLE, { token }));
      emulator.setFaults([{ match: {}, kind: 'malformed' }]);
      const malformed = await client.call('GET', ELIGIBLE, { token });
      assert.equal(malformed.status, 200);
      assert.throws(() => JSON.parse(malformed.text) as unknown);
      emulator.setFaults([{ match: {}, kind: 'timeout' }]);
      const started = Date.now();
      await assert.rejects(client.call('GET', ELIGIBLE, { token, signal: AbortSignal.timeout(300) }));
      assert.ok(Date.now() - started < 5000);
      assert.equal((await client.call('GET', ELIGIBLE, { token })).status, 200, 'next call answered');
    });

    it('applies the request before dropping it (dropAfterCommit)', async () => {
      const token = await client.armToken();
      emulator.setFaults([{ match: { method: 'PUT' }, kind: 'dropAfterCommit' }]);
      const name = crypto.randomUUID();
      await assert.rejects(client.activate(token, { scope: E2E.subA, role: E2E.roles.contributor, name }));
      const readBack = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?api-version=2020-10-01`, { token });
      assert.equal(readBack.status, 200);
      assert.equal((readBack.body as { properties: { status: string } }).properties.status, 'Provisioned');
      const retry = await client.activate(token, { scope: E2E.subA, role: E2E.roles.contributor, name });
      assert.equal(errorOf(retry).code, 'RoleAssignmentRequestExists', 'the name is taken by the request that was applied');
    });

    it('answers a status fault with a given code and message (a service quoting back what it got)', async () => {
      const token = await client.armToken();
      emulator.setFaults([{ match: { method: 'GET' }, kind: 'status', status: 400, code: 'BadRequest', message: 'Echoed: Authorization: Bearer x' }]);
      const res = await client.call('GET', ELIGIBLE, { token });
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { code: 'BadRequest', message: 'Echoed: Authorization: Bearer x' });
      const invalid = await client.call('POST', '/_emulator/faults', { body: [{ match: {}, kind: 'status', status: 400, message: 42 }] });
      assert.equal(invalid.status, 400);
    });

    it('test-only: redirects to another origin, or points a list next link there', async () => {
      const elsewhere = 'http://127.0.0.1:9';
      emulator.setFaults([
        { match: { surface: 'arm' }, kind: 'redirect', targetOrigin: elsewhere },
        { match: { surface: 'graph' }, kind: 'foreignNextLink', targetOrigin: elsewhere },
      ]);
      const redirected = await fetch(`${emulator.url}${ELIGIBLE}`, { headers: { authorization: `Bearer ${await client.armToken()}` }, redirect: 'manual' });
      assert.equal(redirected.status, 302);
      assert.equal(redirected.headers.get('location'), `${elsewhere}${ELIGIBLE}`);
      const graphList = `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')`;
      const paged = await client.call('GET', graphList, { token: await client.graphToken() });
      assert.equal(paged.status, 200);
      assert.ok(valueOf(paged).length > 0, 'the page itself is answered as usual');
      assert.equal(new URL((paged.body as Record<string, string>)['@odata.nextLink'] ?? '').origin, elsewhere);
      const invalid = await client.call('POST', '/_emulator/faults', { body: [{ match: {}, kind: 'redirect', targetOrigin: 'not a url' }] });
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /targetOrigin/);
    });

    it('adds latency per route', async () => {
      const token = await client.armToken();
      emulator.setLatency({ defaultMs: 0, perRouteMs: { roleEligibilityScheduleInstances: 250 } });
      let started = Date.now();
      await client.call('GET', ELIGIBLE, { token });
      assert.ok(Date.now() - started >= 240);
      started = Date.now();
      await client.call('GET', '/subscriptions?api-version=2022-12-01', { token });
      assert.ok(Date.now() - started < 200);
      const set = await client.call('POST', '/_emulator/latency', { body: { defaultMs: 0 } });
      assert.equal(set.status, 200);
    });
  });

  describe('controls', () => {
    it('logs API calls (not control calls), clears the log, and resets state', async () => {
      const token = await client.armToken();
      await client.activate(token, { scope: E2E.subA, role: E2E.roles.contributor });
      const log = (await client.call('GET', '/_emulator/requests')).body as { method: string; path: string; status: number; timestamp: string }[];
      assert.equal(log.length, 1);
      assert.equal(log[0].method, 'PUT');
      assert.match(log[0].path, /roleAssignmentScheduleRequests\/[0-9a-f-]{36}\?api-version=2020-10-01$/);
      assert.equal(log[0].status, 201);
      assert.ok(!Number.isNaN(Date.parse(log[0].timestamp)));
      assert.equal((await client.call('DELETE', '/_emulator/requests')).status, 204);
      assert.equal(emulator.requests.length, 0);
      const state = (await client.call('GET', '/_emulator/state')).body as { tenants: { activeAssignments: { role: string; assignmentType: string }[] }[] };
      assert.deepEqual(state.tenants[0].activeAssignments.map((a) => `${a.role}:${a.assignmentType}`).sort(), ['Contributor:Activated', 'Reader:Assigned']);
      assert.equal((await client.call('POST', '/_emulator/reset')).status, 200);
      const after = (await client.call('GET', '/_emulator/state')).body as typeof state;
      assert.equal(after.tenants[0].activeAssignments.length, 1);
      assert.equal((await client.call('POST', '/_emulator/approve', { body: { requestName: 'nope' } })).status, 400);
      assert.throws(() => emulator.approve('nope'), /No request named nope/);
    });
  });

  describe('renames (hostile-name tests)', () => {
    it('renames a tenant and an approver in every answer until reset', async () => {
      const token = await client.armToken();
      const policyOf = async (): Promise<string> => {
        const assignments = await client.call('GET', `${E2E.subB}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?api-version=2020-10-01&$filter=roleDefinitionId eq '${E2E.subB}/providers/Microsoft.Authorization/roleDefinitions/${E2E.roles.owner}'`, { token });
        const policyId = (valueOf(assignments)[0] as { properties: { policyId: string } }).properties.policyId;
        return (await client.call('GET', `${policyId}?api-version=2020-10-01`, { token })).text;
      };
      const tenantNames = async (): Promise<string[]> =>
        valueOf(await client.call('GET', '/tenants?api-version=2022-12-01', { token })).map((tenant) => (tenant as { displayName: string }).displayName);

      emulator.rename({ tenantId: E2E.contoso, displayName: 'Tenant [x](command:y)' });
      emulator.rename({ approverId: E2E.approver, displayName: 'Approver $(alert)' });
      assert.deepEqual(await tenantNames(), ['Tenant [x](command:y)', 'Fabrikam']);
      assert.match(await policyOf(), /"Approver \$\(alert\)"/);
      assert.throws(() => emulator.rename({ approverId: 'nobody', displayName: 'x' }), /nothing matches/);
      assert.throws(() => emulator.rename({ displayName: 'x' }), /exactly one/);

      emulator.reset();
      assert.deepEqual(await tenantNames(), ['Contoso', 'Fabrikam']);
      assert.match(await policyOf(), /"Alice Admin"/);
    });
  });

  describe('scenario files', () => {
    it('loads the shipped scenarios', () => {
      const demo = loadScenario(DEMO_SCENARIO_FILE);
      assert.equal(demo.tenants[0].subscriptions.length, 3);
      assert.ok((demo.tenants[0].eligibilities ?? []).length >= 8);
      assert.equal(loadScenario(E2E_SCENARIO_FILE).tenants.length, 2);
    });

    it('serves the demo scenario, including Inherited and Group member types', async () => {
      const demo = await startEmulator({ scenario: loadScenario(DEMO_SCENARIO_FILE) });
      try {
        demo.setLatency({});
        const c = new EmulatorClient(demo);
        const token = await c.armToken();
        const atSub = valueOf(await c.call('GET', `/subscriptions/c0000000-0000-4000-8000-00000000000c/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`, { token }));
        assert.deepEqual(atSub.map((e) => (e.properties as { memberType: string }).memberType), ['Group']);
        const atDev = valueOf(await c.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`, { token }));
        assert.ok(atDev.some((e) => (e.properties as { memberType: string }).memberType === 'Inherited'), 'management group eligibility inherited');
      } finally {
        await demo.close();
      }
    });

    it('rejects a bad file with a message naming the problem', () => {
      const dir = mkdtempSync(join(tmpdir(), 'pim-scenario-'));
      const write = (name: string, content: unknown): string => {
        const file = join(dir, name);
        writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
        return file;
      };
      assert.throws(() => loadScenario(write('broken.json', '{ "tenants": [')), /not valid JSON/);
      assert.throws(() => loadScenario(join(dir, 'missing.json')), /Cannot read scenario file/);
      const base = JSON.parse(JSON.stringify(loadScenario(E2E_SCENARIO_FILE))) as { tenants: Record<string, unknown>[] };
      const withTenant = (patch: Record<string, unknown>): unknown => ({ ...base, tenants: [{ ...base.tenants[0], ...patch }] });
      assert.throws(() => loadScenario(write('a.json', withTenant({ id: 'contoso' }))), /\$\.tenants\[0\]\.id must be a GUID/);
      assert.throws(
        () => loadScenario(write('b.json', withTenant({ eligibilities: [{ role: 'Janitor', scope: E2E.subA }] }))),
        /\$\.tenants\[0\]\.eligibilities\[0\]\.role unknown role "Janitor"/,
      );
      assert.throws(
        () => loadScenario(write('c.json', withTenant({ eligibilities: [{ role: 'Reader', scope: '/subscriptions/00000000-0000-4000-8000-000000000000' }] }))),
        /unknown subscription/,
      );
      assert.throws(() => loadScenario(write('d.json', withTenant({ eligibilities: [{ role: 'Reader', scope: E2E.subA, policy: 'nope' }] }))), /unknown policy/);
      assert.throws(() => loadScenario(write('e.json', { ...base, faults: [{ match: {}, kind: 'status' }] })), /\$\.faults\[0\]\.status/);
      assert.throws(() => loadScenario(write('f.json', { tenants: [] })), /at least one tenant/);
    });
  });
});
