// The API other extensions get from activate(), exercised for real inside VS Code against the emulator:
// sign in (the runner answers the consent prompt), list active roles, watch changes, activate a declared role.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzurePimApi } from '../../src/api';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'azure-pim-tools.azure-pim-vscode';
const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const CONTOSO_PROD = '/subscriptions/b0000000-0000-4000-8000-00000000000b';

describe('API for other extensions', function () {
  this.timeout(120_000);
  let api: AzurePimApi;
  const config = () => vscode.workspace.getConfiguration('azurePim');

  before(async function () {
    // The runners (npm run test:e2e, npm run test:electron) start the emulator and the fake sign-in and name the emulator
    // here. Without it this suite cannot test anything: that is a failure of the run, not a test to leave out.
    assert.ok(process.env.PIM_EMULATOR_URL, 'PIM_EMULATOR_URL is not set: run the extension-host suites through npm run test:e2e (or test:electron), which start the PIM emulator');
    const extension = vscode.extensions.getExtension<AzurePimApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    api = await extension.activate();
    assert.equal(typeof api.ensureActive, 'function');
    await config().update('workspaceRoles', [
        { role: 'Contributor', scope: CONTOSO_DEV, justification: 'API suite', durationMinutes: 30 },
        // Declared (so no confirmation is asked) but not eligible: reported, never guessed.
        { role: 'Contributor', scope: `${CONTOSO_DEV}/resourceGroups/rg-nowhere` },
      ], vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('azurePim.signIn');
    // The scenario's permanent Reader assignment on Contoso Prod shows once the roles are loaded.
    await waitFor('the active roles to load', () => api.listActive().some((role) => role.scope === CONTOSO_PROD));
  });

  after(async () => {
    await config().update('workspaceRoles', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('lists active roles as plain data, without tokens', () => {
    const active = api.listActive();
    const reader = active.find((role) => role.scope === CONTOSO_PROD);
    assert.ok(reader, JSON.stringify(active));
    assert.equal(reader.roleName, 'Reader');
    assert.equal(reader.assignmentType, 'assigned');
    assert.equal(reader.kind, 'azure');
    assert.equal(reader.endsAt, undefined, 'a permanent assignment has no end');
    const text = JSON.stringify(active);
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}/, 'no JWT in the API data');
    assert.doesNotMatch(text, /token/i);
  });

  it('ensureActive activates a declared role, fires onDidChange, then reports it already active', async () => {
    let changes = 0;
    const subscription = api.onDidChange(() => changes++);
    try {
      // Asking for 8 hours: a declared role never runs longer than its declaration (30 minutes) without asking.
      const first = await api.ensureActive([{ role: 'contributor', scope: CONTOSO_DEV, durationMinutes: 480 }]);
      assert.equal(first.ok, true, JSON.stringify(first));
      assert.equal(first.roles[0]?.outcome, 'active');
      assert.ok(first.roles[0]?.endsAt, 'the end time is reported');
      const minutes = (Date.parse(first.roles[0]?.endsAt ?? '') - Date.now()) / 60_000;
      assert.ok(minutes > 25 && minutes <= 31, `capped at the declared 30 minutes, got ${minutes}`);
      assert.ok(changes > 0, 'onDidChange fired');
      await waitFor('the activation in listActive()', () => api.listActive().some((role) => role.scope === CONTOSO_DEV && role.assignmentType === 'activated'));

      const second = await api.ensureActive([{ role: 'Contributor', scope: CONTOSO_DEV }], { waitForAccess: true, timeoutMinutes: 1 });
      assert.equal(second.ok, true, JSON.stringify(second));
      assert.equal(second.roles[0]?.outcome, 'alreadyActive');
      assert.equal(second.summary, '1 already active');
    } finally {
      subscription.dispose();
    }
  });

  it('reports a role it does not know instead of guessing', async () => {
    const result = await api.ensureActive([{ role: 'Contributor', scope: `${CONTOSO_DEV}/resourceGroups/rg-nowhere` }]);
    assert.equal(result.ok, false);
    assert.equal(result.roles[0]?.outcome, 'unknown');
  });
});
