import * as assert from 'node:assert/strict';
import { parseFormToHost, parseHostToForm } from '../../src/shared/protocolValidation';

const NOW = new Date('2030-06-01T12:00:00.000Z');

function submit(request: Record<string, unknown>): unknown {
  return {
    type: 'submit',
    request: {
      roleIds: ['azure|t|/subscriptions/s|/providers/r'],
      justification: 'C12345A',
      durationMinutes: 60,
      ticketNumber: '',
      ticketSystem: '',
      ...request,
    },
  };
}

const policy = {
  maximumDurationMinutes: 480,
  requiresJustification: true,
  requiresTicket: false,
  requiresMfa: false,
  requiresApproval: true,
  approvers: ['Alice Admin'],
};

const init = {
  type: 'init',
  roles: [
    { id: 'r1', kind: 'azure', roleName: 'Owner', scopeDisplayName: 'Prod', scopeTypeLabel: 'Subscription', selected: true },
  ],
  defaults: {
    durationMinutes: 240,
    justification: '',
    justificationPattern: '',
    justificationPatternHint: '',
    ticketSystem: 'ServiceNow',
    recentJustifications: ['C12345A'],
  },
};

describe('parseFormToHost', () => {
  it('accepts the three commands and drops extra properties', () => {
    assert.deepEqual(parseFormToHost({ type: 'ready', extra: 1 }, NOW), { type: 'ready' });
    assert.deepEqual(parseFormToHost({ type: 'close' }, NOW), { type: 'close' });
    const parsed = parseFormToHost(submit({ sneaky: true }), NOW);
    assert.deepEqual(parsed, {
      type: 'submit',
      request: {
        roleIds: ['azure|t|/subscriptions/s|/providers/r'],
        justification: 'C12345A',
        durationMinutes: 60,
        ticketNumber: '',
        ticketSystem: '',
      },
    });
  });

  it('rejects garbage without throwing', () => {
    const garbage: unknown[] = [
      undefined,
      null,
      0,
      'ready',
      [],
      [{ type: 'ready' }],
      {},
      { type: 42 },
      { type: 'READY' },
      { type: 'deleteEverything' },
      { type: 'submit' },
      { type: 'submit', request: null },
      { type: 'submit', request: [] },
      Symbol('x'),
      () => ({ type: 'ready' }),
    ];
    for (const value of garbage) {
      assert.equal(parseFormToHost(value, NOW), undefined, String(typeof value));
    }
  });

  it('survives objects whose property access throws', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('boom');
        },
        has: () => {
          throw new Error('boom');
        },
      },
    );
    assert.equal(parseFormToHost(hostile, NOW), undefined);
    assert.equal(parseHostToForm(hostile), undefined);
  });

  it('checks every field type', () => {
    assert.equal(parseFormToHost(submit({ roleIds: 'r1' }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ roleIds: [1] }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ roleIds: [''] }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ justification: 5 }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ durationMinutes: '60' }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ durationMinutes: 60.5 }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ durationMinutes: Number.NaN }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ durationMinutes: 4 }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ durationMinutes: 1441 }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ ticketNumber: null }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ ticketSystem: undefined }), NOW), undefined);
    assert.ok(parseFormToHost(submit({ durationMinutes: 5 }), NOW));
    assert.ok(parseFormToHost(submit({ durationMinutes: 1440 }), NOW));
  });

  it('bounds string lengths and list sizes', () => {
    assert.ok(parseFormToHost(submit({ justification: 'x'.repeat(500) }), NOW));
    assert.equal(parseFormToHost(submit({ justification: 'x'.repeat(501) }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ justification: 'x'.repeat(5_000_000) }), NOW), undefined);
    assert.ok(parseFormToHost(submit({ ticketNumber: 'x'.repeat(100) }), NOW));
    assert.equal(parseFormToHost(submit({ ticketNumber: 'x'.repeat(101) }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ ticketSystem: 'x'.repeat(101) }), NOW), undefined);
    assert.ok(parseFormToHost(submit({ roleIds: Array.from({ length: 50 }, (_, i) => `r${i}`) }), NOW));
    assert.equal(parseFormToHost(submit({ roleIds: Array.from({ length: 51 }, (_, i) => `r${i}`) }), NOW), undefined);
    assert.ok(parseFormToHost(submit({ roleIds: ['r'.repeat(512)] }), NOW));
    assert.equal(parseFormToHost(submit({ roleIds: ['r'.repeat(513)] }), NOW), undefined);
  });

  it('accepts a bounded justification check and nothing else under that name', () => {
    assert.deepEqual(parseFormToHost({ type: 'checkJustification', justification: 'C12345A', pattern: '.*' }, NOW), {
      type: 'checkJustification',
      justification: 'C12345A',
    });
    assert.deepEqual(parseFormToHost({ type: 'checkJustification', justification: '' }, NOW), { type: 'checkJustification', justification: '' });
    assert.ok(parseFormToHost({ type: 'checkJustification', justification: 'x'.repeat(500) }, NOW));
    for (const justification of ['x'.repeat(501), 'x'.repeat(5_000_000), undefined, null, 42, ['C12345A'], { toString: () => 'C12345A' }]) {
      assert.equal(parseFormToHost({ type: 'checkJustification', justification }, NOW), undefined, typeof justification);
    }
    assert.equal(parseFormToHost(Object.assign(Object.create({ justification: 'inherited' }) as object, { type: 'checkJustification' }), NOW), undefined);
  });

  it('keeps <script> in a justification as plain text', () => {
    const text = '<script>alert(1)</script> & "quotes"';
    const parsed = parseFormToHost(submit({ justification: text }), NOW);
    assert.equal(parsed?.type, 'submit');
    assert.equal(parsed.type === 'submit' ? parsed.request.justification : undefined, text);
  });

  it('accepts a start within 30 days as a normalised UTC instant', () => {
    const parsed = parseFormToHost(submit({ startAt: '2030-06-02T14:30:00+02:00' }), NOW);
    assert.equal(parsed?.type === 'submit' ? parsed.request.startAt : undefined, '2030-06-02T12:30:00.000Z');
    const exact = parseFormToHost(submit({ startAt: '2030-07-01T12:00:00.000Z' }), NOW);
    assert.equal(exact?.type === 'submit' ? exact.request.startAt : undefined, '2030-07-01T12:00:00.000Z');
  });

  it('rejects invalid or far-away start instants', () => {
    for (const startAt of [
      'tomorrow',
      '2030-06-02',
      '2030-06-02T10:00',
      '2030-13-02T10:00:00Z',
      '2030-06-02T25:00:00Z',
      '2030-08-01T12:00:00Z',
      '2030-04-01T12:00:00Z',
      '',
      12345,
      null,
      `2030-06-02T10:00:00Z${' '.repeat(100)}`,
    ]) {
      assert.equal(parseFormToHost(submit({ startAt }), NOW), undefined, JSON.stringify(startAt));
    }
  });

  it('ignores prototype pollution keys and inherited properties', () => {
    const polluted = JSON.parse(
      '{"type":"submit","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"request":{"roleIds":["r1"],"justification":"j","durationMinutes":30,"ticketNumber":"","ticketSystem":"","__proto__":{"startAt":"bad"}}}',
    ) as unknown;
    const parsed = parseFormToHost(polluted, NOW);
    assert.ok(parsed);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal((parsed as unknown as Record<string, unknown>)['isAdmin'], undefined);
    assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
    // A `type` that only exists on the prototype does not count.
    assert.equal(parseFormToHost(Object.create({ type: 'ready' }) as unknown, NOW), undefined);
  });
});

