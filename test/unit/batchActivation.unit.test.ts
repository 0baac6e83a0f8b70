// The form's submit, without the form: several roles at once, re-activation, progress, groups (core/flows/batchActivation.ts).
import * as assert from 'node:assert/strict';
import { activateBatch, activationChoiceOf } from '../../src/core/flows/batchActivation';
import type { ActivationOutcome } from '../../src/shared/protocol';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { E2E } from '../emulator/testing';
import { withEmulator } from '../support/withEmulator';

const CHOICE = { justification: 'Deploy release 42', durationMinutes: 60 };

describe('batch activation (the form submit) against the emulator', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let store: RoleStore;
  let steps: { role: string; outcome: ActivationOutcome; message: string }[];
  const onProgress = (ref: RowRef, outcome: ActivationOutcome, message: string): void => {
    steps.push({ role: ref.row.roleName, outcome, message });
  };

  beforeEach(async () => {
    steps = [];
    store = await fixture.loadStore(fixture.connect({ graphClientId: E2E.graphClient }).connection);
  });

  const row = (roleName: string, scopeName?: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && (!scopeName || candidate.row.scope.displayName === scopeName));
    assert.ok(ref, `no row for ${roleName} ${scopeName ?? ''}`);
    return ref;
  };
  const lastOutcome = (roleName: string): ActivationOutcome | undefined => steps.filter((step) => step.role === roleName).at(-1)?.outcome;

  it('activates every role at once and counts approval as success; one failure does not stop the others', async () => {
    const together = await activateBatch([row('Contributor'), row('Owner')], CHOICE, { onProgress });
    assert.equal(together.allSucceeded, true);
    assert.deepEqual(together.roles.map((role) => [role.ref.row.roleName, role.ok, role.result?.outcome]), [
      ['Contributor', true, 'active'],
      ['Owner', true, 'pendingApproval'],
    ]);
    assert.deepEqual([lastOutcome('Contributor'), lastOutcome('Owner')], ['active', 'pendingApproval']);
    assert.deepEqual(together.activatedGroups, []);

    steps = [];
    const refused = await activateBatch([row('Reader', 'rg-app'), row('Contributor')], { ...CHOICE, durationMinutes: 10 * 60 }, { onProgress });
    assert.equal(refused.allSucceeded, false);
    assert.deepEqual(refused.roles.map((role) => [role.ok, role.result?.outcome]), [
      [false, 'policyViolation'],
      [true, 'alreadyActive'],
    ]);
    assert.equal(lastOutcome('Reader'), 'policyViolation');
  });

  it('never ends an active role unless told to (PIM cannot extend an activation): nothing is sent for it', async () => {
    await activateBatch([row('Contributor')], CHOICE);
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'active');
    fixture.emulator.clock.advance(6 * 60_000);
    fixture.emulator.clearRequests();

    const result = await activateBatch([row('Contributor'), row('Reader', 'rg-app')], { ...CHOICE, ticketNumber: 'T-1', ticketSystem: 'Jira' }, { onProgress });
    assert.deepEqual(result.roles.map((role) => [role.ref.row.roleName, role.ok]), [['Contributor', false], ['Reader', true]]);
    assert.match(steps.find((step) => step.role === 'Contributor')?.message ?? '', /PIM cannot extend an activation/);
    const puts = fixture.emulator.requests.filter((request) => request.method === 'PUT');
    assert.equal(puts.length, 1, `only the Reader activation was sent: ${puts.map((p) => p.path).join(', ')}`);
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'active', 'still active, its time left intact');
  });

  it('with replaceActive (the user confirmed): ends the activation first, waits until PIM drops it, then activates; says so when PIM refuses to end it this soon', async () => {
    await activateBatch([row('Contributor')], CHOICE);
    await store.refresh();
    assert.equal(row('Contributor').row.state, 'active');

    const tooSoon = await activateBatch([row('Contributor')], CHOICE, { onProgress, replaceActive: true });
    assert.equal(tooSoon.allSucceeded, false);
    assert.equal(tooSoon.roles[0]?.result, undefined, 'nothing was sent after the deactivation failed');
    assert.deepEqual(
      steps.map((step) => step.outcome),
      ['sending', 'failed'],
    );
    assert.equal(steps[0]?.message, 'Ending the current activation first…');
    assert.match(steps[1]?.message ?? '', /within 5 minutes/);

    fixture.emulator.clock.advance(6 * 60_000);
    steps = [];
    const later = await activateBatch([row('Contributor')], CHOICE, { onProgress, replaceActive: true });
    assert.equal(later.allSucceeded, true);
    assert.deepEqual(steps.slice(0, 2).map((step) => step.message), ['Ending the current activation first…', 'Waiting for PIM to end the current activation…']);
    assert.equal(lastOutcome('Contributor'), 'active');
  });

  it('names the PIM groups it activated (their access needs a fresh token)', async () => {
    const result = await activateBatch([row('Member'), row('Contributor')], CHOICE);
    assert.equal(result.allSucceeded, true);
    assert.deepEqual(
      result.activatedGroups.map((ref) => `${ref.row.roleName}@${ref.row.scope.displayName}`),
      ['Member@pim-contoso-admins'],
    );
  });

  it('logs each outcome, and a thrown error as a failure of that role only', async () => {
    const lines: string[] = [];
    const log = { info: (line: string) => lines.push(`info ${line}`), error: (line: string) => lines.push(`error ${line}`) };
    const reader = row('Reader', 'rg-app');
    const broken: RowRef = { ...reader, connection: { ...reader.connection, callerObjectId: () => Promise.reject(new Error('no token')) } };
    const result = await activateBatch([broken, row('Contributor')], CHOICE, { onProgress, log });
    assert.deepEqual(result.roles.map((role) => role.ok), [false, true]);
    assert.equal(lastOutcome('Reader'), 'failed');
    assert.deepEqual(lines.sort(), ['error Activation of Reader failed: no token', 'info Activation of Contributor on Contoso Dev: active']);
  });

  it('turns the form request into a choice, leaving out empty ticket fields', () => {
    assert.deepEqual(activationChoiceOf({ roleIds: ['r'], justification: 'j', durationMinutes: 30, ticketNumber: '', ticketSystem: '' }), {
      justification: 'j',
      durationMinutes: 30,
    });
    assert.deepEqual(
      activationChoiceOf({ roleIds: ['r'], justification: 'j', durationMinutes: 30, ticketNumber: 'T-1', ticketSystem: 'Jira', startAt: '2030-01-01T10:00:00.000Z' }),
      { justification: 'j', durationMinutes: 30, ticketNumber: 'T-1', ticketSystem: 'Jira', startAt: new Date('2030-01-01T10:00:00.000Z') },
    );
  });
});
