import * as assert from 'node:assert/strict';
import { roleKeyString, type ActiveRole, type EligibleRole, type RoleKey, type RoleRequest, type ScopeInfo } from '../../src/core/model/model';
import { buildRoleRows, groupByScope, isOpenActivationRequest } from '../../src/core/model/roleRows';

const NOW = new Date('2026-06-01T12:00:00Z');
const SUB = '/subscriptions/s1';
const RG = `${SUB}/resourceGroups/rg-web`;
const KV = `${RG}/providers/Microsoft.KeyVault/vaults/kv1`;
const MG = '/providers/Microsoft.Management/managementGroups/corp';
const role = (name: string) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${name}`;

function scope(id: string, displayName: string, type: ScopeInfo['type']): ScopeInfo {
  return { id, displayName, type, ...(id.startsWith('/subscriptions/') ? { subscriptionId: 's1' } : {}) };
}

function key(scopeId: string, roleName: string): RoleKey {
  return { kind: 'azure', tenantId: 't', scope: scopeId, roleDefinitionId: role(roleName) };
}

function eligible(scopeInfo: ScopeInfo, roleName: string, extra: Partial<EligibleRole> = {}): EligibleRole {
  const k = key(scopeInfo.id, roleName);
  return { key: k, id: roleKeyString(k), roleName, scope: scopeInfo, principalId: 'me', memberType: 'Direct', eligibilityScheduleId: 'e', ...extra };
}

function active(scopeInfo: ScopeInfo, roleName: string, extra: Partial<ActiveRole> = {}): ActiveRole {
  const k = key(scopeInfo.id, roleName);
  return { key: k, id: roleKeyString(k), roleName, scope: scopeInfo, principalId: 'me', memberType: 'Direct', assignmentType: 'Activated', ...extra };
}

function request(scopeInfo: ScopeInfo, roleName: string, status: string, extra: Partial<RoleRequest> = {}): RoleRequest {
  return { key: key(scopeInfo.id, roleName), id: `req-${status}`, name: 'n', roleName, scope: scopeInfo, requestType: 'SelfActivate', status, ...extra };
}

const sub = scope(SUB, 'Dev', 'subscription');
const rg = scope(RG, 'rg-web', 'resourceGroup');
const kv = scope(KV, 'kv1', 'resource');
const mg = scope(MG, 'Corp', 'managementGroup');

describe('role rows', () => {
  it('joins an eligibility with its activation into one active row with an end time', () => {
    const end = new Date(NOW.getTime() + 3_600_000);
    const rows = buildRoleRows({ tenantId: 't', eligible: [eligible(sub, 'Contributor')], active: [active(sub, 'Contributor', { endDateTime: end })], pending: [] }, NOW);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.state, 'active');
    assert.equal(rows[0]?.endsAt?.getTime(), end.getTime());
    assert.ok(rows[0]?.eligible);
  });

  it('shows a permanent assignment as assigned, and ignores activations that already ended', () => {
    const rows = buildRoleRows(
      {
        tenantId: 't',
        eligible: [eligible(sub, 'Owner')],
        active: [active(sub, 'Reader', { assignmentType: 'Assigned' }), active(sub, 'Owner', { endDateTime: new Date(NOW.getTime() - 1) })],
        pending: [],
      },
      NOW,
    );
    assert.deepEqual(rows.map((r) => [r.roleName, r.state]), [['Owner', 'eligible'], ['Reader', 'assigned']]);
  });

  it('marks pending approval and scheduled requests; ignores finished and deactivation requests', () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    const rows = buildRoleRows(
      {
        tenantId: 't',
        eligible: [eligible(sub, 'Owner'), eligible(rg, 'Reader'), eligible(kv, 'Key Vault Administrator')],
        active: [],
        pending: [
          request(sub, 'Owner', 'PendingApproval'),
          request(rg, 'Reader', 'Granted', { startDateTime: later }),
          request(kv, 'Key Vault Administrator', 'Provisioned'),
          request(kv, 'Key Vault Administrator', 'PendingApproval', { requestType: 'SelfDeactivate' }),
        ],
      },
      NOW,
    );
    const states = Object.fromEntries(rows.map((r) => [r.roleName, r.state]));
    assert.deepEqual(states, { Owner: 'pendingApproval', Reader: 'scheduled', 'Key Vault Administrator': 'eligible' });
    assert.equal(isOpenActivationRequest(request(sub, 'Owner', 'Granted', { startDateTime: new Date(NOW.getTime() - 1) }), NOW), false);
  });

  it('names the group for group-derived eligibility, preferring direct eligibility when both exist', () => {
    const viaGroup = buildRoleRows({ tenantId: 't', eligible: [eligible(sub, 'Owner', { memberType: 'Group', principalDisplayName: 'pim-admins' })], active: [], pending: [] }, NOW);
    assert.equal(viaGroup[0]?.viaGroup, 'pim-admins');
    const both = buildRoleRows(
      { tenantId: 't', eligible: [eligible(sub, 'Owner', { memberType: 'Group', principalDisplayName: 'pim-admins' }), eligible(sub, 'Owner')], active: [], pending: [] },
      NOW,
    );
    assert.equal(both.length, 1);
    assert.equal(both[0]?.viaGroup, undefined);
  });

  it('groups resources under resource groups under subscriptions, with management groups at the top', () => {
    const rows = buildRoleRows({ tenantId: 't', eligible: [eligible(kv, 'Key Vault Administrator'), eligible(mg, 'Reader'), eligible(rg, 'Contributor')], active: [], pending: [] }, NOW);
    const tree = groupByScope(rows, new Map([['s1', 'Dev Subscription']]));
    assert.deepEqual(tree.map((n) => [n.scope.type, n.scope.displayName]), [['managementGroup', 'Corp'], ['subscription', 'Dev Subscription']]);
    const subscriptionNode = tree[1];
    assert.equal(subscriptionNode?.roles.length, 0);
    const rgNode = subscriptionNode?.children[0];
    assert.equal(rgNode?.scope.displayName, 'rg-web');
    assert.deepEqual(rgNode?.roles.map((r) => r.roleName), ['Contributor']);
    assert.deepEqual(rgNode?.children[0]?.roles.map((r) => r.roleName), ['Key Vault Administrator']);
  });
});
