// A cloned repository cannot steer the sign-in token or elevate: its .vscode/settings.json points both endpoints at a
// local listener and sets the token audience, the Graph app, the tenant list and a 1-second refresh, and declares a role.
// A second code-server runs with workspace trust on. Trusted or not, the listener hears nothing, the roles load from
// the user's own endpoint (the emulator) and the user is told which settings were ignored. In Restricted Mode the
// workspace's roles, the azure-pim task and the API's silent path are off too; once the user trusts the folder, the
// declared role works.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { e2e, setE2EContext, type AnotherWorkbenchOptions, type E2EContext } from '../context';
import { productLog, putRequests, signIn, VIEW } from '../pim';
import { startRecordingServer, type RecordingServer } from '../recordingServer';

const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const WORKSPACE_CLIENT_ID = '0badc0de-0000-4000-8000-00000000c0de';
/** Another ARM audience Microsoft Entra (and the emulator) issues tokens for: honoured, the sign-in would ask for it. */
const WORKSPACE_AUDIENCE = 'https://management.core.windows.net/';
/** Fabrikam only: honoured, it would hide the user's home tenant (Contoso). */
const WORKSPACE_TENANT = '22222222-2222-4222-8222-222222222222';
const DECLARED_ROLE = { role: 'Contributor', scope: CONTOSO_DEV, justification: 'Deploy (declared by the workspace)', durationMinutes: 30 };
/** The settings only user settings may set, as the notification and the log name them. */
const STEERING_KEYS = [
  'azurePim.cloud',
  'azurePim.customCloud.resourceManagerEndpoint',
  'azurePim.customCloud.microsoftGraphEndpoint',
  'azurePim.customCloud.resourceManagerAudience',
  'azurePim.graph.clientId',
  'azurePim.tenants',
  'azurePim.refreshIntervalSeconds',
];

/** Every token-steering setting pointed at the listener, as a repository's .vscode/settings.json would. */
function steeringSettings(listener: string) {
  return {
    cloud: 'Custom',
    customCloud: { resourceManagerEndpoint: listener, microsoftGraphEndpoint: listener, resourceManagerAudience: WORKSPACE_AUDIENCE },
    graph: { clientId: WORKSPACE_CLIENT_ID },
    tenants: [WORKSPACE_TENANT],
    refreshIntervalSeconds: 1,
    workspaceRoles: [DECLARED_ROLE],
    workspaceRolesAutoReactivate: true,
  };
}

/** The same settings as dotted keys ("azurePim.customCloud.resourceManagerEndpoint": …), the usual way to write them. */
function dotted(settings: Record<string, unknown>, prefix = 'azurePim'): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(dotted(value as Record<string, unknown>, `${prefix}.${key}`)) : [[`${prefix}.${key}`, value]],
    ),
  );
}

/** The justification of the newest activation request on a scope, read back from the emulator as the user. */
async function sentJustification(scope: string): Promise<string | undefined> {
  const { emulatorUrl } = e2e();
  const minted = await fetch(`${emulatorUrl}/_emulator/token`, { method: 'POST', body: JSON.stringify({ scopes: ['https://management.azure.com/.default'] }) });
  const { accessToken } = (await minted.json()) as { accessToken: string };
  const listed = await fetch(`${emulatorUrl}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=2020-10-01&$filter=asRequestor()`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const { value } = (await listed.json()) as { value: { properties: { scope: string; justification?: string; createdOn: string } }[] };
  return value
    .filter((request) => request.properties.scope.toLowerCase() === scope.toLowerCase())
    .sort((a, b) => b.properties.createdOn.localeCompare(a.properties.createdOn))[0]?.properties.justification;
}

/** Reads the test harness's ensureActive result once it is written. */
async function harnessResult(dir: string): Promise<{ ok?: boolean; error?: string; roles?: { outcome: string; endsAt?: string }[] }> {
  const file = path.join(dir, 'result.json');
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) {
      assert.fail('the test harness wrote no ensureActive result within 60 s');
    }
    await e2e().page.waitForTimeout(250);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { ok?: boolean; roles?: { outcome: string; endsAt?: string }[] };
}

