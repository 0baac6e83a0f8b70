// From a 403 to the right role: a deploy task (a small node script standing in for `az webapp create`) fails with
// ARM's real AuthorizationFailed text in the task terminal; the error is a link, "Elevate with PIM…"; following it
// offers the least-privileged eligible role (Website Contributor on rg-app, not Contributor on the subscription) with
// why, opens the form with it selected; once Azure applies the access the extension says so; the task re-run succeeds.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2e } from '../context';
import { closeForm, FORM_TITLE, formRow, putRequests, signIn, typeJustification, waitForOutcome, waitForPolicyLoaded, waitForRole } from '../pim';
import { followTerminalLink, hoverTerminalLink, terminalTextPoint } from '../terminalLinks';
import { WorkspaceFiles } from '../workspaceFiles';

const RG_APP = '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app';
const SITE = `${RG_APP}/providers/Microsoft.Web/sites/app-e2e`;
const SCRIPT = 'deploy-app.js';

/**
 * The deploy script. It gets an ARM token the way the test sign-in does (the emulator's token endpoint stands in for
 * `az`'s own sign-in), PUTs the web app, and prints a failure the way the Azure CLI prints one.
 */
function deployScript(emulatorUrl: string): string {
  return `// Test-only: stands in for a deploy step (az webapp create) against the PIM emulator.
const base = ${JSON.stringify(emulatorUrl)};
(async () => {
  const token = await (await fetch(base + '/_emulator/token', { method: 'POST', body: JSON.stringify({ scopes: ['https://management.azure.com/.default'] }) })).json();
  const res = await fetch(base + ${JSON.stringify(SITE)} + '?api-version=2022-03-01', {
    method: 'PUT',
    headers: { Authorization: 'Bearer ' + token.accessToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({ location: 'westeurope', properties: {} }),
  });
  if (!res.ok) {
    const { error } = await res.json();
    console.error('ERROR: (' + error.code + ') ' + error.message + '\\nCode: ' + error.code + '\\nMessage: ' + error.message);
    process.exit(1);
  }
  console.log('Deployed app-e2e');
})();
`;
}

describe('From a 403 to the right role (terminal link)', function () {
  this.timeout(240_000);
  const files = new WorkspaceFiles();
  const scriptFile = (): string => path.join(e2e().workspaceFolder, SCRIPT);
  const sitePuts = (): number[] => e2e().emulator.requests.filter((request) => request.method === 'PUT' && request.path.startsWith(SITE)).map((request) => request.status);

  before(async () => {
    const { emulator, emulatorUrl, page } = e2e();
    // The shared scenario has no role narrower than Contributor for web apps; this spec adds one (reset forgets it).
    emulator.addEligibility({ role: 'Website Contributor', scope: RG_APP, policy: 'standard' });
    fs.writeFileSync(scriptFile(), deployScript(emulatorUrl));
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [{ label: 'deploy app-e2e', type: 'shell', command: `node ${SCRIPT}`, problemMatcher: [] }],
    });
    await page.waitForTimeout(1500);
  });

  after(async () => {
    await closeForm().catch(() => undefined);
    files.restore();
    fs.rmSync(scriptFile(), { force: true });
  });

  it('the failing deploy prints the error; its link activates the least-privileged role; the re-run succeeds', async () => {
    const { workbench, page } = e2e();
    await signIn();
    await waitForRole('Website Contributor', /^eligible/);

    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(/^deploy app-e2e$/);
    await workbench.terminalText(/ERROR: \(AuthorizationFailed\)[\s\S]*Terminal will be reused by tasks/, 60_000);
    assert.deepEqual(sitePuts(), [403], 'the deploy was refused');
    await workbench.screenshot('16-terminal-error');

    // The error is a link; hovering offers "Elevate with PIM…".
    const point = await workbench.step('The error text on screen', async () => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        const found = await terminalTextPoint('over scope');
        if (found) {
          return found;
        }
        await page.waitForTimeout(250);
      }
      throw new Error('"over scope" is not in the terminal rows');
    });
    const plainText = await terminalTextPoint('Terminal will be reused by tasks');
    assert.ok(plainText, 'the task end line is on screen');
    assert.match(await hoverTerminalLink(point, /Elevate with PIM…/, plainText), /^Elevate with PIM… \(ctrl \+ click\)$/);
    await workbench.screenshot('16-link-hover');

    await followTerminalLink(point);
    const items = await workbench.quickPickTitled(/^Elevate for Microsoft\.Web\/sites\/write on app-e2e$/);
    assert.deepEqual(items.map((item) => item.label), ['Website Contributor', 'Contributor']);
    assert.match(items[0]?.detail ?? '', /^Grants Microsoft\.Web\/sites\/write on app-e2e through "Microsoft\.Web\/sites\/\*"\. Contributor would also, but grants every action except 8\.$/);
    assert.match(items[1]?.detail ?? '', /grants more: every action except 8/);
    await workbench.screenshot('16-least-privilege-choice');
    await workbench.pickQuickPickItem('Website Contributor');

    // The form opens with Website Contributor on rg-app selected.
    const form = await workbench.webview(FORM_TITLE);
    await waitForPolicyLoaded(form, 'Website Contributor');
    assert.match((await formRow(form, 'Website Contributor').textContent()) ?? '', /rg-app/);
    assert.match((await form.locator('#summary').textContent()) ?? '', /Website Contributor/);
    await typeJustification(form, 'Deploy app-e2e (AuthorizationFailed in the deploy task)');
    await workbench.screenshot('16-form');
    await form.locator('#activate').click();
    await waitForOutcome(form, 'Website Contributor', 'active');

    // Only Website Contributor was requested, at rg-app.
    const activations = putRequests().filter((request) => request.includes('/roleAssignmentScheduleRequests/'));
    assert.equal(activations.length, 1, activations.join(', '));
    assert.ok(activations[0]?.toLowerCase().startsWith(RG_APP.toLowerCase()), activations[0]);

    await workbench.waitForNotification(/Microsoft\.Web\/sites\/write on app-e2e is effective now \(Website Contributor on rg-app, after \d+ s\): re-run the command\./, 60_000);
    await workbench.screenshot('16-access-effective');
    await closeForm();

    await workbench.runCommand('Tasks: Rerun Last Task');
    await workbench.terminalText(/Deployed app-e2e/, 60_000);
    assert.deepEqual(sitePuts(), [403, 201], 'the re-run deployed');
    await workbench.screenshot('16-rerun-succeeds');
  });
});
