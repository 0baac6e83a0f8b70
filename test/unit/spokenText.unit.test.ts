import * as assert from 'node:assert/strict';
import { formatRemainingMs } from '../../src/core/model/countdown';
import type { RoleRequest } from '../../src/core/model/model';
import type { ActivationPolicy } from '../../src/shared/policyShape';
import type { RoleRow } from '../../src/core/model/roleRows';
import { announcedTimeLeft, countdownLabel, roleSentence, spokenMinutes, spokenTimeLeft } from '../../src/core/model/spokenText';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const NOW = new Date('2026-03-01T12:00:00.000Z');

function row(overrides: Partial<RoleRow> = {}): RoleRow {
  return {
    id: 'row-1',
    roleName: 'Contributor',
    scope: { id: '/subscriptions/a0000000-0000-4000-8000-00000000000a', displayName: 'Contoso Dev', type: 'subscription' },
    state: 'eligible',
    ...overrides,
  };
}

const POLICY: ActivationPolicy = {
  maximumDurationMinutes: 480,
  requiresJustification: true,
  requiresTicket: false,
  requiresMfa: false,
  requiresApproval: false,
  approvers: [],
};

/** How often `text` changes while a countdown runs from `fromMs` down to `toMs`, sampled every second. */
function changes(text: (remainingMs: number) => string, fromMs: number, toMs: number): number {
  let count = 0;
  let previous = text(fromMs);
  for (let remaining = fromMs - SECOND; remaining >= toMs; remaining -= SECOND) {
    const current = text(remaining);
    if (current !== previous) {
      count++;
      previous = current;
    }
  }
  return count;
}

describe('spoken text (screen readers)', () => {
  it('says durations in words, largest units first', () => {
    assert.equal(spokenMinutes(1), '1 minute');
    assert.equal(spokenMinutes(42), '42 minutes');
    assert.equal(spokenMinutes(60), '1 hour');
    assert.equal(spokenMinutes(125), '2 hours and 5 minutes');
    assert.equal(spokenMinutes(61), '1 hour and 1 minute');
    assert.equal(spokenMinutes(24 * 60 + 180), '1 day and 3 hours');
    assert.equal(spokenMinutes(2 * 24 * 60 + 7), '2 days');
  });

  it('says the time left to the minute, as the tree shows it', () => {
    assert.equal(spokenTimeLeft(42 * MINUTE + 30 * SECOND), '42 minutes left');
    assert.equal(spokenTimeLeft(HOUR - SECOND), '59 minutes left'); // the tree shows "59m"
    assert.equal(spokenTimeLeft(HOUR), '1 hour left');
    assert.equal(spokenTimeLeft(45 * SECOND), 'less than a minute left');
    assert.equal(spokenTimeLeft(0), 'expired');
  });

  describe('the status-bar announcement', () => {
    it('is exact in the last 10 minutes and rounded down above, never promising more time than there is', () => {
      assert.equal(announcedTimeLeft(7 * MINUTE + 59 * SECOND), '7 minutes left');
      assert.equal(announcedTimeLeft(44 * MINUTE + 59 * SECOND), 'about 40 minutes left');
      assert.equal(announcedTimeLeft(10 * MINUTE), 'about 10 minutes left');
      assert.equal(announcedTimeLeft(HOUR + 59 * MINUTE), 'about 1 hour and 45 minutes left');
      assert.equal(announcedTimeLeft(2 * HOUR + 5 * MINUTE), 'about 2 hours left');
      assert.equal(announcedTimeLeft(26 * HOUR + 50 * MINUTE), 'about 1 day and 2 hours left');
      assert.equal(announcedTimeLeft(30 * SECOND), 'less than a minute left');
      assert.equal(announcedTimeLeft(-1), 'expired');
    });

    it('stays still through the last minute, while the visible countdown changes every second', () => {
      assert.equal(changes(formatRemainingMs, 59 * SECOND, 1), 58);
      assert.equal(changes(announcedTimeLeft, 59 * SECOND, 1), 0);
    });

    it('changes about 20 times in the last hour and 4 times an hour above it', () => {
      assert.equal(changes(announcedTimeLeft, HOUR, 1), 20); // 55, 50 … 10 minutes, then every minute, then under a minute
      assert.equal(changes(announcedTimeLeft, 5 * HOUR, 4 * HOUR), 4);
      assert.ok(changes(formatRemainingMs, HOUR, 1) > 100, 'the visible text changes every minute, then every second');
    });

    it('names the role, its scope and what else counts down', () => {
      assert.equal(countdownLabel({ roleName: 'Contributor', scopeName: 'Contoso Dev', remainingMs: 42 * MINUTE, others: 0 }), 'Azure PIM: Contributor on Contoso Dev, about 40 minutes left');
      assert.equal(
        countdownLabel({ roleName: 'Contributor', scopeName: 'Contoso Dev', remainingMs: 3 * MINUTE, others: 1 }),
        'Azure PIM: Contributor on Contoso Dev, 3 minutes left, and 1 more active role',
      );
      assert.equal(
        countdownLabel({ roleName: 'Owner', scopeName: 'Contoso Prod', remainingMs: 3 * HOUR, others: 2 }),
        'Azure PIM: Owner on Contoso Prod, about 3 hours left, and 2 more active roles',
      );
    });
  });

  describe('the tree row sentence', () => {
    it('reads role, scope, scope type, state and time left', () => {
      const active = row({ state: 'active', endsAt: new Date(NOW.getTime() + 42 * MINUTE + 10 * SECOND) });
      assert.equal(roleSentence(active, undefined, NOW), 'Contributor on Contoso Dev, Subscription, active, 42 minutes left');
    });

    it('reads what the policy asks of an eligible role', () => {
      assert.equal(roleSentence(row(), undefined, NOW), 'Contributor on Contoso Dev, Subscription, eligible');
      assert.equal(roleSentence(row(), POLICY, NOW), 'Contributor on Contoso Dev, Subscription, eligible, up to 8 hours');
      const strict: ActivationPolicy = { ...POLICY, maximumDurationMinutes: 90, requiresApproval: true, requiresTicket: true, authenticationContext: 'c1' };
      assert.equal(
        roleSentence(row({ roleName: 'Owner', scope: { id: '/subscriptions/b', displayName: 'Contoso Prod', type: 'subscription' } }), strict, NOW),
        'Owner on Contoso Prod, Subscription, eligible, up to 1 hour and 30 minutes, needs approval, needs multi-factor authentication, needs a ticket',
      );
    });

    it('reads the other states and a group-derived eligibility', () => {
      const request = { startDateTime: new Date('2026-03-02T09:00:00.000Z') } as RoleRequest;
      assert.equal(roleSentence(row({ state: 'assigned' }), undefined, NOW), 'Contributor on Contoso Dev, Subscription, assigned permanently');
      assert.equal(roleSentence(row({ state: 'pendingApproval' }), undefined, NOW), 'Contributor on Contoso Dev, Subscription, pending approval');
      assert.match(roleSentence(row({ state: 'scheduled', pending: request }), undefined, NOW), /^Contributor on Contoso Dev, Subscription, scheduled to start Mar 2, 2026/);
      assert.equal(roleSentence(row({ viaGroup: 'pim-admins' }), undefined, NOW), 'Contributor on Contoso Dev, Subscription, eligible, through group pim-admins');
      assert.equal(roleSentence(row({ state: 'activating' }), undefined, NOW), 'Contributor on Contoso Dev, Subscription, being activated');
      assert.equal(roleSentence(row({ state: 'deactivating' }), undefined, NOW), 'Contributor on Contoso Dev, Subscription, being deactivated');
    });
  });
});
