// The notice about workspace settings Azure PIM ignores (src/workspace/workspaceSettingsNotice.ts), on the `vscode`
// stand-in: it names the keys a repository tried to set (never their values), once, and logs each key once.
import * as assert from 'node:assert/strict';
import { createSafeLog } from '../../src/ui/safeLog';
import { WorkspaceSettingsNotice } from '../../src/workspace/workspaceSettingsNotice';
import { installVscodeStub } from '../support/vscodeStub';

const LISTENER = 'http://127.0.0.1:9999';

describe('workspace settings notice', () => {
  const stub = installVscodeStub();
  const warnings = (): unknown[][] => stub.calls.filter((call) => call.api === 'showWarningMessage').map((call) => call.args);
  const logged = (level: string): string[] => stub.calls.filter((call) => call.api === `log.${level}`).map((call) => String(call.args[0]));
  let notice: WorkspaceSettingsNotice;

  beforeEach(() => {
    stub.workspace = { trusted: true, folders: ['/repo'] };
    notice = new WorkspaceSettingsNotice(createSafeLog('test'));
  });
  afterEach(() => notice.dispose());

  it('names the token-steering keys a settings file tries to set, never their values, and offers the user settings', async () => {
    // VS Code drops application-scoped keys from workspace files: only the file itself shows the attempt.
    stub.files.set('/repo/.vscode/settings.json', `{
      // a comment, as settings files may have
      "azurePim.customCloud.resourceManagerEndpoint": "${LISTENER}",
      "azurePim": { "tenants": ["t"] },
      "editor.tabSize": 2,
    }`);
    stub.answer = (api) => (api === 'showWarningMessage' ? 'Open User Settings' : undefined);
    await notice.check();
    assert.equal(warnings().length, 1);
    const [message, , button] = warnings()[0] ?? [];
    assert.equal(
      message,
      'Azure PIM ignores azurePim.customCloud.resourceManagerEndpoint, azurePim.tenants from this workspace: only your user settings can choose where Azure PIM sends your sign-in token, and how often.',
    );
    assert.equal(button, 'Open User Settings');
    assert.deepEqual(stub.executedCommands.map((command) => command.api), ['azurePim.openSettings']);
    assert.match(logged('warn')[0] ?? '', /Ignored settings from this workspace .*: azurePim\.customCloud\.resourceManagerEndpoint, azurePim\.tenants$/);
    assert.ok(!JSON.stringify(stub.calls).includes(LISTENER), 'the value is never shown or logged');
  });

  it('tells the user once per window, and logs a key only the first time it is seen', async () => {
    stub.settings.set('azurePim.refreshIntervalSeconds', { defaultValue: 120, workspaceValue: 5 });
    await notice.check();
    await notice.check();
    assert.equal(warnings().length, 1);
    assert.equal(logged('warn').length, 1);
    stub.files.set('/repo/.vscode/settings.json', '{ "azurePim.graph.clientId": "x" }');
    await notice.check();
    assert.equal(warnings().length, 1, 'still once');
    assert.deepEqual(logged('warn').slice(1), ["Ignored settings from this workspace (only the user's settings can choose where and how often the sign-in token is sent): azurePim.graph.clientId"]);
  });

  it('in Restricted Mode, logs the workspace settings that are off, without a notification', async () => {
    stub.workspace = { trusted: false, folders: ['/repo'] };
    stub.settings.set('azurePim.activation.justificationPattern', { defaultValue: '', workspaceValue: '^.*$' });
    stub.files.set('/repo/.vscode/settings.json', '{ "azurePim.workspaceRoles": [] }');
    await notice.check();
    assert.equal(warnings().length, 0);
    assert.deepEqual(logged('info'), ['Restricted Mode: workspace settings off until this workspace is trusted: azurePim.workspaceRoles, azurePim.activation.justificationPattern']);
  });

  it('reads the .code-workspace file’s settings too, and skips a settings file over 1 MB', async () => {
    stub.workspace = { trusted: true, folders: ['/repo'], workspaceFile: '/team.code-workspace' };
    stub.files.set('/team.code-workspace', '{ "folders": [], "settings": { "azurePim.cloud": "Custom" } }');
    stub.files.set('/repo/.vscode/settings.json', `{ "azurePim.tenants": ["t"], "padding": "${'x'.repeat(1024 * 1024)}" }`);
    await notice.check();
    assert.match(String(warnings()[0]?.[0]), /^Azure PIM ignores azurePim\.cloud from this workspace/);
  });
});
