import * as assert from 'node:assert/strict';
import {
  durationChoices,
  formatMinutes,
  justificationVerdictMessage,
  validateActivation,
} from '../../src/shared/activationValidation';
import type { ActivationRequestData, FormPolicy, JustificationVerdict } from '../../src/shared/protocol';

const NOW = new Date('2030-06-01T12:00:00.000Z');

const basePolicy: FormPolicy = {
  maximumDurationMinutes: 480,
  requiresJustification: false,
  requiresTicket: false,
  requiresMfa: false,
  requiresApproval: false,
  approvers: [],
};

function request(overrides: Partial<ActivationRequestData> = {}): ActivationRequestData {
  return { roleIds: ['owner'], justification: '', durationMinutes: 60, ticketNumber: '', ticketSystem: '', ...overrides };
}

const labels = new Map([
  ['owner', 'Owner on Prod'],
  ['contrib', 'Contributor on Dev'],
]);

function validate(
  req: ActivationRequestData,
  policies: Record<string, FormPolicy | undefined>,
  justificationVerdict?: (justification: string) => JustificationVerdict | undefined,
): { field: string; message: string }[] {
  return validateActivation(req, new Map(Object.entries(policies)), {
    ...(justificationVerdict ? { justificationVerdict } : {}),
    now: NOW,
    roleLabels: labels,
  });
}

/** The verdict every justification gets, whatever it says. */
const always =
  (verdict: JustificationVerdict) =>
  (): JustificationVerdict =>
    verdict;

describe('formatMinutes', () => {
  it('formats like the portal', () => {
    assert.equal(formatMinutes(30), '30 minutes');
    assert.equal(formatMinutes(60), '1 hour');
    assert.equal(formatMinutes(90), '1 hour 30 minutes');
    assert.equal(formatMinutes(480), '8 hours');
    assert.equal(formatMinutes(1), '1 minute');
    assert.equal(formatMinutes(5), '5 minutes');
    assert.equal(formatMinutes(0), '0 minutes');
    assert.equal(formatMinutes(Number.NaN), '0 minutes');
  });
});

describe('durationChoices', () => {
  it('offers 30-minute steps up to the maximum', () => {
    assert.deepEqual(durationChoices(120), [30, 60, 90, 120]);
    assert.equal(durationChoices(480).length, 16);
    assert.equal(durationChoices(1440).at(-1), 1440);
  });
  it('adds the maximum when it is not a multiple of 30', () => {
    assert.deepEqual(durationChoices(100), [30, 60, 90, 100]);
  });
  it('offers at least one choice', () => {
    assert.deepEqual(durationChoices(20), [20]);
    assert.deepEqual(durationChoices(30), [30]);
    assert.deepEqual(durationChoices(0), [5]);
  });
  it('never goes beyond what PIM allows', () => {
    assert.equal(durationChoices(100_000).at(-1), 1440);
    assert.equal(durationChoices(Number.POSITIVE_INFINITY).at(-1), 1440);
  });
});

