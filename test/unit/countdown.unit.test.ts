import * as assert from 'node:assert/strict';
import {
  countdownSeverity,
  formatRemaining,
  formatRemainingMs,
  nextTickDelay,
  shouldWarn,
  TICK_SLACK_MS,
} from '../../src/core/model/countdown';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const NOW = new Date('2026-03-01T12:00:00.000Z');
const at = (msFromNow: number): Date => new Date(NOW.getTime() + msFromNow);

describe('countdown', () => {
  describe('formatRemaining', () => {
    const cases: [number, string][] = [
      [3 * HOUR + 12 * MINUTE, '3h 12m'],
      [3 * HOUR + 12 * MINUTE + 59 * SECOND, '3h 12m'],
      [2 * HOUR, '2h 00m'],
      [HOUR + 5 * MINUTE, '1h 05m'],
      [HOUR, '1h 00m'],
      [HOUR - 1, '1h 00m'], // seconds round up, so 59:59.999 is still a full hour
      [HOUR - SECOND, '59m'],
      [12 * MINUTE + 5 * SECOND, '12m'],
      [MINUTE, '1m'],
      [MINUTE - 1, '1m'],
      [MINUTE - SECOND, '59s'],
      [45 * SECOND, '45s'],
      [1, '1s'],
      [24 * HOUR, '1d'],
      [27 * HOUR + 30 * MINUTE, '1d 3h'],
      [0, 'expired'],
      [-5 * MINUTE, 'expired'],
    ];
    for (const [ms, text] of cases) {
      it(`shows ${ms} ms as "${text}"`, () => {
        assert.equal(formatRemaining(at(ms), NOW), text);
      });
    }

    it('treats NaN as expired', () => {
      assert.equal(formatRemainingMs(Number.NaN), 'expired');
    });
  });

  describe('countdownSeverity', () => {
    const thresholds = { warningMinutes: 15, errorMinutes: 5 };
    it('is normal above the warning mark', () => {
      assert.equal(countdownSeverity(15 * MINUTE + 1, thresholds), 'normal');
    });
    it('warns at and below the warning mark', () => {
      assert.equal(countdownSeverity(15 * MINUTE, thresholds), 'warning');
      assert.equal(countdownSeverity(6 * MINUTE, thresholds), 'warning');
    });
    it('is an error at and below the error mark', () => {
      assert.equal(countdownSeverity(5 * MINUTE, thresholds), 'error');
      assert.equal(countdownSeverity(1, thresholds), 'error');
    });
    it('is expired at zero', () => {
      assert.equal(countdownSeverity(0, thresholds), 'expired');
      assert.equal(countdownSeverity(-1, thresholds), 'expired');
    });
  });

  describe('shouldWarn', () => {
    it('fires inside the warning window', () => {
      assert.equal(shouldWarn(10 * MINUTE, 10, false), true);
      assert.equal(shouldWarn(30 * SECOND, 10, false), true);
    });
    it('does not fire before the window', () => {
      assert.equal(shouldWarn(10 * MINUTE + 1, 10, false), false);
    });
    it('fires once', () => {
      assert.equal(shouldWarn(5 * MINUTE, 10, true), false);
    });
    it('does not fire for an expired role or a disabled warning', () => {
      assert.equal(shouldWarn(0, 10, false), false);
      assert.equal(shouldWarn(5 * MINUTE, 0, false), false);
    });
  });

  describe('nextTickDelay', () => {
    it('needs no timer when nothing counts down', () => {
      assert.equal(nextTickDelay([], NOW), undefined);
      assert.equal(nextTickDelay([at(-MINUTE), at(0)], NOW), undefined);
    });

    it('waits for the next minute change when minutes are shown', () => {
      // Seconds are rounded up, so "3h 12m" turns into "3h 11m" when 3h 11m 59s remain: 31 s from now.
      assert.equal(nextTickDelay([at(3 * HOUR + 12 * MINUTE + 30 * SECOND)], NOW), 31 * SECOND + TICK_SLACK_MS);
    });

    it('ticks every second under a minute', () => {
      assert.equal(nextTickDelay([at(45 * SECOND)], NOW), SECOND + TICK_SLACK_MS);
      assert.equal(nextTickDelay([at(45 * SECOND + 300)], NOW), 300 + TICK_SLACK_MS);
    });

    it('switches from "1m" to "59s" on time', () => {
      assert.equal(nextTickDelay([at(MINUTE)], NOW), SECOND + TICK_SLACK_MS);
    });

    it('takes the soonest change of several countdowns', () => {
      // "2h 00m" changes in 41 s, "10m" in 8 s.
      const delay = nextTickDelay([at(2 * HOUR + 40 * SECOND), at(10 * MINUTE + 7 * SECOND)], NOW);
      assert.equal(delay, 8 * SECOND + TICK_SLACK_MS);
    });

    it('also wakes up when a threshold is crossed', () => {
      // 15m 50s left: the text changes in 51 s, the 15-minute mark is reached in 50 s.
      const delay = nextTickDelay([at(15 * MINUTE + 20 * SECOND + 30 * SECOND)], NOW, { thresholdsMinutes: [15] });
      assert.equal(delay, 50 * SECOND + TICK_SLACK_MS);
      // 15m 20s left: the text changes in 21 s, the mark in 20 s.
      const sooner = nextTickDelay([at(15 * MINUTE + 20 * SECOND)], NOW, { thresholdsMinutes: [15, 5] });
      assert.equal(sooner, 20 * SECOND + TICK_SLACK_MS);
    });

    it('never waits longer than the maximum', () => {
      // Day-long countdowns change hourly; the timer still checks every minute by default.
      // "1d 6h" with 30h 30m left changes in about half an hour.
      assert.equal(nextTickDelay([at(30 * HOUR + 30 * MINUTE)], NOW), MINUTE);
      assert.equal(nextTickDelay([at(30 * HOUR + 30 * MINUTE)], NOW, { maxDelayMs: 10 * MINUTE }), 10 * MINUTE);
    });

    it('lands just after the boundary, where the text has changed', () => {
      const ends = at(3 * HOUR + 12 * MINUTE + 30 * SECOND);
      const before = formatRemaining(ends, NOW);
      const delay = nextTickDelay([ends], NOW);
      assert.ok(delay !== undefined);
      const later = new Date(NOW.getTime() + delay);
      assert.notEqual(formatRemaining(ends, later), before);
      assert.equal(formatRemaining(ends, new Date(later.getTime() - TICK_SLACK_MS - 1)), before);
    });
  });
});
