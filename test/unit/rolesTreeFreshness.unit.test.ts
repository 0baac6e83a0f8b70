// The Roles view (src/views/rolesTree.ts) on the `vscode` stand-in, over a role store on the emulator, when the service
// is slow, flaky or gone (issue #14): a failed list shows its last rows with "updated 14:02 · retrying", the network
// gone is one "Offline" row, a wait the service asked for counts down, countdowns run on with the clock, and a policy
// read that keeps failing is not sent again by every redraw.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { PolicyCache } from '../../src/core/store/policyCache';
import type { RoleStore } from '../../src/core/store/roleStore';
import { RolesTreeProvider } from '../../src/views/rolesTree';
import type { RolesTreeNode } from '../../src/views/treeNodes';
import { EventSource } from '../../src/core/model/events';
import type { FaultRule } from '../emulator';
import { E2E } from '../emulator/testing';
import { withEmulator } from '../support/withEmulator';

interface Drawn {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

describe('Roles view when the service is slow, flaky or gone (issue #14)', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let tree: RolesTreeProvider | undefined;
  afterEach(() => tree?.dispose());

  const faults = (...rules: FaultRule[]): void => fixture.emulator.setFaults(rules);
  const now = (): Date => fixture.emulator.clock.now();
  /** Everything VS Code would draw, from the root down (every node expanded). */
  const draw = (view: RolesTreeProvider): Drawn[] => {
    const drawn: Drawn[] = [];
    const visit = (node?: RolesTreeNode): void => {
      for (const child of view.getChildren(node)) {
        // VS Code resolves a role's tooltip when it shows it (on hover).
        const item = view.resolveTreeItem(view.getTreeItem(child), child);
        const tooltip = item.tooltip;
        drawn.push({
          label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
          description: typeof item.description === 'string' ? item.description : '',
          tooltip: typeof tooltip === 'string' ? tooltip : ((tooltip as { value?: string } | undefined)?.value ?? ''),
        });
        visit(child);
      }
    };
    visit();
    return drawn;
  };
  const labels = (view: RolesTreeProvider): string[] => draw(view).map((item) => item.label);
  const time = /\d\d:\d\d/;

  it('a policy read that keeps failing is not sent again by the redraws it causes', async () => {
    const store = await fixture.loadStore(fixture.connect({ maxRetries: 0 }).connection);
    faults({ match: { pathIncludes: 'roleManagementPolicyAssignments' }, kind: 'status', status: 503, times: 0 });
    fixture.emulator.clearRequests();
    tree = new RolesTreeProvider(store, new PolicyCache(), now);
    const view = tree;
    view.onDidChangeTreeData(() => draw(view));
    draw(view);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const eligible = store.allRows().filter((ref) => ref.row.state === 'eligible').length;
    const reads = fixture.emulator.requests.filter((request) => request.path.includes('roleManagementPolicyAssignments')).length;
    assert.equal(reads, eligible, `one read per eligible role (${eligible}), not one per redraw: ${reads}`);
    const contributor = draw(view).find((item) => item.label === 'Contributor');
    assert.match(contributor?.tooltip ?? '', /Policy: .*temporary problem/, 'the failure is shown in the tooltip');
  });

  it('a list that fails shows its last rows and when they were read; the store tries again', async () => {
    const store = await fixture.loadStore(fixture.connect({ maxRetries: 0 }).connection);
    tree = new RolesTreeProvider(store, new PolicyCache(), now);
    const before = labels(tree).filter((label) => label !== 'Contoso');
    faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'status', status: 503, times: 0 });
    await store.refresh();
    const drawn = draw(tree);
    const stale = drawn.find((item) => item.label.startsWith('Eligible roles'));
    assert.match(stale?.label ?? '', new RegExp(`^Eligible roles: updated ${time.source} · retrying$`));
    assert.match(stale?.tooltip ?? '', /temporary problem \(HTTP 503\).*The roles shown are from \d\d:\d\d/);
    for (const label of before) {
      assert.ok(drawn.some((item) => item.label === label), `${label} is still shown`);
    }
  });

  it('with the network gone: one Offline row instead of a row per list, and the rows as they were', async () => {
    const store = await fixture.loadStore(fixture.connect({ maxRetries: 0 }).connection);
    tree = new RolesTreeProvider(store, new PolicyCache(), now);
    const roles = draw(tree).filter((item) => /eligible|active|assigned/.test(item.description));
    faults({ match: {}, kind: 'drop', times: 0 });
    await store.refresh();
    const drawn = draw(tree);
    const offline = drawn.filter((item) => item.label.startsWith('Offline'));
    assert.equal(offline.length, 1);
    assert.match(offline[0]?.label ?? '', new RegExp(`^Offline · showing roles as of ${time.source} · retrying$`));
    assert.match(offline[0]?.tooltip ?? '', /Could not reach Azure.*Countdowns keep running/);
    assert.ok(!drawn.some((item) => item.label.startsWith('Could not read') || item.label.startsWith('Eligible roles')));
    for (const role of roles) {
      assert.ok(drawn.some((item) => item.label === role.label && item.description === role.description), `${role.label} [${role.description}]`);
    }
  });

  it('several tenants: the tenant line says throttled, offline or how old its roles are', async () => {
    const store = await fixture.loadStore(fixture.connect({ maxRetries: 0 }).connection, fixture.connect({ tenantId: E2E.fabrikam, displayName: 'Fabrikam', maxRetries: 0 }).connection);
    tree = new RolesTreeProvider(store, new PolicyCache(), now);
    const tenantLine = (name: string): string => draw(tree as RolesTreeProvider).find((item) => item.label === name)?.description ?? '';
    assert.match(tenantLine('Contoso'), /^\d+ roles$/);
    faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'throttled', retryAfterSeconds: 120, times: 0 });
    await store.refresh();
    assert.match(tenantLine('Contoso'), /^\d+ roles · throttled$/);
    assert.match(draw(tree).find((item) => item.label.startsWith('Throttled'))?.label ?? '', /^Throttled, retrying in (2m|1\d\ds|\d+s)$/);
    faults({ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind: 'status', status: 500, times: 0 });
    await store.refresh();
    assert.match(tenantLine('Contoso'), new RegExp(`^\\d+ roles · updated ${time.source}$`));
    faults({ match: {}, kind: 'drop', times: 0 });
    await store.refresh();
    assert.match(tenantLine('Fabrikam'), /^\d+ roles? · offline$/);
  });

  it('countdowns in the rows run on with the clock, with no call to the service', async () => {
    const store: RoleStore = await fixture.loadStore(fixture.connect().connection);
    const contributor = store.allRows().find((ref) => ref.row.roleName === 'Contributor');
    assert.ok(contributor);
    assert.equal((await activateRow(contributor, { justification: 'j', durationMinutes: 60 }, { pollIntervalsMs: [20], pollTimeoutMs: 5000 })).outcome, 'active');
    await store.refresh();
    const ticks = new EventSource<void>();
    tree = new RolesTreeProvider(store, new PolicyCache(), now, undefined, ticks.event);
    const view = tree;
    const description = (): string => draw(view).find((item) => item.label === 'Contributor')?.description ?? '';
    assert.match(description(), /^active · (59m|1h 00m) left$/);
    let redrawn = 0;
    view.onDidChangeTreeData(() => redrawn++);
    fixture.emulator.clearRequests();
    fixture.emulator.clock.advance(20 * 60_000);
    ticks.fire();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(redrawn > 0, 'a tick redraws the view');
    assert.match(description(), /^active · (39|40)m left$/);
    assert.deepEqual(
      fixture.emulator.requests.filter((request) => /Schedule(Instances|Requests)/.test(request.path)).map((request) => request.path),
      [],
      'no list was read again',
    );
  });
});
