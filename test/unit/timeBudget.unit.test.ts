// Time budgets (core/flows/timeBudget.ts through ensureRoles): a role that ends before the work is done is activated
// again first, or the elevation fails before the work starts, never midway. Against the emulator and its clock.
import * as assert from 'node:assert/strict';
import { ensureRoles, type EnsureOptions } from '../../src/core/flows/ensureRoles';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { E2E } from '../emulator/testing';
import { withEmulator } from '../support/withEmulator';

const DEV = E2E.subA;
const PROD = E2E.subB;
const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };

describe('time budgets (minRemainingMinutes)', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let store: RoleStore;

  beforeEach(async () => {
    // The product sends "now" on PIM's clock (learnt from its answers): here, the emulator's clock.
    store = await fixture.loadStore(fixture.connect({ serviceTime: { observe: () => undefined, now: () => fixture.emulator.clock.now() } }).connection);
  });

  const options = (minRemainingMinutes?: number): EnsureOptions => ({
    defaultJustification: 'Deploy',
    policyFor: (ref: RowRef) => {
      const key = (ref.row.eligible ?? ref.row.active)?.key;
      return key ? loadPolicy(ref.connection, key) : Promise.resolve(undefined);
    },
    follow: fast,
    ...(minRemainingMinutes ? { timeBudget: { minRemainingMinutes, now: () => fixture.emulator.clock.now() } } : {}),
  });
  const puts = () => fixture.emulator.requests.filter((request) => request.method === 'PUT');
  const minutesUntil = (iso: string | undefined) => (Date.parse(iso ?? '') - fixture.emulator.clock.now().getTime()) / 60_000;

  /** Contributor on Contoso Dev active for 30 minutes, then the clock moved on so that `left` minutes remain. */
  async function contributorWithMinutesLeft(left: number): Promise<void> {
    const first = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 30 }], options());
    assert.equal(first.roles[0]?.outcome, 'active', first.summary);
    fixture.emulator.clock.advance((30 - left) * 60_000);
    await store.refresh();
  }

  it('activates a role again when it ends sooner than the work needs', async () => {
    await contributorWithMinutesLeft(10);
    const before = puts().length;
    const result = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 90 }], options(60));
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.roles[0]?.outcome, 'active');
    assert.match(result.roles[0]?.message ?? '', /^activated again/);
    assert.ok(minutesUntil(result.roles[0]?.endsAt) > 89, `ends in ${minutesUntil(result.roles[0]?.endsAt)} min`);
    assert.equal(puts().length - before, 2, 'one deactivation, one activation');
  });

  it('leaves a role alone when it has enough time left (and without a budget)', async () => {
    await contributorWithMinutesLeft(25);
    const before = puts().length;
    const enough = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 90 }], options(20));
    assert.equal(enough.roles[0]?.outcome, 'alreadyActive');
    const none = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 90 }], options());
    assert.equal(none.roles[0]?.outcome, 'alreadyActive');
    assert.equal(puts().length, before, 'nothing sent');
  });

  it('fails before the work starts when activating again needs approval, and sends nothing', async () => {
    const requested = await ensureRoles(store, [{ role: 'Owner', scope: PROD, durationMinutes: 60 }], options());
    assert.equal(requested.roles[0]?.outcome, 'pendingApproval');
    const name = puts().at(-1)?.path.split('/').pop()?.split('?')[0] ?? '';
    fixture.emulator.approve(name);
    fixture.emulator.clock.advance(50 * 60_000);
    await store.refresh();
    const before = puts().length;
    const result = await ensureRoles(store, [{ role: 'Owner', scope: PROD, durationMinutes: 120 }], options(30));
    assert.equal(result.ok, false);
    assert.equal(result.roles[0]?.outcome, 'failed');
    assert.match(result.roles[0]?.message ?? '', /ends at \d\d:\d\d \(\d+ min left\), sooner than the 30 minutes the work needs; activating it again needs approval/);
    assert.equal(puts().length, before, 'the role that is still active was not ended');
  });

  it('fails before sending when the role cannot be active as long as the work needs', async () => {
    const before = puts().length;
    const fresh = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 30 }], options(60));
    assert.equal(fresh.roles[0]?.outcome, 'failed');
    assert.match(fresh.roles[0]?.message ?? '', /at most 30 minutes here, less than the 60 minutes/);
    assert.equal(puts().length, before);
  });

  it('does not end an activation younger than 5 minutes (PIM refuses), and says from when it can', async () => {
    await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 30 }], options());
    const before = puts().length;
    const result = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 90 }], options(60));
    assert.equal(result.roles[0]?.outcome, 'failed');
    assert.match(result.roles[0]?.message ?? '', /PIM allows ending it \(to activate it again\) only from \d\d:\d\d/);
    assert.equal(puts().length, before);
  });
});
