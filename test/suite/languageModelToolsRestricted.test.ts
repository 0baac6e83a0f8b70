// The language-model tools in Restricted Mode, through vscode.lm.invokeTool. Only an untrusted window defines these
// tests: spec 22 starts a second editor in Restricted Mode that runs the suites with PIM_EXTHOST_GREP="Restricted Mode"
// and checks they passed. The workspace there declares the role, which must not matter. No confirmation may appear:
// nobody answers one in that editor, so a confirmation would hang the call and fail the test on its timeout.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

if (!vscode.workspace.isTrusted) {
  describe('language-model tools in Restricted Mode', function () {
    this.timeout(60_000);

    before(async () => {
      await vscode.extensions.getExtension('azure-pim-tools.azure-pim-vscode')?.activate();
    });

    it('the activation tool refuses a role the workspace declares, and asks nothing', async () => {
      const text = await invoke('azurePim_activateRoles', { roles: [{ role: 'Contributor', scope: CONTOSO_DEV }], justification: 'deploy' });
      assert.match(text, /^This workspace is in Restricted Mode: the Azure PIM tool activates nothing until the user trusts it\./);
    });

    it('the list tool says the workspace is not trusted and marks nothing as declared', async () => {
      const listed = JSON.parse(await invoke('azurePim_listRoles', {})) as { workspaceTrusted: boolean; roles: { declaredByWorkspace: boolean }[] };
      assert.equal(listed.workspaceTrusted, false);
      assert.equal(listed.roles.filter((role) => role.declaredByWorkspace).length, 0);
    });
  });
}
