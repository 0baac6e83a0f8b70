// Time is right (issue #14): remaining time and "start now" are measured on the service's clock, learnt from the Date
// header of its answers, so a local clock minutes off shows the right countdown and activates now, not later.
import * as assert from 'node:assert/strict';
import { activateRow } from '../../src/core/flows/activation';
import { RoleStore, type RowRef } from '../../src/core/store/roleStore';
import { ServiceClock } from '../../src/core/store/serviceClock';
import { e2eScenario, E2E } from '../emulator/testing';
import { quietLog } from '../support/emulatorConnection';
import { withEmulator } from '../support/withEmulator';

const THREE_MINUTES = 3 * 60_000;

describe('service clock', () => {
  it('takes the median of recent Date headers, half a second after the whole second they name', () => {
    let local = Date.parse('2026-01-15T09:00:00.000Z');
    const clock = new ServiceClock({ localNow: () => local, samples: 5 });
    assert.equal(clock.now().getTime(), local, 'no answer yet: the local clock');
    clock.observe('Thu, 15 Jan 2026 09:03:00 GMT');
    assert.equal(clock.offsetMs, THREE_MINUTES + 500);
    // One answer from a cache with an old Date does not move the median.
    clock.observe('Thu, 15 Jan 2026 08:00:00 GMT');
    clock.observe('Thu, 15 Jan 2026 09:03:00 GMT');
    assert.equal(clock.offsetMs, THREE_MINUTES + 500);
    local += 10_000;
    assert.equal(clock.now().getTime(), local + THREE_MINUTES + 500);
  });

  it('ignores missing, unreadable and absurd Date headers', () => {
    const local = Date.parse('2026-01-15T09:00:00.000Z');
    const clock = new ServiceClock({ localNow: () => local });
    for (const header of [undefined, null, '', 'yesterday-ish', 'Mon, 15 Jan 2024 09:00:00 GMT']) {
      clock.observe(header);
    }
    assert.equal(clock.offsetMs, 0);
  });

  for (const [case_, offsetMs] of [
    ['the local clock 3 minutes slow', THREE_MINUTES],
    ['the local clock 3 minutes fast', -THREE_MINUTES],
  ] as const) {
    describe(`against the emulator, ${case_}`, function () {
      this.timeout(20_000);
      const fixture = withEmulator({ scenario: () => e2eScenario({ clockStart: new Date(Date.now() + offsetMs).toISOString() }) });
      let store: RoleStore | undefined;
      afterEach(() => store?.dispose());

      it('activates now on the service’s clock and counts down the right time left (±1 s)', async () => {
        const clock = new ServiceClock();
        const { connection } = fixture.connect({ serviceTime: clock });
        store = new RoleStore(clock.now, quietLog);
        await store.setConnections([connection]);
        const skew = fixture.emulator.clock.now().getTime() - Date.now();
        assert.ok(Math.abs(skew - offsetMs) < 5000, `the emulator runs ${skew} ms off`);
        assert.ok(Math.abs(clock.offsetMs - skew) <= 1000, `learnt ${clock.offsetMs} ms, the service is ${skew} ms off`);

        const contributor = store.allRows().find((ref): ref is RowRef => ref.row.roleName === 'Contributor' && ref.tenant.tenantId === E2E.contoso);
        assert.ok(contributor);
        const result = await activateRow(contributor, { justification: 'Deploy', durationMinutes: 60 }, { pollIntervalsMs: [20], pollTimeoutMs: 5000 });
        assert.equal(result.outcome, 'active', `${result.outcome}: ${result.message}`);
        await store.refresh();
        const endsAt = store.allRows().find((ref) => ref.row.roleName === 'Contributor' && ref.row.state === 'active')?.row.endsAt;
        assert.ok(endsAt);
        const left = endsAt.getTime() - clock.now().getTime();
        assert.ok(Math.abs(left - 60 * 60_000) <= 1000, `${Math.round(left / 1000)} s left of a one-hour activation`);
      });
    });
  }
});
