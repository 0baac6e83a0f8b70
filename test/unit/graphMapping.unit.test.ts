// Microsoft Graph v1.0 PIM answers → domain model, and the request bodies we send. The fixtures are the
// example bodies of the Graph reference (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/):
// unifiedroleeligibilityscheduleinstance-filterbycurrentuser, unifiedroleassignmentscheduleinstance-filterbycurrentuser,
// rbacapplication-post-roleassignmentschedulerequests (example 2), privilegedaccessgroupeligibilityscheduleinstance-filterbycurrentuser,
// privilegedaccessgroupassignmentscheduleinstance-filterbycurrentuser, privilegedaccessgroup-post-assignmentschedulerequests (example 2).
import * as assert from 'node:assert/strict';
import { graphScopes } from '../../src/core/api/graphPimClient';
import {
  entraActivationBody,
  entraDeactivationBody,
  groupActivationBody,
  groupDeactivationBody,
  mapEntraAssignment,
  mapEntraEligibility,
  mapEntraRequest,
  mapGroupAssignment,
  mapGroupEligibility,
  mapGroupRequest,
  normaliseRequestStatus,
  requestTypeOfAction,
} from '../../src/core/api/graphMapping';
import { roleKeyString } from '../../src/core/model/model';
import { parseGraphPolicy } from '../../src/core/api/policy';
import {
  GRAPH_GROUP_ASSIGNMENT_INSTANCE as GROUP_ASSIGNMENT,
  GRAPH_GROUP_ELIGIBILITY_INSTANCE as GROUP_ELIGIBILITY,
  GRAPH_GROUP_REQUEST as GROUP_SELF_ACTIVATE_RESPONSE,
  GRAPH_ROLE_ASSIGNMENT_INSTANCE as ENTRA_ASSIGNMENT,
  GRAPH_ROLE_ELIGIBILITY_INSTANCE as ENTRA_ELIGIBILITY,
  GRAPH_ROLE_REQUEST as ENTRA_SELF_ACTIVATE_RESPONSE,
} from '../emulator/fixtures';

const TENANT = 'cab01047-8ad9-4792-8e42-569340767f1b';