describe('validateActivation', () => {
  it('passes a valid request', () => {
    assert.deepEqual(validate(request(), { owner: basePolicy }), []);
  });

  it('requires at least one role', () => {
    assert.deepEqual(validate(request({ roleIds: [] }), {}), [
      { field: 'roles', message: 'Select at least one role to activate.' },
    ]);
  });

  it('caps the duration at the smallest maximum and names that role', () => {
    const issues = validate(request({ roleIds: ['owner', 'contrib'], durationMinutes: 180 }), {
      owner: { ...basePolicy, maximumDurationMinutes: 120 },
      contrib: { ...basePolicy, maximumDurationMinutes: 480 },
    });
    assert.deepEqual(issues, [{ field: 'duration', message: 'Owner on Prod allows at most 2 hours.' }]);
  });

  it('ignores roles whose policy is not loaded when capping', () => {
    assert.deepEqual(validate(request({ durationMinutes: 600 }), { owner: undefined }), []);
    assert.equal(validate(request({ durationMinutes: 1500 }), { owner: undefined })[0]?.field, 'duration');
  });

  it('requires at least 5 minutes and a whole number', () => {
    assert.equal(validate(request({ durationMinutes: 4 }), {})[0]?.field, 'duration');
    assert.equal(validate(request({ durationMinutes: 30.5 }), {})[0]?.field, 'duration');
    assert.equal(validate(request({ durationMinutes: Number.NaN }), {})[0]?.field, 'duration');
  });

  it('requires a justification when a selected policy does', () => {
    const policies = { owner: { ...basePolicy, requiresJustification: true } };
    assert.deepEqual(validate(request({ justification: '   ' }), policies), [
      { field: 'justification', message: 'Owner on Prod requires a justification.' },
    ]);
    assert.deepEqual(validate(request({ justification: 'deploy' }), policies), []);
    // Not selected: no requirement.
    assert.deepEqual(validate(request({ roleIds: ['contrib'] }), policies), []);
  });

  it('asks for the verdict on the trimmed justification and accepts a match', () => {
    const asked: string[] = [];
    const verdict = (justification: string): JustificationVerdict => (asked.push(justification), { kind: 'matches' });
    assert.deepEqual(validate(request({ justification: '  C12345A \n' }), {}, verdict), []);
    assert.deepEqual(asked, ['C12345A']);
  });

  it('reports a mismatch with the hint, or without one', () => {
    assert.deepEqual(validate(request({ justification: 'C1' }), {}, always({ kind: 'mismatch', hint: ' C12345A ' })), [
      { field: 'justification', message: 'The justification must follow the organisation format: C12345A' },
    ]);
    assert.deepEqual(validate(request({ justification: 'C1' }), {}, always({ kind: 'mismatch', hint: '' })), [
      { field: 'justification', message: 'The justification does not follow the organisation format.' },
    ]);
  });

  it('reports an invalid, too slow or too long pattern as the configuration’s fault, naming the setting', () => {
    const cases: [JustificationVerdict, RegExp][] = [
      [{ kind: 'invalidPattern' }, /pattern is not a valid regular expression; ask your administrator to fix azurePim\.activation\.justificationPattern/],
      [{ kind: 'tooSlow' }, /pattern is too slow to check \(it can backtrack catastrophically\); ask your administrator to simplify azurePim\.activation\.justificationPattern/],
      [{ kind: 'tooLong' }, /pattern is longer than 500 characters; ask your administrator to shorten azurePim\.activation\.justificationPattern/],
    ];
    for (const [verdict, message] of cases) {
      const issues = validate(request({ justification: 'anything' }), {}, always(verdict));
      assert.equal(issues.length, 1, verdict.kind);
      assert.equal(issues[0]?.field, 'justification');
      assert.match(issues[0]?.message ?? '', message);
      assert.equal(justificationVerdictMessage(verdict), issues[0]?.message);
    }
    assert.equal(justificationVerdictMessage({ kind: 'matches' }), undefined);
  });

  it('leaves the pattern to the host while no verdict is known, and checks nothing without a pattern', () => {
    assert.deepEqual(validate(request({ justification: 'whatever' }), {}, () => undefined), []);
    assert.deepEqual(validate(request({ justification: 'whatever' }), {}), []);
  });

  it('reports a missing or oversized justification before asking for a verdict', () => {
    const asked: string[] = [];
    const verdict = (justification: string): JustificationVerdict => (asked.push(justification), { kind: 'tooSlow' });
    const policies = { owner: { ...basePolicy, requiresJustification: true } };
    assert.deepEqual(validate(request({ justification: ' ' }), policies, verdict), [
      { field: 'justification', message: 'Owner on Prod requires a justification.' },
    ]);
    assert.equal(validate(request({ justification: 'x'.repeat(501) }), {}, verdict).length, 1);
    assert.deepEqual(asked, []);
  });

  it('requires ticket number and system when a selected policy requires ticketing', () => {
    const policies = { owner: { ...basePolicy, requiresTicket: true } };
    assert.deepEqual(validate(request(), policies), [
      { field: 'ticketNumber', message: 'Owner on Prod requires a ticket number.' },
      { field: 'ticketSystem', message: 'Owner on Prod requires a ticket system.' },
    ]);
    assert.deepEqual(validate(request({ ticketNumber: 'INC1', ticketSystem: 'ServiceNow' }), policies), []);
  });

  it('bounds the lengths', () => {
    assert.equal(validate(request({ justification: 'x'.repeat(501) }), {})[0]?.field, 'justification');
    assert.equal(validate(request({ ticketNumber: 'x'.repeat(101) }), {})[0]?.field, 'ticketNumber');
  });

  it('checks the start time: not in the past (1 minute grace) and at most 30 days ahead', () => {
    const at = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();
    assert.deepEqual(validate(request({ startAt: at(-30_000) }), {}), []);
    assert.deepEqual(validate(request({ startAt: at(60 * 60_000) }), {}), []);
    assert.deepEqual(validate(request({ startAt: at(-120_000) }), {}), [
      { field: 'startAt', message: 'The start time is in the past.' },
    ]);
    assert.deepEqual(validate(request({ startAt: at(31 * 24 * 3_600_000) }), {}), [
      { field: 'startAt', message: 'The start time must be within 30 days.' },
    ]);
    assert.deepEqual(validate(request({ startAt: 'not a date' }), {}), [
      { field: 'startAt', message: 'Enter a valid start date and time.' },
    ]);
  });

  it('uses the role id when no label is given', () => {
    const issues = validateActivation(
      request({ durationMinutes: 120 }),
      new Map([['owner', { ...basePolicy, maximumDurationMinutes: 60 }]]),
      { now: NOW },
    );
    assert.deepEqual(issues, [{ field: 'duration', message: 'owner allows at most 1 hour.' }]);
  });
});
