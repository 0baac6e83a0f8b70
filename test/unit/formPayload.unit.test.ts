// What the host sends the form: bounded, redacted, within the protocol (shared/formPayload.ts, shared/limits.ts).
import * as assert from 'node:assert/strict';
import { boundedText, clampMinutes, toFormPolicy, toFormRole } from '../../src/shared/formPayload';
import { ACTIVATION_LIMITS, clampActivationMinutes, isActivationMinutes } from '../../src/shared/limits';
import { PROTOCOL_LIMITS } from '../../src/shared/protocol';
import { parseHostToForm } from '../../src/shared/protocolValidation';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJvaWQiOiJhIn0.c2lnbmF0dXJl';

describe('form payload', () => {
  it('boundedText cuts API text to the protocol length and leaves no token in it', () => {
    assert.equal(boundedText('Contributor'), 'Contributor');
    assert.equal(boundedText(`denied for ${JWT}`), 'denied for <redacted>');
    const long = boundedText('x'.repeat(PROTOCOL_LIMITS.maxTextLength + 50));
    assert.equal(long.length, PROTOCOL_LIMITS.maxTextLength);
    assert.ok(long.endsWith('…'));
  });

  it('clampMinutes keeps a remembered duration within the protocol, else takes the fallback', () => {
    assert.equal(clampMinutes(90, 60), 90);
    assert.equal(clampMinutes(90.4, 60), 90);
    assert.equal(clampMinutes(1, 60), PROTOCOL_LIMITS.minDurationMinutes);
    assert.equal(clampMinutes(100_000, 60), PROTOCOL_LIMITS.maxDurationMinutes);
    assert.equal(clampMinutes('90', 60), 60);
    assert.equal(clampMinutes(Number.NaN, 60), 60);
    assert.equal(clampMinutes(undefined, 2000), PROTOCOL_LIMITS.maxDurationMinutes);
  });

  it('toFormRole bounds the tenant names and keeps the rest', () => {
    const role = toFormRole({ id: 'r', kind: 'azure', roleName: 'y'.repeat(5000), scopeDisplayName: `Prod ${JWT}`, scopeTypeLabel: 'Subscription', selected: true });
    assert.equal(role.roleName.length, PROTOCOL_LIMITS.maxTextLength);
    assert.equal(role.scopeDisplayName, 'Prod <redacted>');
    assert.deepEqual([role.id, role.kind, role.scopeTypeLabel, role.selected], ['r', 'azure', 'Subscription', true]);
  });

  it('toFormPolicy brings any parsed policy within what the form accepts', () => {
    const policy = toFormPolicy({
      maximumDurationMinutes: 10_000.7,
      requiresJustification: true,
      requiresTicket: false,
      requiresMfa: true,
      requiresApproval: true,
      approvers: Array.from({ length: PROTOCOL_LIMITS.maxApprovers + 5 }, (_, index) => `${index}`.padEnd(3000, 'a')),
      authenticationContext: 'c'.repeat(100),
    });
    assert.equal(policy.maximumDurationMinutes, PROTOCOL_LIMITS.maxDurationMinutes);
    assert.equal(policy.approvers.length, PROTOCOL_LIMITS.maxApprovers);
    assert.ok(policy.approvers.every((name) => name.length === PROTOCOL_LIMITS.maxTextLength));
    assert.equal(policy.authenticationContext?.length, PROTOCOL_LIMITS.maxAuthenticationContextLength);
    assert.equal(toFormPolicy({ ...policy, maximumDurationMinutes: 0, authenticationContext: '' }).maximumDurationMinutes, 1);
    assert.ok(!('authenticationContext' in toFormPolicy({ ...policy, authenticationContext: '' })));
    // What the host sends, the form's own validation accepts.
    assert.ok(parseHostToForm({ type: 'policy', roleId: 'r', policy: { state: 'loaded', policy } }));
  });
});

describe('activation limits', () => {
  it('the protocol takes its duration bounds from the domain limits', () => {
    assert.equal(PROTOCOL_LIMITS.minDurationMinutes, ACTIVATION_LIMITS.minMinutes);
    assert.equal(PROTOCOL_LIMITS.maxDurationMinutes, ACTIVATION_LIMITS.maxMinutes);
    assert.equal(PROTOCOL_LIMITS.maxStartAheadDays, ACTIVATION_LIMITS.maxStartAheadDays);
  });

  it('isActivationMinutes accepts 5 to 1440 minutes and nothing else', () => {
    assert.deepEqual([5, 60, 1440, 90.5].map(isActivationMinutes), [true, true, true, true]);
    assert.deepEqual([4.9, 1441, Number.NaN, Number.POSITIVE_INFINITY, '60', undefined].map(isActivationMinutes), [false, false, false, false, false, false]);
  });

  it('clampActivationMinutes rounds into 5 to 1440', () => {
    assert.deepEqual([1, 59.6, 5000].map(clampActivationMinutes), [5, 60, 1440]);
  });
});
