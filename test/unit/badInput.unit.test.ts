// Bad-input and security suite: hostile messages from the webview, ids that are not ARM ids, hostile display
// names from the API, and tokens or query strings that must never reach a log line.
import * as assert from 'node:assert/strict';
import { mapEligibilityInstance } from '../../src/core/api/armMapping';
import { ArmPimClient } from '../../src/core/api/armPimClient';
import { classifyArmError, isPimError } from '../../src/core/errors/errors';
import { JsonClient, redactUrl } from '../../src/core/api/http';
import { readName } from '../../src/shared/json';
import { rowDescription, rowTooltipLines } from '../../src/core/model/presentation';
import { RoleStore } from '../../src/core/store/roleStore';
import { PROTOCOL_LIMITS } from '../../src/shared/protocol';
import { parseFormToHost, parseHostToForm } from '../../src/shared/protocolValidation';
import type { RunningEmulator } from '../emulator';
import { EmulatorCredential } from '../support/emulatorCredential';
import { ARM_SCOPE, quietLog } from '../support/emulatorConnection';
import { trustingDestinations } from '../support/tokenDestinations';
import { withEmulator } from '../support/withEmulator';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const DEV_ID = 'a0000000-0000-4000-8000-00000000000a';
const DEV = `/subscriptions/${DEV_ID}`;
const CONTRIBUTOR = `${DEV}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
const NOW = new Date('2030-06-01T12:00:00.000Z');

/** Display names an attacker who can name a subscription, group or custom role could choose. */
const HOSTILE_NAMES = {
  html: '<img src=x onerror=alert(1)>',
  markdown: '**bold** [link](command:workbench.action.quit) $(alert)',
  rtl: 'Reader\u202Etxt.exe\u202C',
  long: `Role ${'W'.repeat(1500)}`,
};

function submit(request: Record<string, unknown>): unknown {
  return {
    type: 'submit',
    request: { roleIds: ['r1'], justification: 'ok', durationMinutes: 60, ticketNumber: '', ticketSystem: '', ...request },
  };
}

describe('bad input: webview messages', () => {
  it('refuses durations out of range or of the wrong type', () => {
    for (const durationMinutes of [0, -60, 4, 1441, 60.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e308, -0.1, '60', null, [60], { valueOf: () => 60 }]) {
      assert.equal(parseFormToHost(submit({ durationMinutes }), NOW), undefined, String(durationMinutes));
    }
    assert.ok(parseFormToHost(submit({ durationMinutes: PROTOCOL_LIMITS.minDurationMinutes }), NOW));
    assert.ok(parseFormToHost(submit({ durationMinutes: PROTOCOL_LIMITS.maxDurationMinutes }), NOW));
  });

  it('refuses the same role twice in one submit (it would send two activations)', () => {
    assert.equal(parseFormToHost(submit({ roleIds: ['r1', 'r1'] }), NOW), undefined);
    assert.ok(parseFormToHost(submit({ roleIds: ['r1', 'r2'] }), NOW));
  });

  it('refuses unknown commands, including names every object inherits, and JSON text instead of an object', () => {
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'submit ', ' ready', 'Submit', 'eval', '']) {
      assert.equal(parseFormToHost({ type }, NOW), undefined, type);
    }
    assert.equal(parseFormToHost(JSON.stringify({ type: 'ready' }), NOW), undefined);
    assert.equal(parseFormToHost(Object.create({ type: 'ready' }) as unknown, NOW), undefined, 'inherited type');
  });

  it('refuses huge strings and lists quickly, without throwing', () => {
    const huge = 'x'.repeat(10_000_000);
    const started = Date.now();
    assert.equal(parseFormToHost(submit({ justification: huge }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ ticketNumber: huge }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ roleIds: [huge] }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ roleIds: Array.from({ length: 100_000 }, (_, i) => `r${i}`) }), NOW), undefined);
    assert.equal(parseFormToHost(submit({ startAt: huge }), NOW), undefined);
    assert.ok(Date.now() - started < 1000, 'bounded work for hostile sizes');
  });

  it('keeps script in a justification as inert text, byte for byte', () => {
    const justification = '</textarea><script>alert(document.cookie)</script>\u202E';
    const parsed = parseFormToHost(submit({ justification }), NOW);
    assert.equal(parsed?.type === 'submit' ? parsed.request.justification : undefined, justification);
  });

  it('host → form: hostile API names pass as text; oversize names and role lists are refused', () => {
    const defaults = { durationMinutes: 60, justification: '', justificationPattern: '', justificationPatternHint: '', ticketSystem: '', recentJustifications: [] };
    const role = (roleName: string) => ({ id: 'r1', kind: 'azure', roleName, scopeDisplayName: HOSTILE_NAMES.markdown, scopeTypeLabel: 'Subscription', selected: true });
    for (const name of Object.values(HOSTILE_NAMES)) {
      const parsed = parseHostToForm({ type: 'init', roles: [role(name)], defaults });
      assert.equal(parsed?.type === 'init' ? parsed.roles[0]?.roleName : undefined, name);
    }
    assert.equal(parseHostToForm({ type: 'init', roles: [role('x'.repeat(PROTOCOL_LIMITS.maxTextLength + 1))], defaults }), undefined);
    const many = Array.from({ length: PROTOCOL_LIMITS.maxRoles + 1 }, (_, i) => ({ ...role('r'), id: `r${i}` }));
    assert.equal(parseHostToForm({ type: 'init', roles: many, defaults }), undefined);
  });
});

describe('bad input: the ARM client refuses what is not an ARM id before any request', function () {
  this.timeout(10_000);
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let credential: EmulatorCredential;
  let arm: ArmPimClient;

  beforeEach(() => {
    emulator = fixture.emulator;
    ({ credential, arm } = fixture.connect());
  });

  const BAD_SCOPES = [
    '',
    'subscriptions/x',
    `${DEV}/`,
    '/subscriptions/..',
    `/subscriptions/../providers/Microsoft.Authorization`,
    '/subscriptions/%2e%2e',
    `${DEV}?api-version=1999-01-01`,
    `${DEV}#fragment`,
    `${DEV}/resourceGroups/rg-app/providers/x/../../../../../tenants`,
    `${DEV}/resourceGroups/rg app`,
    `${DEV}/resourceGroups/rg\napp`,
    `${DEV}\\..\\..`,
    '//evil.example/subscriptions/x',
    'https://evil.example/subscriptions/x',
    '/providers/Microsoft.Management/managementGroups/',
    '<script>alert(1)</script>',
  ];
  const BAD_ROLE_IDS = ['Owner', '<img src=x onerror=alert(1)>', `${DEV}/providers/Microsoft.Authorization/roleDefinitions/not-a-guid`, ''];

  const refuses = async (what: string, call: () => Promise<unknown>): Promise<void> => {
    await assert.rejects(call, (error: unknown) => isPimError(error), what);
  };

  it('activate, deactivate and policy reads refuse bad scopes; no request reaches the emulator and no token is asked for', async () => {
    const input = { roleDefinitionId: CONTRIBUTOR, principalId: 'aaaaaaaa-0000-4000-8000-000000000001', justification: 'x', duration: 'PT1H' };
    for (const scope of BAD_SCOPES) {
      await refuses(`activate ${JSON.stringify(scope)}`, () => arm.activate({ ...input, scope }));
      await refuses(`deactivate ${JSON.stringify(scope)}`, () => arm.deactivate({ ...input, scope }));
      await refuses(`getPolicy ${JSON.stringify(scope)}`, () => arm.getPolicy(scope, CONTRIBUTOR));
    }
    assert.deepEqual(emulator.requests, []);
    assert.deepEqual(credential.asks, []);
  });

  it('refuses role definition ids, request names and request ids that are not ARM ids', async () => {
    const input = { scope: DEV, principalId: 'aaaaaaaa-0000-4000-8000-000000000001', justification: 'x', duration: 'PT1H' };
    for (const roleDefinitionId of BAD_ROLE_IDS) {
      await refuses(`activate role ${roleDefinitionId}`, () => arm.activate({ ...input, roleDefinitionId }));
      await refuses(`deactivate role ${roleDefinitionId}`, () => arm.deactivate({ ...input, roleDefinitionId }));
      await refuses(`policy role ${roleDefinitionId}`, () => arm.getPolicy(DEV, roleDefinitionId));
    }
    for (const requestName of ['../../x', 'not-a-guid', '', '%2e%2e']) {
      await refuses(`request name ${requestName}`, () => arm.activate({ ...input, roleDefinitionId: CONTRIBUTOR, requestName: requestName === '' ? ' ' : requestName }));
    }
    // Cancel and read-back build the URL from the request's scope and name, each checked on its own.
    for (const scope of BAD_SCOPES) {
      await refuses(`cancel at ${JSON.stringify(scope)}`, () => arm.cancelRequest(scope, '0f4e3b4c-6a1d-4d7e-9d55-0a4b6c1e2f30'));
      await refuses(`read back at ${JSON.stringify(scope)}`, () => arm.getRequest(scope, '0f4e3b4c-6a1d-4d7e-9d55-0a4b6c1e2f30'));
    }
    for (const name of ['abc', '', '..', 'x?evil=1', `${DEV}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/0f4e3b4c-6a1d-4d7e-9d55-0a4b6c1e2f30`]) {
      await refuses(`cancel ${name}`, () => arm.cancelRequest(DEV, name));
      await refuses(`read back ${name}`, () => arm.getRequest(DEV, name));
    }
    assert.deepEqual(emulator.requests, []);
  });

  it('still accepts every real scope shape', async () => {
    const input = { roleDefinitionId: CONTRIBUTOR, principalId: 'x', justification: 'x', duration: 'PT1H' };
    for (const scope of ['/', DEV, `${DEV}/resourceGroups/rg-app`, `${DEV}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-1`, '/providers/Microsoft.Management/managementGroups/contoso-platform']) {
      // The emulator answers (with a policy error or 403): what matters is that the request was sent.
      await arm.activate({ ...input, scope }).catch(() => undefined);
    }
    assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, 5);
  });

  it('ignores a policy id from the API that would leave its path', async () => {
    emulator.setFaults([]);
    const evil = new ArmPimClient({
      endpoint: emulator.url,
      tenantId: CONTOSO,
      credential,
      tokenDestinations: trustingDestinations(emulator.url),
      scopes: [ARM_SCOPE],
      httpClient: {
        sendRequest: (request) =>
          Promise.resolve({
            request,
            status: 200,
            headers: request.headers,
            bodyAsText: JSON.stringify({ value: [{ properties: { policyId: '/providers/x/../../_emulator/reset?' } }] }),
          }),
      },
    });
    await assert.rejects(() => evil.getPolicy(DEV, CONTRIBUTOR), (error: unknown) => isPimError(error) && error.kind === 'notFound');
  });
});

