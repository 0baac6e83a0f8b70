// Response shapes of every emulated endpoint against the published examples (sources cited in test/emulator/fixtures.ts).
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator';
import * as fx from '../../emulator/fixtures';
import { assertShape, E2E, e2eScenario, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';
import { withEmulator } from '../../support/withEmulator';

const V = 'api-version=2020-10-01';

/** A second emulator that answers one item a page, for the paging tests. */
async function withPagedEmulator(test: (emulator: RunningEmulator, client: EmulatorClient) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ scenario: e2eScenario({ pageSize: 1 }) });
  try {
    await test(emulator, new EmulatorClient(emulator));
  } finally {
    await emulator.close();
  }
}
const AS_TARGET = `${V}&$filter=asTarget()`;

describe('PIM emulator: conformance with the documented API', () => {
  const fixture = withEmulator();
  let client: EmulatorClient;
  let arm: string;
  let graph: string;

  beforeEach(async () => {
    client = new EmulatorClient(fixture.emulator);
    arm = await client.armToken();
    graph = await client.graphToken();
  });

  describe('ARM', () => {
    it('lists tenants and subscriptions like Tenants_List / Subscriptions_List', async () => {
      const tenants = valueOf(await client.call('GET', '/tenants?api-version=2022-12-01', { token: arm }));
      assert.deepEqual(tenants.map((t) => t.displayName), ['Contoso', 'Fabrikam']);
      tenants.forEach((t, i) => assertShape(t, fx.ARM_TENANT, `tenants[${i}]`));
      const subs = await client.call('GET', '/subscriptions?api-version=2022-12-01', { token: arm });
      const value = valueOf(subs);
      assert.deepEqual(value.map((s) => s.displayName), ['Contoso Dev', 'Contoso Prod']);
      value.forEach((s, i) => assertShape(s, fx.ARM_SUBSCRIPTION, `subscriptions[${i}]`));
      assert.deepEqual((subs.body as { count: unknown }).count, { type: 'Total', value: 2 });
    });

    it('lists my eligibilities tenant-wide in the RoleEligibilityScheduleInstances shape', async () => {
      const res = await client.call('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${AS_TARGET}`, { token: arm });
      const value = valueOf(res);
      assert.equal(value.length, 4);
      value.forEach((item, i) => assertShape(item, fx.ARM_ELIGIBILITY_INSTANCE, `value[${i}]`));
      const contributor = value.find((v) => (v.properties as { roleDefinitionId: string }).roleDefinitionId.endsWith(E2E.roles.contributor));
      assert.ok(contributor);
      const props = contributor.properties as Record<string, unknown>;
      assert.equal(props.scope, E2E.subA);
      assert.equal(props.memberType, 'Direct');
      assert.equal(props.endDateTime, null, 'permanent eligibility');
      assert.match(String(props.roleEligibilityScheduleId), /\/providers\/Microsoft\.Authorization\/RoleEligibilitySchedules\/[0-9a-f-]{36}$/);
      assert.deepEqual((props.expandedProperties as { scope: unknown }).scope, { id: E2E.subA, displayName: 'Contoso Dev', type: 'subscription' });
    });

    it('lists eligibilities at a scope, including the resource groups below it', async () => {
      const atSub = valueOf(await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${AS_TARGET}`, { token: arm }));
      assert.equal(atSub.length, 3);
      const atRg = valueOf(await client.call('GET', `${E2E.rgApp}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${AS_TARGET}`, { token: arm }));
      assert.deepEqual(
        atRg.map((v) => (v.properties as { memberType: string; scope: string }).memberType).sort(),
        ['Direct', 'Inherited', 'Inherited'],
        'the subscription eligibilities are inherited at the resource group',
      );
    });

    it('refuses a listing without asTarget() for a non-admin', async () => {
      const res = await client.call('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${V}`, { token: arm });
      assert.equal(res.status, 403);
      assert.equal(errorOf(res).code, 'AuthorizationFailed');
    });

    it('lists active assignments in the RoleAssignmentScheduleInstances shape', async () => {
      const value = valueOf(await client.call('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${AS_TARGET}`, { token: arm }));
      assert.equal(value.length, 1);
      assertShape(value[0], fx.ARM_ASSIGNMENT_INSTANCE);
      const props = value[0].properties as Record<string, unknown>;
      assert.equal(props.assignmentType, 'Assigned');
      assert.equal(props.endDateTime, null);
      assert.equal(props.scope, E2E.subB);
    });

    it('answers an activation PUT with the documented request body and shows the activation', async () => {
      const name = crypto.randomUUID();
      const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, name, duration: 'PT2H' });
      assert.equal(put.status, 201, put.text);
      assertShape(put.body, fx.ARM_REQUEST, '$', ['linkedRoleEligibilityScheduleId']);
      const props = (put.body as { properties: Record<string, unknown> }).properties;
      assert.equal(props.status, 'Provisioned');
      assert.equal(props.requestType, 'SelfActivate');
      assert.equal((put.body as { name: string }).name, name);

      const instances = valueOf(await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?${AS_TARGET}`, { token: arm }));
      const activated = instances.find((i) => (i.properties as { assignmentType: string }).assignmentType === 'Activated');
      assert.ok(activated, 'activation listed');
      assertShape(activated, fx.ARM_ASSIGNMENT_INSTANCE);
      const a = activated.properties as Record<string, string>;
      assert.equal(Date.parse(a.endDateTime) - Date.parse(a.startDateTime), 2 * 3600_000);
      const eligibility = valueOf(await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${AS_TARGET}`, { token: arm })).find(
        (e) => (e.properties as { roleDefinitionId: string }).roleDefinitionId.endsWith(E2E.roles.contributor),
      );
      assert.equal(a.linkedRoleEligibilityScheduleInstanceId, eligibility?.name, 'activation joins its eligibility');

      const mine = valueOf(await client.call('GET', `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?${V}&$filter=asRequestor()`, { token: arm }));
      assert.equal(mine.length, 1);
      assertShape(mine[0], fx.ARM_REQUEST, '$', ['linkedRoleEligibilityScheduleId']);
      const byName = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}?${V}`, { token: arm });
      assert.equal(byName.status, 200);
    });

    it('reads the policy assignment and the policy with the documented rules', async () => {
      const roleId = `${E2E.subA}/providers/Microsoft.Authorization/roleDefinitions/${E2E.roles.contributor}`;
      const list = valueOf(
        await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?${V}&$filter=${encodeURIComponent(`roleDefinitionId eq '${roleId}'`)}`, { token: arm }),
      );
      assert.equal(list.length, 1);
      assertShape(list[0], fx.ARM_POLICY_ASSIGNMENT);
      const policyId = (list[0].properties as { policyId: string }).policyId;
      const policy = await client.call('GET', `${policyId}?${V}`, { token: arm });
      assert.equal(policy.status, 200, policy.text);
      assertShape(policy.body, fx.ARM_POLICY);
      const rules = (policy.body as { properties: { rules: Record<string, unknown>[] } }).properties.rules;
      assert.deepEqual(rules.map((r) => r.id), fx.ARM_RULE_IDS);
      for (const rule of rules) {
        assertShape(rule, fx.ARM_RULES[String(rule.ruleType)], String(rule.id));
      }
      const expiration = rules.find((r) => r.id === 'Expiration_EndUser_Assignment');
      assert.equal(expiration?.maximumDuration, 'PT8H');
      const enablement = rules.find((r) => r.id === 'Enablement_EndUser_Assignment');
      assert.deepEqual(enablement?.enabledRules, ['Justification']);
    });

    it('reports approvers and the authentication context in the policy', async () => {
      const ownerPolicy = await readPolicy(E2E.subB, E2E.roles.owner);
      const approval = ownerPolicy.find((r) => r.id === 'Approval_EndUser_Assignment') as { setting: { isApprovalRequired: boolean; approvalStages: { primaryApprovers: unknown[] }[] } };
      assert.equal(approval.setting.isApprovalRequired, true);
      assert.deepEqual(approval.setting.approvalStages[0].primaryApprovers, [{ id: E2E.approver, description: 'Alice Admin', isBackup: false, userType: 'User' }]);
      const kvPolicy = await readPolicy(E2E.subA, E2E.roles.keyVaultAdministrator);
      const context = kvPolicy.find((r) => r.id === 'AuthenticationContext_EndUser_Assignment');
      assert.deepEqual([context?.isEnabled, context?.claimValue], [true, 'c1']);
    });

    async function readPolicy(scope: string, role: string): Promise<Record<string, unknown>[]> {
      const filter = encodeURIComponent(`roleDefinitionId eq '${scope}/providers/Microsoft.Authorization/roleDefinitions/${role}'`);
      const list = valueOf(await client.call('GET', `${scope}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?${V}&$filter=${filter}`, { token: arm }));
      return (list[0].properties as { effectiveRules: Record<string, unknown>[] }).effectiveRules;
    }

    it('lists eligible child resources', async () => {
      const value = valueOf(await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/eligibleChildResources?${V}`, { token: arm }));
      assert.deepEqual(value.map((v) => v.name), ['rg-app', 'rg-data']);
      value.forEach((v) => assertShape(v, fx.ARM_ELIGIBLE_CHILD));
    });

    it('pages with an absolute nextLink that can be followed', async () => {
      await withPagedEmulator(async (emulator, client) => {
        const arm = await client.armToken();
        let next: string | undefined = `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?${AS_TARGET}`;
        const names: string[] = [];
        let pages = 0;
        while (next) {
          const res = await client.call('GET', next, { token: arm });
          const body = res.body as { value: { name: string }[]; nextLink?: string };
          names.push(...body.value.map((v) => v.name));
          next = body.nextLink;
          if (next) {
            assert.ok(next.startsWith(emulator.url), `absolute nextLink on the emulator: ${next}`);
            assert.match(next, /\$skipToken=/);
          }
          pages++;
        }
        assert.equal(pages, 4);
        assert.equal(new Set(names).size, 4);
      });
    });

    it('answers ARM errors with the envelope and request id headers', async () => {
      const missing = await client.call('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?$filter=asTarget()`, { token: arm });
      assert.equal(missing.status, 400);
      assert.deepEqual(errorOf(missing), { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' });
      const wrong = await client.call('GET', `/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2019-01-01&$filter=asTarget()`, { token: arm });
      assert.equal(errorOf(wrong).code, 'InvalidApiVersionParameter');
      const unknown = await client.call('GET', `/subscriptions/x/nothing-here?${V}`, { token: arm });
      assert.equal(unknown.status, 404);
      assert.equal(errorOf(unknown).code, 'NotFound');
      assert.ok(unknown.headers.get('x-ms-request-id'));
      assert.ok(unknown.headers.get('x-ms-correlation-request-id'));
      const badType = await client.call('GET', `${E2E.subA}/providers/Microsoft.Authorization/roleThings?${V}`, { token: arm });
      assert.equal(errorOf(badType).code, 'InvalidResourceType');
    });
  });

  describe('Graph', () => {
    it('lists Entra eligibilities and assignments for the current user', async () => {
      const res = await client.call('GET', `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition`, { token: graph });
      const value = valueOf(res);
      assert.equal(value.length, 1);
      assertShape(value[0], fx.GRAPH_ROLE_ELIGIBILITY_INSTANCE, '$', ['roleDefinition']);
      assert.equal((value[0].roleDefinition as { displayName: string }).displayName, 'Global Reader');
      assert.match(String((res.body as Record<string, unknown>)['@odata.context']), /\$metadata#Collection\(unifiedRoleEligibilityScheduleInstance\)$/);
      const active = valueOf(await client.call('GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`, { token: graph }));
      assert.equal(active.length, 0);
    });

    it('activates an Entra role with the documented request body', async () => {
      const res = await client.call('POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', {
        token: graph,
        body: {
          action: 'selfActivate',
          principalId: E2E.user,
          roleDefinitionId: E2E.globalReader,
          directoryScopeId: '/',
          justification: 'Audit review',
          scheduleInfo: { startDateTime: new Date(fixture.emulator.clock.now()).toISOString(), expiration: { type: 'AfterDuration', duration: 'PT4H' } },
          ticketInfo: { ticketNumber: null, ticketSystem: null },
        },
      });
      assert.equal(res.status, 201, res.text);
      assertShape(res.body, fx.GRAPH_ROLE_REQUEST);
      assert.equal((res.body as { status: string }).status, 'Provisioned');
      const active = valueOf(await client.call('GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')`, { token: graph }));
      assert.equal(active.length, 1);
      assertShape(active[0], fx.GRAPH_ROLE_ASSIGNMENT_INSTANCE);
      assert.equal(active[0].assignmentType, 'Activated');
      const requests = valueOf(await client.call('GET', `/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='principal')`, { token: graph }));
      assert.equal(requests.length, 1);
    });

    it('lists and activates PIM for Groups in the documented shapes', async () => {
      const eligible = valueOf(await client.call('GET', `/v1.0/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=group`, { token: graph }));
      assert.equal(eligible.length, 1);
      assertShape(eligible[0], fx.GRAPH_GROUP_ELIGIBILITY_INSTANCE, '$', ['group']);
      assert.equal((eligible[0].group as { displayName: string }).displayName, 'pim-contoso-admins');
      const res = await client.call('POST', '/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests', {
        token: graph,
        body: {
          accessId: 'member',
          principalId: E2E.user,
          groupId: E2E.pimGroup,
          action: 'selfActivate',
          scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT2H' } },
          justification: 'Deploy',
        },
      });
      assert.equal(res.status, 201, res.text);
      assertShape(res.body, fx.GRAPH_GROUP_REQUEST, '$', ['@odata.context', 'recurrence', 'endDateTime', 'application', 'device', 'displayName']);
      const active = valueOf(await client.call('GET', `/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/filterByCurrentUser(on='principal')`, { token: graph }));
      assert.equal(active.length, 1);
      assertShape(active[0], fx.GRAPH_GROUP_ASSIGNMENT_INSTANCE);
    });

    it('returns role management policy assignments with expanded rules', async () => {
      const filter = encodeURIComponent(`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${E2E.globalReader}'`);
      const res = await client.call('GET', `/v1.0/policies/roleManagementPolicyAssignments?$filter=${filter}&$expand=policy($expand=rules)`, { token: graph });
      const value = valueOf(res);
      assert.equal(value.length, 1);
      assertShape(value[0], fx.GRAPH_POLICY_ASSIGNMENT);
      const rules = (value[0].policy as { rules: Record<string, unknown>[] }).rules;
      for (const rule of rules) {
        assertShape(rule, fx.GRAPH_RULES[String(rule['@odata.type'])], String(rule.id));
      }
      assert.equal(rules.find((r) => r.id === 'Expiration_EndUser_Assignment')?.maximumDuration, 'PT8H');
      const groupFilter = encodeURIComponent(`scopeId eq '${E2E.pimGroup}' and scopeType eq 'Group' and roleDefinitionId eq 'member'`);
      const group = valueOf(await client.call('GET', `/v1.0/policies/roleManagementPolicyAssignments?$filter=${groupFilter}&$expand=policy($expand=rules)`, { token: graph }));
      assert.equal(group.length, 1);
      assert.equal(group[0].roleDefinitionId, 'member');
    });

    it('pages Graph collections with @odata.nextLink', async () => {
      await withPagedEmulator(async (_emulator, client) => {
        const graph = await client.graphToken();
        const filter = encodeURIComponent(`scopeId eq '${E2E.pimGroup}' and scopeType eq 'Group'`);
        const first = await client.call('GET', `/v1.0/policies/roleManagementPolicyAssignments?$filter=${filter}`, { token: graph });
        const link = (first.body as Record<string, unknown>)['@odata.nextLink'];
        assert.equal(typeof link, 'string');
        const second = valueOf(await client.call('GET', String(link), { token: graph }));
        assert.deepEqual([valueOf(first)[0].roleDefinitionId, second[0].roleDefinitionId], ['member', 'owner']);
      });
    });

    it('answers Graph errors with innerError', async () => {
      const res = await client.call('GET', `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')`);
      assert.equal(res.status, 401);
      const error = (res.body as { error: { innerError: Record<string, unknown> } }).error;
      assert.deepEqual(Object.keys(error.innerError).sort(), ['client-request-id', 'date', 'request-id']);
      assert.ok(res.headers.get('request-id'));
    });
  });
});
