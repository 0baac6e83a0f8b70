// The Roles view with large tenants (issue #15, target 4; test/bench/editor.ts measures it in the editor): only what the
// user opens is drawn and has its policy read, a filter shows every match expanded, a row's tooltip is written when it
// is shown, and a policy hint that arrives redraws its row, not the tree. Two tenants of the in-editor bench (404 roles
// each) on the emulator; VS Code is played by DrawingView (test/support/drawingView.ts).
import * as assert from 'node:assert/strict';
import { PolicyCache } from '../../src/core/store/policyCache';
import type { RoleStore } from '../../src/core/store/roleStore';
import { RolesTreeProvider } from '../../src/views/rolesTree';
import type { RolesTreeNode } from '../../src/views/treeNodes';
import { buildLargeTenants, LARGE_TENANTS_GRAPH_CLIENT, uniqueRoleName } from '../bench/largeTenants';
import { DrawingView } from '../support/drawingView';
import { withEmulator } from '../support/withEmulator';

const large = buildLargeTenants({ latencyMs: 0, pageSize: 100 });
const tenants = large.scenario.tenants.slice(0, 2);

describe('Roles view with large tenants (issue #15)', function () {
  this.timeout(30_000);
  const fixture = withEmulator({ scenario: () => ({ ...large.scenario, tenants }) });
  let tree: RolesTreeProvider | undefined;
  let view: DrawingView | undefined;
  afterEach(() => {
    view?.dispose();
    tree?.dispose();
  });
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));
  const policyReads = (): number => fixture.emulator.requests.filter((request) => /roleManagementPolicyAssignments/i.test(request.path)).length;

  async function largeStore(): Promise<RoleStore> {
    const store = await fixture.loadStore(
      ...tenants.map((tenant) => fixture.connect({ tenantId: tenant.id, displayName: tenant.displayName, graphClientId: LARGE_TENANTS_GRAPH_CLIENT }).connection),
    );
    assert.deepEqual(
      store.tenants.map((tenant) => tenant.rows.length),
      tenants.map(() => large.rowsPerTenant),
    );
    fixture.emulator.clearRequests();
    return store;
  }

  it('sections start collapsed: signing in draws tenants and sections only, and reads no policy', async () => {
    tree = new RolesTreeProvider(await largeStore(), new PolicyCache(), () => fixture.emulator.clock.now());
    view = new DrawingView(tree, false);
    view.drawAll();
    await settle();
    assert.deepEqual(
      view.drawnRows.map((row) => `${row.label}${row.expanded ? ' (expanded)' : ''}`),
      tenants.flatMap((tenant) => [`${tenant.displayName} (expanded)`, 'Azure roles', 'Microsoft Entra roles', 'Groups']),
    );
    assert.equal(policyReads(), 0, 'no policy read for rows nobody opened');
  });

  it('a filter shows every match expanded, under other ids than the unfiltered layout; clearing it brings that back', async () => {
    const store = await largeStore();
    tree = new RolesTreeProvider(store, new PolicyCache(), () => fixture.emulator.clock.now());
    view = new DrawingView(tree, false);
    view.drawAll();
    const unfiltered = new Set(view.drawnRows.map((row) => row.id));
    tree.setFilter('Key Vault Administrator');
    view.drawAll();
    const matches = store.allRows().filter((ref) => ref.row.roleName === 'Key Vault Administrator').length;
    const roles = view.drawnRows.filter((row) => /eligible|active|assigned/.test(row.description));
    assert.equal(roles.length, matches, `every match drawn without opening anything (${matches})`);
    assert.ok(
      roles.every((row) => row.label === 'Key Vault Administrator'),
      'only matches',
    );
    const sectionsAndScopes = view.drawnRows.filter((row) => /\/(section|scope)\//.test(row.id) || /\/scope\//.test(row.id));
    assert.ok(sectionsAndScopes.length > 0);
    assert.ok(
      sectionsAndScopes.every((row) => row.expanded && !unfiltered.has(row.id)),
      'sections and scopes expanded, none under an id VS Code knows collapsed',
    );
    tree.setFilter('');
    view.drawAll();
    assert.deepEqual(new Set(view.drawnRows.map((row) => row.id)), unfiltered);
  });

  it('a role row is drawn without its tooltip; VS Code gets it when it shows it (resolveTreeItem)', async () => {
    const store = await largeStore();
    tree = new RolesTreeProvider(store, new PolicyCache(), () => fixture.emulator.clock.now());
    tree.setFilter(uniqueRoleName(0));
    const find = (node?: RolesTreeNode): RolesTreeNode | undefined => {
      for (const child of (tree as RolesTreeProvider).getChildren(node)) {
        const found = child.kind === 'role' ? child : find(child);
        if (found) {
          return found;
        }
      }
      return undefined;
    };
    const role = find();
    assert.ok(role?.kind === 'role');
    const item = tree.getTreeItem(role);
    assert.equal(item.tooltip, undefined);
    const tooltip = tree.resolveTreeItem(item, role).tooltip as { value?: string } | undefined;
    assert.match(tooltip?.value ?? '', new RegExp(`^${uniqueRoleName(0)}\\n\\nDirectory: Directory`));
  });

  it('a policy hint that arrives redraws its row, not the tree', async () => {
    tree = new RolesTreeProvider(await largeStore(), new PolicyCache(), () => fixture.emulator.clock.now());
    view = new DrawingView(tree, false);
    // The filter redraws the whole tree (VS Code draws the Entra roles of both tenants), and no more than that.
    tree.setFilter('Entra Role');
    assert.equal(view.wholeTreeRefreshes, 1);
    view.wholeTreeRefreshes = 0;
    const drawnView = view;
    const redrawnRows = (): number => new Set(drawnView.rowRedraws.flat().map((row) => row.id)).size;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && (policyReads() === 0 || redrawnRows() < policyReads()); ) {
      await settle();
    }
    await settle();
    const redrawn = view.rowRedraws.flat();
    assert.ok(policyReads() >= 49, `the drawn Entra roles' policies were read (${policyReads()})`);
    assert.equal(view.wholeTreeRefreshes, 0, 'no whole-tree refresh for policy hints');
    assert.equal(new Set(redrawn.map((row) => row.id)).size, policyReads(), 'each row once its policy arrived');
    assert.ok(
      redrawn.every((row) => / · max /.test(row.description)),
      JSON.stringify(redrawn.slice(0, 3)),
    );
  });

  it('a burst of store changes (tenants loading page by page) redraws the tree at most every 250 ms, and during the burst too', async () => {
    const store = await largeStore();
    tree = new RolesTreeProvider(store, new PolicyCache(), () => fixture.emulator.clock.now());
    view = new DrawingView(tree, false);
    const refreshedAt: number[] = [];
    tree.onDidChangeTreeData((changed) => {
      if (changed === undefined) {
        refreshedAt.push(Date.now());
      }
    });
    const started = Date.now();
    for (let i = 0; i < 12; i++) {
      await store.refresh(tenants[i % tenants.length]?.id);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const burstMs = Date.now() - started;
    await settle();
    const gaps = refreshedAt.slice(1).map((at, index) => at - (refreshedAt[index] ?? at));
    assert.ok(refreshedAt.length >= 2 && (refreshedAt[0] ?? Infinity) - started < burstMs / 2, `drawn while the burst lasts (${burstMs} ms): ${refreshedAt.map((at) => at - started).join(', ')}`);
    assert.ok(
      gaps.every((gap) => gap >= 240),
      `gaps between whole-tree refreshes: ${gaps.join(', ')} ms`,
    );
  });
});