describe('bad input: hostile display names from the API stay plain text', function () {
  this.timeout(10_000);
  const fixture = withEmulator({ resetBeforeEach: false });
  let emulator: RunningEmulator;

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  it('the store, the row description and the tooltip lines carry the names literally', async () => {
    emulator.rename({ role: 'Contributor', displayName: HOSTILE_NAMES.html });
    emulator.rename({ subscriptionId: DEV_ID, displayName: HOSTILE_NAMES.markdown });
    emulator.rename({ role: 'Key Vault Administrator', displayName: HOSTILE_NAMES.long });
    emulator.rename({ role: 'Owner', displayName: HOSTILE_NAMES.rtl });
    const { connection } = fixture.connect();
    const store = new RoleStore(() => emulator.clock.now(), quietLog);
    try {
      await store.setConnections([connection]);
      const names = store.allRows().map((ref) => ref.row.roleName);
      for (const name of [HOSTILE_NAMES.html, HOSTILE_NAMES.long, 'Readertxt.exe']) {
        assert.ok(names.includes(name), `missing ${name.slice(0, 40)} in ${names.join(' | ').slice(0, 300)}`);
      }
      const html = store.allRows().find((ref) => ref.row.roleName === HOSTILE_NAMES.html);
      assert.ok(html);
      assert.equal(html.row.scope.displayName, HOSTILE_NAMES.markdown);
      const lines = rowTooltipLines(html.row, undefined, HOSTILE_NAMES.html, emulator.clock.now());
      assert.equal(lines[0], HOSTILE_NAMES.html);
      assert.ok(lines.includes(`Subscription: ${HOSTILE_NAMES.markdown}`), lines.join('\n'));
      assert.ok(lines.includes(`Policy: ${HOSTILE_NAMES.html}`));
      assert.equal(rowDescription(html.row, undefined, emulator.clock.now()), 'eligible');
      assert.ok(!names.some((name) => /[\u202A-\u202E\u2066-\u2069]/.test(name)), 'no bidi override reaches a row');
    } finally {
      store.dispose();
      emulator.reset();
    }
    const afterReset = (await fetch(`${emulator.url}/subscriptions?api-version=2022-12-01`, {
      headers: { authorization: `Bearer ${(await new EmulatorCredential(emulator.url, CONTOSO).getToken(ARM_SCOPE)).token}` },
    }).then((r) => r.json())) as { value: { displayName: string }[] };
    assert.ok(afterReset.value.some((s) => s.displayName === 'Contoso Dev'), 'reset restores the scenario names');
  });
});

