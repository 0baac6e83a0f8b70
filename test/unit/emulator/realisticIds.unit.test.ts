// Scenario option realisticIds (#14.7, pim-facts §1): some ids as recorded traffic has them, the
// /providers/Microsoft.Subscription prefix (properties.scope stays plain), upper-case GUIDs, full schedule ids.
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { E2E, e2eScenario, EmulatorClient, valueOf } from '../../emulator/testing';

const V = 'api-version=2020-10-01';
const AUTH = '/providers/Microsoft.Authorization';
const PREFIX = '/providers/Microsoft.Subscription';
const STEP_UP = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

interface Item {
  id: string;
  name: string;
  type: string;
  properties: Record<string, string | null>;
}

describe('PIM emulator: realistic ids', () => {
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  before(async () => {
    emulator = await startEmulator({ scenario: e2eScenario({ realisticIds: true }) });
    client = new EmulatorClient(emulator);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    arm = await client.armToken();
  });

  const list = async (collection: string, filter = 'asTarget()'): Promise<Item[]> =>
    valueOf(await client.call('GET', `${AUTH}/${collection}?${V}&$filter=${filter}`, { token: arm })) as unknown as Item[];
  const roleOf = (item: Item): string => String(item.properties.roleDefinitionId?.split('/').pop());

  it('gives every second eligibility the Microsoft.Subscription prefix and every fourth upper-case GUIDs; scope stays plain', async () => {
    const items = await list('roleEligibilityScheduleInstances');
    const byRole = new Map(items.map((item) => [roleOf(item), item]));
    const contributor = byRole.get(E2E.roles.contributor);
    const owner = byRole.get(E2E.roles.owner);
    const keyVault = byRole.get(E2E.roles.keyVaultAdministrator);
    assert.ok(contributor && owner && keyVault);

    assert.match(contributor.id, /^\/subscriptions\/.*\/RoleEligibilityScheduleInstances\/[0-9a-f-]{36}$/, 'first: as in the published example');
    assert.equal(owner.id, `${PREFIX}${E2E.subB}${AUTH}/roleEligibilityScheduleInstances/${owner.name}`);
    assert.equal(owner.type, 'Microsoft.Authorization/roleEligibilityScheduleInstances');
    assert.equal(owner.properties.scope, E2E.subB, 'properties.scope is the plain form');
    assert.match(String(owner.properties.roleEligibilityScheduleId), new RegExp(`^${PREFIX}${E2E.subB}${AUTH}/roleEligibilitySchedules/[0-9a-f-]{36}$`));

    assert.match(keyVault.name, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/, 'legacy object: upper-case GUID');
    assert.ok(keyVault.id.startsWith(`${PREFIX}${E2E.subA}`) && keyVault.id.endsWith(keyVault.name));
    assert.match(String(keyVault.properties.roleEligibilityScheduleId), /\/roleEligibilitySchedules\/[0-9A-F-]{36}$/);

    for (const item of items) {
      assert.notEqual(item.name.toLowerCase(), String(item.properties.roleEligibilityScheduleId?.split('/').pop()).toLowerCase(), 'the instance name is not the schedule GUID');
    }
  });

  it('answers requests at the first subscription with prefixed ids and the full target schedule id, named like the request', async () => {
    const name = crypto.randomUUID();
    const eligibility = (await list('roleEligibilityScheduleInstances')).find((e) => roleOf(e) === E2E.roles.contributor);
    const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, linkedRoleEligibilityScheduleId: String(eligibility?.properties.roleEligibilityScheduleId) });
    assert.equal(put.status, 201, put.text);
    const request = put.body as Item;
    assert.equal(request.id, `${PREFIX}${E2E.subA}${AUTH}/roleAssignmentScheduleRequests/${name}`);
    assert.equal(request.type, 'Microsoft.Authorization/roleAssignmentScheduleRequests');
    assert.equal(request.properties.scope, E2E.subA);
    assert.equal(request.properties.targetRoleAssignmentScheduleId, `${PREFIX}${E2E.subA}${AUTH}/roleAssignmentSchedules/${name}`);
    assert.equal(request.properties.linkedRoleEligibilityScheduleId, eligibility?.properties.roleEligibilityScheduleId);

    const instance = (await list('roleAssignmentScheduleInstances')).find((a) => roleOf(a) === E2E.roles.contributor);
    assert.ok(instance);
    assert.match(instance.id, new RegExp(`^${PREFIX}${E2E.subA}${AUTH}/roleAssignmentScheduleInstances/[0-9a-f-]{36}$`));
    assert.equal(instance.properties.roleAssignmentScheduleId, request.properties.targetRoleAssignmentScheduleId);
    assert.notEqual(instance.name, name, 'the instance name is not the schedule GUID');
    assert.equal(instance.properties.linkedRoleEligibilityScheduleId, eligibility?.properties.roleEligibilityScheduleId, 'full schedule id, not the bare GUID');
    assert.equal(instance.properties.linkedRoleEligibilityScheduleInstanceId, eligibility?.name);

    const [mine] = await list('roleAssignmentScheduleRequests', 'asRequestor()');
    assert.equal(mine?.id, request.id);
  });

  it('keeps requests of other subscriptions plain, and reads and cancels a request by either id form', async () => {
    const put = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner });
    const plain = put.body as Item;
    assert.equal(plain.id, `${E2E.subB}${AUTH}/RoleAssignmentScheduleRequests/${plain.name}`);
    assert.match(String(plain.properties.targetRoleAssignmentScheduleId), new RegExp(`^${E2E.subB}${AUTH}/RoleAssignmentSchedules/`));
    const prefixedForm = `${PREFIX}${plain.id}`;
    assert.equal((await client.call('GET', `${plain.id}?${V}`, { token: arm })).status, 200);
    assert.equal((await client.call('GET', `${prefixedForm}?${V}`, { token: arm })).status, 200);
    assert.equal((await client.call('POST', `${prefixedForm}/cancel?${V}`, { token: arm })).status, 200);

    const name = crypto.randomUUID();
    const prefixed = (await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name })).body as Item;
    const plainForm = prefixed.id.slice(PREFIX.length);
    assert.equal((await client.call('GET', `${prefixed.id}?${V}`, { token: arm })).status, 200);
    assert.equal((await client.call('GET', `${plainForm}?${V}`, { token: arm })).status, 200);
    assert.equal((await client.call('GET', `${E2E.subA}${AUTH}/roleAssignmentScheduleRequests/${name.toUpperCase()}?${V}`, { token: arm })).status, 200, 'a GUID in any case');
    const validate = await client.call('POST', `${PREFIX}${E2E.subA}${AUTH}/roleAssignmentScheduleRequests/${crypto.randomUUID()}/validate?${V}`, {
      token: await client.armToken({ claims: STEP_UP }),
      body: { properties: { principalId: E2E.user, roleDefinitionId: `${E2E.subA}${AUTH}/roleDefinitions/${E2E.roles.keyVaultAdministrator}`, requestType: 'SelfActivate', justification: 'x', scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } } } },
    });
    assert.equal(validate.status, 200, validate.text);
  });

  it('matches an upper-case linked eligibility id whatever its case', async () => {
    const keyVault = (await list('roleEligibilityScheduleInstances')).find((e) => roleOf(e) === E2E.roles.keyVaultAdministrator);
    const linked = String(keyVault?.properties.roleEligibilityScheduleId).toLowerCase();
    const res = await client.activate(await client.armToken({ claims: STEP_UP }), { scope: E2E.subA, role: E2E.roles.keyVaultAdministrator, linkedRoleEligibilityScheduleId: linked });
    assert.equal(res.status, 201, res.text);
  });

  it('prefixes the policy ids at the first subscription, and serves the policy under them', async () => {
    const filter = encodeURIComponent(`roleDefinitionId eq '${E2E.subA}${AUTH}/roleDefinitions/${E2E.roles.contributor}'`);
    const [assignment] = valueOf(await client.call('GET', `${E2E.subA}${AUTH}/roleManagementPolicyAssignments?${V}&$filter=${filter}`, { token: arm })) as unknown as Item[];
    const policyId = String(assignment?.properties.policyId);
    assert.ok(policyId.startsWith(`${PREFIX}${E2E.subA}${AUTH}/roleManagementPolicies/`), policyId);
    assert.equal(assignment?.properties.scope, E2E.subA);
    const policy = await client.call('GET', `${policyId}?${V}`, { token: arm });
    assert.equal(policy.status, 200, policy.text);
    assert.equal((policy.body as Item).id, policyId);
  });

  it('is off by default: every id as in the published examples', async () => {
    const plain = await startEmulator({ scenario: e2eScenario({ realisticIds: undefined }) });
    try {
      const c = new EmulatorClient(plain);
      const token = await c.armToken();
      await c.activate(token, { scope: E2E.subA, role: E2E.roles.contributor });
      const texts = await Promise.all(
        ['roleEligibilityScheduleInstances?$filter=asTarget()', 'roleAssignmentScheduleInstances?$filter=asTarget()', 'roleAssignmentScheduleRequests?$filter=asRequestor()'].map(
          async (path) => (await c.call('GET', `${AUTH}/${path}&${V}`, { token })).text,
        ),
      );
      for (const text of texts) {
        assert.doesNotMatch(text, /Microsoft\.Subscription/);
        assert.doesNotMatch(text, /[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/, 'no upper-case GUID');
      }
    } finally {
      await plain.close();
    }
  });
});
