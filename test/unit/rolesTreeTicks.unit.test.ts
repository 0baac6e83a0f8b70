// The role clock's tick (a countdown's minute or second changed) costs no tree re-render (issue #15, target 4): the
// Roles view redraws the rows whose text changed and nothing else. VS Code is played by DrawingView
// (test/support/drawingView.ts), which counts whole-tree refreshes, getChildren calls and rows redrawn one by one.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { EventSource } from '../../src/core/model/events';
import { PolicyCache } from '../../src/core/store/policyCache';
import type { RoleStore } from '../../src/core/store/roleStore';
import { RolesTreeProvider } from '../../src/views/rolesTree';
import { E2E } from '../emulator/testing';
import { DrawingView } from '../support/drawingView';
import { withEmulator } from '../support/withEmulator';

describe('Roles view: the countdown tick redraws only the rows it changes (issue #15)', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let tree: RolesTreeProvider | undefined;
  let view: DrawingView | undefined;
  afterEach(() => {
    view?.dispose();
    tree?.dispose();
  });
  const now = (): Date => fixture.emulator.clock.now();
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

  async function twoTenantsWithAnActivation(): Promise<RoleStore> {
    const store = await fixture.loadStore(fixture.connect().connection, fixture.connect({ tenantId: E2E.fabrikam, displayName: 'Fabrikam' }).connection);
    const contributor = store.allRows().find((ref) => ref.row.roleName === 'Contributor' && ref.tenant.displayName === 'Contoso');
    assert.ok(contributor);
    assert.equal((await activateRow(contributor, { justification: 'j', durationMinutes: 60 }, { pollIntervalsMs: [20], pollTimeoutMs: 5000 })).outcome, 'active');
    await store.refresh();
    return store;
  }

  /** The view drawn once by DrawingView, with the policy hints of its rows arrived; then a clean count. */
  async function drawnView(store: RoleStore, ticks: EventSource<void>): Promise<DrawingView> {
    tree = new RolesTreeProvider(store, new PolicyCache(), now, undefined, ticks.event);
    const drawing = new DrawingView(tree);
    view = drawing;
    drawing.drawAll();
    await settle();
    drawing.rowRedraws.length = 0;
    drawing.getChildrenCalls = 0;
    drawing.wholeTreeRefreshes = 0;
    return drawing;
  }

  it('several ticks: no whole-tree refresh, no getChildren, only the counting-down rows redrawn with their new text', async () => {
    const store = await twoTenantsWithAnActivation();
    const ticks = new EventSource<void>();
    const drawing = await drawnView(store, ticks);
    const countingDown = store.allRows().filter((ref) => ref.row.state === 'active' && ref.row.endsAt).length;
    assert.ok(countingDown >= 1, 'the activation counts down');
    for (let minute = 1; minute <= 3; minute++) {
      fixture.emulator.clock.advance(60_000);
      ticks.fire();
      await settle();
    }
    assert.equal(drawing.wholeTreeRefreshes, 0, 'no tick refreshes the whole tree');
    assert.equal(drawing.getChildrenCalls, 0, 'no tick makes VS Code ask for children again');
    assert.equal(drawing.rowRedraws.length, 3, 'one change event per tick');
    for (const redrawn of drawing.rowRedraws) {
      assert.equal(redrawn.length, countingDown, `only the ${countingDown} counting-down row(s): ${JSON.stringify(redrawn)}`);
      assert.ok(
        redrawn.every((row) => /^active · /.test(row.description)),
        JSON.stringify(redrawn),
      );
    }
    const contributor = drawing.rowRedraws.map((redrawn) => redrawn.find((row) => row.label === 'Contributor')?.description);
    assert.deepEqual(
      contributor.map((description) => /(\d+)m left$/.exec(description ?? '')?.[1]),
      contributor.map((_, index) => String(Number(/(\d+)m left$/.exec(contributor[0] ?? '')?.[1]) - index)),
      `the countdown runs on, a minute per tick: ${contributor.join(' | ')}`,
    );
  });

  it('a tick that changes no text redraws nothing; a store change still refreshes the tree', async () => {
    const store = await twoTenantsWithAnActivation();
    const ticks = new EventSource<void>();
    const drawing = await drawnView(store, ticks);
    ticks.fire();
    ticks.fire();
    await settle();
    assert.deepEqual(drawing.rowRedraws, [], 'nothing changed, nothing redrawn');
    assert.equal(drawing.wholeTreeRefreshes, 0);
    await store.refresh();
    await settle();
    assert.ok(drawing.wholeTreeRefreshes >= 1, 'new lists from the service redraw the tree');
  });

  it('while the service has a tenant wait, "retrying in …" counts by redrawing that tenant, not the whole tree', async () => {
    const store = await fixture.loadStore(fixture.connect({ maxRetries: 0 }).connection, fixture.connect({ tenantId: E2E.fabrikam, displayName: 'Fabrikam', maxRetries: 0 }).connection);
    fixture.emulator.setFaults([{ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'throttled', retryAfterSeconds: 120, times: 0 }]);
    await store.refresh(E2E.contoso);
    const drawing = await drawnView(store, new EventSource<void>());
    assert.ok(drawing.drawnRows.some((row) => /^Throttled, retrying in /.test(row.label)), 'the wait is shown');
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    assert.equal(drawing.wholeTreeRefreshes, 0, 'the count does not refresh the whole tree');
    assert.ok(drawing.rowRedraws.length >= 2, `redrawn every second: ${drawing.rowRedraws.length}`);
    for (const redrawn of drawing.rowRedraws) {
      assert.deepEqual(
        redrawn.map((row) => row.label),
        ['Contoso'],
        'only the waiting tenant',
      );
    }
    assert.ok(drawing.subtreeRows.some((row) => /^Throttled, retrying in /.test(row.label)), 'with the line that counts');
    assert.ok(!drawing.subtreeRows.some((row) => row.label === 'Fabrikam'), 'not the tenant that does not wait');
  });
});
