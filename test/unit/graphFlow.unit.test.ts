// Entra roles and PIM for Groups (Microsoft Graph) beside Azure roles: the product's Graph client, store and
// activation flow against the real emulator over HTTP, plus the client's guards against a stubbed fetch.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { activateRow, deactivateRow } from '../../src/core/flows/activation';
import { isPimError } from '../../src/core/errors/errors';
import { GraphPimClient } from '../../src/core/api/graphPimClient';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import { azureRolesByGroup, rowKind } from '../../src/core/model/roleRows';
import { GRAPH_SURFACES_NAME, RoleStore, type RowRef, type TenantConnection } from '../../src/core/store/roleStore';
import { startEmulator, validateScenario, type RunningEmulator } from '../emulator';
import { E2E } from '../emulator/testing';
import { emulatorConnection, quietLog } from '../support/emulatorConnection';
import { trustingDestinations } from '../support/tokenDestinations';
import { withEmulator } from '../support/withEmulator';

const CLIENT_ID = '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11';
const GROUP_ID = '9a000000-0000-4000-8000-0000000000a9';

/** The e2e scenario, with one page per item (so every list follows next links), a second Entra role, and an Azure role granted through the PIM group. */
function scenario(): ReturnType<typeof validateScenario> {
  const json = JSON.parse(readFileSync(path.join(__dirname, '../emulator/scenarios/e2e.json'), 'utf8')) as {
    pageSize: number;
    provisioningDelaySeconds?: number;
    revocationDelaySeconds?: number;
    tenants: { entraRoles?: unknown[]; eligibilities?: unknown[] }[];
  };
  json.pageSize = 1;
  // As e2eScenario(): the delays are for the browser, where time runs.
  json.provisioningDelaySeconds = 0;
  json.revocationDelaySeconds = 0;
  const contoso = json.tenants[0];
  assert.ok(contoso);
  contoso.entraRoles?.push({ roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509', displayName: 'Security Reader', eligible: true, policy: 'standard' });
  contoso.eligibilities?.push({ role: 'Contributor', scope: '/subscriptions/b0000000-0000-4000-8000-00000000000b/resourceGroups/rg-prod', principal: GROUP_ID });
  return validateScenario(json);
}

describe('Entra roles and PIM for Groups against the emulator', function () {
  this.timeout(20_000);
  const fixture = withEmulator({ scenario });
  let emulator: RunningEmulator;
  let store: RoleStore;

  const connect = async (clientId: string | undefined): Promise<TenantConnection> => {
    const { connection } = fixture.connect({ graphClientId: clientId ?? null });
    store = await fixture.loadStore(connection);
    return connection;
  };

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  const row = (roleName: string, scopeName: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && candidate.row.scope.displayName === scopeName);
    assert.ok(ref, `no row for ${roleName}@${scopeName}: ${store.allRows().map((r) => `${r.row.roleName}@${r.row.scope.displayName}`).join(', ')}`);
    return ref;
  };
  const states = (): string[] => store.allRows().map((ref) => `${rowKind(ref.row)}:${ref.row.roleName}@${ref.row.scope.displayName}:${ref.row.state}`).sort();
  const choice = { justification: 'Incident 4711', durationMinutes: 60 };
  const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };

  it('lists eligible Entra roles and groups beside Azure roles, following next links', async () => {
    const before = emulator.requests.length;
    await connect(CLIENT_ID);
    assert.deepEqual(store.tenants[0]?.problems, []);
    assert.deepEqual(states(), [
      'azure:Contributor@Contoso Dev:eligible',
      'azure:Key Vault Administrator@Contoso Dev:eligible',
      'azure:Owner@Contoso Prod:eligible',
      'azure:Reader@Contoso Prod:assigned',
      'azure:Reader@rg-app:eligible',
      'entra:Global Reader@Directory:eligible',
      'entra:Security Reader@Directory:eligible',
      'group:Member@pim-contoso-admins:eligible',
    ]);
    const entraPages = emulator.requests.slice(before).filter((r) => r.path.includes('/roleEligibilityScheduleInstances/filterByCurrentUser'));
    assert.equal(entraPages.length, 2, 'two Entra eligibilities, one per page');
    assert.ok(entraPages.every((r) => r.path.includes('$expand=roleDefinition')));
  });

  it('reads Entra role and group policies from Graph', async () => {
    const connection = await connect(CLIENT_ID);
    const entra = row('Global Reader', 'Directory').row.eligible;
    const group = row('Member', 'pim-contoso-admins').row.eligible;
    assert.ok(entra && group);
    const [entraPolicy, groupPolicy] = await Promise.all([loadPolicy(connection, entra.key), loadPolicy(connection, group.key)]);
    assert.equal(entraPolicy.maximumDurationMinutes, 8 * 60);
    assert.equal(entraPolicy.requiresJustification, true);
    assert.equal(groupPolicy.maximumDurationMinutes, 8 * 60);
    assert.equal(groupPolicy.requiresApproval, false);
  });

  it('activates an Entra role and a group together with an Azure role, shows all three active with end times, then deactivates them', async () => {
    await connect(CLIENT_ID);
    const refs = [row('Contributor', 'Contoso Dev'), row('Global Reader', 'Directory'), row('Member', 'pim-contoso-admins')];
    const results = await Promise.all(refs.map((ref) => activateRow(ref, choice, fast)));
    assert.deepEqual(
      results.map((result) => result.outcome),
      ['active', 'active', 'active'],
      results.map((result) => result.message).join(' | '),
    );
    assert.deepEqual(
      results.map((result) => result.request?.key.kind),
      ['azure', 'entra', 'group'],
    );

    await store.refresh();
    const now = emulator.clock.now().getTime();
    for (const ref of [row('Contributor', 'Contoso Dev'), row('Global Reader', 'Directory'), row('Member', 'pim-contoso-admins')]) {
      assert.equal(ref.row.state, 'active', ref.row.roleName);
      const minutesLeft = ((ref.row.endsAt?.getTime() ?? 0) - now) / 60_000;
      assert.ok(minutesLeft > 59 && minutesLeft <= 60.1, `${ref.row.roleName}: ${minutesLeft} minutes left`);
    }
    // The status bar counts what has an end time.
    assert.equal(store.allRows().filter((ref) => ref.row.endsAt).length, 3);

    // Membership of the group makes its Azure eligibility visible, linked both ways.
    const viaGroup = row('Contributor', 'rg-prod');
    assert.equal(viaGroup.row.viaGroup, 'pim-contoso-admins');
    assert.deepEqual(azureRolesByGroup(store.tenants[0]?.rows ?? []).get(GROUP_ID), ['Contributor on rg-prod']);

    emulator.clock.advance(6 * 60_000);
    const active = [row('Contributor', 'Contoso Dev'), row('Global Reader', 'Directory'), row('Member', 'pim-contoso-admins')];
    const ended = await Promise.all(active.map((ref) => deactivateRow(ref)));
    assert.deepEqual(
      ended.map((result) => result.ok),
      [true, true, true],
      ended.map((result) => result.message).join(' | '),
    );
    await store.refresh();
    assert.equal(row('Global Reader', 'Directory').row.state, 'eligible');
    assert.equal(row('Member', 'pim-contoso-admins').row.state, 'eligible');
    assert.equal(row('Contributor', 'Contoso Dev').row.state, 'eligible');
    assert.equal(store.allRows().filter((ref) => ref.row.endsAt).length, 0);
    assert.ok(!store.allRows().some((ref) => ref.row.scope.displayName === 'rg-prod'), 'the group-derived eligibility left with the membership');
    const requests = store.tenants[0]?.requests ?? [];
    assert.ok(requests.some((request) => request.key.kind === 'entra' && request.roleName === 'Global Reader' && request.requestType === 'SelfDeactivate'));
    assert.ok(requests.some((request) => request.key.kind === 'group' && request.scope.displayName === 'pim-contoso-admins'));
  });

  for (const graphErrors of ['recorded', 'flat'] as const) {
    it(`without the app registration: one problem for Entra roles and groups, Azure roles still listed (Graph errors ${graphErrors === 'recorded' ? 'wrapped, as Graph sends them' : 'flat'})`, async () => {
      const emulator = await startEmulator({ scenario: { ...scenario(), graphErrors } });
      const store = new RoleStore(() => emulator.clock.now(), quietLog);
      try {
        await store.setConnections([emulatorConnection(emulator.url, { tenantId: E2E.contoso, graphClientId: null }).connection]);
        const tenant = store.tenants[0];
        assert.ok(tenant);
        assert.equal(tenant.status, 'ready');
        assert.equal(tenant.problems.length, 1, tenant.problems.map((p) => `${p.what}: ${p.error.message}`).join('\n'));
        const problem = tenant.problems[0];
        assert.equal(problem?.what, GRAPH_SURFACES_NAME);
        assert.equal(problem?.kind, undefined);
        assert.equal(problem?.error.kind, 'graphPermissionMissing');
        assert.equal(problem?.error.code, 'PermissionScopeNotGranted', 'the inner code of the wrapped shape, or the flat one');
        assert.match(problem?.error.userMessage ?? '', /azurePim\.graph\.clientId/);
        assert.match(problem?.error.userMessage ?? '', /RoleEligibilitySchedule\.Read\.Directory/);
        assert.equal(store.allRows().length, 5);
        assert.ok(store.allRows().every((ref) => rowKind(ref.row) === 'azure'));
      } finally {
        store.dispose();
        await emulator.close();
      }
    });
  }
});