describe('bad input: bidirectional controls in names', () => {
  it('readName drops embedding, override and isolate controls, so "Dev \\u202Eexe.txt" cannot show as "Dev txt.exe"', () => {
    assert.equal(readName({ n: 'Dev \u202Eexe.txt\u202C' }, 'n'), 'Dev exe.txt');
    assert.equal(readName({ n: '\u2066a\u2067b\u2068c\u2069\u202A\u202B\u202D' }, 'n'), 'abc');
    assert.equal(readName({ n: 'שלום Contoso' }, 'n'), 'שלום Contoso', 'right-to-left text itself stays');
    assert.equal(readName({ n: 5 }, 'n'), undefined);
    const role = mapEligibilityInstance(
      {
        properties: {
          scope: DEV,
          roleDefinitionId: CONTRIBUTOR,
          principalId: 'p',
          roleEligibilityScheduleId: `${DEV}/providers/Microsoft.Authorization/roleEligibilitySchedules/s`,
          expandedProperties: { scope: { displayName: 'Dev \u202Eexe.txt' }, roleDefinition: { displayName: 'Owner\u2066x' } },
        },
      },
      't',
    );
    assert.equal(role?.scope.displayName, 'Dev exe.txt');
    assert.equal(role?.roleName, 'Ownerx');
  });
});

