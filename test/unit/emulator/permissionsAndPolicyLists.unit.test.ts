// The permissions API at the scopes it is documented (and observed) at, and the policy assignment list with and
// without the portal's $filter (pim-facts §5, §7).
import * as assert from 'node:assert/strict';
import { BUILT_IN_ROLES, startEmulator, type RunningEmulator } from '../../emulator';
import { E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';

const AUTH = '/providers/Microsoft.Authorization';
const V = 'api-version=2020-10-01';

describe('PIM emulator: permissions scopes and policy assignment lists', () => {
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  before(async () => {
    const scenario = e2eScenario({ pageSize: 3 });
    scenario.tenants[0].managementGroups = [{ id: 'contoso-root', displayName: 'Contoso root', subscriptions: [E2E.subA.split('/')[2] ?? ''] }];
    emulator = await startEmulator({ scenario });
    client = new EmulatorClient(emulator);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    arm = await client.armToken();
  });

  describe('permissions', () => {
    const permissions = (scope: string): ReturnType<EmulatorClient['call']> => client.call('GET', `${scope}${AUTH}/permissions?api-version=2022-04-01`, { token: arm });

    it('answers at a resource group and at a resource (documented), not at a subscription (observed only)', async () => {
      await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
      for (const scope of [E2E.rgApp, `${E2E.rgApp}/providers/Microsoft.KeyVault/vaults/kv-app`]) {
        const res = await permissions(scope);
        assert.equal(res.status, 200, `${scope}: ${res.text}`);
        assert.deepEqual(valueOf(res).map((p) => p.actions), [['*']], scope);
      }
      const subscription = await permissions(E2E.subA);
      assert.equal(subscription.status, 400, subscription.text);
      assert.equal(errorOf(subscription).code, 'InvalidScope');
    });

    it('answers at a subscription too with permissionScopes "observed" (Azure/azure-rest-api-specs#19473)', async () => {
      const observed = await startEmulator({ scenario: e2eScenario({ permissionScopes: 'observed' }) });
      try {
        const observedClient = new EmulatorClient(observed);
        const token = await observedClient.armToken();
        await observedClient.activate(token, { scope: E2E.subA, role: E2E.roles.contributor });
        const res = await observedClient.call('GET', `${E2E.subA}${AUTH}/permissions?api-version=2022-04-01`, { token });
        assert.deepEqual(valueOf(res).map((p) => p.actions), [['*']]);
      } finally {
        await observed.close();
      }
    });

    it('refuses a management group and the tenant root, where no path is documented or observed', async () => {
      for (const scope of ['/providers/Microsoft.Management/managementGroups/contoso-root', '']) {
        const res = await permissions(scope);
        assert.equal(res.status, 400, scope);
        assert.equal(errorOf(res).code, 'InvalidScope');
      }
    });
  });

  describe('role management policy assignments', () => {
    const listAll = async (path: string): Promise<Record<string, unknown>[]> => {
      const items: Record<string, unknown>[] = [];
      let next: string | undefined = path;
      while (next) {
        const res = await client.call('GET', next, { token: arm });
        items.push(...valueOf(res));
        next = (res.body as { nextLink?: string }).nextLink;
      }
      return items;
    };
    const roleGuidOf = (item: Record<string, unknown>): string => String((item.properties as { roleDefinitionId: string }).roleDefinitionId.split('/').pop());

    it('without $filter: one assignment per role at the scope, paged with nextLink', async () => {
      const first = await client.call('GET', `${E2E.rgApp}${AUTH}/roleManagementPolicyAssignments?${V}`, { token: arm });
      assert.equal(valueOf(first).length, 3, 'pageSize 3');
      assert.ok((first.body as { nextLink?: string }).nextLink, 'more pages');
      const all = await listAll(`${E2E.rgApp}${AUTH}/roleManagementPolicyAssignments?${V}`);
      assert.deepEqual(all.map(roleGuidOf).sort(), BUILT_IN_ROLES.map((r) => r.id).sort());
      assert.equal(new Set(all.map((a) => (a.properties as { policyId: string }).policyId)).size, all.length, 'a policy per role');
      assert.ok(all.every((a) => (a.properties as { scope: string }).scope === E2E.rgApp));
    });

    it('with policyAssignmentFilter "ignored" (the spec declares no $filter): every role\'s assignment, filter or not', async () => {
      const ignoring = await startEmulator({ scenario: e2eScenario({ policyAssignmentFilter: 'ignored' }) });
      try {
        const ignoringClient = new EmulatorClient(ignoring);
        const filter = encodeURIComponent(`roleDefinitionId eq '${AUTH}/roleDefinitions/${E2E.roles.reader}'`);
        const res = await ignoringClient.call('GET', `${E2E.rgApp}${AUTH}/roleManagementPolicyAssignments?${V}&$filter=${filter}`, { token: await ignoringClient.armToken() });
        assert.deepEqual(valueOf(res).map(roleGuidOf).sort(), BUILT_IN_ROLES.map((r) => r.id).sort());
      } finally {
        await ignoring.close();
      }
    });

    it("with the portal's $filter=roleDefinitionId eq '...': only that role's, also for the tenant form of the role id", async () => {
      for (const roleId of [`${E2E.subA}${AUTH}/roleDefinitions/${E2E.roles.reader}`, `${AUTH}/roleDefinitions/${E2E.roles.reader}`]) {
        const filter = encodeURIComponent(`roleDefinitionId eq '${roleId}'`);
        const only = await listAll(`${E2E.rgApp}${AUTH}/roleManagementPolicyAssignments?${V}&$filter=${filter}`);
        assert.deepEqual(only.map(roleGuidOf), [E2E.roles.reader], roleId);
      }
      const unknown = encodeURIComponent(`roleDefinitionId eq '${AUTH}/roleDefinitions/00000000-0000-4000-8000-000000000000'`);
      assert.deepEqual(await listAll(`${E2E.rgApp}${AUTH}/roleManagementPolicyAssignments?${V}&$filter=${unknown}`), []);
    });
  });
});
