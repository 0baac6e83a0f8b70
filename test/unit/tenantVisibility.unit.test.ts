// Issue #15: which tenants the user can see in the Roles view (core/views/tenantVisibility.ts), the decision the
// periodic refresh follows. Pure: no VS Code, no network.
import * as assert from 'node:assert/strict';
import type { ScopeInfo } from '../../src/core/model/model';
import type { RoleRow } from '../../src/core/model/roleRows';
import { TenantVisibility, type VisibleTenant } from '../../src/core/views/tenantVisibility';

const SUB: ScopeInfo = { id: '/subscriptions/s1', displayName: 'Contoso Dev', type: 'subscription', subscriptionId: 's1' };

function tenant(tenantId: string, ...roleNames: string[]): VisibleTenant {
  return { tenantId, rows: roleNames.map((roleName): RoleRow => ({ id: `${tenantId}/${roleName}`, roleName, scope: SUB, state: 'eligible' })) };
}

describe('tenant visibility (issue #15): what the periodic refresh reads', () => {
  const contoso = tenant('contoso', 'Contributor', 'Reader');
  const fabrikam = tenant('fabrikam', 'Key Vault Administrator');
  let visibility: TenantVisibility;
  let changes: number;

  beforeEach(() => {
    visibility = new TenantVisibility();
    changes = 0;
    visibility.onDidChange(() => changes++);
  });
  afterEach(() => visibility.dispose());

  it('sees every tenant until the view says otherwise (tenant nodes start expanded)', () => {
    assert.equal(visibility.seen(contoso, false), true);
    assert.equal(visibility.seen(fabrikam, false), true);
  });

  it('a collapsed tenant is out of view until it is expanded again', () => {
    visibility.setCollapsed('contoso', true);
    assert.equal(visibility.seen(contoso, false), false);
    assert.equal(visibility.seen(fabrikam, false), true, 'the others stay in view');
    visibility.setCollapsed('contoso', false);
    assert.equal(visibility.seen(contoso, false), true);
    assert.equal(changes, 2);
  });

  it('a tenant shown alone has no node of its own, so it cannot be collapsed', () => {
    visibility.setCollapsed('contoso', true);
    assert.equal(visibility.seen(contoso, true), true);
  });

  it('a tenant none of whose rows match the filter is out of view; clearing the filter brings it back', () => {
    visibility.setFilter('  vault ');
    assert.equal(visibility.seen(contoso, false), false);
    assert.equal(visibility.seen(fabrikam, false), true);
    assert.equal(visibility.seen(tenant('empty'), false), false, 'no rows: nothing matches');
    visibility.setFilter('');
    assert.equal(visibility.seen(contoso, false), true);
  });

  it('the filter also applies to a tenant shown alone', () => {
    visibility.setFilter('vault');
    assert.equal(visibility.seen(contoso, true), false);
  });

  it('when the view is not visible no tenant is seen', () => {
    visibility.setViewVisible(false);
    assert.equal(visibility.seen(contoso, false), false);
    assert.equal(visibility.seen(contoso, true), false);
    visibility.setViewVisible(true);
    assert.equal(visibility.seen(contoso, false), true);
  });

  it('a pinned row that matches the filter keeps its collapsed tenant in view (the Pinned section shows it)', () => {
    visibility.setCollapsed('contoso', true);
    visibility.setPinned(new Set(['contoso/Reader']));
    assert.equal(visibility.seen(contoso, false), true);
    visibility.setFilter('contributor');
    assert.equal(visibility.seen(contoso, false), false, 'the pinned row does not match: the Pinned section hides it too');
    visibility.setPinned(new Set());
    visibility.setFilter('');
    assert.equal(visibility.seen(contoso, false), false);
  });

  it('says it changed only when something that decides changed', () => {
    visibility.setCollapsed('contoso', false);
    visibility.setFilter('');
    visibility.setFilter('  ');
    visibility.setViewVisible(true);
    visibility.setPinned(new Set());
    assert.equal(changes, 0);
    visibility.setPinned(new Set(['contoso/Reader']));
    visibility.setPinned(new Set(['contoso/Reader']));
    visibility.setFilter('reader');
    visibility.setFilter(' reader');
    visibility.setViewVisible(false);
    assert.equal(changes, 3);
  });
});
