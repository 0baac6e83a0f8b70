import * as assert from 'node:assert/strict';
import { formatIsoDuration, formatMinutesShort, parseIsoDuration } from '../../src/core/model/duration';
import { durationChoices } from '../../src/shared/durationSteps';

describe('duration', () => {
  describe('parseIsoDuration', () => {
    const valid: [string, number][] = [
      ['PT30M', 30],
      ['PT8H', 480],
      ['PT7H', 420], // GetRoleManagementPolicyByName.json, Expiration_EndUser_Assignment
      ['PT1H30M', 90],
      ['PT90M', 90],
      ['P1D', 1440],
      ['P1DT2H', 1560],
      ['P90D', 129_600], // Expiration_Admin_Eligibility in the same example
      ['P1W', 10_080],
      ['PT0.5H', 30],
      ['PT1,5H', 90],
      ['PT3600S', 60],
      ['PT89S', 1],
      ['pt8h', 480],
      ['p1dt2h', 1560],
      ['  PT45M  ', 45],
      ['PT0M', 0],
    ];
    for (const [text, minutes] of valid) {
      it(`reads ${JSON.stringify(text)} as ${minutes} minutes`, () => {
        assert.equal(parseIsoDuration(text), minutes);
      });
    }

    const invalid: unknown[] = [
      '',
      'P',
      'PT',
      'P1DT',
      '8H',
      'PT8',
      'PT-1H',
      '-PT1H',
      'P1Y',
      'P1M', // months: ambiguous
      'P1Y2M',
      'PT8H garbage',
      'T8H',
      '08:00:00',
      'PT8H30',
      'P1H',
      undefined,
      null,
      480,
      {},
    ];
    for (const text of invalid) {
      it(`rejects ${JSON.stringify(text) ?? String(text)}`, () => {
        assert.equal(parseIsoDuration(text), undefined);
      });
    }
  });

  describe('formatIsoDuration', () => {
    it('writes hours, minutes, or both', () => {
      assert.equal(formatIsoDuration(480), 'PT8H');
      assert.equal(formatIsoDuration(90), 'PT1H30M');
      assert.equal(formatIsoDuration(45), 'PT45M');
      assert.equal(formatIsoDuration(0), 'PT0M');
      assert.equal(formatIsoDuration(1440), 'PT24H');
    });

    it('rounds to whole minutes', () => {
      assert.equal(formatIsoDuration(29.6), 'PT30M');
    });

    it('round-trips through parseIsoDuration', () => {
      for (const minutes of [1, 30, 59, 60, 61, 90, 479, 480, 1440]) {
        assert.equal(parseIsoDuration(formatIsoDuration(minutes)), minutes);
      }
    });

    it('refuses negative and non-finite input', () => {
      assert.throws(() => formatIsoDuration(-1), RangeError);
      assert.throws(() => formatIsoDuration(Number.NaN), RangeError);
      assert.throws(() => formatIsoDuration(Number.POSITIVE_INFINITY), RangeError);
    });
  });

  describe('durationChoices', () => {
    it('offers 30-minute steps up to the maximum', () => {
      assert.deepEqual(durationChoices(120), [30, 60, 90, 120]);
    });
    it('adds the maximum when it is not on a step', () => {
      assert.deepEqual(durationChoices(100), [30, 60, 90, 100]);
      assert.deepEqual(durationChoices(20), [20]);
    });
    it('honours another step', () => {
      assert.deepEqual(durationChoices(180, 60), [60, 120, 180]);
    });
    it('offers nothing for a nonsensical maximum', () => {
      assert.deepEqual(durationChoices(0), []);
      assert.deepEqual(durationChoices(Number.NaN), []);
    });
  });

  describe('formatMinutesShort', () => {
    it('leaves out zero parts', () => {
      assert.equal(formatMinutesShort(45), '45m');
      assert.equal(formatMinutesShort(120), '2h');
      assert.equal(formatMinutesShort(90), '1h 30m');
      assert.equal(formatMinutesShort(1560), '1d 2h');
      assert.equal(formatMinutesShort(1441), '1d 1m');
    });
    it('shows nothing left as 0m', () => {
      assert.equal(formatMinutesShort(0), '0m');
      assert.equal(formatMinutesShort(-5), '0m');
      assert.equal(formatMinutesShort(Number.NaN), '0m');
    });
  });
});
