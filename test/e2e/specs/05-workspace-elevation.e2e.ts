// Elevate before deploy: a workspace declares the roles it needs (.vscode/settings.json), a deploy task depends on an
// azure-pim task (.vscode/tasks.json); running "deploy" activates the role, waits until access is effective, then
// deploys. "Elevate for This Workspace" then skips the role that is already active.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2e } from '../context';
import { closeForm, FORM_TITLE, productLog, putRequests, signIn, VIEW, waitForRole } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';

/** The last lines of the extension's own log (for failure messages). */
function productLogTail(): string {
  return productLog().split('\n').slice(-15).join('\n');
}

describe('Elevate before deploy (workspace roles and the azure-pim task)', function () {
  this.timeout(240_000);
  const files = new WorkspaceFiles();
  const deployedFile = (): string => path.join(e2e().workspaceFolder, 'deployed.txt');

  before(async () => {
    fs.rmSync(deployedFile(), { force: true });
    // Written before signing in, as a repository would carry them.
    files.write('.vscode/settings.json', {
      'azurePim.workspaceRoles': [{ role: 'Contributor', scope: CONTOSO_DEV, justification: 'Deploy from VS Code (e2e)', durationMinutes: 60 }],
      // The DOM renderer lets the spec read the task's terminal.
      'terminal.integrated.gpuAcceleration': 'off',
    });
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [
        { label: 'elevate', type: 'azure-pim', waitForAccess: true, timeoutMinutes: 2, problemMatcher: [] },
        { label: 'deploy', type: 'shell', command: 'echo deployed > deployed.txt', dependsOn: ['elevate'], problemMatcher: [] },
      ],
    });
    // Let the editor notice the new files.
    await e2e().page.waitForTimeout(1500);
  });

  after(() => {
    files.restore();
    fs.rmSync(deployedFile(), { force: true });
  });

  it('runs "deploy": the azure-pim task activates the declared role, waits for access, then the deploy runs', async () => {
    const { workbench, page, emulator } = e2e();
    await signIn();
    await waitForRole('Contributor', /^eligible/);
    assert.equal(fs.existsSync(deployedFile()), false);

    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(/^deploy$/);

    await workbench.step('deployed.txt written by the deploy task', async () => {
      const deadline = Date.now() + 90_000;
      while (!fs.existsSync(deployedFile())) {
        if (Date.now() > deadline) {
          throw new Error('the deploy task did not run within 90 s');
        }
        await page.waitForTimeout(250);
      }
    });
    assert.match(fs.readFileSync(deployedFile(), 'utf8'), /deployed/);

    // The activation went out once, for Contributor on Contoso Dev, and access was checked before deploying.
    const puts = putRequests().filter((request) => request.toLowerCase().startsWith(CONTOSO_DEV));
    assert.equal(puts.length, 1, `one activation request: ${puts.join(', ')}`);
    assert.ok(
      // Permissions - List is documented for resource groups and resources only: a subscription role is checked at a
      // resource group below it, found through PIM's eligibleChildResources.
      emulator.requests.some(
        (request) => request.method === 'GET' && request.status === 200 && request.path.toLowerCase().startsWith(`${CONTOSO_DEV}/resourcegroups/`) && request.path.split('?')[0]?.endsWith('/providers/Microsoft.Authorization/permissions'),
      ),
      'the task checked effective access with the permissions API, at a resource group of the subscription',
    );

    // What the task printed: one line per role, then the result.
    const terminal = await workbench.step('The azure-pim task output', async () => {
      await page.getByRole('tab', { name: /elevate|Task/ }).first().click().catch(() => undefined);
      const deadline = Date.now() + 10_000;
      let text = '';
      while (Date.now() < deadline) {
        text = await workbench.terminalText();
        if (/All roles active/.test(text)) {
          break;
        }
        await page.waitForTimeout(250);
      }
      return text;
    });
    await workbench.screenshot('05-deploy-task');
    assert.match(terminal, /Contributor on Contoso Dev: activating/);
    assert.match(terminal, /Contributor on Contoso Dev: access effective/);
    assert.match(terminal, /Contributor on Contoso Dev: active until \d\d:\d\d/);
    assert.match(terminal, /All roles active \(1 activated\)/);

    await waitForRole('Contributor', /active · (59m|1h 00m) left/);
    await workbench.screenshot('05-after-deploy-tree');
  });

  it('"Elevate for This Workspace" skips a role that is already active', async () => {
    const { workbench } = e2e();
    await workbench.clearNotifications();
    const before = putRequests().length;
    await workbench.runCommand('Azure PIM: Elevate for This Workspace');
    const toast = await workbench.waitForNotification(/Workspace roles: 1 already active/, 30_000);
    assert.match((await toast.textContent()) ?? '', /Contributor on Contoso Dev: already active/);
    assert.equal(putRequests().length, before, 'nothing was sent');
    await workbench.screenshot('05-elevate-skips-active');
  });

  it('pins a role to a "Pinned" section at the top of the view', async () => {
    const { workbench, page } = e2e();
    await workbench.clearNotifications();
    const owner = () => workbench.view(VIEW).locator('[role="treeitem"]').filter({ hasText: 'Owner' }).first();
    await workbench.runContextMenuAction(owner(), 'Pin');
    const deadline = Date.now() + 10_000;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = (await workbench.treeItems(VIEW)).map((item) => item.label);
      if (labels[0] === 'Pinned') {
        break;
      }
      await page.waitForTimeout(250);
    }
    assert.equal(labels[0], 'Pinned', `first rows: ${labels.slice(0, 4).join(', ')}`);
    assert.equal(labels[1], 'Owner');
    await workbench.screenshot('05-pinned');

    // Unpin from the pinned row: the section goes away (and later specs see the plain tree).
    await workbench.runContextMenuAction(owner(), 'Unpin');
    const gone = Date.now() + 10_000;
    while ((await workbench.treeItems(VIEW)).some((item) => item.label === 'Pinned') && Date.now() < gone) {
      await page.waitForTimeout(250);
    }
    assert.ok(!(await workbench.treeItems(VIEW)).some((item) => item.label === 'Pinned'), 'the Pinned section is gone after Unpin');
  });

  it('saves presets; one activates directly, one that needs approval opens the form prefilled', async () => {
    const { workbench, page } = e2e();
    const savePreset = async (role: string, name: string, justification: string): Promise<void> => {
      await workbench.runCommand('Azure PIM: Save Selection as Preset…');
      await workbench.checkQuickPickItems([role]);
      await workbench.answerInputBox(name, /\(1\/3\)/);
      await workbench.answerInputBox(justification, /\(2\/3\)/);
      await workbench.answerInputBox('60', /\(3\/3\)/);
      await workbench.waitForNotification(new RegExp(`Preset "${name}" saved`));
    };
    await savePreset('Contributor', 'Deploy', 'Deploy preset');
    await savePreset('Owner', 'Production', 'Rotate production secrets (preset)');
    // VS Code shows at most three toasts; make room for the next one.
    await workbench.clearNotifications();

    // Everything Contributor needs is known: no form; it is already active from the deploy, so nothing is sent.
    const before = putRequests().length;
    await workbench.runCommand('Azure PIM: Activate Preset…');
    await workbench.pickQuickPickItem('Deploy');
    await workbench.waitForNotification(/Preset "Deploy": 1 already active/).catch((error: Error) => {
      throw new Error(`${error.message}\nProduct log:\n${productLogTail()}`);
    });
    assert.equal(putRequests().length, before);
    assert.equal(await workbench.editorTab(FORM_TITLE).isVisible(), false, 'no form for a preset that needs nothing more');

    // Owner needs approval: the form opens with Owner selected and the preset's justification.
    await workbench.runCommand('Azure PIM: Activate Preset…');
    await workbench.pickQuickPickItem('Production');
    const form = await workbench.webview(FORM_TITLE);
    const justification = form.locator('#justification textarea');
    await workbench.step('The preset justification in the form', () => justification.waitFor({ state: 'visible' }));
    const deadline = Date.now() + 10_000;
    while ((await justification.inputValue()) === '' && Date.now() < deadline) {
      await page.waitForTimeout(200);
    }
    assert.equal(await justification.inputValue(), 'Rotate production secrets (preset)');
    assert.match((await form.locator('#summary').textContent()) ?? '', /Owner/);
    assert.equal(putRequests().length, before, 'the form does not send anything by itself');
    await workbench.screenshot('05-preset-form');
    await closeForm();
  });
});
