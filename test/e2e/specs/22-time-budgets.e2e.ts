// Elevation that fits the work (#17), on the emulator's clock: a deploy task whose azure-pim task says
// deactivateWhenDone gets its role deactivated at the moment PIM allows (5 minutes after activation, "deactivates at
// HH:MM" in the status bar meanwhile); a deploy task with minRemainingMinutes activates again a role that would end
// midway; each run that activated roles leaves a receipt in My requests that lists the tasks that ran.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HarnessResult } from '../../fixtures/test-harness/src/extension';
import { e2e } from '../context';
import { suitesOutDir, testResultsDir } from '../paths';
import { putRequests, refreshRoles, signIn, waitForRoleOn } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const JUSTIFICATION = 'Deploy the web app (e2e 22)';

const contributor = (durationMinutes: number) => [{ role: 'Contributor', scope: CONTOSO_DEV, justification: JUSTIFICATION, durationMinutes }];

describe('Time budgets, deactivate when done, elevation receipts (azure-pim task)', function () {
  this.timeout(300_000);
  const files = new WorkspaceFiles();
  const output = (name: string): string => path.join(e2e().workspaceFolder, name);
  const devPuts = (): string[] => putRequests().filter((request) => request.toLowerCase().startsWith(CONTOSO_DEV));

  async function runTaskUntil(label: string, file: string): Promise<void> {
    const { workbench, page } = e2e();
    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(new RegExp(`^${label}$`));
    await workbench.step(`${file} written by the "${label}" task`, async () => {
      const deadline = Date.now() + 90_000;
      while (!fs.existsSync(output(file))) {
        if (Date.now() > deadline) {
          throw new Error(`"${label}" did not run within 90 s; terminal:\n${await workbench.terminalText().catch(() => '')}`);
        }
        await page.waitForTimeout(250);
      }
    });
  }

  before(async () => {
    for (const name of ['when-done.txt', 'budget.txt', 'short.txt']) {
      fs.rmSync(output(name), { force: true });
    }
    files.write('.vscode/settings.json', { 'terminal.integrated.gpuAcceleration': 'off' });
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [
        { label: 'elevate-when-done', type: 'azure-pim', roles: contributor(60), deactivateWhenDone: true, problemMatcher: [] },
        { label: 'deploy-when-done', type: 'shell', command: 'echo deployed > when-done.txt', dependsOn: ['elevate-when-done'], problemMatcher: [] },
        { label: 'elevate-short', type: 'azure-pim', roles: contributor(30), problemMatcher: [] },
        { label: 'deploy-short', type: 'shell', command: 'echo deployed > short.txt', dependsOn: ['elevate-short'], problemMatcher: [] },
        { label: 'elevate-budget', type: 'azure-pim', roles: contributor(90), minRemainingMinutes: 60, problemMatcher: [] },
        { label: 'deploy-budget', type: 'shell', command: 'echo deployed > budget.txt', dependsOn: ['elevate-budget'], problemMatcher: [] },
      ],
    });
    await e2e().page.waitForTimeout(1500);
  });

  after(() => {
    files.restore();
    for (const name of ['when-done.txt', 'budget.txt', 'short.txt']) {
      fs.rmSync(output(name), { force: true });
    }
  });

  it('deactivateWhenDone: after the deploy, "deactivates at HH:MM" until PIM allows, then the role is deactivated', async () => {
    const { workbench, page, emulator } = e2e();
    await signIn();
    await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/);
    const activatedAt = emulator.clock.now();
    await runTaskUntil('deploy-when-done', 'when-done.txt');
    assert.equal(devPuts().length, 1, 'one activation');

    // The deploy has ended; PIM refuses a deactivation until 5 minutes after the activation.
    const scheduled = workbench.statusBarItem(/deactivates at \d\d:\d\d/);
    await workbench.step('"deactivates at HH:MM" in the status bar', () => scheduled.waitFor({ state: 'visible', timeout: 30_000 }));
    const shown = /deactivates at (\d\d):(\d\d)/.exec((await scheduled.innerText()) ?? '');
    const allowed = new Date(activatedAt.getTime() + 5 * 60_000);
    const local = (date: Date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    assert.ok(shown && [local(allowed), local(new Date(allowed.getTime() + 60_000))].includes(`${shown[1]}:${shown[2]}`), `shows ${shown?.[0]}, PIM allows at ${local(allowed)}`);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^active/);
    await workbench.screenshot('22-deactivates-at');
    assert.equal(devPuts().length, 1, 'not deactivated before PIM allows it');

    // PIM's clock reaches the moment; the product learns it from the next answer (a refresh) and deactivates.
    emulator.clock.advance(5 * 60_000 + 5_000);
    await refreshRoles();
    await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/, 60_000);
    assert.equal(devPuts().length, 2, 'one deactivation');
    await workbench.step('the status bar item gone', () => scheduled.waitFor({ state: 'hidden', timeout: 10_000 }));
    await page.waitForTimeout(250);
    await workbench.screenshot('22-deactivated-when-done');
  });

  it('minRemainingMinutes: a role with too little time left is activated again before the deploy runs', async () => {
    const { workbench, emulator } = e2e();
    await runTaskUntil('deploy-short', 'short.txt');
    await waitForRoleOn('Contributor', 'Contoso Dev', /^active · (29|30)m left/);
    emulator.clock.advance(20 * 60_000);
    await refreshRoles();
    await waitForRoleOn('Contributor', 'Contoso Dev', /^active · (9|10)m left/);
    const before = devPuts().length;

    await runTaskUntil('deploy-budget', 'budget.txt');
    assert.equal(devPuts().length - before, 2, 'ended, then activated again, before the deploy');
    await e2e().page.getByRole('tab', { name: /elevate-budget/ }).first().click({ timeout: 5000 }).catch(() => undefined);
    // Rows wrap at the terminal's width: read the lines as one text.
    const terminal = (await workbench.terminalText(/All roles active/)).replace(/\n/g, '');
    assert.match(terminal, /Contributor on Contoso Dev: ends at \d\d:\d\d \((9|10) min left\), sooner than the 60 minutes the work needs: ending it to activate it again/);
    assert.match(terminal, /All roles active \(1 activated\)/);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^active · 1h (29|30)m left/);
    await workbench.screenshot('22-activated-again');
  });

  it('My requests lists the receipts: the roles, the tasks that ran while they were active, and when they ended', async () => {
    const { workbench, page } = e2e();
    await workbench.runCommand('Azure PIM: Show My Requests');
    const items = await workbench.quickPickTitled(/My PIM requests/);
    const receipts = items.filter((item) => item.label.startsWith('Elevation receipt'));
    const whenDone = receipts.find((item) => /task “elevate-when-done”/.test(item.description));
    assert.ok(whenDone, JSON.stringify(items, null, 1));
    assert.equal(whenDone.label, 'Elevation receipt: Contributor on Contoso Dev');
    assert.match(whenDone.description, /→ ended \d\d:\d\d/);
    assert.match(whenDone.detail, /Ran while active: deploy-when-done \(exit 0\)/);
    assert.match(whenDone.detail, /Deactivated when done/);
    const short = receipts.find((item) => /task “elevate-short”/.test(item.description));
    assert.match(short?.detail ?? '', /deploy-short \(exit 0\), deploy-budget \(exit 0\)/, 'the role stayed active through the second deploy');
    assert.equal(receipts.filter((item) => /elevate-budget/.test(item.description)).length, 0, 'activating an active role again is not a new elevation');
    await workbench.screenshot('22-receipts');
    await page.keyboard.press('Escape');
  });

  it('in Restricted Mode the activation tool refuses (vscode.lm.invokeTool in a second, untrusted editor)', async () => {
    const main = e2e();
    const results = path.join(testResultsDir, 'e2e', 'restricted-tools-exthost-results.json');
    fs.rmSync(results, { force: true });
    const other = await main.startAnotherWorkbench({
      name: 'restricted-tools',
      workspaceTrust: true,
      workspaceFiles: { '.vscode/settings.json': { 'azurePim.workspaceRoles': contributor(30) } },
      env: { PIM_EXTHOST_SUITES: path.join(suitesOutDir, 'index.js'), PIM_EXTHOST_RESULTS: results, PIM_EXTHOST_GREP: 'Restricted Mode' },
    });
    try {
      await other.workbench.answerWorkspaceTrust(false);
      const deadline = Date.now() + 120_000;
      while (!fs.existsSync(results)) {
        assert.ok(Date.now() < deadline, 'the suites in the untrusted editor did not report within 120 s');
        await main.page.waitForTimeout(500);
      }
      const harness = JSON.parse(fs.readFileSync(results, 'utf8')) as HarnessResult;
      assert.equal(harness.failed, 0, harness.output);
      assert.equal(harness.passed, 2, harness.output);
      await other.workbench.screenshot('22-restricted-mode');
    } finally {
      await other.close();
    }
  });
});