describe('Workspace trust: a cloned repository cannot steer the sign-in token or elevate', function () {
  this.timeout(300_000);
  let main: E2EContext;
  let listener: RecordingServer;
  const apiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pim-api-'));

  before(async () => {
    main = e2e();
    listener = await startRecordingServer();
  });

  after(async () => {
    setE2EContext(main);
    await listener.close();
    fs.rmSync(apiDir, { recursive: true, force: true });
  });

  /** A code-server with workspace trust on, the given workspace files, and the trust question answered. */
  async function openWorkspace(name: string, trust: boolean, workspaceFiles: AnotherWorkbenchOptions['workspaceFiles']): Promise<E2EContext & { close(): Promise<void> }> {
    main.emulator.reset();
    fs.rmSync(path.join(apiDir, 'result.json'), { force: true });
    const other = await main.startAnotherWorkbench({ name, workspaceTrust: true, workspaceFiles, env: { PIM_HARNESS_API_DIR: apiDir } });
    setE2EContext(other);
    await other.workbench.answerWorkspaceTrust(trust);
    return other;
  }

  /** Signs in; the listener hears nothing, the roles come from the emulator, the user is told what was ignored. */
  async function signInAndCheckNothingWasSteered(screenshot: string): Promise<void> {
    const context = e2e();
    const { workbench, page, emulator } = context;
    const heard = (): string[] =>
      listener.requests.map((request) => `${request.method} ${request.url}${request.headers.authorization ? ' (with a bearer token)' : ''}`);
    await signIn().catch((error: Error) => {
      throw new Error(`${error.message}\nThe workspace-chosen listener received: ${heard().join(' | ') || 'nothing'}`);
    });
    const tenants = (await workbench.treeItems(VIEW)).map((item) => item.label);
    assert.ok(tenants.includes('Contoso'), `the user's tenants, not the workspace's list: ${tenants.join(', ')}`);

    // The workspace asked for a refresh every second: nothing extra may reach the emulator while the window idles.
    await page.waitForTimeout(3_000);
    const listed = (): number => emulator.requests.filter((request) => request.path.includes('roleEligibilityScheduleInstances')).length;
    const before = listed();
    await page.waitForTimeout(6_000);
    assert.equal(listed() - before, 0, 'no periodic refresh within 6 s: the workspace cannot set a 1-second interval');

    assert.deepEqual(heard(), [], 'the workspace-chosen listener received nothing');
    const scopes = context.authRequests().flatMap((request) => request.scopes ?? []);
    assert.ok(scopes.length > 0, 'the sign-in asked for scopes');
    assert.deepEqual(scopes.filter((scope) => scope.startsWith(WORKSPACE_AUDIENCE) || scope.includes(WORKSPACE_CLIENT_ID)), [], 'no token for the workspace audience or app');

    const toast = await workbench.waitForNotification(/Azure PIM ignores .* from this workspace/);
    const message = (await toast.textContent()) ?? '';
    for (const key of STEERING_KEYS) {
      assert.ok(message.includes(key), `the notification names ${key}: ${message}`);
    }
    assert.match(message, /only your user settings can choose where Azure PIM sends your sign-in token/);
    assert.doesNotMatch(message, new RegExp(`${new URL(listener.url).port}|${WORKSPACE_CLIENT_ID}`), 'never the workspace values');
    await workbench.screenshot(screenshot);

    const log = productLog();
    assert.match(log, /Ignored settings from this workspace/);
    for (const key of STEERING_KEYS) {
      assert.ok(log.includes(key), `the log names ${key}`);
    }
    assert.ok(!log.includes(listener.url), 'the log never shows the workspace values');
  }

  describe('trusted folder, settings written as dotted keys', () => {
    let other: (E2EContext & { close(): Promise<void> }) | undefined;
    before(async () => {
      other = await openWorkspace('code-server-trusted', true, { '.vscode/settings.json': dotted(steeringSettings(listener.url)) });
    });
    after(async () => {
      setE2EContext(main);
      await other?.close();
    });

    it('sends nothing to the workspace-chosen endpoints, loads the roles from the user endpoint, and says which settings it ignored', async () => {
      await signInAndCheckNothingWasSteered('09-trusted-ignored-settings');
    });

    it('activates a declared role for another extension without asking, within the declared duration, saying the API asked', async () => {
      const { workbench } = e2e();
      const request = { roles: [{ role: 'contributor', scope: CONTOSO_DEV, durationMinutes: 480, justification: 'Anything the caller likes' }] };
      fs.writeFileSync(path.join(apiDir, 'request.json'), JSON.stringify(request));
      await workbench.runCommand('PIM Test Harness: Call Azure PIM ensureActive');
      const result = await harnessResult(apiDir);
      assert.equal(await workbench.dialog().isVisible(), false, 'no dialog for a declared role');
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.roles?.[0]?.outcome, 'active');
      const minutes = (Date.parse(result.roles?.[0]?.endsAt ?? '') - Date.now()) / 60_000;
      assert.ok(minutes > 25 && minutes <= 31, `capped at the declared 30 minutes, not the 480 asked: ${minutes}`);
      assert.equal(await sentJustification(CONTOSO_DEV), `${DECLARED_ROLE.justification} (requested by another extension through the Azure PIM API)`);
    });
  });

  describe('Restricted Mode, settings written as one nested "azurePim" object', () => {
    let other: (E2EContext & { close(): Promise<void> }) | undefined;
    before(async () => {
      other = await openWorkspace('code-server-restricted', false, {
        // The other way to write settings: the notice must recognise it too.
        '.vscode/settings.json': { azurePim: steeringSettings(listener.url), 'terminal.integrated.gpuAcceleration': 'off' },
        '.vscode/tasks.json': { version: '2.0.0', tasks: [{ label: 'elevate', type: 'azure-pim', problemMatcher: [] }] },
      });
    });
    after(async () => {
      setE2EContext(main);
      await other?.close();
    });

    it('sends nothing to the workspace-chosen endpoints, loads the roles from the user endpoint, and says which settings it ignored', async () => {
      await signInAndCheckNothingWasSteered('09-restricted-ignored-settings');
    });

    it('"Elevate for This Workspace" says workspace roles are off in Restricted Mode, and activates nothing', async () => {
      const { workbench } = e2e();
      await workbench.clearNotifications();
      const puts = putRequests().length;
      await workbench.runCommand('Azure PIM: Elevate for This Workspace');
      await workbench.waitForNotification(/Restricted Mode: workspace roles are off until you trust this workspace/);
      await e2e().page.waitForTimeout(500);
      await workbench.screenshot('11-restricted-elevate');
      assert.equal(putRequests().length, puts, 'nothing was sent');
    });

    it('the API asks first: a dialog lists the role, and declining activates nothing', async () => {
      const { workbench } = e2e();
      const puts = putRequests().length;
      fs.writeFileSync(path.join(apiDir, 'request.json'), JSON.stringify({ roles: [{ role: 'Contributor', scope: CONTOSO_DEV }] }));
      await workbench.runCommand('PIM Test Harness: Call Azure PIM ensureActive');
      const dialog = workbench.dialog().filter({ hasText: /Another extension asks Azure PIM to activate a role/ }).first();
      await workbench.step('The confirmation dialog', () => dialog.waitFor({ state: 'visible' }));
      await workbench.screenshot('11-restricted-api-dialog');
      const text = await workbench.answerDialog(/Another extension asks Azure PIM to activate a role/, /^Cancel$/);
      assert.match(text, new RegExp(`Contributor on ${CONTOSO_DEV}, 60 min`), "an undeclared role gets the user default duration");
      assert.match(text, /Restricted Mode/);
      const result = await harnessResult(apiDir);
      assert.equal(result.ok, false, JSON.stringify(result));
      assert.equal(result.roles?.[0]?.outcome, 'declined');
      assert.equal(putRequests().length, puts, 'nothing was sent');
    });

    it('the azure-pim task activates nothing: VS Code asks for trust before running it, and declining runs nothing', async () => {
      const { workbench, page } = e2e();
      const puts = putRequests().length;
      await workbench.runCommand('Tasks: Run Task');
      await workbench.answerDialog(/running tasks requires/i, /^Cancel$/);
      await page.waitForTimeout(2_000);
      assert.doesNotMatch(await workbench.terminalText(), /Azure PIM/);
      assert.equal(putRequests().length, puts, 'nothing was sent');
    });

    it('once the user trusts the folder, the declared role is activated by "Elevate for This Workspace"', async () => {
      const { workbench } = e2e();
      await workbench.clearNotifications();
      await workbench.runCommand('Workspaces: Manage Workspace Trust');
      await workbench.page.getByRole('button', { name: /^Trust( Folder)?$/ }).first().click();
      await workbench.runCommand('Close All Editors');
      await workbench.runCommand('Azure PIM: Elevate for This Workspace');
      await workbench.waitForNotification(/Workspace roles: 1 activated/, 60_000);
      await e2e().page.waitForTimeout(500);
      assert.equal(putRequests().filter((request) => request.toLowerCase().startsWith(CONTOSO_DEV)).length, 1);
      await workbench.screenshot('11-trusted-after-restricted');
    });
  });
});
