// The emulator driven by Microsoft's own client, @azure/arm-authorization (generated from azure-rest-api-specs,
// Microsoft.Authorization 2020-10-01 for PIM, 2022-04-01 for permissions): it builds the URLs (including the
// "//providers/..." of the tenant-wide examples), serializes the bodies, checks each answer's status against the
// spec and deserializes it. Any drift of the emulator from the spec shows up here as an SDK error.
import * as assert from 'node:assert/strict';
import { AuthorizationManagementClient, type RoleAssignmentScheduleRequest, type RoleManagementPolicyExpirationRule } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/core-auth';
import { createClientPipeline } from '@azure/core-client';
import { bearerTokenAuthenticationPolicyName, isRestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { BUILT_IN_ROLES, startEmulator, type RunningEmulator, type Scenario } from '../../emulator';
import { ARM_SCOPE, E2E, e2eScenario } from '../../emulator/testing';
import { EmulatorCredential } from '../../support/emulatorCredential';

const SUB_A_ID = E2E.subA.split('/')[2] ?? '';
const MINUTE = 60_000;
const ROLE = (scope: string, guid: string): string => `${scope.startsWith('/subscriptions/') ? scope.split('/').slice(0, 3).join('/') : ''}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

/**
 * core-rest-pipeline's bearer policy refuses plain http, and the emulator speaks http. This policy takes its
 * place under the same name, so everything else stays the SDK's: URL building, serialization, the status checks
 * and deserialization.
 */
function emulatorBearerPolicy(credential: TokenCredential): PipelinePolicy {
  return {
    name: bearerTokenAuthenticationPolicyName,
    async sendRequest(request, next) {
      const token = await credential.getToken(ARM_SCOPE);
      request.headers.set('Authorization', `Bearer ${token?.token ?? ''}`);
      return next(request);
    },
  };
}

/**
 * The portal lists policy assignments with `$filter=roleDefinitionId eq '...'`, which the spec (and so the SDK)
 * does not have (Azure/azure-rest-api-specs#31995): this policy adds it, as the portal sends it.
 */
function portalPolicyFilter(filter: { roleDefinitionId?: string }): PipelinePolicy {
  return {
    name: 'portalPolicyAssignmentFilter',
    sendRequest(request, next) {
      if (filter.roleDefinitionId && /\/roleManagementPolicyAssignments\?/i.test(request.url)) {
        request.url += `&$filter=${encodeURIComponent(`roleDefinitionId eq '${filter.roleDefinitionId}'`)}`;
      }
      return next(request);
    },
  };
}

function sdkClient(emulator: RunningEmulator, filter: { roleDefinitionId?: string } = {}): AuthorizationManagementClient {
  const credential = new EmulatorCredential(emulator.url, E2E.contoso);
  const pipeline = createClientPipeline({ retryOptions: { maxRetries: 0 } });
  pipeline.addPolicy(emulatorBearerPolicy(credential), { phase: 'Sign' });
  pipeline.addPolicy(portalPolicyFilter(filter));
  return new AuthorizationManagementClient(credential, SUB_A_ID, {
    endpoint: emulator.url,
    $host: emulator.url,
    credentialScopes: [ARM_SCOPE],
    allowInsecureConnection: true,
    pipeline,
  });
}

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) {
    items.push(item);
  }
  return items;
}

function activation(scope: string, role: string, extra: Partial<RoleAssignmentScheduleRequest> = {}): RoleAssignmentScheduleRequest {
  return {
    principalId: E2E.user,
    roleDefinitionId: ROLE(scope, role),
    requestType: 'SelfActivate',
    justification: 'Investigating incident 42',
    scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } },
    ...extra,
  };
}

async function restErrorOf(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isRestError(error), `expected a RestError, got ${String(error)}`);
    return { statusCode: error.statusCode, code: error.code };
  }
  assert.fail('expected the SDK to throw');
}

describe('PIM emulator driven by @azure/arm-authorization (Microsoft SDK)', () => {
  let emulator: RunningEmulator | undefined;
  let sdk: AuthorizationManagementClient;
  const filter: { roleDefinitionId?: string } = {};

  const start = async (overrides: Partial<Scenario> = {}): Promise<RunningEmulator> => {
    const started = await startEmulator({ scenario: e2eScenario(overrides) });
    emulator = started;
    sdk = sdkClient(started, filter);
    return started;
  };
  afterEach(async () => {
    filter.roleDefinitionId = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  const eligibleAt = (scope: string) => all(sdk.roleEligibilityScheduleInstances.listForScope(scope, { filter: 'asTarget()' }));
  const activeRoles = async (): Promise<string[]> =>
    (await all(sdk.roleAssignmentScheduleInstances.listForScope('', { filter: 'asTarget()' }))).map((i) => String(i.roleDefinitionId?.split('/').pop())).sort();

  it('lists my eligibilities tenant-wide with the scopes of the examples ("" and "/") and at a subscription in every form', async () => {
    const running = await start();
    for (const scope of ['', '/']) {
      const items = await eligibleAt(scope);
      assert.equal(items.length, 4, `scope "${scope}"`);
      for (const item of items) {
        assert.ok(item.startDateTime instanceof Date && item.createdOn instanceof Date, 'dates deserialized');
        assert.equal(item.status, 'Provisioned');
        assert.equal(item.memberType, 'Direct');
        assert.ok(item.expandedProperties?.roleDefinition?.displayName, 'expanded properties deserialized');
        assert.match(item.roleEligibilityScheduleId ?? '', /\/RoleEligibilitySchedules\//i, 'both id forms (realisticIds) deserialize');
      }
    }
    assert.deepEqual(
      running.requests.map((r) => r.path.split('?')[0]),
      ['//providers/Microsoft.Authorization/roleEligibilityScheduleInstances', '///providers/Microsoft.Authorization/roleEligibilityScheduleInstances'],
      'what the SDK really sent',
    );
    for (const scope of [E2E.subA, `subscriptions/${SUB_A_ID}`, `providers/Microsoft.Subscription/subscriptions/${SUB_A_ID}`]) {
      assert.equal((await eligibleAt(scope)).length, 3, scope);
    }
  });

  it('lists my active assignments (asTarget)', async () => {
    await start();
    const [reader, ...others] = await all(sdk.roleAssignmentScheduleInstances.listForScope('/', { filter: 'asTarget()' }));
    assert.deepEqual(others, []);
    assert.equal(reader?.assignmentType, 'Assigned');
    assert.equal(reader?.scope, E2E.subB);
    assert.equal(reader?.endDateTime ?? null, null, 'permanent: no end');
  });

  it('activates (SelfActivate: 201), reads the request back, lists it asRequestor, and sees the activation', async () => {
    const running = await start();
    const [eligibility] = (await eligibleAt(E2E.subA)).filter((e) => e.roleDefinitionId?.endsWith(E2E.roles.contributor));
    const name = crypto.randomUUID();
    const created = await sdk.roleAssignmentScheduleRequests.create(
      E2E.subA,
      name,
      activation(E2E.subA, E2E.roles.contributor, {
        linkedRoleEligibilityScheduleId: eligibility?.roleEligibilityScheduleId,
        scheduleInfo: { startDateTime: running.clock.now(), expiration: { type: 'AfterDuration', duration: 'PT2H' } },
      }),
    );
    assert.equal(created.name, name);
    assert.equal(created.status, 'Provisioned');
    assert.equal(created.requestType, 'SelfActivate');
    assert.ok(created.createdOn instanceof Date);
    assert.equal(running.requests.find((r) => r.method === 'PUT')?.status, 201);

    const read = await sdk.roleAssignmentScheduleRequests.get(E2E.subA, name);
    assert.equal(read.id, created.id);
    const mine = await all(sdk.roleAssignmentScheduleRequests.listForScope('', { filter: 'asRequestor()' }));
    assert.deepEqual(mine.map((r) => r.name), [name]);

    const instances = await all(sdk.roleAssignmentScheduleInstances.listForScope('', { filter: 'asTarget()' }));
    const activated = instances.find((i) => i.assignmentType === 'Activated');
    assert.equal(activated?.linkedRoleEligibilityScheduleInstanceId, eligibility?.name);
    assert.equal((activated?.endDateTime?.getTime() ?? 0) - (activated?.startDateTime?.getTime() ?? 0), 2 * 60 * MINUTE);
  });

  it('validates (200) with no side effect, and reports a policy failure like the PUT', async () => {
    const running = await start();
    const name = crypto.randomUUID();
    const validated = await sdk.roleAssignmentScheduleRequests.validate(E2E.subA, name, activation(E2E.subA, E2E.roles.contributor));
    assert.equal(validated.status, 'Provisioned');
    assert.equal(validated.name, name);
    assert.deepEqual(await restErrorOf(sdk.roleAssignmentScheduleRequests.get(E2E.subA, name)), { statusCode: 404, code: 'RoleAssignmentScheduleRequestNotFound' });
    assert.deepEqual(await activeRoles(), [E2E.roles.reader]);
    assert.deepEqual(running.requests.map((r) => r.method), ['POST', 'GET', 'GET'], 'no PUT');

    const refused = await restErrorOf(sdk.roleAssignmentScheduleRequests.validate(E2E.subA, crypto.randomUUID(), activation(E2E.subA, E2E.roles.contributor, { justification: undefined })));
    assert.deepEqual(refused, { statusCode: 400, code: 'RoleAssignmentRequestPolicyValidationFailed' });
  });

  it('cancels a request waiting for approval (200), and a second cancel gets RequestCannotBeCancelled', async () => {
    await start();
    const name = crypto.randomUUID();
    const pending = await sdk.roleAssignmentScheduleRequests.create(E2E.subB, name, activation(E2E.subB, E2E.roles.owner));
    assert.equal(pending.status, 'PendingApproval');
    assert.match(pending.approvalId ?? '', /^\/providers\/Microsoft\.Authorization\/roleAssignmentApprovals\//);
    await sdk.roleAssignmentScheduleRequests.cancel(E2E.subB, name);
    assert.equal((await sdk.roleAssignmentScheduleRequests.get(E2E.subB, name)).status, 'Canceled');
    assert.deepEqual(await restErrorOf(sdk.roleAssignmentScheduleRequests.cancel(E2E.subB, name)), { statusCode: 400, code: 'RequestCannotBeCancelled' });
  });

  it('deactivates (SelfDeactivate) after five minutes', async () => {
    const running = await start();
    await sdk.roleAssignmentScheduleRequests.create(E2E.subA, crypto.randomUUID(), activation(E2E.subA, E2E.roles.contributor));
    const tooSoon = sdk.roleAssignmentScheduleRequests.create(E2E.subA, crypto.randomUUID(), { principalId: E2E.user, roleDefinitionId: ROLE(E2E.subA, E2E.roles.contributor), requestType: 'SelfDeactivate' });
    assert.deepEqual(await restErrorOf(tooSoon), { statusCode: 400, code: 'ActiveDurationTooShort' });
    running.clock.advance(6 * MINUTE);
    const off = await sdk.roleAssignmentScheduleRequests.create(E2E.subA, crypto.randomUUID(), { principalId: E2E.user, roleDefinitionId: ROLE(E2E.subA, E2E.roles.contributor), requestType: 'SelfDeactivate' });
    assert.equal(off.status, 'Revoked');
    assert.deepEqual(await activeRoles(), [E2E.roles.reader]);
  });

  it('reads every policy assignment at a scope, the one the portal filter picks, and the policy it points to', async () => {
    await start();
    const assignments = await all(sdk.roleManagementPolicyAssignments.listForScope(E2E.subA));
    assert.equal(assignments.length, BUILT_IN_ROLES.length, 'one per role');
    const contributorId = ROLE(E2E.subA, E2E.roles.contributor);
    filter.roleDefinitionId = contributorId;
    const [picked, ...rest] = await all(sdk.roleManagementPolicyAssignments.listForScope(E2E.subA));
    assert.deepEqual(rest, []);
    assert.equal(picked?.roleDefinitionId, contributorId);
    assert.ok(picked?.effectiveRules?.some((rule) => rule.id === 'Expiration_EndUser_Assignment'));

    const policyId = picked?.policyId ?? '';
    const [, scope = '', policyName = ''] = /^(.*)\/providers\/Microsoft\.Authorization\/roleManagementPolicies\/([^/]+)$/.exec(policyId) ?? [];
    const policy = await sdk.roleManagementPolicies.get(scope, policyName);
    assert.equal(policy.id, policyId);
    const expiration = policy.rules?.find((rule) => rule.id === 'Expiration_EndUser_Assignment') as RoleManagementPolicyExpirationRule | undefined;
    assert.equal(expiration?.ruleType, 'RoleManagementPolicyExpirationRule', 'polymorphic rule deserialized');
    assert.equal(expiration?.maximumDuration, 'PT8H');
  });

  it('lists eligible child resources in the scope form it was asked in', async () => {
    await start();
    const providerForm = await all(sdk.eligibleChildResources.list(`providers/Microsoft.Subscription/subscriptions/${SUB_A_ID}`, { filter: "resourceType eq 'resourcegroup'" }));
    assert.deepEqual(
      providerForm.map((c) => [c.id, c.name, c.type]),
      ['rg-app', 'rg-data'].map((rg) => [`/providers/Microsoft.Subscription/subscriptions/${SUB_A_ID}/resourceGroups/${rg}`, rg, 'resourcegroup']),
    );
    const plain = await all(sdk.eligibleChildResources.list(E2E.subA));
    assert.deepEqual(plain.map((c) => c.id), [E2E.rgApp, `${E2E.subA}/resourceGroups/rg-data`]);
  });

  it('reads the permissions at a resource group (2022-04-01)', async () => {
    await start();
    assert.deepEqual(await all(sdk.permissions.listForResourceGroup('rg-app')), []);
    await sdk.roleAssignmentScheduleRequests.create(E2E.subA, crypto.randomUUID(), activation(E2E.subA, E2E.roles.contributor));
    const [permission] = await all(sdk.permissions.listForResourceGroup('rg-app'));
    assert.deepEqual(permission?.actions, ['*']);
    assert.ok(permission?.notActions?.includes('Microsoft.Authorization/*/Write'));
  });

  it('a reused request name: the service answers RoleAssignmentRequestExists; the idempotent 200 is no answer the SDK accepts', async () => {
    await start({ duplicateRequestName: 'error' });
    const name = crypto.randomUUID();
    await sdk.roleAssignmentScheduleRequests.create(E2E.subA, name, activation(E2E.subA, E2E.roles.contributor));
    assert.deepEqual(await restErrorOf(sdk.roleAssignmentScheduleRequests.create(E2E.subA, name, activation(E2E.subA, E2E.roles.contributor))), {
      statusCode: 400,
      code: 'RoleAssignmentRequestExists',
    });
    await emulator?.close();

    await start({ duplicateRequestName: 'idempotent' });
    await sdk.roleAssignmentScheduleRequests.create(E2E.subA, name, activation(E2E.subA, E2E.roles.contributor));
    const replay = await restErrorOf(sdk.roleAssignmentScheduleRequests.create(E2E.subA, name, activation(E2E.subA, E2E.roles.contributor)));
    assert.equal(replay.statusCode, 200, 'the spec declares 201 only: the SDK refuses the undocumented 200');
  });

  it('works with the recorded id shapes (realisticIds): ids with the Microsoft.Subscription prefix and upper-case GUIDs', async () => {
    const running = await start({ realisticIds: true });
    const eligibilities = await eligibleAt('');
    assert.ok(eligibilities.some((e) => e.id?.startsWith('/providers/Microsoft.Subscription/')));
    assert.ok(eligibilities.some((e) => e.name === e.name?.toUpperCase()));

    const start2 = new Date(running.clock.now().getTime() + 60 * MINUTE);
    const name = crypto.randomUUID();
    const scheduled = await sdk.roleAssignmentScheduleRequests.create(E2E.subA, name, activation(E2E.subA, E2E.roles.contributor, { scheduleInfo: { startDateTime: start2, expiration: { type: 'AfterDuration', duration: 'PT1H' } } }));
    assert.equal(scheduled.status, 'Granted');
    assert.equal(scheduled.scope, E2E.subA);
    const idScope = (scheduled.id ?? '').split('/providers/Microsoft.Authorization/')[0] ?? '';
    assert.equal(idScope, `/providers/Microsoft.Subscription${E2E.subA}`);
    assert.equal((await sdk.roleAssignmentScheduleRequests.get(idScope, name)).name, name, 'get by the scope of the id');
    await sdk.roleAssignmentScheduleRequests.cancel(idScope, name);
    assert.equal((await sdk.roleAssignmentScheduleRequests.get(E2E.subA, name)).status, 'Canceled');
  });
});
