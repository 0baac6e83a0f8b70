// The Roles view's logic without VS Code: the filter, the context flags its menus match, and the row ids a tree
// command gets (core/views/treeFilter.ts, core/views/treeContext.ts, src/views/treeNodes.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { roleKeyString, type RoleKey, type ScopeInfo } from '../../src/core/model/model';
import type { RoleRow, ScopeNode } from '../../src/core/model/roleRows';
import type { RowRef } from '../../src/core/store/roleStore';
import { APPROVAL_REQUEST_CONTEXT, roleContextValue, TENANT_CONTEXT } from '../../src/core/views/treeContext';
import { nodeMatchesFilter, rowMatchesFilter } from '../../src/core/views/treeFilter';
import { RoleItem, rowIdsFromArgs } from '../../src/views/treeNodes';

const SUB: ScopeInfo = { id: '/subscriptions/s1', displayName: 'Contoso Dev', type: 'subscription', subscriptionId: 's1' };
const NOW = new Date('2026-03-01T12:00:00Z');
const RG: ScopeInfo = { id: '/subscriptions/s1/resourceGroups/rg-app', displayName: 'rg-app', type: 'resourceGroup', subscriptionId: 's1' };

function key(scope: ScopeInfo, kind: RoleKey['kind'] = 'azure'): RoleKey {
  return { kind, tenantId: 't', scope: scope.id, roleDefinitionId: `${scope.id}/providers/Microsoft.Authorization/roleDefinitions/r` };
}

function row(state: RoleRow['state'], extra: Partial<RoleRow> = {}, kind: RoleKey['kind'] = 'azure'): RoleRow {
  const k = key(extra.scope ?? SUB, kind);
  const base = { key: k, id: roleKeyString(k), roleName: 'Contributor', scope: extra.scope ?? SUB, principalId: 'me', memberType: 'Direct' as const };
  return {
    id: base.id,
    roleName: 'Contributor',
    scope: SUB,
    state,
    ...(state === 'eligible' || state === 'active' ? { eligible: { ...base, eligibilityScheduleId: 'e' } } : {}),
    ...(state === 'active' || state === 'assigned' ? { active: { ...base, assignmentType: state === 'active' ? ('Activated' as const) : ('Assigned' as const) } } : {}),
    ...(state === 'pendingApproval' || state === 'scheduled' ? { pending: { key: k, id: 'q', name: 'q', roleName: 'Contributor', scope: SUB, requestType: 'SelfActivate' as const, status: 'PendingApproval' } } : {}),
    ...extra,
  };
}

describe('roles tree logic', () => {
  describe('filter', () => {
    it('matches the role name, scope name, scope id or state in any case; no filter keeps everything', () => {
      const eligible = row('eligible');
      assert.equal(rowMatchesFilter(eligible, ''), true);
      for (const filter of ['contrib', 'CONTOSO', '/subscriptions/s1', 'Eligible']) {
        assert.equal(rowMatchesFilter(eligible, filter), true, filter);
      }
      assert.equal(rowMatchesFilter(eligible, 'Owner'), false);
      assert.equal(rowMatchesFilter(row('active'), 'active'), true);
    });

    it('keeps a scope node when a row in it or below it matches', () => {
      const leaf: ScopeNode = { scope: RG, roles: [row('eligible', { roleName: 'Reader', scope: RG })], children: [] };
      const parent: ScopeNode = { scope: SUB, roles: [row('eligible')], children: [leaf] };
      assert.equal(nodeMatchesFilter(parent, 'reader'), true);
      assert.equal(nodeMatchesFilter(leaf, 'contributor'), false);
      assert.equal(nodeMatchesFilter(parent, 'owner'), false);
    });
  });

  describe('context flags', () => {
    it('offers what the state allows: activate, deactivate, cancel; pin or unpin', () => {
      assert.equal(roleContextValue(row('eligible'), false, NOW), 'role eligible azure canActivate canPin');
      assert.equal(roleContextValue(row('active'), true, NOW), 'role active azure canDeactivate pinned');
      assert.equal(roleContextValue(row('assigned'), false, NOW), 'role assigned azure canPin');
      assert.equal(roleContextValue(row('pendingApproval', {}, 'entra'), false, NOW), 'role pendingApproval entra canCancel canPin');
      assert.equal(roleContextValue(row('eligible', { viaGroup: 'admins' }, 'group'), false, NOW), 'role eligible group canActivate viaGroup canPin');
    });

    it('offers cancel only for requests PIM can cancel; nothing to do while PIM activates or deactivates a role', () => {
      const now = new Date('2026-03-01T12:00:00Z');
      const k = key(SUB);
      const request = (status: string, startDateTime: Date) => ({ key: k, id: 'q', name: 'q', roleName: 'Contributor', scope: SUB, requestType: 'SelfActivate' as const, status, createdOn: now, startDateTime });
      const tomorrow = new Date('2026-03-02T09:00:00Z');
      assert.equal(roleContextValue(row('scheduled', { pending: request('Granted', tomorrow) }), false, now), 'role scheduled azure canCancel canPin');
      assert.equal(roleContextValue(row('scheduled', { pending: request('ScheduleCreated', tomorrow) }), false, now), 'role scheduled azure canPin');
      assert.equal(roleContextValue(row('activating', { pending: request('Granted', now) }), false, now), 'role activating azure canPin');
      assert.equal(roleContextValue(row('deactivating', { active: { key: k, id: 'a', roleName: 'Contributor', scope: SUB, principalId: 'me', memberType: 'Direct', assignmentType: 'Activated' } }), false, now), 'role deactivating azure canPin');
    });

    it('every flag a menu of package.json matches is one the tree sets', () => {
      const manifest = fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8');
      const matched = [...manifest.matchAll(/viewItem =~ \/\\\\b(\w+)\\\\b\//g)].map((match) => match[1]);
      assert.ok(matched.length >= 5, `found ${matched.join(', ')}`);
      const states: RoleRow['state'][] = ['eligible', 'active', 'assigned', 'pendingApproval', 'scheduled'];
      const set = new Set(
        [TENANT_CONTEXT, APPROVAL_REQUEST_CONTEXT, ...states.flatMap((state) => [roleContextValue(row(state), true, NOW), roleContextValue(row(state), false, NOW)])].flatMap((value) => value.split(' ')),
      );
      assert.deepEqual(matched.filter((flag) => !set.has(flag ?? '')), []);
    });
  });

  describe('row ids of a tree command', () => {
    const ref = (state: RoleRow['state']): RowRef => ({ row: row(state) }) as unknown as RowRef;

    it('takes the whole selection when there is one, else the clicked item; ids as strings pass through', () => {
      const clicked = new RoleItem(ref('eligible'));
      const other = new RoleItem({ row: { ...row('active'), id: 'other' } } as unknown as RowRef);
      assert.deepEqual(rowIdsFromArgs([clicked]), [clicked.row.id]);
      assert.deepEqual(rowIdsFromArgs([clicked, [clicked, other]]), [clicked.row.id, 'other']);
      assert.deepEqual(rowIdsFromArgs([clicked, []]), [clicked.row.id]);
      assert.deepEqual(rowIdsFromArgs(['a', undefined]), ['a']);
      assert.deepEqual(rowIdsFromArgs([clicked, [clicked, clicked]]), [clicked.row.id], 'no duplicates');
      assert.deepEqual(rowIdsFromArgs([{ row: { id: 'forged' } }, 42]), [], 'only tree items and strings count');
    });
  });
});
