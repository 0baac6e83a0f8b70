// Least standing privilege (core/flows/deactivateWhenDone.ts) and elevation receipts (core/store/elevationReceipts.ts)
// against the emulator and its clock: what a run activated is deactivated when the work is done, at once or as soon
// as PIM allows; roles active before the run are left alone; receipts say what ran while the roles were active.
import * as assert from 'node:assert/strict';
import { deactivateRow } from '../../src/core/flows/activation';
import { activatedByRun, activeRowIds, DeactivationScheduler, dependentTaskLabels } from '../../src/core/flows/deactivateWhenDone';
import { ensureRoles } from '../../src/core/flows/ensureRoles';
import { describeReceipt, ElevationReceipts } from '../../src/core/store/elevationReceipts';
import type { KeyValueStore } from '../../src/core/store/formMemory';
import type { RoleStore } from '../../src/core/store/roleStore';
import { E2E } from '../emulator/testing';
import { FakeTimers } from '../support/fakeTimers';
import { withEmulator } from '../support/withEmulator';

const DEV = E2E.subA;
const PROD = E2E.subB;
const declared = [{ role: 'Contributor', scope: DEV, justification: 'Deploy', durationMinutes: 60 }];
const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };

class MemoryStorage implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('deactivate when done, and elevation receipts', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let store: RoleStore;
  let timers: FakeTimers;
  let scheduler: DeactivationScheduler;
  const now = () => fixture.emulator.clock.now();
  const puts = () => fixture.emulator.requests.filter((request) => request.method === 'PUT').length;

  beforeEach(async () => {
    store = await fixture.loadStore(fixture.connect({ serviceTime: { observe: () => undefined, now } }).connection);
    timers = new FakeTimers();
    scheduler = new DeactivationScheduler({
      store,
      now,
      timers,
      log: { info: () => undefined, warn: () => undefined },
      deactivate: async (ref) => {
        const result = await deactivateRow(ref);
        await store.refresh();
        return result;
      },
    });
  });
  afterEach(() => scheduler.dispose());

  it('knows which roles the run activated: not the ones active before it', async () => {
    const before = activeRowIds(store.allRows());
    await ensureRoles(store, [...declared, { role: 'Reader', scope: PROD }], { follow: fast });
    const activated = activatedByRun(before, store.allRows(), [...declared, { role: 'Reader', scope: PROD }]);
    assert.deepEqual(activated.map((ref) => `${ref.row.roleName}@${ref.row.scope.displayName}`), ['Contributor@Contoso Dev']);
  });

  it('waits for PIM\'s 5 minutes, says when, then deactivates', async () => {
    const before = activeRowIds(store.allRows());
    await ensureRoles(store, declared, { follow: fast });
    const activated = activatedByRun(before, store.allRows(), declared);
    const startedAt = activated[0]?.row.active?.startDateTime?.getTime() ?? 0;
    scheduler.release(activated);
    assert.deepEqual(scheduler.scheduled.map((entry) => [entry.roleName, entry.at.getTime()]), [['Contributor', startedAt + 5 * 60_000]]);
    const sent = puts();
    // The emulator's clock runs on: within a second of what is left until then.
    assert.ok(Math.abs((timers.pending()?.ms ?? 0) - (startedAt + 5 * 60_000 - now().getTime())) < 1000, `timer ${timers.pending()?.ms} ms`);

    fixture.emulator.clock.advance(5 * 60_000);
    timers.pending()?.callback();
    await until(() => scheduler.scheduled.length === 0, 'the deactivation');
    assert.equal(puts() - sent, 1, 'one deactivation');
    assert.equal(store.allRows().find((ref) => ref.row.roleName === 'Contributor' && ref.row.scope.id === DEV)?.row.state, 'eligible');
  });

  it('deactivates at once when the work took longer than 5 minutes; a refresh that learns PIM\'s time looks again', async () => {
    const before = activeRowIds(store.allRows());
    await ensureRoles(store, declared, { follow: fast });
    const activated = activatedByRun(before, store.allRows(), declared);
    scheduler.release(activated);
    assert.equal(scheduler.scheduled.length, 1);
    fixture.emulator.clock.advance(6 * 60_000);
    await store.refresh();
    await until(() => scheduler.scheduled.length === 0, 'the deactivation after a refresh');
    assert.equal(store.allRows().find((ref) => ref.row.scope.id === DEV && ref.row.roleName === 'Contributor')?.row.state, 'eligible');
  });

  it('finds the tasks that depend on the elevation in tasks.json', () => {
    const tasks = [
      { label: 'elevate', type: 'azure-pim' },
      { label: 'deploy', dependsOn: 'elevate' },
      { label: 'smoke', dependsOn: ['build', 'elevate'] },
      { label: 'other', dependsOn: ['build'] },
      { label: 'object form', dependsOn: [{ label: 'elevate' }] },
      'garbage',
    ];
    assert.deepEqual(dependentTaskLabels(tasks, 'elevate'), ['deploy', 'smoke', 'object form']);
    assert.deepEqual(dependentTaskLabels(undefined, 'elevate'), []);
  });

  it('a receipt lists the roles, the tasks that ran while they were active, and when they ended; nothing else is kept', async () => {
    const storage = new MemoryStorage();
    const receipts = new ElevationReceipts(storage);
    const before = activeRowIds(store.allRows());
    await ensureRoles(store, declared, { follow: fast });
    const activated = activatedByRun(before, store.allRows(), declared);
    await receipts.open('task “elevate”', activated, now(), true);
    await receipts.noteRun('deploy', now(), 0);
    await receipts.update(store.allRows(), now());
    assert.equal(receipts.list()[0]?.roles[0]?.endedAt, undefined, 'still active');

    fixture.emulator.clock.advance(6 * 60_000);
    const ref = store.allRows().find((candidate) => candidate.row.id === activated[0]?.row.id);
    assert.ok(ref);
    assert.equal((await deactivateRow(ref)).ok, true);
    await store.refresh();
    const seenAt = now();
    await receipts.update(store.allRows(), seenAt);
    await receipts.noteRun('after', now(), 0);
    const [receipt] = receipts.list();
    assert.equal(receipt?.roles[0]?.endedAt, seenAt.toISOString());
    assert.deepEqual(receipt?.ran.map((run) => run.name), ['deploy'], 'a task after the roles ended is not on the receipt');
    const shown = describeReceipt(receipt);
    assert.equal(shown.label, 'Elevation receipt: Contributor on Contoso Dev');
    assert.match(shown.description, /^by task “elevate” · \d\d:\d\d → ended \d\d:\d\d$/);
    assert.equal(shown.detail, 'Ran while active: deploy (exit 0) · Deactivated when done. · Kept on this computer only.');
    assert.doesNotMatch(JSON.stringify([...storage.values.values()]), /eyJ|principal|aaaaaaaa-0000/i, 'no token or principal id stored');
  });

  it('a role that expired ends the receipt at its end time, and later tasks are not noted', async () => {
    const receipts = new ElevationReceipts(new MemoryStorage());
    const before = activeRowIds(store.allRows());
    await ensureRoles(store, declared, { follow: fast });
    const activated = activatedByRun(before, store.allRows(), declared);
    const endsAt = activated[0]?.row.endsAt?.toISOString();
    await receipts.open('AI agent', activated, now(), false);
    fixture.emulator.clock.advance(61 * 60_000);
    await receipts.noteRun('late deploy', now(), 0);
    await store.refresh();
    await receipts.update(store.allRows(), now());
    const [receipt] = receipts.list();
    assert.equal(receipt?.roles[0]?.endedAt, endsAt);
    assert.deepEqual(receipt?.ran, []);
  });

  it('reads stored receipts defensively', () => {
    const storage = new MemoryStorage();
    storage.values.set('azurePim.elevationReceipts', [{ id: 1 }, 'x', null, { id: 'a', startedAt: 'b', by: 'c', roles: [{ rowId: 1 }], ran: [] }]);
    assert.deepEqual(new ElevationReceipts(storage).list(), []);
  });
});
