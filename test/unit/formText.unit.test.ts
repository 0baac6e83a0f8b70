import * as assert from 'node:assert/strict';
import type { FormPolicy, FormRole } from '../../src/shared/protocol';
import { localDateTimeToIso, parseDraft, sameIds, toLocalDateTime } from '../../webview-ui/draft';
import { outcomeSucceeded, policyLine, summaryLine } from '../../webview-ui/formText';

const policy: FormPolicy = {
  maximumDurationMinutes: 480,
  requiresJustification: false,
  requiresTicket: false,
  requiresMfa: false,
  requiresApproval: false,
  approvers: [],
};

const role = (roleName: string, scopeDisplayName: string): FormRole => ({
  id: roleName,
  kind: 'azure',
  roleName,
  scopeDisplayName,
  scopeTypeLabel: 'Subscription',
  selected: true,
});

describe('form wording', () => {
  it('describes a policy in one line', () => {
    assert.equal(policyLine(undefined), 'loading policy…');
    assert.equal(policyLine({ state: 'loading' }), 'loading policy…');
    assert.equal(policyLine({ state: 'unavailable', message: 'no access (403)' }), 'policy unavailable: no access (403)');
    assert.equal(policyLine({ state: 'loaded', policy }), 'max 8 hours');
    assert.equal(
      policyLine({
        state: 'loaded',
        policy: {
          ...policy,
          maximumDurationMinutes: 120,
          requiresApproval: true,
          approvers: ['Alice Admin'],
          authenticationContext: 'c1',
          requiresMfa: true,
          requiresTicket: true,
          requiresJustification: true,
        },
      }),
      'max 2 hours · approval by Alice Admin · step-up sign-in (authentication context c1) · MFA · ticket required · justification required',
    );
  });

  it('summarises what will happen per role', () => {
    assert.equal(
      summaryLine({ role: role('Contributor', 'Dev Subscription'), policy: { state: 'loaded', policy }, durationMinutes: 240, startText: undefined }),
      'Contributor on Dev Subscription: active immediately for 4 hours',
    );
    assert.equal(
      summaryLine({
        role: role('Owner', 'Prod'),
        policy: { state: 'loaded', policy: { ...policy, requiresApproval: true, approvers: ['Alice Admin'] } },
        durationMinutes: 120,
        startText: undefined,
      }),
      'Owner on Prod: needs approval by Alice Admin, then active for 2 hours once approved',
    );
    assert.equal(
      summaryLine({
        role: role('Key Vault Administrator', 'kv-prod'),
        policy: { state: 'loaded', policy: { ...policy, authenticationContext: 'c1' } },
        durationMinutes: 60,
        startText: undefined,
      }),
      'Key Vault Administrator on kv-prod: you will be asked to sign in again (authentication context c1), then active immediately for 1 hour',
    );
    assert.match(
      summaryLine({ role: role('Reader', 'X'), policy: { state: 'loading' }, durationMinutes: 30, startText: '1 Jun 2030, 14:00' }),
      /^Reader on X: active from 1 Jun 2030, 14:00 for 30 minutes \(policy still loading\)$/,
    );
  });

  it('treats pending approval and scheduled as having gone through', () => {
    assert.equal(outcomeSucceeded('active'), true);
    assert.equal(outcomeSucceeded('alreadyActive'), true);
    assert.equal(outcomeSucceeded('pendingApproval'), true);
    assert.equal(outcomeSucceeded('scheduled'), true);
    assert.equal(outcomeSucceeded('failed'), false);
    assert.equal(outcomeSucceeded('sending'), false);
    assert.equal(outcomeSucceeded(undefined), false);
  });
});

describe('form draft', () => {
  const draft = {
    offeredRoleIds: ['a', 'b'],
    requestedRoleIds: ['a', 'b'],
    selectedRoleIds: ['a'],
    durationMinutes: 60,
    justification: 'C12345A',
    ticketNumber: '',
    ticketSystem: 'ServiceNow',
    startMode: 'now',
    startAtLocal: '',
  };

  it('round-trips a saved draft and rejects anything else', () => {
    assert.deepEqual(parseDraft(JSON.parse(JSON.stringify(draft)) as unknown), draft);
    assert.equal(parseDraft(undefined), undefined);
    assert.equal(parseDraft({ ...draft, startMode: 'soon' }), undefined);
    assert.equal(parseDraft({ ...draft, justification: 'x'.repeat(501) }), undefined);
    assert.equal(parseDraft({ ...draft, selectedRoleIds: [1] }), undefined);
  });

  it('compares id sets regardless of order', () => {
    assert.equal(sameIds(['a', 'b'], ['b', 'a']), true);
    assert.equal(sameIds(['a'], ['a', 'b']), false);
  });

  it('converts datetime-local values (local time) to UTC instants', () => {
    const local = new Date(2030, 5, 1, 9, 30);
    assert.equal(toLocalDateTime(local), '2030-06-01T09:30');
    assert.equal(localDateTimeToIso('2030-06-01T09:30'), local.toISOString());
    assert.equal(localDateTimeToIso(''), undefined);
    assert.equal(localDateTimeToIso('2030-06-01'), undefined);
    assert.equal(localDateTimeToIso('2030-06-01T09:30Z'), undefined);
  });
});
