// The preflight messages at the form boundary (shared/protocolValidation.ts): both directions are untrusted.
import * as assert from 'node:assert/strict';
import { parseFormToHost, parseHostToForm } from '../../src/shared/protocolValidation';

const NOW = new Date('2030-06-01T12:00:00.000Z');
const REQUEST = { roleIds: ['azure|t|/subscriptions/s|/providers/r'], justification: 'Deploy', durationMinutes: 60, ticketNumber: '', ticketSystem: '' };

describe('protocol: preflight messages', () => {
  it('form → host: a question with a sequence number and a well-formed request, nothing else', () => {
    assert.deepEqual(parseFormToHost({ type: 'preflight', sequence: 3, request: REQUEST, token: 'x' }, NOW), { type: 'preflight', sequence: 3, request: REQUEST });
    for (const bad of [
      { type: 'preflight', request: REQUEST },
      { type: 'preflight', sequence: 0, request: REQUEST },
      { type: 'preflight', sequence: 1.5, request: REQUEST },
      { type: 'preflight', sequence: '1', request: REQUEST },
      { type: 'preflight', sequence: 1, request: { ...REQUEST, roleIds: ['a', 'a'] } },
      { type: 'preflight', sequence: 1, request: { ...REQUEST, durationMinutes: 100_000 } },
      { type: 'preflight', sequence: 1, request: { ...REQUEST, justification: 'x'.repeat(501) } },
      { type: 'preflight', sequence: 1, request: { ...REQUEST, roleIds: Array.from({ length: 51 }, (_, i) => `r${i}`) } },
      { type: 'preflight', sequence: 1, request: { ...REQUEST, startAt: 'tomorrow' } },
      Object.create({ type: 'preflight', sequence: 1, request: REQUEST }) as unknown,
    ]) {
      assert.equal(parseFormToHost(bad, NOW), undefined, JSON.stringify(bad));
    }
  });

  it('host → form: a verdict of a known state with bounded text, nothing else', () => {
    const verdict = { state: 'refused', message: 'Azure would refuse this request: a justification is required.' };
    assert.deepEqual(parseHostToForm({ type: 'preflightVerdict', sequence: 2, roleId: 'r1', verdict: { ...verdict, html: '<b>' } }), {
      type: 'preflightVerdict',
      sequence: 2,
      roleId: 'r1',
      verdict,
    });
    const ticket = { state: 'refused', message: 'Azure would refuse this request: ticket information (number and system) is required.', needsTicket: true };
    assert.deepEqual(parseHostToForm({ type: 'preflightVerdict', sequence: 3, roleId: 'r1', verdict: ticket }), { type: 'preflightVerdict', sequence: 3, roleId: 'r1', verdict: ticket });
    for (const bad of [
      { type: 'preflightVerdict', sequence: 2, roleId: 'r1', verdict: { ...verdict, needsTicket: 'yes' } },
      { type: 'preflightVerdict', sequence: 2, roleId: 'r1', verdict: { state: 'approvedByMagic', message: 'x' } },
      { type: 'preflightVerdict', sequence: 2, roleId: 'r1', verdict: { state: 'accepted', message: 'x'.repeat(2001) } },
      { type: 'preflightVerdict', sequence: 2, roleId: '', verdict },
      { type: 'preflightVerdict', roleId: 'r1', verdict },
      { type: 'preflightVerdict', sequence: 2, roleId: 'r1', verdict: 'accepted' },
    ]) {
      assert.equal(parseHostToForm(bad), undefined, JSON.stringify(bad));
    }
  });
});
