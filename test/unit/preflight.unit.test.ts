// The form's preflight without the form (core/flows/preflight.ts, formPreflight.ts, preflightScheduler.ts), against
// the emulator over HTTP: Azure's validate operation answers like the PUT would, nothing is created, and a validate
// call that fails or does not exist never stands in the way of sending.
import * as assert from 'node:assert/strict';
import { activateBatch } from '../../src/core/flows/batchActivation';
import { FormPreflight } from '../../src/core/flows/formPreflight';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import { preflightRow } from '../../src/core/flows/preflight';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import type { HostToForm } from '../../src/shared/protocol';
import { E2E } from '../emulator/testing';
import { FakeTimers } from '../support/fakeTimers';
import { withEmulator } from '../support/withEmulator';

const CHOICE = { justification: 'Deploy release 42', durationMinutes: 60 };

describe('preflight: Azure validates the request before it is sent', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let store: RoleStore;

  beforeEach(async () => {
    store = await fixture.loadStore(fixture.connect({ graphClientId: E2E.graphClient }).connection);
    fixture.emulator.clearRequests();
  });

  const row = (roleName: string, scopeName?: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && (!scopeName || candidate.row.scope.displayName === scopeName));
    assert.ok(ref, `no row for ${roleName} ${scopeName ?? ''}`);
    return ref;
  };
  const calls = (): string[] => fixture.emulator.requests.map((request) => `${request.method} ${request.path.split('?')[0] ?? ''}`);

  it('answers like the PUT would, and creates nothing: the log shows POST .../validate and no PUT', async () => {
    const verdict = await preflightRow(row('Contributor'), CHOICE);
    assert.deepEqual(verdict, { state: 'accepted', message: 'Azure accepts this request.' });
    const validate = calls().filter((call) => call.startsWith('POST '));
    assert.equal(validate.length, 1);
    assert.match(validate[0] ?? '', new RegExp(`^POST ${E2E.subA}/providers/Microsoft\\.Authorization/roleAssignmentScheduleRequests/[0-9a-f-]{36}/validate$`));
    assert.deepEqual(calls().filter((call) => call.startsWith('PUT ')), [], 'nothing sent for real');

    await store.refresh();
    assert.equal(row('Contributor').row.state, 'eligible', 'still only eligible');
    const again = await activateBatch([row('Contributor')], CHOICE);
    assert.equal(again.roles[0]?.result?.outcome, 'active', 'the real request goes through afterwards');
  });

  it("names the rules Azure would refuse in plain words, the approval it would wait for, and a step-up need", async () => {
    assert.deepEqual(await preflightRow(row('Contributor'), { justification: '', durationMinutes: 10 * 60 }), {
      state: 'refused',
      message: 'Azure would refuse this request: the duration is longer than the policy allows and a justification is required.',
    });
    assert.deepEqual(await preflightRow(row('Reader', 'rg-app'), CHOICE), {
      state: 'refused',
      message: 'Azure would refuse this request: ticket information (number and system) is required.',
      needsTicket: true,
    });
    assert.equal((await preflightRow(row('Reader', 'rg-app'), { ...CHOICE, ticketNumber: 'CHG-1', ticketSystem: 'ServiceNow' })).state, 'accepted');
    assert.deepEqual(await preflightRow(row('Owner'), CHOICE), { state: 'accepted', message: 'Azure accepts this request; it will then wait for approval.' });
    assert.deepEqual(await preflightRow(row('Key Vault Administrator'), CHOICE), {
      state: 'stepUp',
      message: 'Azure asks for a stronger sign-in (authentication context "c1") for this role; VS Code asks you for it when you send.',
    });
    assert.deepEqual(calls().filter((call) => !call.startsWith('POST ') || !call.endsWith('/validate')), [], 'only validate calls');
  });

  it('gives a real answer for a role whose policy cannot be read', async () => {
    fixture.emulator.setFaults([{ match: { pathIncludes: 'roleManagementPolicyAssignments' }, kind: 'status', status: 403, code: 'AuthorizationFailed', times: 0 }]);
    const contributor = row('Contributor');
    await assert.rejects(loadPolicy(contributor.connection, contributor.row.eligible?.key ?? assert.fail('eligible')), /HTTP 403: AuthorizationFailed/);
    assert.deepEqual(await preflightRow(contributor, { ...CHOICE, durationMinutes: 9 * 60 }), {
      state: 'refused',
      message: 'Azure would refuse this request: the duration is longer than the policy allows.',
    });
    assert.equal((await preflightRow(contributor, CHOICE)).state, 'accepted');
  });

  it('says honestly when validate is unavailable, and sending still works', async () => {
    fixture.emulator.setFaults([
      {
        match: { pathIncludes: '/validate' },
        kind: 'status',
        status: 400,
        code: 'InvalidResourceType',
        message: "The resource type 'roleAssignmentScheduleRequests/validate' could not be found in the namespace 'Microsoft.Authorization'.",
        times: 0,
      },
    ]);
    assert.deepEqual(await preflightRow(row('Contributor'), CHOICE), {
      state: 'unavailable',
      message: 'Azure could not check this request in advance (HTTP 400 InvalidResourceType). You can still send it; PIM checks it then.',
    });
    fixture.emulator.setFaults([{ match: { pathIncludes: '/validate' }, kind: 'drop', times: 0 }]);
    const dropped = await preflightRow(row('Contributor'), CHOICE);
    assert.equal(dropped.state, 'unavailable');
    assert.match(dropped.message, /You can still send it/);

    const sent = await activateBatch([row('Contributor')], CHOICE);
    assert.equal(sent.roles[0]?.result?.outcome, 'active');
  });

  it('asks Graph nothing for Entra roles and groups, and nothing for a role that is active now', async () => {
    const entra = store.allRows().find((ref) => ref.row.eligible?.key.kind === 'entra');
    const group = store.allRows().find((ref) => ref.row.eligible?.key.kind === 'group');
    assert.ok(entra && group);
    for (const ref of [entra, group]) {
      assert.deepEqual(await preflightRow(ref, CHOICE), {
        state: 'notChecked',
        message: 'Not checked in advance: PIM checks Microsoft Entra roles and groups when you send the request.',
      });
    }
    await activateBatch([row('Contributor')], CHOICE);
    await store.refresh();
    fixture.emulator.clearRequests();
    assert.equal((await preflightRow(row('Contributor'), CHOICE)).state, 'notChecked');
    assert.deepEqual(calls(), []);
  });

  describe('from the form: debounced, newest question only, bounded plain answers', () => {
    let timers: FakeTimers;
    let posted: Extract<HostToForm, { type: 'preflightVerdict' }>[];
    let preflight: FormPreflight;

    beforeEach(() => {
      timers = new FakeTimers();
      posted = [];
      preflight = new FormPreflight({
        findRow: (rowId) => store.findRow(rowId),
        post: (message) => {
          if (message.type === 'preflightVerdict') {
            posted.push(message);
          }
        },
        timers,
      });
    });
    afterEach(() => preflight.dispose());

    const request = (roles: readonly RowRef[], justification: string) => ({
      roleIds: roles.map((ref) => ref.row.id),
      justification,
      durationMinutes: 60,
      ticketNumber: '',
      ticketSystem: '',
    });
    const settle = async (count: number): Promise<void> => {
      for (let i = 0; i < 200 && posted.length < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    it('asks once typing pauses, only about the newest request, every role in parallel', async () => {
      const roles = [row('Contributor'), row('Owner')];
      for (const [sequence, text] of ['D', 'De', 'Deploy'].entries()) {
        preflight.ask(sequence + 1, request(roles, text));
      }
      assert.equal(timers.timeouts.size, 1, 'one pending question');
      assert.deepEqual(calls(), [], 'nothing asked while typing');
      const [timer] = [...timers.timeouts.values()];
      assert.equal(timer?.ms, 600);
      timer?.callback();
      await settle(2);
      assert.deepEqual(
        posted.map((message) => [message.sequence, message.roleId === roles[0]?.row.id ? 'Contributor' : 'Owner', message.verdict.state]).sort(),
        [
          [3, 'Contributor', 'accepted'],
          [3, 'Owner', 'accepted'],
        ],
      );
      assert.equal(calls().filter((call) => call.endsWith('/validate')).length, 2, 'one validate per role');
    });

    it('drops the answers of a round that a submit stopped', async () => {
      fixture.emulator.setLatency({ perRouteMs: { '/validate': 300 } });
      preflight.ask(1, request([row('Contributor')], 'Deploy'));
      [...timers.timeouts.values()][0]?.callback();
      await new Promise((resolve) => setTimeout(resolve, 50));
      preflight.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(posted, []);
    });

    it('answers for a role the store no longer has without asking Azure, and bounds what Azure says', async () => {
      preflight.ask(1, { ...request([], 'x'), roleIds: ['azure|gone'] });
      assert.deepEqual(posted, [
        { type: 'preflightVerdict', sequence: 1, roleId: 'azure|gone', verdict: { state: 'notChecked', message: 'Not checked in advance: this role is no longer available; refresh the list.' } },
      ]);
      posted = [];
      fixture.emulator.setFaults([{ match: { pathIncludes: '/validate' }, kind: 'status', status: 400, code: 'X'.repeat(5000), times: 0 }]);
      preflight.ask(2, request([row('Contributor')], 'Deploy'));
      [...timers.timeouts.values()][0]?.callback();
      await settle(1);
      assert.equal(posted[0]?.verdict.state, 'unavailable');
      assert.ok((posted[0]?.verdict.message.length ?? Infinity) <= 2000);
    });
  });
});
