// From a 403 to the right role, in the VS Code layer (vscode stand-in) against the emulator: the terminal link, the
// "Elevate for This Error…" command, the choice offered, the form or the immediate activation, and "wait for access".
import * as assert from 'node:assert/strict';
import { ErrorElevation } from '../../src/commands/errorElevation';
import { registerElevateForErrorCommands } from '../../src/commands/elevateForErrorCommands';
import type { Settings } from '../../src/config';
import { findAuthorizationDenials, type AuthorizationDenial } from '../../src/core/permissions/authorizationErrors';
import { RoleDefinitionCache } from '../../src/core/permissions/roleDefinitionCache';
import { FormMemory } from '../../src/core/store/formMemory';
import { PolicyCache } from '../../src/core/store/policyCache';
import type { RoleStore } from '../../src/core/store/roleStore';
import { AuthorizationErrorLinks, registerAuthorizationLinks } from '../../src/terminal/authorizationLinks';
import { createSafeLog } from '../../src/ui/safeLog';
import { ElevationRunner } from '../../src/workspace/elevationRunner';
import { E2E, EmulatorClient } from '../emulator/testing';
import { installVscodeStub, type StubRecord } from '../support/vscodeStub';
import { withEmulator } from '../support/withEmulator';

const WEBSITE_CONTRIBUTOR = 'de139f84-1756-47ae-9be6-808fbbe84772';
const SITE = `${E2E.rgApp}/providers/Microsoft.Web/sites/app-e2e`;
/** What the e2e deploy script prints for the emulator's 403, as `az` prints it. */
const AZ_LINE = `ERROR: (AuthorizationFailed) The client 'dana@contoso.onmicrosoft.com' with object id '${E2E.user}' does not have authorization to perform action 'Microsoft.Web/sites/write' over scope '${SITE}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

function denialIn(text: string): AuthorizationDenial {
  const [denial] = findAuthorizationDenials(text);
  assert.ok(denial, text);
  return denial;
}

/** Resolves when `check` holds, polling every 20 ms; fails after 5 s. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('elevate for an error (terminal link and command)', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let record: StubRecord;
  let store: RoleStore;
  let opened: string[][];
  let elevation: ErrorElevation;
  let client: EmulatorClient;

  const messages = (api: string): string[] => record.calls.filter((call) => call.api === api).map((call) => String(call.args[0]));
  const quickPicks = (): { items: { label: string; description?: string; detail?: string }[]; options: { title?: string } }[] =>
    record.calls.filter((call) => call.api === 'showQuickPick').map((call) => ({ items: call.args[0] as { label: string }[], options: call.args[1] as { title?: string } }));
  const rowId = (roleName: string, scope: string): string | undefined =>
    store.allRows().find((ref) => ref.row.roleName === roleName && ref.row.scope.id.toLowerCase() === scope.toLowerCase())?.row.id;

  beforeEach(async () => {
    record = installVscodeStub();
    fixture.emulator.addEligibility({ role: 'Website Contributor', scope: E2E.rgApp, policy: 'standard' });
    client = new EmulatorClient(fixture.emulator);
    store = await fixture.loadStore(fixture.connect().connection);
    opened = [];
    const log = createSafeLog('test');
    const memory = new Map<string, unknown>();
    const elevator = new ElevationRunner({
      store,
      policies: new PolicyCache(),
      settings: () => ({ defaultDurationMinutes: 60 }) as Settings,
      memory: new FormMemory({ get: <T>(key: string) => memory.get(key) as T | undefined, update: (key, value) => Promise.resolve(void memory.set(key, value)) }),
      log,
      now: () => fixture.emulator.clock.now(),
    });
    elevation = new ErrorElevation({
      store,
      forms: { open: (ids) => void opened.push([...ids]) },
      elevator,
      definitions: new RoleDefinitionCache(),
      pinnedIds: () => new Set(),
      log,
      accessWait: { timeoutMs: 5000, intervalsMs: [50] },
    });
    // The first (best) item of any quick pick; no button of any message.
    record.answer = (api, args) => (api === 'showQuickPick' ? (args[0] as unknown[])[0] : undefined);
  });
  afterEach(() => elevation.dispose());

  it('the terminal line becomes one link, "Elevate with PIM…", over the action and its scope', () => {
    const links = new AuthorizationErrorLinks(() => Promise.resolve()).provideTerminalLinks({ line: AZ_LINE } as never);
    assert.equal(links.length, 1);
    const [link] = links;
    assert.ok(link);
    assert.equal(link.tooltip, 'Elevate with PIM…');
    assert.equal(AZ_LINE.slice(link.startIndex, link.startIndex + link.length), `Microsoft.Web/sites/write' over scope '${SITE}'`);
    assert.deepEqual(new AuthorizationErrorLinks(() => Promise.resolve()).provideTerminalLinks({ line: `${AZ_LINE} `.repeat(20) } as never), [], 'lines longer than VS Code hands over are not read');
    const registration = registerAuthorizationLinks(() => Promise.resolve());
    assert.equal(record.terminalLinkProviders.length, 1);
    registration.dispose();
  });

  it('offers the least-privileged eligible role first with why, opens the form with it selected, then says when access is effective', async () => {
    let handled: AuthorizationDenial | undefined;
    const links = new AuthorizationErrorLinks((denial) => {
      handled = denial;
      return elevation.elevate(denial);
    });
    const [link] = links.provideTerminalLinks({ line: AZ_LINE } as never);
    assert.ok(link);
    await links.handleTerminalLink(link);
    assert.equal(handled?.operation, 'Microsoft.Web/sites/write');

    const [pick] = quickPicks();
    assert.ok(pick);
    assert.equal(pick.options.title, 'Elevate for Microsoft.Web/sites/write on app-e2e');
    assert.deepEqual(pick.items.map((item) => item.label), ['Website Contributor', 'Contributor']);
    assert.equal(pick.items[0]?.detail, 'Grants Microsoft.Web/sites/write on app-e2e through "Microsoft.Web/sites/*". Contributor would also, but grants every action except 8.');
    assert.equal(pick.items[1]?.detail, 'Would also grant it, but grants more: every action except 8.');
    assert.deepEqual(opened, [[rowId('Website Contributor', E2E.rgApp)]], 'the form opens with Website Contributor on rg-app selected');

    // What the form does when the user sends it; the store sees it on its next refresh.
    const arm = await client.armToken();
    assert.equal((await client.call('PUT', `${SITE}?api-version=2022-03-01`, { token: arm, body: {} })).status, 403);
    assert.equal((await client.activate(arm, { scope: E2E.rgApp, role: WEBSITE_CONTRIBUTOR })).status, 201);
    await store.refresh();
    await eventually(() => messages('showInformationMessage').some((text) => /is effective now/.test(text)), 'the "effective" message');
    assert.match(messages('showInformationMessage').find((text) => /is effective now/.test(text)) ?? '', /^Microsoft\.Web\/sites\/write on app-e2e is effective now \(Website Contributor on rg-app, after \d+ s\): re-run the command\.$/);
    assert.ok(fixture.emulator.requests.some((request) => request.path.startsWith(`${SITE}/providers/Microsoft.Authorization/permissions`)), 'checked at the failing scope');
    assert.equal((await client.call('PUT', `${SITE}?api-version=2022-03-01`, { token: arm, body: {} })).status, 201, 'the re-run succeeds');
  });

  it('a role a trusted workspace declares is activated at once, then access is awaited; in Restricted Mode the form opens instead', async () => {
    record.settings.set('azurePim.workspaceRoles', { workspaceValue: [{ role: 'Website Contributor', scope: E2E.rgApp, justification: 'Deploy app-e2e' }] });
    record.workspace.trusted = false;
    assert.equal(await elevation.elevate(denialIn(AZ_LINE)), 'formOpened');
    assert.equal(fixture.emulator.requests.filter((request) => request.method === 'PUT').length, 0);

    record.workspace.trusted = true;
    assert.equal(await elevation.elevate(denialIn(AZ_LINE)), 'activated');
    const puts = fixture.emulator.requests.filter((request) => request.method === 'PUT').map((request) => request.path);
    assert.equal(puts.length, 1);
    assert.match(puts[0] ?? '', /^\/subscriptions\/a0000000-0000-4000-8000-00000000000a\/resourceGroups\/rg-app\/providers\/Microsoft\.Authorization\/roleAssignmentScheduleRequests\//);
    assert.ok(messages('showInformationMessage').some((text) => /^Microsoft\.Web\/sites\/write on app-e2e is effective now/.test(text)));
  });

  it('an active role that already grants it: says so and waits for access, nothing is sent', async () => {
    const arm = await client.armToken();
    assert.equal((await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor })).status, 201);
    await store.refresh();
    fixture.emulator.clearRequests();
    assert.equal(await elevation.elevate(denialIn(AZ_LINE)), 'alreadyActive');
    assert.match(messages('showInformationMessage')[0] ?? '', /^Contributor on Contoso Dev is already active and grants Microsoft\.Web\/sites\/write on app-e2e\./);
    assert.equal(quickPicks().length, 0);
    assert.equal(fixture.emulator.requests.filter((request) => request.method === 'PUT').length, 0);
  });

  it('nothing fits: names the smallest built-in role that would, and copies a request for the administrator', async () => {
    const secret = `${E2E.subB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv/secrets/db`;
    record.answer = (api) => (api === 'showInformationMessage' ? 'Copy Request' : undefined);
    const text = `ERROR: (Forbidden) Caller is not authorized to perform action on resource.\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nResource: '${secret}'`;
    assert.equal(await elevation.elevate(denialIn(text)), 'noneFits');
    assert.equal(
      messages('showInformationMessage')[0],
      'None of your eligible roles grants Microsoft.KeyVault/vaults/secrets/getSecret/action on db. The built-in role Key Vault Secrets User would, assigned at rg-prod: ask your administrator to make you eligible for it.',
    );
    assert.equal(record.clipboard, `Please make me eligible in PIM for the role "Key Vault Secrets User" at scope ${secret}: I need Microsoft.KeyVault/vaults/secrets/getSecret/action.`);
  });

  it('Cosmos DB data-plane denials are not Azure roles; signed out, it offers to sign in', async () => {
    const cosmos = 'Request is blocked because principal [x] does not have required RBAC permissions to perform action [Microsoft.DocumentDB/databaseAccounts/readMetadata] on resource [/]';
    assert.equal(await elevation.elevate(denialIn(cosmos)), 'notAzureRbac');
    assert.match(messages('showInformationMessage')[0] ?? '', /Azure Cosmos DB grants Microsoft\.DocumentDB\/databaseAccounts\/readMetadata through its own data-plane role assignments/);
    await store.setConnections([]);
    assert.equal(await elevation.elevate(denialIn(AZ_LINE)), 'signedOut');
  });

  it('a hostile scope is never used: no request names it, and the texts shown stay inert', async () => {
    const hostile = AZ_LINE.replace(SITE, `${E2E.rgApp}/providers/x/[a](command:workbench.action.terminal.new)`);
    record.answer = () => undefined;
    await elevation.elevate(denialIn(hostile));
    assert.ok(!fixture.emulator.requests.some((request) => request.path.includes('command:')), 'no URL is built from the scope');
    const [pick] = quickPicks();
    assert.equal(pick?.options.title, 'Elevate for Microsoft.Web/sites/write', 'the unusable scope is dropped');

    // A usable scope whose name VS Code would render as an icon: shown as typed in the pick (its title is plain text,
    // its details render icons) and in the notification.
    record.calls.length = 0;
    await elevation.elevate(denialIn(AZ_LINE.replace('app-e2e', '$(alert)')));
    assert.equal(quickPicks()[0]?.options.title, 'Elevate for Microsoft.Web/sites/write on $(alert)');
    assert.match(quickPicks()[0]?.items[0]?.detail ?? '', /^Grants Microsoft\.Web\/sites\/write on \\\$\(alert\) through/);
    record.calls.length = 0;
    await elevation.elevate(denialIn(`Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nResource: '${E2E.subB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv/secrets/$(alert)'`));
    const [noneFits] = messages('showInformationMessage');
    assert.ok(noneFits?.includes('$\u200B(alert)') && !noneFits.includes('$(alert)'), noneFits);
  });

  describe('Azure PIM: Elevate for This Error…', () => {
    const run = (...args: unknown[]): Promise<unknown> => {
      registerElevateForErrorCommands(elevation, createSafeLog('test'));
      const handler = record.registeredCommands.get('azurePim.elevateForError');
      assert.ok(handler);
      return Promise.resolve(handler(...args));
    };

    it('reads the editor selection, else the clipboard when it holds an error, else asks for the text', async () => {
      record.answer = () => undefined;
      record.selection = `noise\n${AZ_LINE}\nmore noise`;
      record.clipboard = 'something else';
      await run();
      assert.equal(quickPicks()[0]?.options.title, 'Elevate for Microsoft.Web/sites/write on app-e2e');

      record.calls.length = 0;
      record.selection = undefined;
      record.clipboard = JSON.stringify({ error: { code: 'AuthorizationFailed', message: AZ_LINE } });
      await run();
      assert.equal(quickPicks()[0]?.options.title, 'Elevate for Microsoft.Web/sites/write on app-e2e');

      record.calls.length = 0;
      record.clipboard = 'nothing here';
      await run();
      assert.ok(record.calls.some((call) => call.api === 'showInputBox'), 'asks for the text');
      assert.equal(quickPicks().length, 0);
    });

    it('says what it looks for when the text has no usable error; asks which one when there are several', async () => {
      await run('Deployment failed: conflict');
      assert.match(messages('showInformationMessage')[0] ?? '', /^No authorization error that names the denied action was found/);
      record.calls.length = 0;
      record.answer = () => undefined;
      await run(`${AZ_LINE}\n${AZ_LINE.replace('Microsoft.Web/sites/write', 'Microsoft.Web/serverFarms/read')}`);
      assert.deepEqual(quickPicks()[0]?.items.map((item) => item.label), ['Microsoft.Web/sites/write', 'Microsoft.Web/serverFarms/read']);
    });
  });
});
