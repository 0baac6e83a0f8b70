// RoleDefinitions (api-version 2022-04-01) with the real permission sets of the built-in roles, a scenario's custom
// role, and the test-only resource route that answers ARM's real AuthorizationFailed to a caller without the permission.
import * as assert from 'node:assert/strict';
import { BUILT_IN_ROLES, startEmulator, type RunningEmulator, type Scenario } from '../../emulator';
import { assertShape, E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';
import { findAuthorizationDenials } from '../../../src/core/permissions/authorizationErrors';

const AUTH = '/providers/Microsoft.Authorization';
const WEBSITE_CONTRIBUTOR = 'de139f84-1756-47ae-9be6-808fbbe84772';
const SITE_WRITER = '7a6f3c2e-1d4b-4e8a-9c5f-2b1e0d9a8c71';
const SITE = `${E2E.rgApp}/providers/Microsoft.Web/sites/app-e2e`;

/** azure-rest-api-specs Microsoft.Authorization/stable/2022-04-01/examples/GetRoleDefinitionById.json, the 200 body. */
const GET_ROLE_DEFINITION_BY_ID = {
  properties: {
    roleName: 'Role name',
    type: 'roletype',
    description: 'Role description',
    assignableScopes: ['/subscriptions/subId'],
    permissions: [{ actions: ['action'], notActions: [], dataActions: ['dataAction'], notDataActions: [] }],
  },
  id: '/subscriptions/subID/providers/Microsoft.Authorization/roleDefinitions/roleDefinitionId',
  type: 'Microsoft.Authorization/roleDefinitions',
  name: 'roleDefinitionId',
};

function scenario(): Scenario {
  const base = e2eScenario();
  const [contoso, ...rest] = base.tenants;
  assert.ok(contoso);
  return {
    ...base,
    tenants: [
      {
        ...contoso,
        roleDefinitions: [
          { id: SITE_WRITER, name: 'Site Writer', description: 'Web apps, not their plans.', permissions: [{ actions: ['Microsoft.Web/*'], notActions: ['Microsoft.Web/serverFarms/*'] }] },
        ],
      },
      ...rest,
    ],
  };
}

describe('PIM emulator: role definitions and the test-only resource route', () => {
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  before(async () => {
    emulator = await startEmulator({ scenario: scenario() });
    client = new EmulatorClient(emulator);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    arm = await client.armToken();
  });

  const definition = (scope: string, guid: string, version = '2022-04-01'): ReturnType<EmulatorClient['call']> =>
    client.call('GET', `${scope}${AUTH}/roleDefinitions/${guid}?api-version=${version}`, { token: arm });

  describe('RoleDefinitions - Get / Get By Id / List', () => {
    it('answers in the shape of the published example, with the id in the scope form asked', async () => {
      for (const scope of [E2E.subA, '']) {
        const res = await definition(scope, WEBSITE_CONTRIBUTOR);
        assert.equal(res.status, 200, res.text);
        assertShape(res.body, GET_ROLE_DEFINITION_BY_ID);
        const body = res.body as typeof GET_ROLE_DEFINITION_BY_ID;
        assert.equal(body.id, `${scope}${AUTH}/roleDefinitions/${WEBSITE_CONTRIBUTOR}`);
        assert.equal(body.properties.roleName, 'Website Contributor');
        assert.equal(body.properties.type, 'BuiltInRole');
        assert.ok(body.properties.permissions[0]?.actions.includes('Microsoft.Web/sites/*'));
      }
    });

    it('serves every built-in role of the table with its published permissions, and the scenario custom role as CustomRole', async () => {
      const filter = (text: string): string => `${AUTH}/roleDefinitions?api-version=2022-04-01&$filter=${encodeURIComponent(text)}`;
      const builtIns = valueOf(await client.call('GET', filter("type eq 'BuiltInRole'"), { token: arm }));
      assert.deepEqual(builtIns.map((item) => (item.properties as { roleName: string }).roleName).sort(), BUILT_IN_ROLES.map((role) => role.name).sort());
      assert.ok(builtIns.every((item) => Array.isArray((item.properties as { permissions: unknown[] }).permissions) && (item.properties as { permissions: unknown[] }).permissions.length > 0));
      const customs = valueOf(await client.call('GET', filter("type eq 'CustomRole'"), { token: arm }));
      assert.deepEqual(customs.map((item) => item.name), [SITE_WRITER]);
      assert.deepEqual((customs[0]?.properties as { permissions: unknown }).permissions, [{ actions: ['Microsoft.Web/*'], notActions: ['Microsoft.Web/serverFarms/*'], dataActions: [], notDataActions: [] }]);
      const byName = valueOf(await client.call('GET', filter("roleName eq 'Reader'"), { token: arm }));
      assert.deepEqual(byName.map((item) => item.name), [E2E.roles.reader]);
    });

    it('an unknown GUID is 404 RoleDefinitionDoesNotExist; another api-version is refused', async () => {
      const missing = await definition(E2E.subA, '00000000-0000-4000-8000-000000000000');
      assert.equal(missing.status, 404);
      assert.equal(errorOf(missing).code, 'RoleDefinitionDoesNotExist');
      const wrongVersion = await definition(E2E.subA, WEBSITE_CONTRIBUTOR, '2020-10-01');
      assert.equal(wrongVersion.status, 400);
      assert.equal(errorOf(wrongVersion).code, 'InvalidApiVersionParameter');
    });
  });

  describe('PUT / GET a resource (test-only)', () => {
    const put = (path = SITE): ReturnType<EmulatorClient['call']> => client.call('PUT', `${path}?api-version=2022-03-01`, { token: arm, body: { location: 'westeurope', properties: {} } });

    it("without a role that grants the write: ARM's 403 AuthorizationFailed text, which names the action and the scope", async () => {
      const res = await put();
      assert.equal(res.status, 403);
      const error = errorOf(res);
      assert.equal(error.code, 'AuthorizationFailed');
      assert.equal(
        error.message,
        `The client 'dana@contoso.onmicrosoft.com' with object id '${E2E.user}' does not have authorization to perform action 'Microsoft.Web/sites/write' over scope '${SITE}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
      assert.deepEqual(
        findAuthorizationDenials(res.text).map((denial) => [denial.operation, denial.scope]),
        [['Microsoft.Web/sites/write', SITE]],
        'the product reads it back',
      );
    });

    it('with an active role whose permissions grant it (at or above the resource): created, then updated, then read', async () => {
      emulator.addEligibility({ role: 'Website Contributor', scope: E2E.rgApp, policy: 'standard' });
      assert.equal((await client.activate(arm, { scope: E2E.rgApp, role: WEBSITE_CONTRIBUTOR })).status, 201);
      const created = await put();
      assert.equal(created.status, 201, created.text);
      assert.equal((created.body as { type: string }).type, 'Microsoft.Web/sites');
      assert.equal((await put()).status, 200);
      assert.equal((await client.call('GET', `${SITE}?api-version=2022-03-01`, { token: arm })).status, 200);
      // The role is on rg-app: another resource group of the subscription is still refused.
      assert.equal((await put(`${E2E.subA}/resourceGroups/rg-data/providers/Microsoft.Web/sites/other`)).status, 403);
    });

    it('a custom role grants what its permissions say, less its NotActions; the permissions API lists it too', async () => {
      emulator.addEligibility({ role: 'Site Writer', scope: E2E.rgApp });
      assert.equal((await client.activate(arm, { scope: E2E.rgApp, role: SITE_WRITER })).status, 201);
      assert.equal((await put()).status, 201);
      const plan = await put(`${E2E.rgApp}/providers/Microsoft.Web/serverFarms/plan`);
      assert.equal(plan.status, 403, 'NotActions Microsoft.Web/serverFarms/*');
      assert.match(errorOf(plan).message, /perform action 'Microsoft\.Web\/serverFarms\/write'/);
      assert.equal((await client.call('DELETE', `${SITE}?api-version=2022-03-01`, { token: arm })).status, 405);
      const permissions = valueOf(await client.call('GET', `${E2E.rgApp}${AUTH}/permissions?api-version=2022-04-01`, { token: arm }));
      assert.deepEqual(permissions.map((entry) => entry.actions), [['Microsoft.Web/*']]);
    });

    it('addEligibility is test-only state: it validates its input, and reset() forgets it', async () => {
      assert.throws(() => emulator.addEligibility({ role: 'Janitor', scope: E2E.rgApp }), /unknown role/);
      assert.throws(() => emulator.addEligibility({ role: 'Reader', scope: '/subscriptions/f0000000-0000-4000-8000-00000000000f' }), /not in tenant/);
      const eligible = async (): Promise<number> => valueOf(await client.call('GET', `${AUTH}/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`, { token: arm })).length;
      const before = await eligible();
      emulator.addEligibility({ role: 'Website Contributor', scope: E2E.rgApp });
      assert.equal(await eligible(), before + 1);
      emulator.reset();
      arm = await client.armToken();
      assert.equal(await eligible(), before);
    });
  });
});
