import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'azure-pim-tools.azure-pim-vscode';

interface ContributedCommand {
  command: string;
}

function getProductExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
  return extension;
}

describe('smoke', () => {
  it('the extension is installed and activates', async () => {
    const extension = getProductExtension();
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command it contributes in package.json', async () => {
    const extension = getProductExtension();
    await extension.activate();
    const contributes = (extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes;
    const declared = (contributes?.commands ?? []).map((contribution) => contribution.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });
});