describe('parseHostToForm', () => {
  it('accepts a valid init and drops extra properties', () => {
    const parsed = parseHostToForm({ ...init, token: 'secret', roles: [{ ...init.roles[0], raw: {} }] });
    assert.deepEqual(parsed, init);
  });

  it('accepts policy states', () => {
    assert.deepEqual(parseHostToForm({ type: 'policy', roleId: 'r1', policy: { state: 'loading' } }), {
      type: 'policy',
      roleId: 'r1',
      policy: { state: 'loading' },
    });
    assert.deepEqual(
      parseHostToForm({ type: 'policy', roleId: 'r1', policy: { state: 'loaded', policy: { ...policy, authenticationContext: 'c1' } } }),
      { type: 'policy', roleId: 'r1', policy: { state: 'loaded', policy: { ...policy, authenticationContext: 'c1' } } },
    );
    assert.deepEqual(parseHostToForm({ type: 'policy', roleId: 'r1', policy: { state: 'unavailable', message: '403' } }), {
      type: 'policy',
      roleId: 'r1',
      policy: { state: 'unavailable', message: '403' },
    });
  });

  it('rejects malformed policies', () => {
    const bad = [
      { ...policy, maximumDurationMinutes: '480' },
      { ...policy, maximumDurationMinutes: 0 },
      { ...policy, maximumDurationMinutes: 1e9 },
      { ...policy, requiresTicket: 'yes' },
      { ...policy, approvers: 'Alice' },
      { ...policy, approvers: [{}] },
      { ...policy, authenticationContext: 5 },
      { ...policy, authenticationContext: 'c'.repeat(65) },
    ];
    for (const p of bad) {
      assert.equal(parseHostToForm({ type: 'policy', roleId: 'r1', policy: { state: 'loaded', policy: p } }), undefined);
    }
    assert.equal(parseHostToForm({ type: 'policy', roleId: 'r1', policy: { state: 'weird' } }), undefined);
    assert.equal(parseHostToForm({ type: 'policy', roleId: '', policy: { state: 'loading' } }), undefined);
  });

  it('rejects malformed init messages', () => {
    assert.equal(parseHostToForm({ ...init, roles: 'r1' }), undefined);
    assert.equal(parseHostToForm({ ...init, roles: [{ ...init.roles[0], kind: 'aws' }] }), undefined);
    assert.equal(parseHostToForm({ ...init, roles: [{ ...init.roles[0], roleName: 'x'.repeat(2001) }] }), undefined);
    assert.equal(parseHostToForm({ ...init, defaults: { ...init.defaults, durationMinutes: 0 } }), undefined);
    assert.equal(parseHostToForm({ ...init, defaults: { ...init.defaults, recentJustifications: [1] } }), undefined);
    assert.equal(parseHostToForm({ ...init, defaults: undefined }), undefined);
  });

  it('keeps markup in API strings as text', () => {
    const role = { ...init.roles[0], roleName: '<img src=x onerror=alert(1)>' };
    const parsed = parseHostToForm({ ...init, roles: [role] });
    assert.equal(parsed?.type === 'init' ? parsed.roles[0]?.roleName : undefined, '<img src=x onerror=alert(1)>');
  });

  it('accepts progress, finished and issues; rejects unknown outcomes and commands', () => {
    assert.deepEqual(parseHostToForm({ type: 'progress', roleId: 'r1', outcome: 'active', message: 'ok' }), {
      type: 'progress',
      roleId: 'r1',
      outcome: 'active',
      message: 'ok',
    });
    assert.equal(parseHostToForm({ type: 'progress', roleId: 'r1', outcome: 'hacked', message: 'ok' }), undefined);
    assert.deepEqual(parseHostToForm({ type: 'finished', allSucceeded: false }), { type: 'finished', allSucceeded: false });
    assert.equal(parseHostToForm({ type: 'finished', allSucceeded: 'no' }), undefined);
    assert.deepEqual(parseHostToForm({ type: 'issues', issues: [{ field: 'duration', message: 'too long' }] }), {
      type: 'issues',
      issues: [{ field: 'duration', message: 'too long' }],
    });
    assert.equal(parseHostToForm({ type: 'issues', issues: [{ field: 'password', message: 'x' }] }), undefined);
    assert.equal(parseHostToForm({ type: 'submit' }), undefined);
    assert.equal(parseHostToForm({ type: 'eval', code: 'alert(1)' }), undefined);
  });

  it('accepts each justification verdict and drops what does not belong to it', () => {
    const verdicts = [
      { kind: 'matches' },
      { kind: 'mismatch', hint: 'A change number such as C11432A' },
      { kind: 'mismatch', hint: '' },
      { kind: 'invalidPattern' },
      { kind: 'tooSlow' },
      { kind: 'tooLong' },
    ];
    for (const verdict of verdicts) {
      assert.deepEqual(parseHostToForm({ type: 'justificationVerdict', justification: 'C1', verdict }), { type: 'justificationVerdict', justification: 'C1', verdict });
    }
    assert.deepEqual(parseHostToForm({ type: 'justificationVerdict', justification: 'C1', verdict: { kind: 'tooSlow', hint: 'x', pattern: '^(a+)+$' } }), {
      type: 'justificationVerdict',
      justification: 'C1',
      verdict: { kind: 'tooSlow' },
    });
  });

  it('rejects malformed justification verdicts', () => {
    const bad: unknown[] = [
      { type: 'justificationVerdict', justification: 'C1' },
      { type: 'justificationVerdict', justification: 'C1', verdict: 'matches' },
      { type: 'justificationVerdict', justification: 'C1', verdict: { kind: 'match' } },
      { type: 'justificationVerdict', justification: 'C1', verdict: { kind: 'mismatch' } },
      { type: 'justificationVerdict', justification: 'C1', verdict: { kind: 'mismatch', hint: 5 } },
      { type: 'justificationVerdict', justification: 'C1', verdict: { kind: 'mismatch', hint: 'x'.repeat(2001) } },
      { type: 'justificationVerdict', justification: 'x'.repeat(501), verdict: { kind: 'matches' } },
      { type: 'justificationVerdict', justification: 7, verdict: { kind: 'matches' } },
      { type: 'justificationVerdict', verdict: { kind: 'matches' } },
      { type: 'justificationVerdict', justification: 'C1', verdict: Object.create({ kind: 'matches' }) as unknown },
    ];
    for (const message of bad) {
      assert.equal(parseHostToForm(message), undefined, JSON.stringify(message));
    }
  });
});
