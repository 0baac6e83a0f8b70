// The API's deactivateWhenDone inside VS Code against the emulator: ensureActive hands back release(); once called,
// what the call activated is deactivated as soon as PIM allows (5 minutes after activation, on PIM's clock).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzurePimApi } from '../../src/api';
import { waitFor } from './waitFor';

const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';

const emulator = (path: string, body?: unknown) =>
  fetch(`${process.env.PIM_EMULATOR_URL}${path}`, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });

describe('API: deactivateWhenDone', function () {
  this.timeout(120_000);
  let api: AzurePimApi;
  const config = () => vscode.workspace.getConfiguration('azurePim');
  const contributorActive = () => api.listActive().some((role) => role.scope === CONTOSO_DEV && role.roleName === 'Contributor');

  before(async function () {
    if (!process.env.PIM_EMULATOR_URL) {
      this.skip();
    }
    api = (await vscode.extensions.getExtension<AzurePimApi>('azure-pim-tools.azure-pim-vscode')?.activate()) as AzurePimApi;
    await emulator('/_emulator/reset');
    await config().update('workspaceRoles', [{ role: 'Contributor', scope: CONTOSO_DEV, justification: 'deactivateWhenDone suite', durationMinutes: 60 }], vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('azurePim.signIn');
    await vscode.commands.executeCommand('azurePim.refresh');
    await waitFor('Contributor eligible again after the reset', () => !contributorActive());
  });

  after(async () => {
    await config().update('workspaceRoles', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('release() deactivates what the call activated once PIM allows it', async () => {
    const result = await api.ensureActive([{ role: 'Contributor', scope: CONTOSO_DEV }], { deactivateWhenDone: true });
    assert.equal(result.ok, true, result.summary);
    assert.equal(typeof result.release, 'function');
    await waitFor('Contributor active', contributorActive);
    result.release?.();
    // Not yet: PIM refuses a deactivation in the first 5 minutes.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(contributorActive(), true, 'still active within the first 5 minutes');
    await emulator('/_emulator/clock/advance', { seconds: 5 * 60 + 5 });
    await vscode.commands.executeCommand('azurePim.refresh');
    await waitFor('Contributor deactivated', () => !contributorActive());
  });

  it('without deactivateWhenDone there is nothing to release', async () => {
    const result = await api.ensureActive([{ role: 'Contributor', scope: CONTOSO_DEV }]);
    assert.equal(result.release, undefined);
  });
});