describe('Graph client guards (stubbed fetch)', () => {
  const realFetch = globalThis.fetch;
  let calls: { url: string; method: string; authorization: string | undefined }[];
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  const credential: TokenCredential = {
    getToken: (): Promise<AccessToken> => Promise.resolve({ token: 'header.payload.signature', expiresOnTimestamp: Date.now() + 3600_000 }),
  };
  const client = (): GraphPimClient =>
    new GraphPimClient({
      endpoint: 'https://graph.example.test',
      tenantId: 't',
      credential,
      tokenDestinations: trustingDestinations('https://graph.example.test'),
      scopes: ['https://graph.microsoft.com/.default'],
      retryDelaySeconds: 0,
    });
  const stub = (answers: (url: string) => Response): void => {
    calls = [];
    globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ url, method: init?.method ?? 'GET', authorization: headers.Authorization });
      return Promise.resolve(answers(url));
    };
  };
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const eligibility = (id: string) => ({
    id,
    principalId: 'p',
    roleDefinitionId: '8424c6f0-a189-499e-bbd0-26c1753c96d4',
    directoryScopeId: '/',
    roleEligibilityScheduleId: id,
    memberType: 'Direct',
  });

  it('follows @odata.nextLink on the same origin only, refuses one elsewhere, and sends the token only there', async () => {
    stub((url) =>
      url.includes('skiptoken=2')
        ? json(200, { value: [eligibility('b')], '@odata.nextLink': 'https://elsewhere.example/v1.0/roleManagement/directory/x?$skiptoken=3' })
        : json(200, { value: [eligibility('a')], '@odata.nextLink': "https://graph.example.test/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')?$skiptoken=2" }),
    );
    await assert.rejects(client().listEntraEligible(), (error: unknown) => {
      assert.ok(isPimError(error), String(error));
      assert.equal(error.kind, 'untrustedEndpoint');
      assert.match(error.userMessage, /next-page link to another host \(https:\/\/elsewhere\.example\).*stays with https:\/\/graph\.example\.test/);
      return true;
    });
    assert.equal(calls.length, 2);
    assert.ok(calls.every((call) => call.url.startsWith('https://graph.example.test/v1.0/') && call.authorization === 'Bearer header.payload.signature'));
  });

  it("classifies Graph's wrapped PermissionScopeNotGranted", async () => {
    stub(() =>
      json(403, {
        error: {
          code: 'UnknownError',
          message: '{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope RoleEligibilitySchedule.Read.Directory."}',
          innerError: { 'request-id': 'r-1', date: '2024-01-01T00:00:00' },
        },
      }),
    );
    await assert.rejects(client().listGroupEligible(), (error: unknown) => {
      const e = error as { kind?: string; userMessage?: string };
      assert.equal(e.kind, 'graphPermissionMissing');
      assert.match(e.userMessage ?? '', /RoleEligibilitySchedule\.Read\.Directory/);
      return true;
    });
  });

  it('retries a GET answered 503, but never resends an activation POST', async () => {
    let gets = 0;
    stub((url) => {
      if (url.endsWith('/assignmentScheduleRequests')) {
        return json(503, { error: { code: 'ServiceUnavailable', message: 'try later' } });
      }
      gets++;
      return gets === 1 ? json(503, { error: { code: 'ServiceUnavailable', message: 'try later' } }) : json(200, { value: [] });
    });
    assert.deepEqual(await client().listGroupActive(), []);
    assert.equal(calls.length, 2);
    await assert.rejects(
      client().activateGroup({ principalId: 'p', groupId: GROUP_ID, accessId: 'member', justification: 'j', duration: 'PT1H' }),
      (error: unknown) => (error as { kind?: string }).kind === 'transient',
    );
    assert.equal(calls.filter((call) => call.method === 'POST').length, 1);
  });

  it("uses the policy assignment of the role asked for, not the first item of the filtered list", async () => {
    const assignment = (roleDefinitionId: string, maximumDuration: string) => ({
      id: `DirectoryRole_t_p_${roleDefinitionId}`,
      scopeId: '/',
      scopeType: 'DirectoryRole',
      roleDefinitionId,
      policy: {
        id: 'p',
        rules: [
          {
            '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
            id: 'Expiration_EndUser_Assignment',
            isExpirationRequired: true,
            maximumDuration,
            target: { caller: 'EndUser', operations: ['all'], level: 'Assignment' },
          },
        ],
      },
    });
    const asked = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
    stub(() => json(200, { value: [assignment('62e90394-69f5-4237-9190-012177145e10', 'PT1H'), assignment(asked, 'PT3H')] }));
    assert.equal((await client().getEntraPolicy(asked)).maximumDurationMinutes, 180);
    stub(() => json(200, { value: [assignment('62e90394-69f5-4237-9190-012177145e10', 'PT1H')] }));
    await assert.rejects(client().getEntraPolicy(asked), (error: unknown) => isPimError(error) && error.kind === 'notFound');
  });

  it('refuses ids that would change the OData filter', async () => {
    stub(() => json(200, { value: [] }));
    await assert.rejects(client().getEntraPolicy("x' or 1 eq 1"), /Not a valid role definition id/);
    await assert.rejects(client().getGroupPolicy(GROUP_ID, 'admin'), /member" or "owner/);
    assert.equal(calls.length, 0);
  });
});
