// What Microsoft's own clients and examples send (#22): empty path segments (the SDK's "//providers/..." for the
// root scope), the `providers/Microsoft.Subscription/subscriptions/<id>` scope form of the list examples, and "/".
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';

const V = 'api-version=2020-10-01';
const AS_TARGET = `${V}&$filter=asTarget()`;
const AUTH = '/providers/Microsoft.Authorization';
const SUB_A_ID = E2E.subA.split('/')[2];
/** Contoso Dev in the form GetEligibleChildResourcesByScope.json and the other list examples use. */
const SUB_A_PROVIDER_FORM = `/providers/Microsoft.Subscription/subscriptions/${SUB_A_ID}`;

describe('PIM emulator: scope and path forms Microsoft clients send', () => {
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  before(async () => {
    emulator = await startEmulator({ scenario: e2eScenario() });
    client = new EmulatorClient(emulator);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    arm = await client.armToken();
  });

  const eligibleAt = async (prefix: string): Promise<Record<string, unknown>[]> =>
    valueOf(await client.call('GET', `${prefix}${AUTH}/roleEligibilityScheduleInstances?${AS_TARGET}`, { token: arm }));

  it('reads "//providers/..." and "///providers/..." (the SDK with scope "" and "/") as the tenant-wide list, not as a host', async () => {
    const tenantWide = await eligibleAt('');
    assert.equal(tenantWide.length, 4);
    assert.equal((await eligibleAt('/')).length, 4, 'root scope "/"');
    assert.equal((await eligibleAt('//')).length, 4, 'root scope "/" in a "/{scope}/providers" template');
    const active = valueOf(await client.call('GET', `//${AUTH}/roleAssignmentScheduleInstances?${AS_TARGET}`, { token: arm }));
    assert.equal(active.length, 1);
    const requests = await client.call('GET', `//${AUTH}/roleAssignmentScheduleRequests?${V}&$filter=asRequestor()`, { token: arm });
    assert.equal(requests.status, 200, requests.text);
  });

  it('reads "//subscriptions/..." (a scope with a leading slash in the template) and a trailing slash like the plain scope', async () => {
    assert.equal((await eligibleAt(`/${E2E.subA}`)).length, 3);
    assert.equal((await eligibleAt(`${E2E.subA}/`)).length, 3);
    const put = await client.call('PUT', `/${E2E.subA}//${AUTH}/roleAssignmentScheduleRequests/${crypto.randomUUID()}?${V}`, {
      token: arm,
      body: { properties: { principalId: E2E.user, roleDefinitionId: `${E2E.subA}${AUTH}/roleDefinitions/${E2E.roles.contributor}`, requestType: 'SelfActivate', justification: 'x', scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } } } },
    });
    assert.equal(put.status, 201, put.text);
    assert.equal((put.body as { properties: { scope: string } }).properties.scope, E2E.subA, 'the stored scope is the plain one');
  });

  it('accepts the providers/Microsoft.Subscription form wherever a scope is accepted', async () => {
    assert.equal((await eligibleAt(SUB_A_PROVIDER_FORM)).length, 3, 'list at the subscription');
    assert.equal((await eligibleAt(`${SUB_A_PROVIDER_FORM}/resourceGroups/rg-app`)).length, 3, 'list at a resource group below it');

    const name = crypto.randomUUID();
    const put = await client.activate(arm, { scope: SUB_A_PROVIDER_FORM, role: E2E.roles.contributor, name });
    assert.equal(put.status, 201, put.text);
    const props = (put.body as { properties: { scope: string; expandedProperties: { scope: { type: string } } } }).properties;
    assert.equal(props.scope, E2E.subA, 'properties.scope stays the plain form');
    assert.equal(props.expandedProperties.scope.type, 'subscription');
    const byName = await client.call('GET', `${SUB_A_PROVIDER_FORM}${AUTH}/roleAssignmentScheduleRequests/${name}?${V}`, { token: arm });
    assert.equal(byName.status, 200, byName.text);
    const validate = await client.validate(arm, { scope: SUB_A_PROVIDER_FORM, role: E2E.roles.reader, ticket: { ticketNumber: '1', ticketSystem: 'x' } });
    assert.equal(validate.status, 400, 'the Reader eligibility is at rg-app, not at the subscription');
    assert.equal(errorOf(validate).code, 'RoleAssignmentRequestPolicyValidationFailed');

    const filter = encodeURIComponent(`roleDefinitionId eq '${E2E.subA}${AUTH}/roleDefinitions/${E2E.roles.contributor}'`);
    const assignments = valueOf(await client.call('GET', `${SUB_A_PROVIDER_FORM}${AUTH}/roleManagementPolicyAssignments?${V}&$filter=${filter}`, { token: arm }));
    assert.equal(assignments.length, 1);
    const policyName = String((assignments[0]?.properties as { policyId: string }).policyId.split('/').pop());
    const policy = await client.call('GET', `${SUB_A_PROVIDER_FORM}${AUTH}/roleManagementPolicies/${policyName}?${V}`, { token: arm });
    assert.equal(policy.status, 200, policy.text);

    const permissions = await client.call('GET', `${SUB_A_PROVIDER_FORM}/resourceGroups/rg-app${AUTH}/permissions?api-version=2022-04-01`, { token: arm });
    assert.equal(permissions.status, 200, permissions.text);
    assert.equal(valueOf(permissions).length, 1, 'the Contributor activation applies at rg-app');
  });

  it('cancels through the providers/Microsoft.Subscription form and answers eligibleChildResources in the form it was asked in', async () => {
    const pending = await client.activate(arm, { scope: E2E.subB, role: E2E.roles.owner });
    const name = (pending.body as { name: string }).name;
    const subBProviderForm = `/providers/Microsoft.Subscription${E2E.subB}`;
    assert.equal((await client.cancel(arm, subBProviderForm, name)).status, 200);

    // GetEligibleChildResourcesByScope.json: scope "providers/Microsoft.Subscription/subscriptions/..." in, ids in that form out.
    const children = valueOf(await client.call('GET', `${SUB_A_PROVIDER_FORM}${AUTH}/eligibleChildResources?${V}&$filter=resourceType+eq+'resourcegroup'`, { token: arm }));
    assert.deepEqual(children, [
      { id: `${SUB_A_PROVIDER_FORM}/resourceGroups/rg-app`, name: 'rg-app', type: 'resourcegroup' },
      { id: `${SUB_A_PROVIDER_FORM}/resourceGroups/rg-data`, name: 'rg-data', type: 'resourcegroup' },
    ]);
    const plain = valueOf(await client.call('GET', `${E2E.subA}${AUTH}/eligibleChildResources?${V}&$filter=resourceType eq 'subscription' or resourceType eq 'resourcegroup'`, { token: arm }));
    assert.deepEqual(plain.map((c) => c.id), [`${E2E.rgApp}`, `${E2E.subA}/resourceGroups/rg-data`], 'the documented "or" of two types');
  });

  it('still refuses what is not a scope', async () => {
    const bad = await client.call('GET', `/providers/Microsoft.Subscription/nothing${AUTH}/roleEligibilityScheduleInstances?${AS_TARGET}`, { token: arm });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).code, 'InvalidScope');
  });
});