describe('security: no token or query string in logs', function () {
  this.timeout(10_000);
  const fixture = withEmulator({ resetBeforeEach: false });
  let emulator: RunningEmulator;

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  it('redactUrl keeps origin and path only: no query, fragment or credentials', () => {
    assert.equal(
      redactUrl('https://user:secret@management.azure.com/providers/x?api-version=1&$filter=asTarget()&sig=abc#frag'),
      'https://management.azure.com/providers/x',
    );
    assert.equal(redactUrl('not a url Bearer abc'), '<invalid url>');
  });

  it('the debug log of successful and failing calls has no Authorization header, token or query string', async () => {
    const lines: string[] = [];
    const credential = new EmulatorCredential(emulator.url, CONTOSO);
    const client = new JsonClient({
      credential,
      tokenDestinations: trustingDestinations(emulator.url),
      scopes: [ARM_SCOPE],
      maxRetries: 1,
      retryDelayMs: 5,
      maxRetryDelayMs: 10,
      timeoutMs: 200,
      log: { debug: (line) => lines.push(line) },
      classifyError: classifyArmError,
    });
    const url = `${emulator.url}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()`;
    await client.send(url);
    const errors: unknown[] = [];
    for (const kind of ['status', 'drop', 'timeout', 'malformed'] as const) {
      emulator.setFaults([{ match: { pathIncludes: 'roleEligibilityScheduleInstances' }, kind, status: 500, times: 0 }]);
      await client.send(url).catch((error: unknown) => errors.push(error));
    }
    emulator.setFaults([]);
    assert.equal(errors.length, 4);
    assert.ok(lines.length >= 5, lines.join('\n'));
    const token = (await credential.getToken(ARM_SCOPE)).token;
    const signatures = emulator.mintedTokenSignatures;
    assert.ok(signatures.length > 0);
    const texts = [
      ...lines,
      ...errors.map((error) => (isPimError(error) ? `${error.message} ${error.userMessage} ${String(error.stack)}` : String(error))),
    ];
    for (const text of texts) {
      assert.doesNotMatch(text, /bearer|authorization:|api-version|\$filter|asTarget\(|\?/i, text);
      assert.ok(!text.includes(token.split('.')[1] ?? 'x'), 'no token payload');
      for (const signature of signatures) {
        assert.ok(!text.includes(signature), `a token signature leaked into: ${text}`);
      }
    }
  });
});
