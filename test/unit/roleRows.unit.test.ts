import * as assert from 'node:assert/strict';
import { roleKeyString, type ActiveRole, type EligibleRole, type RoleKey, type RoleRequest, type ScopeInfo } from '../../src/core/model/model';
import { ACTIVATING_LIMIT_MS, buildRoleRows, endedRow, groupByScope, isOpenActivationRequest, type PreviousLoad } from '../../src/core/model/roleRows';

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

  describe('PIM carrying out a request: activating and deactivating', () => {
    const minutes = (n: number): Date => new Date(NOW.getTime() + n * 60_000);
    const roles = (pending: RoleRequest[], activeRoles: ActiveRole[] = []) => ({ tenantId: 't', eligible: [eligible(sub, 'Owner')], active: activeRoles, pending });
    const loaded = (rows: ReturnType<typeof buildRoleRows>, requests: RoleRequest[]): PreviousLoad => ({ rows, requests });
    const provisioned = request(sub, 'Owner', 'Provisioned', { name: 'r1', createdOn: minutes(-1), startDateTime: minutes(-1) });

    it('an activation PIM accepted since the last load, not listed yet, is "activating"; on the first load nothing is assumed', () => {
      assert.equal(buildRoleRows(roles([provisioned]), NOW)[0]?.state, 'eligible', 'first load: it may have ended long ago');
      const before = loaded(buildRoleRows(roles([]), NOW), []);
      const rows = buildRoleRows(roles([provisioned]), NOW, before);
      assert.equal(rows[0]?.state, 'activating');
      assert.equal(rows[0]?.pending?.name, 'r1');
      assert.equal(rows[0]?.activatingSince?.getTime(), NOW.getTime());
    });

    it('an approval since the last load is "activating" until PIM lists the activation, then "active"', () => {
      const waiting = request(sub, 'Owner', 'PendingApproval', { name: 'r1', createdOn: minutes(-60) });
      const first = buildRoleRows(roles([waiting]), NOW);
      assert.equal(first[0]?.state, 'pendingApproval');
      const approved = { ...waiting, status: 'Provisioned' };
      const second = buildRoleRows(roles([approved]), NOW, loaded(first, [waiting]));
      assert.equal(second[0]?.state, 'activating', 'approved an hour after it was asked for: still new to this session');
      const third = buildRoleRows(roles([approved]), minutes(1), loaded(second, [approved]));
      assert.equal(third[0]?.state, 'activating', 'stays activating while PIM does not list it');
      const listed = buildRoleRows(roles([approved], [active(sub, 'Owner', { endDateTime: minutes(60), startDateTime: NOW })]), minutes(1), loaded(third, [approved]));
      assert.equal(listed[0]?.state, 'active');
      assert.equal(buildRoleRows(roles([approved]), minutes(2), loaded(listed, [approved]))[0]?.state, 'eligible', 'once listed and gone, it ended');
    });

    it(`gives up "activating" after ${ACTIVATING_LIMIT_MS / 60_000} minutes, and never for a request deactivated since`, () => {
      const first = buildRoleRows(roles([provisioned]), NOW, loaded([], []));
      assert.equal(buildRoleRows(roles([provisioned]), new Date(NOW.getTime() + ACTIVATING_LIMIT_MS + 1), loaded(first, [provisioned]))[0]?.state, 'eligible');
      const deactivated = request(sub, 'Owner', 'Revoked', { requestType: 'SelfDeactivate', createdOn: NOW });
      assert.equal(buildRoleRows(roles([provisioned, deactivated]), NOW, loaded([], []))[0]?.state, 'eligible');
    });

    it('Granted with a start of now is being provisioned ("activating"), with a later start it is scheduled', () => {
      const grantedNow = request(sub, 'Owner', 'Granted', { name: 'g1', createdOn: NOW, startDateTime: NOW });
      assert.equal(buildRoleRows(roles([grantedNow]), NOW, loaded([], []))[0]?.state, 'activating');
      const grantedLater = request(sub, 'Owner', 'Granted', { name: 'g2', createdOn: NOW, startDateTime: minutes(120) });
      assert.equal(buildRoleRows(roles([grantedLater]), NOW, loaded([], []))[0]?.state, 'scheduled');
    });

    it('a deactivation PIM carries out (PendingRevocation, or done but still listed) is "deactivating", without a countdown', () => {
      const running = active(sub, 'Owner', { startDateTime: minutes(-30), endDateTime: minutes(30) });
      const revoking = request(sub, 'Owner', 'PendingRevocation', { requestType: 'SelfDeactivate', createdOn: minutes(-1) });
      const rows = buildRoleRows(roles([revoking], [running]), NOW);
      assert.equal(rows[0]?.state, 'deactivating');
      assert.equal(rows[0]?.endsAt, undefined);
      assert.equal(rows[0]?.revocation?.status, 'PendingRevocation');
      const revokedButListed = { ...revoking, status: 'Revoked' };
      assert.equal(buildRoleRows(roles([revokedButListed], [running]), NOW)[0]?.state, 'deactivating');
      const older = { ...revoking, createdOn: minutes(-40) };
      assert.equal(buildRoleRows(roles([older], [running]), NOW)[0]?.state, 'active', 'a deactivation of an earlier activation');
      const refused = { ...revoking, status: 'Failed' };
      assert.equal(buildRoleRows(roles([refused], [running]), NOW)[0]?.state, 'active');
      const ended = endedRow(rows[0] ?? assert.fail());
      assert.deepEqual([ended.state, ended.active, ended.revocation, ended.endsAt], ['eligible', undefined, undefined, undefined]);
    });
  });
});
