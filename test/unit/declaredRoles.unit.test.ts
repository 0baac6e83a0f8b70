// Elevate before deploy: declared workspace roles matched to rows, activated or reported, and effective access
// waited for, against the real emulator over HTTP.
import * as assert from 'node:assert/strict';
import type { ArmPimClient } from '../../src/core/api/armPimClient';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { activeRoleSummaries, apiJustification } from '../../src/core/flows/apiElevation';
import { declares, isAtOrAbove, parseDeclaredRoles, type DeclaredRole } from '../../src/core/flows/declaredRoles';
import { ensureRoles, planElevation, type ElevationProgress } from '../../src/core/flows/ensureRoles';
import type { RunningEmulator } from '../emulator';
import { withEmulator } from '../support/withEmulator';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const PROD = '/subscriptions/b0000000-0000-4000-8000-00000000000b';
const CONTRIBUTOR_ID = `${DEV}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
const fast = { pollIntervalsMs: [50, 100, 200], pollTimeoutMs: 5000 };

describe('workspace elevation (declared roles) against the emulator', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let store: RoleStore;
  let arm: ArmPimClient;

  beforeEach(async () => {
    emulator = fixture.emulator;
    const connected = fixture.connect();
    arm = connected.arm;
    store = await fixture.loadStore(connected.connection);
  });

  const options = (events: ElevationProgress[] = []) => ({
    defaultJustification: 'Deploy from workspace',
    policyFor: (ref: RowRef) => {
      const key = (ref.row.eligible ?? ref.row.active)?.key;
      return key ? loadPolicy(ref.connection, key) : Promise.resolve(undefined);
    },
    follow: fast,
    onProgress: (event: ElevationProgress) => events.push(event),
  });

  describe('parsing declared roles', () => {
    it('keeps valid entries and explains the others', () => {
      const { roles, problems } = parseDeclaredRoles([
        { role: 'Contributor', scope: DEV },
        { role: 'Reader' },
        { role: 'Owner', scope: PROD, kind: 'planet' },
        { role: 'Owner', scope: PROD, durationMinutes: 2 },
        'Contributor',
        { role: 'Global Reader', scope: '/', kind: 'entra', justification: ' audit ', tenantId: CONTOSO.toUpperCase() },
      ]);
      assert.deepEqual(roles, [
        { role: 'Contributor', scope: DEV },
        { role: 'Global Reader', scope: '/', kind: 'entra', justification: 'audit', tenantId: CONTOSO },
      ]);
      assert.equal(problems.length, 4);
      assert.match(problems[0] ?? '', /\[1\].*"scope"/);
      assert.match(problems[1] ?? '', /kind/);
      assert.match(problems[2] ?? '', /durationMinutes/);
      assert.deepEqual(parseDeclaredRoles({ role: 'x' }).problems.length, 1);
      assert.deepEqual(parseDeclaredRoles(undefined), { roles: [], problems: [] });
    });
  });

  describe('matching', () => {
    it('matches by role name (any case) or role definition id, and scope (any case, trailing slash)', () => {
      const refs = store.allRows();
      const byName = planElevation([{ role: 'contributor', scope: `${DEV.toUpperCase()}/` }], refs);
      const byId = planElevation([{ role: CONTRIBUTOR_ID.toUpperCase(), scope: DEV }], refs);
      const byGuid = planElevation([{ role: 'b24988ac-6180-42a0-ab88-20f7382dd24c', scope: DEV }], refs);
      for (const plan of [byName, byId, byGuid]) {
        assert.equal(plan[0]?.action, 'activate');
        assert.ok(plan[0] && 'ref' in plan[0] && plan[0].ref.row.roleName === 'Contributor');
      }
    });

    it('reports an unknown role or scope instead of guessing, and never matches another kind', () => {
      const plan = planElevation(
        [
          { role: 'Contributor', scope: PROD },
          { role: 'Contributer', scope: DEV },
          { role: 'Contributor', scope: DEV, kind: 'entra' },
          { role: 'Contributor', scope: DEV, tenantId: '22222222-2222-4222-8222-222222222222' },
        ],
        store.allRows(),
      );
      assert.deepEqual(plan.map((step) => step.action), ['unknown', 'unknown', 'unknown', 'unknown']);
    });

    it('a declaration covers a request by the same rules (name or id, any case, scope, kind, tenant)', () => {
      const declared: DeclaredRole = { role: 'Contributor', scope: DEV, durationMinutes: 30 };
      assert.ok(declares(declared, { role: 'contributor', scope: `${DEV.toUpperCase()}/` }));
      assert.ok(declares(declared, { role: 'Contributor', scope: DEV, kind: 'azure', tenantId: CONTOSO }));
      assert.ok(declares({ role: CONTRIBUTOR_ID, scope: DEV }, { role: 'b24988ac-6180-42a0-ab88-20f7382dd24c', scope: DEV }));
      assert.ok(declares({ role: 'Contributor', scope: DEV, tenantId: CONTOSO }, { role: 'Contributor', scope: DEV }));
      // What today's weaker string comparison let through or missed must not decide silently.
      assert.ok(!declares(declared, { role: 'Contributor', scope: PROD }));
      assert.ok(!declares(declared, { role: 'Contributor', scope: `${DEV}/resourceGroups/rg-app` }), 'a parent scope does not cover a child');
      assert.ok(!declares({ role: 'Contributor', scope: `${DEV}/resourceGroups/rg-app` }, { role: 'Contributor', scope: DEV }), 'nor a child its parent');
      assert.ok(!declares(declared, { role: 'Contributor', scope: DEV, kind: 'entra' }));
      assert.ok(!declares(declared, { role: 'Owner', scope: DEV }));
      assert.ok(!declares({ role: 'Contributor', scope: DEV, tenantId: CONTOSO }, { role: 'Contributor', scope: DEV, tenantId: '22222222-2222-4222-8222-222222222222' }));
      // The same declared/requested pair matches the same row, by the one matcher.
      const row = store.allRows().filter((ref) => ref.row.roleName === 'Contributor');
      assert.ok(row.some((ref) => planElevation([declared], [ref])[0]?.action === 'activate'));
    });

    it('a scope is at or above itself and its descendants only (any case, trailing slash)', () => {
      const rg = `${DEV}/resourceGroups/rg-app`;
      assert.equal(isAtOrAbove(DEV, rg), true);
      assert.equal(isAtOrAbove(`${DEV.toUpperCase()}/`, rg), true);
      assert.equal(isAtOrAbove(rg, rg.toLowerCase()), true);
      assert.equal(isAtOrAbove(rg, DEV), false);
      assert.equal(isAtOrAbove(DEV, `${DEV}0/resourceGroups/x`), false, 'a longer id with the same start is not below it');
      assert.equal(isAtOrAbove(PROD, rg), false);
    });
  });

  describe('ensureRoles', () => {
    it('activates what is missing, skips what is already active, and reports end times', async () => {
      const declared: DeclaredRole[] = [
        { role: 'Contributor', scope: DEV, durationMinutes: 90 },
        { role: 'Reader', scope: PROD },
      ];
      const events: ElevationProgress[] = [];
      const result = await ensureRoles(store, declared, options(events));
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.deepEqual(result.roles.map((role) => role.outcome), ['active', 'alreadyActive']);
      const minutes = (Date.parse(result.roles[0]?.endsAt ?? '') - emulator.clock.now().getTime()) / 60_000;
      assert.ok(minutes > 89 && minutes <= 90.1, `ends in ${minutes} min`);
      assert.equal(result.summary, '1 activated, 1 already active');
      assert.deepEqual(
        events.map((event) => `${event.label}: ${event.state}`),
        ['Contributor on Contoso Dev: activating', 'Contributor on Contoso Dev: active', 'Reader on Contoso Prod: alreadyActive'],
      );
      assert.match(events[1]?.message ?? '', /^active until \d\d:\d\d$/);

      const putsBefore = emulator.requests.filter((r) => r.method === 'PUT').length;
      const again = await ensureRoles(store, declared, options());
      assert.deepEqual(again.roles.map((role) => role.outcome), ['alreadyActive', 'alreadyActive']);
      assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, putsBefore, 'nothing sent the second time');
      assert.deepEqual(
        activeRoleSummaries(store.allRows()).map((role) => `${role.roleName}@${role.scopeDisplayName}:${role.assignmentType}`).sort(),
        ['Contributor@Contoso Dev:activated', 'Reader@Contoso Prod:assigned'],
      );
    });

    it('caps the duration at the policy maximum', async () => {
      const result = await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 1440 }], options());
      assert.equal(result.ok, true, result.summary);
      const hours = (Date.parse(result.roles[0]?.endsAt ?? '') - emulator.clock.now().getTime()) / 3_600_000;
      assert.ok(hours > 7.9 && hours <= 8.01, `ends in ${hours} h (policy maximum 8 h)`);
    });

    it('reports an approval as pending (not ok), and does not send it again while it is pending', async () => {
      const first = await ensureRoles(store, [{ role: 'Owner', scope: PROD }], options());
      assert.equal(first.ok, false);
      assert.equal(first.roles[0]?.outcome, 'pendingApproval');
      assert.match(first.roles[0]?.message ?? '', /approval by Alice Admin/);
      await store.refresh();
      const puts = emulator.requests.filter((r) => r.method === 'PUT').length;
      const second = await ensureRoles(store, [{ role: 'Owner', scope: PROD }], options());
      assert.equal(second.roles[0]?.outcome, 'pendingApproval');
      assert.match(second.roles[0]?.message ?? '', /not sent again/);
      assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, puts);
    });

    it('names the policy rule: a ticket is required (caught before sending), or the service rejects', async () => {
      const puts = emulator.requests.filter((r) => r.method === 'PUT').length;
      const ticket = await ensureRoles(store, [{ role: 'Reader', scope: `${DEV}/resourceGroups/rg-app` }], options());
      assert.equal(ticket.roles[0]?.outcome, 'policyViolation');
      assert.deepEqual(ticket.roles[0]?.failedRules, ['TicketingRule']);
      assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, puts, 'not sent');
      // Without a readable policy, the service's own rejection names the rule.
      const noJustification = await ensureRoles(store, [{ role: 'Contributor', scope: DEV }], { follow: fast, policyFor: () => Promise.resolve(undefined) });
      assert.equal(noJustification.roles[0]?.outcome, 'policyViolation');
      assert.match(noJustification.roles[0]?.message ?? '', /JustificationRule/);
    });

    it('annotates the justification it sends after the policy check, so an empty one still fails a policy that needs one', async () => {
      const annotated = { ...options(), defaultJustification: 'Deploy', annotateJustification: apiJustification };
      const result = await ensureRoles(store, [{ role: 'Contributor', scope: DEV }], annotated);
      assert.equal(result.ok, true, result.summary);
      const sent = (await arm.listMyRequests()).find((request) => request.key.scope.toLowerCase() === DEV.toLowerCase());
      assert.equal(sent?.justification, 'Deploy (requested by another extension through the Azure PIM API)');

      const puts = emulator.requests.filter((r) => r.method === 'PUT').length;
      const empty = await ensureRoles(store, [{ role: 'Owner', scope: PROD }], { ...annotated, defaultJustification: '' });
      assert.equal(empty.roles[0]?.outcome, 'policyViolation', JSON.stringify(empty.roles[0]));
      assert.deepEqual(empty.roles[0]?.failedRules, ['JustificationRule']);
      assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, puts, 'nothing sent');
    });

    it('reports an unknown role, and still activates the others', async () => {
      const result = await ensureRoles(store, [{ role: 'Storage Blob Data Owner', scope: DEV }, { role: 'Contributor', scope: DEV }], options());
      assert.equal(result.ok, false);
      assert.deepEqual(result.roles.map((role) => role.outcome), ['unknown', 'active']);
      assert.match(result.summary, /1 not found, 1 activated/);
    });

    it('waits with backoff until the permissions API shows the access', async () => {
      let calls = 0;
      const seenAt: number[] = [];
      const realList = arm.listPermissions.bind(arm);
      // RBAC caches: the first two checks do not show the new assignment yet.
      arm.listPermissions = async (scope, signal) => {
        calls++;
        seenAt.push(Date.now());
        return calls <= 2 ? [] : realList(scope, signal);
      };
      const events: ElevationProgress[] = [];
      const result = await ensureRoles(store, [{ role: 'Contributor', scope: DEV }], { ...options(events), waitForAccess: true, accessBackoff: { baseMs: 50, maxMs: 400, factor: 2 } });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(calls, 3);
      const gaps = [(seenAt[1] ?? 0) - (seenAt[0] ?? 0), (seenAt[2] ?? 0) - (seenAt[1] ?? 0)];
      assert.ok((gaps[0] ?? 0) >= 40 && (gaps[1] ?? 0) >= 90, `growing waits: ${gaps.join(', ')} ms`);
      assert.deepEqual(events.map((event) => event.state), ['activating', 'waitingForAccess', 'accessEffective', 'active']);
    });

    it('the store reports an expiry on its own clock (what auto re-activation listens to), with no network call', async () => {
      await ensureRoles(store, [{ role: 'Contributor', scope: DEV, durationMinutes: 30 }], options());
      const expired: string[] = [];
      const subscription = store.onDidExpire((refs) => expired.push(...refs.map((ref) => `${ref.row.roleName}@${ref.row.scope.displayName}`)));
      const requests = emulator.requests.length;
      assert.equal(store.recomputeExpired(), false);
      emulator.clock.advance(31 * 60_000);
      assert.equal(store.recomputeExpired(), true);
      subscription.dispose();
      assert.deepEqual(expired, ['Contributor@Contoso Dev']);
      assert.equal(emulator.requests.length, requests);
      assert.equal(planElevation([{ role: 'Contributor', scope: DEV }], store.allRows())[0]?.action, 'activate');
    });

    it('gives up waiting for access after the timeout and says so', async () => {
      arm.listPermissions = () => Promise.resolve([]);
      const result = await ensureRoles(store, [{ role: 'Contributor', scope: DEV }], { ...options(), waitForAccess: true, accessBackoff: [20], accessTimeoutMs: 150 });
      assert.equal(result.ok, false);
      assert.equal(result.roles[0]?.outcome, 'accessNotEffective');
      assert.match(result.roles[0]?.message ?? '', /did not apply the access/);
    });
  });
});