describe('Graph PIM mapping', () => {
  describe('Entra roles', () => {
    it('maps an eligibility instance to a directory-scoped Entra role', () => {
      const role = mapEntraEligibility(ENTRA_ELIGIBILITY, TENANT);
      assert.ok(role);
      assert.deepEqual(role.key, { kind: 'entra', tenantId: TENANT, scope: '/', roleDefinitionId: '8424c6f0-a189-499e-bbd0-26c1753c96d4' });
      assert.equal(role.id, roleKeyString(role.key));
      assert.deepEqual(role.scope, { id: '/', displayName: 'Directory', type: 'directory' });
      assert.equal(role.eligibilityScheduleId, '77f71919-62f3-4d0c-9f88-0a0391b665cd');
      assert.equal(role.memberType, 'Direct');
      assert.equal(role.principalId, '071cc716-8147-4397-a5ba-b2105951cc0b');
      assert.equal(role.endDateTime?.toISOString(), '2024-04-10T00:00:00.000Z');
      // Without $expand=roleDefinition the id is all there is to show.
      assert.equal(role.roleName, '8424c6f0-a189-499e-bbd0-26c1753c96d4');
    });

    it('names the role from the expanded roleDefinition', () => {
      const role = mapEntraEligibility({ ...ENTRA_ELIGIBILITY, roleDefinition: { id: ENTRA_ELIGIBILITY.roleDefinitionId, displayName: 'Attribute Assignment Administrator' } }, TENANT);
      assert.equal(role?.roleName, 'Attribute Assignment Administrator');
    });

    it('maps an assignment instance: permanent assignment without an end, and an activation', () => {
      const assigned = mapEntraAssignment(ENTRA_ASSIGNMENT, TENANT);
      assert.equal(assigned?.assignmentType, 'Assigned');
      assert.equal(assigned?.endDateTime, undefined);
      const activated = mapEntraAssignment({ ...ENTRA_ASSIGNMENT, assignmentType: 'Activated', endDateTime: '2022-04-14T05:00:00Z' }, TENANT);
      assert.equal(activated?.assignmentType, 'Activated');
      assert.equal(activated?.endDateTime?.toISOString(), '2022-04-14T05:00:00.000Z');
    });

    it('maps the selfActivate response to a SelfActivate request with a PascalCase status', () => {
      const request = mapEntraRequest(ENTRA_SELF_ACTIVATE_RESPONSE, TENANT);
      assert.ok(request);
      assert.equal(request.id, '911bab8a-6912-4de2-9dc0-2648ede7dd6d');
      assert.equal(request.name, request.id);
      assert.equal(request.requestType, 'SelfActivate');
      assert.equal(request.status, 'Granted');
      assert.equal(request.duration, 'PT5H');
      assert.equal(request.startDateTime?.toISOString(), '2022-04-14T00:00:00.000Z');
      assert.equal(request.createdOn?.toISOString(), '2022-04-13T08:52:32.648Z');
      assert.match(request.justification ?? '', /Attribute Administrator/);
      assert.equal(roleKeyString(request.key), roleKeyString(mapEntraEligibility(ENTRA_ELIGIBILITY, TENANT)?.key ?? request.key));
    });

    it('drops items without the fields it needs (app-scoped, no role, no schedule)', () => {
      assert.equal(mapEntraEligibility({ ...ENTRA_ELIGIBILITY, directoryScopeId: null, appScopeId: '/' }, TENANT), undefined);
      assert.equal(mapEntraEligibility({ ...ENTRA_ELIGIBILITY, roleDefinitionId: undefined }, TENANT), undefined);
      assert.equal(mapEntraEligibility({ ...ENTRA_ELIGIBILITY, roleEligibilityScheduleId: 7 }, TENANT), undefined);
      assert.equal(mapEntraRequest({ ...ENTRA_SELF_ACTIVATE_RESPONSE, action: 'somethingNew' }, TENANT), undefined);
    });
  });

  describe('PIM for Groups', () => {
    it('maps an eligibility instance to a group role keyed by group id and access', () => {
      const role = mapGroupEligibility(GROUP_ELIGIBILITY, TENANT);
      assert.ok(role);
      assert.deepEqual(role.key, { kind: 'group', tenantId: TENANT, scope: '2b5ed229-4072-478d-9504-a047ebd4b07d', roleDefinitionId: 'member' });
      assert.equal(role.roleName, 'Member');
      assert.deepEqual(role.scope, { id: '2b5ed229-4072-478d-9504-a047ebd4b07d', displayName: '2b5ed229-4072-478d-9504-a047ebd4b07d', type: 'group' });
      assert.equal(role.eligibilityScheduleId, '77f71919-62f3-4d0c-9f88-0a0391b665cd');
    });

    it('names the group from the expanded group, and reads owner access', () => {
      const role = mapGroupEligibility({ ...GROUP_ELIGIBILITY, accessId: 'owner', group: { id: GROUP_ELIGIBILITY.groupId, displayName: 'pim-admins' } }, TENANT);
      assert.equal(role?.roleName, 'Owner');
      assert.equal(role?.scope.displayName, 'pim-admins');
      assert.equal(role?.key.roleDefinitionId, 'owner');
    });

    it('maps assignment instances and the selfActivate response', () => {
      const assigned = mapGroupAssignment(GROUP_ASSIGNMENT, TENANT);
      assert.equal(assigned?.assignmentType, 'Assigned');
      assert.equal(assigned?.id, mapGroupEligibility(GROUP_ELIGIBILITY, TENANT)?.id);
      const request = mapGroupRequest(GROUP_SELF_ACTIVATE_RESPONSE, TENANT);
      assert.equal(request?.status, 'Provisioned');
      assert.equal(request?.requestType, 'SelfActivate');
      assert.equal(request?.duration, 'PT2H');
      assert.equal(request?.roleName, 'Member');
    });

    it('reads the enum values case-insensitively (activated, group) and rejects unknown access', () => {
      const activated = mapGroupAssignment({ ...GROUP_ASSIGNMENT, assignmentType: 'activated', memberType: 'group' }, TENANT);
      assert.equal(activated?.assignmentType, 'Activated');
      assert.equal(activated?.memberType, 'Group');
      assert.equal(mapGroupEligibility({ ...GROUP_ELIGIBILITY, accessId: 'admin' }, TENANT), undefined);
    });
  });

  it('normalises Graph statuses and actions to the model', () => {
    assert.equal(normaliseRequestStatus('pendingApproval'), 'PendingApproval');
    assert.equal(normaliseRequestStatus('provisioned'), 'Provisioned');
    assert.equal(normaliseRequestStatus('Canceled'), 'Canceled');
    assert.equal(normaliseRequestStatus('SomethingNew'), 'SomethingNew');
    assert.equal(requestTypeOfAction('selfDeactivate'), 'SelfDeactivate');
    assert.equal(requestTypeOfAction('adminAssign'), 'AdminAssign');
    assert.equal(requestTypeOfAction(undefined), undefined);
  });

  describe('request bodies', () => {
    const start = new Date('2022-04-14T00:00:00.000Z');

    it('builds the documented Entra selfActivate body', () => {
      const body = entraActivationBody({
        principalId: '071cc716-8147-4397-a5ba-b2105951cc0b',
        roleDefinitionId: '8424c6f0-a189-499e-bbd0-26c1753c96d4',
        directoryScopeId: '/',
        justification: 'I need access',
        duration: 'PT5H',
        startDateTime: start,
        ticketNumber: 'CONTOSO:Normal-67890',
        ticketSystem: 'MS Project',
      });
      assert.deepEqual(body, {
        action: 'selfActivate',
        principalId: '071cc716-8147-4397-a5ba-b2105951cc0b',
        roleDefinitionId: '8424c6f0-a189-499e-bbd0-26c1753c96d4',
        directoryScopeId: '/',
        justification: 'I need access',
        scheduleInfo: { startDateTime: '2022-04-14T00:00:00.000Z', expiration: { type: 'afterDuration', duration: 'PT5H' } },
        ticketInfo: { ticketNumber: 'CONTOSO:Normal-67890', ticketSystem: 'MS Project' },
      });
    });

    it('builds the documented group selfActivate body, starting now when no start is given', () => {
      const now = new Date('2023-02-08T07:43:00.000Z');
      const body = groupActivationBody(
        { principalId: '3cce9d87-3986-4f19-8335-7ed075408ca2', groupId: '2b5ed229-4072-478d-9504-a047ebd4b07d', accessId: 'member', justification: 'Activate assignment.', duration: 'PT2H' },
        now,
      );
      assert.deepEqual(body, {
        action: 'selfActivate',
        principalId: '3cce9d87-3986-4f19-8335-7ed075408ca2',
        groupId: '2b5ed229-4072-478d-9504-a047ebd4b07d',
        accessId: 'member',
        justification: 'Activate assignment.',
        scheduleInfo: { startDateTime: '2023-02-08T07:43:00.000Z', expiration: { type: 'afterDuration', duration: 'PT2H' } },
      });
    });

    it('builds selfDeactivate bodies', () => {
      assert.deepEqual(entraDeactivationBody({ principalId: 'p', roleDefinitionId: 'r', directoryScopeId: '/' }), {
        action: 'selfDeactivate',
        principalId: 'p',
        roleDefinitionId: 'r',
        directoryScopeId: '/',
      });
      assert.deepEqual(groupDeactivationBody({ principalId: 'p', groupId: 'g', accessId: 'owner' }), {
        action: 'selfDeactivate',
        principalId: 'p',
        groupId: 'g',
        accessId: 'owner',
      });
    });
  });

  describe('scopes', () => {
    it('asks for .default without an app registration, so Graph reports what is missing', () => {
      assert.deepEqual(graphScopes('https://graph.microsoft.com/', ''), ['https://graph.microsoft.com/.default']);
    });

    it("asks for the PIM permissions on the cloud's Graph resource with the app's client id", () => {
      const scopes = graphScopes('https://graph.microsoft.us', ' 7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11 ');
      assert.ok(scopes.includes('https://graph.microsoft.us/RoleEligibilitySchedule.Read.Directory'));
      assert.ok(scopes.includes('https://graph.microsoft.us/PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup'));
      assert.equal(scopes.at(-1), 'VSCODE_CLIENT_ID:7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11');
      assert.ok(scopes.every((scope) => !scope.endsWith('.default')));
    });
  });

  it('reads the policy of a policy assignment expanded with its rules', () => {
    const policy = parseGraphPolicy({
      id: 'DirectoryRole_x_y_62e90394-69f5-4237-9190-012177145e10',
      policyId: 'DirectoryRole_x_y',
      scopeId: '/',
      scopeType: 'DirectoryRole',
      roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
      policy: {
        id: 'DirectoryRole_x_y',
        rules: [
          {
            '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
            id: 'Expiration_EndUser_Assignment',
            isExpirationRequired: true,
            maximumDuration: 'PT8H',
            target: { caller: 'EndUser', operations: ['all'], level: 'Assignment' },
          },
          {
            '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
            id: 'Enablement_EndUser_Assignment',
            enabledRules: ['MultiFactorAuthentication', 'Justification'],
            target: { caller: 'EndUser', operations: ['all'], level: 'Assignment' },
          },
        ],
      },
    });
    assert.equal(policy.maximumDurationMinutes, 480);
    assert.equal(policy.requiresJustification, true);
    assert.equal(policy.requiresMfa, true);
    assert.equal(policy.requiresTicket, false);
  });
});
