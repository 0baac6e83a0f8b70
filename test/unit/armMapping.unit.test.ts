import * as assert from 'node:assert/strict';
import { isRoleDefinitionId, mapAssignmentInstance, mapAssignmentRequest, mapEligibilityInstance, parseArmScope } from '../../src/core/api/armMapping';

const SUB = '/subscriptions/a1b2c3d4-0000-0000-0000-000000000001';
const ROLE = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;

// Shape from azure-rest-api-specs Microsoft.Authorization/stable/2020-10-01/examples/GetRoleEligibilityScheduleInstancesByScope.json
function eligibilityInstance(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${SUB}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances/inst-1`,
    name: 'inst-1',
    type: 'Microsoft.Authorization/RoleEligibilityScheduleInstances',
    properties: {
      scope: SUB,
      roleDefinitionId: ROLE,
      principalId: 'user-oid',
      principalType: 'User',
      roleEligibilityScheduleId: `${SUB}/providers/Microsoft.Authorization/roleEligibilitySchedules/sched-1`,
      status: 'Provisioned',
      startDateTime: '2026-01-01T00:00:00Z',
      endDateTime: null,
      memberType: 'Direct',
      createdOn: '2026-01-01T00:00:00Z',
      expandedProperties: {
        principal: { id: 'user-oid', displayName: 'Ada', email: 'ada@contoso.com', type: 'User' },
        roleDefinition: { id: ROLE, displayName: 'Contributor', type: 'BuiltInRole' },
        scope: { id: SUB, displayName: 'Dev Subscription', type: 'subscription' },
      },
      ...overrides,
    },
  };
}

describe('ARM mapping', () => {
  it('recognises every scope level and rejects what is not an ARM scope', () => {
    assert.equal(parseArmScope('/providers/Microsoft.Management/managementGroups/corp')?.type, 'managementGroup');
    assert.deepEqual(parseArmScope(SUB), { type: 'subscription', subscriptionId: 'a1b2c3d4-0000-0000-0000-000000000001', name: 'a1b2c3d4-0000-0000-0000-000000000001' });
    assert.equal(parseArmScope(`${SUB}/resourceGroups/rg-web`)?.type, 'resourceGroup');
    const resource = parseArmScope(`${SUB}/resourceGroups/rg-web/providers/Microsoft.KeyVault/vaults/kv1`);
    assert.equal(resource?.type, 'resource');
    assert.equal(resource?.name, 'kv1');
    for (const bad of ['', 'subscriptions/x', '/subscriptions/', '/subscriptions/x/../y', 'https://evil.example/subscriptions/x', '/subscriptions/x/resourceGroups/']) {
      assert.equal(parseArmScope(bad), undefined, bad);
    }
    assert.equal(isRoleDefinitionId(ROLE), true);
    assert.equal(isRoleDefinitionId(`${SUB}/providers/Microsoft.Authorization/roleDefinitions/not-a-guid`), false);
  });

  it('maps an eligibility instance with names from expandedProperties; null end = permanent', () => {
    const role = mapEligibilityInstance(eligibilityInstance(), 'tenant-1');
    assert.ok(role);
    assert.equal(role.roleName, 'Contributor');
    assert.equal(role.scope.displayName, 'Dev Subscription');
    assert.equal(role.scope.type, 'subscription');
    assert.equal(role.memberType, 'Direct');
    assert.equal(role.endDateTime, undefined);
    assert.equal(role.key.kind, 'azure');
    assert.equal(role.id, `azure|tenant-1|${SUB.toLowerCase()}|${ROLE.toLowerCase()}`);
  });

  it('keeps group-derived eligibility with the group as principal', () => {
    const role = mapEligibilityInstance(
      eligibilityInstance({ memberType: 'Group', principalId: 'group-oid', principalType: 'Group', expandedProperties: { principal: { id: 'group-oid', displayName: 'pim-admins', type: 'Group' }, roleDefinition: { displayName: 'Owner' }, scope: { displayName: 'Dev' } } }),
      't',
    );
    assert.equal(role?.memberType, 'Group');
    assert.equal(role?.principalDisplayName, 'pim-admins');
  });

  it('drops items without the fields it needs instead of guessing', () => {
    assert.equal(mapEligibilityInstance(eligibilityInstance({ scope: 42 }), 't'), undefined);
    assert.equal(mapEligibilityInstance(eligibilityInstance({ roleDefinitionId: 'Contributor' }), 't'), undefined);
    assert.equal(mapEligibilityInstance(eligibilityInstance({ roleEligibilityScheduleId: undefined }), 't'), undefined);
    assert.equal(mapEligibilityInstance({ properties: null }, 't'), undefined);
  });

  it('falls back to the role id when the display name is missing, and keeps hostile names as plain data', () => {
    const role = mapEligibilityInstance(eligibilityInstance({ expandedProperties: { roleDefinition: { displayName: '<img src=x onerror=alert(1)>' } } }), 't');
    assert.equal(role?.roleName, '<img src=x onerror=alert(1)>');
    assert.equal(role?.scope.displayName, 'a1b2c3d4-0000-0000-0000-000000000001');
  });

  it('maps assignment instances: Activated with an end, Assigned without', () => {
    const activated = mapAssignmentInstance(
      eligibilityInstance({ assignmentType: 'Activated', endDateTime: '2026-01-01T08:00:00Z', linkedRoleEligibilityScheduleInstanceId: 'x' }),
      't',
    );
    assert.equal(activated?.assignmentType, 'Activated');
    assert.equal(activated?.endDateTime?.toISOString(), '2026-01-01T08:00:00.000Z');
    const assigned = mapAssignmentInstance(eligibilityInstance({ assignmentType: 'Assigned' }), 't');
    assert.equal(assigned?.assignmentType, 'Assigned');
    assert.equal(assigned?.endDateTime, undefined);
  });

  it('maps a request with its status, schedule and justification', () => {
    const request = mapAssignmentRequest(
      {
        id: `${SUB}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/0b6f5b2c-0000-0000-0000-000000000000`,
        name: '0b6f5b2c-0000-0000-0000-000000000000',
        properties: {
          scope: SUB,
          roleDefinitionId: ROLE,
          principalId: 'user-oid',
          requestType: 'SelfActivate',
          status: 'PendingApproval',
          justification: 'deploy',
          createdOn: '2026-01-01T00:00:00Z',
          scheduleInfo: { startDateTime: '2026-01-01T00:00:00Z', expiration: { type: 'AfterDuration', duration: 'PT8H' } },
        },
      },
      't',
    );
    assert.equal(request?.status, 'PendingApproval');
    assert.equal(request?.duration, 'PT8H');
    assert.equal(request?.justification, 'deploy');
    assert.equal(request?.requestType, 'SelfActivate');
  });
});
