// Approvals, closed loop (#18), with two identities: the requester's deploy task depends on an azure-pim task for a
// role that needs approval, and waits. The approver, in a second editor signed in as Alice (the fake provider's
// second identity, PIM_FAKE_AUTH_USER_ID), approves from "Review Requests Awaiting My Approval…"; the requester's
// task goes on by itself and the deploy runs. The subscription's name is hostile: shown as typed on the approver's
// surfaces, never a link or an icon.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { e2e, setE2EContext, type E2EContext } from '../context';
import { signIn, trustEmulatorIfAsked, VIEW, waitForRole } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

const PROD_SUBSCRIPTION = 'b0000000-0000-4000-8000-00000000000b';
const PROD = `/subscriptions/${PROD_SUBSCRIPTION}`;
const APPROVER_ID = 'cccccccc-0000-4000-8000-00000000000c';
const HOSTILE_SCOPE = 'Contoso Prod [Open](command:workbench.action.terminal.new) $(alert)';
const JUSTIFICATION = 'Release 42 (e2e)';

/** Text as the user reads it: zero-width spaces (how links are broken) and layout whitespace ignored. */
function readable(text: string | null): string {
  return (text ?? '').replace(/\u200B/g, '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Links, icons and elements VS Code would have made of the hostile name inside `scope`. */
function interpreted(scope: Locator): Promise<string[]> {
  return scope.evaluateAll((roots) =>
    roots.flatMap((root) => [...root.querySelectorAll('a[href], a[data-href], .monaco-link, img, .codicon-alert')].map((node) => node.outerHTML.slice(0, 120))),
  );
}

describe('Approvals: approve from the editor, and the waiting deploy resumes by itself', function () {
  this.timeout(420_000);
  const files = new WorkspaceFiles();
  const deployedFile = (): string => path.join(e2e().workspaceFolder, 'deployed-after-approval.txt');
  let main: E2EContext;
  let approver: (E2EContext & { close(): Promise<void> }) | undefined;

  before(async () => {
    main = e2e();
    fs.rmSync(deployedFile(), { force: true });
    main.emulator.rename({ subscriptionId: PROD_SUBSCRIPTION, displayName: HOSTILE_SCOPE });
    files.write('.vscode/settings.json', { 'terminal.integrated.gpuAcceleration': 'off' });
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [
        {
          label: 'elevate-owner',
          type: 'azure-pim',
          roles: [{ role: 'Owner', scope: PROD, justification: JUSTIFICATION, durationMinutes: 60 }],
          waitForAccess: true,
          timeoutMinutes: 10,
          problemMatcher: [],
        },
        { label: 'deploy-prod', type: 'shell', command: 'echo deployed > deployed-after-approval.txt', dependsOn: ['elevate-owner'], problemMatcher: [] },
      ],
    });
    await main.page.waitForTimeout(1500);
  });

  after(async () => {
    setE2EContext(main);
    await approver?.close();
    files.restore();
    fs.rmSync(deployedFile(), { force: true });
  });

  it('the requester runs the deploy: it waits for approval; the approver approves from the editor; the deploy runs', async () => {
    const { workbench, page, emulator } = main;
    await signIn();
    await waitForRole('Owner', /^eligible · max 4h · approval/);

    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(/^deploy-prod$/);
    const waiting = await workbench.step('The task says it waits for the approver', () => workbench.terminalText(/Owner on .*: waiting for approval by Alice Admin/, 60_000));
    // This role's line only (the page also holds earlier specs' task terminals); a wrapped line is joined back.
    assert.doesNotMatch(waiting.replace(/\n/g, ''), /by Alice Admin; access is not granted until an approver decides\.\s*→\s*FAIL/, 'waiting is not failing');
    await workbench.screenshot('21-requester-waiting');
    assert.equal(fs.existsSync(deployedFile()), false, 'no deploy before the approval');

    // The approver: a second editor, signed in as Alice, who has no roles of her own.
    approver = await main.startAnotherWorkbench({ name: 'approver', env: { PIM_FAKE_AUTH_USER_ID: APPROVER_ID } });
    setE2EContext(approver);
    const bench = approver.workbench;
    await bench.openViewContainer('Azure PIM');
    const signInButton = bench.view(VIEW).getByRole('button', { name: 'Sign In' });
    await bench.step('The approver signing in', () => signInButton.waitFor({ state: 'visible' }));
    await signInButton.click();
    await bench.allowAuthenticationDialog();
    await trustEmulatorIfAsked(bench, approver.emulatorUrl, 30_000);
    await bench.step('The approver signed in (tenants listed)', () =>
      bench.view(VIEW).locator('[role="treeitem"]').filter({ hasText: 'Contoso' }).first().waitFor({ state: 'visible', timeout: 30_000 }),
    );

    // An approver is told (and only an approver: the requester's editor never polls), with a way to review.
    const told = await bench.waitForNotification(/Dana Developer asks for Owner on .*: waiting for your approval\./, 60_000);
    const toldMessage = told.locator('.notification-list-item-message');
    assert.ok(readable(await toldMessage.innerText()).includes(`Dana Developer asks for Owner on ${HOSTILE_SCOPE}: waiting for your approval.`), await toldMessage.innerText());
    assert.deepEqual(await interpreted(toldMessage), [], 'the notification renders no link or icon from tenant text');
    await bench.screenshot('21-approver-told');
    await told.getByRole('button', { name: 'Review…' }).click();

    const items = await bench.quickPickTitled(/Requests awaiting your approval/, 30_000);
    assert.equal(items.length, 1, JSON.stringify(items));
    const [item] = items;
    assert.equal(readable(item?.label ?? ''), `Owner on ${HOSTILE_SCOPE}`, 'the hostile scope name is shown as typed');
    assert.equal(item?.description, 'Dana Developer (dana@contoso.onmicrosoft.com) · Contoso');
    assert.match(item?.detail ?? '', new RegExp(`“${JUSTIFICATION.replace(/[()]/g, '\\$&')}” · for 1h · asked \\d+m ago`));
    const list = approver.page.locator('.quick-input-widget .quick-input-list');
    assert.deepEqual(await interpreted(list), [], 'nothing in the list is a link or an icon made from tenant text');
    await bench.screenshot('21-approver-requests');

    await bench.pickQuickPickItem(/^Owner on /);
    await bench.pickQuickPickItem('Approve');
    await bench.answerInputBox('Change CHG-42 reviewed');
    const toast = await bench.waitForNotification(/Approved: Owner on .* for Dana Developer\./, 30_000);
    const message = toast.locator('.notification-list-item-message');
    assert.ok(readable(await message.innerText()).includes(`Approved: Owner on ${HOSTILE_SCOPE} for Dana Developer.`), await message.innerText());
    assert.deepEqual(await interpreted(message), [], 'the notification renders no link from tenant text');
    await bench.screenshot('21-approver-approved');

    // The requester approves nothing: one check per tenant after sign-in (Contoso, Fabrikam), never a poll.
    const requesterChecks = emulator.requests.filter((call) => call.callerOid !== APPROVER_ID && call.path.includes('/roleAssignmentApprovals'));
    assert.ok(requesterChecks.length <= 2 && requesterChecks.every((call) => call.path.includes('asApprover()')), requesterChecks.map((call) => call.path).join('\n'));

    const decision = emulator.requests.filter((call) => call.method === 'PATCH' && call.path.includes('/roleAssignmentApprovals/'));
    assert.equal(decision.length, 1, 'one decision recorded');
    assert.equal(decision[0]?.callerOid, APPROVER_ID, 'made by the approver, through the approval API');
    assert.match(decision[0]?.path ?? '', /\/stages\/[0-9a-f-]{36}\?api-version=2021-01-01-preview$/);

    // Back to the requester: the task resumes by itself within one poll interval, and the deploy runs.
    setE2EContext(main);
    await workbench.step('deployed-after-approval.txt written by the deploy task', async () => {
      const deadline = Date.now() + 120_000;
      while (!fs.existsSync(deployedFile())) {
        if (Date.now() > deadline) {
          throw new Error('the deploy task did not run within 120 s of the approval');
        }
        await page.waitForTimeout(500);
      }
    });
    await page.getByRole('tab', { name: /elevate-owner|Task/ }).first().click().catch(() => undefined);
    const terminal = await workbench.terminalText(/All roles active/, 30_000);
    assert.match(terminal, /Owner on .*: approved; activating/);
    assert.match(terminal, /All roles active \(1 activated\)/);
    await workbench.screenshot('21-requester-deployed');
    const asRequester = emulator.requests.filter((call) => call.method === 'GET' && /roleAssignmentScheduleRequests\/[0-9a-f-]{36}\?/i.test(call.path));
    assert.ok(asRequester.length >= 1, 'the requester watched its request');
    assert.ok(asRequester.every((call) => call.callerOid !== APPROVER_ID));
  });
});
