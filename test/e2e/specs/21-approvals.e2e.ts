// Approvals, closed loop (#18), with two identities: the requester's deploy task depends on an azure-pim task for a
// role that needs approval, and waits; the requester approves nothing and has no "Requests to approve" section. The
// approver, in a second editor signed in as Alice (the fake provider's second identity, PIM_FAKE_AUTH_USER_ID), is
// told, sees the same request in the Review… quick pick and in the Roles view's "Requests to approve" section, and
// approves it from the section; the requester's task goes on by itself and the deploy runs. The subscription's name is
// hostile: shown as typed on the approver's surfaces, never a link or an icon.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { E2E } from '../../emulator/testing';
import { e2e, setE2EContext, type E2EContext } from '../context';
import { signIn, startApprover, VIEW, waitForRole } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

const PROD_SUBSCRIPTION = 'b0000000-0000-4000-8000-00000000000b';
const PROD = `/subscriptions/${PROD_SUBSCRIPTION}`;
const HOSTILE_SCOPE = 'Contoso Prod [Open](command:workbench.action.terminal.new) $(alert)';
const JUSTIFICATION = 'Release 42 (e2e)';
const SECTION = /^Requests to approve/;

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

    // The requester approves nothing: once the check after sign-in has answered, the view has no section.
    await workbench.step('The requester checked once whether any approval names them', async () => {
      const deadline = Date.now() + 30_000;
      while (!emulator.requests.some((call) => call.callerOid !== E2E.approver && call.path.includes('/roleAssignmentApprovals?') && call.status > 0)) {
        if (Date.now() > deadline) {
          throw new Error('no approver check by the requester');
        }
        await page.waitForTimeout(250);
      }
    });
    await page.waitForTimeout(1500);
    const requesterRows = (await workbench.treeItems(VIEW)).map((row) => row.label);
    assert.equal(requesterRows.filter((label) => SECTION.test(label)).length, 0, `no section for a user who approves nothing: ${requesterRows.join(' | ')}`);

    // The approver: a second editor, signed in as Alice, who has no roles of her own.
    approver = await startApprover(main, 'approver');
    const bench = approver.workbench;

    // An approver is told (and only an approver: the requester's editor never polls), with a way to review.
    const told = await bench.waitForNotification(/Dana Developer asks for Owner on .*: waiting for your approval\./, 60_000);
    const toldMessage = told.locator('.notification-list-item-message');
    assert.ok(readable(await toldMessage.innerText()).includes(`Dana Developer asks for Owner on ${HOSTILE_SCOPE}: waiting for your approval.`), await toldMessage.innerText());
    assert.deepEqual(await interpreted(toldMessage), [], 'the notification renders no link or icon from tenant text');
    await bench.screenshot('21-approver-told');
    await told.getByRole('button', { name: 'Review…' }).click();

    // The quick pick shows the list the section shows.
    const items = await bench.quickPickTitled(/Requests awaiting your approval/, 30_000);
    assert.equal(items.length, 1, JSON.stringify(items));
    const [item] = items;
    assert.equal(readable(item?.label ?? ''), `Owner on ${HOSTILE_SCOPE}`, 'the hostile scope name is shown as typed');
    assert.equal(readable(item?.description ?? ''), 'Dana Developer (dana@contoso.onmicrosoft.com) · Contoso');
    assert.match(item?.detail ?? '', new RegExp(`“${JUSTIFICATION.replace(/[()]/g, '\\$&')}” · for 1h · asked \\d+m ago`));
    const list = approver.page.locator('.quick-input-widget .quick-input-list');
    assert.deepEqual(await interpreted(list), [], 'nothing in the list is a link or an icon made from tenant text');
    await bench.screenshot('21-approver-requests');
    await approver.page.keyboard.press('Escape');
    await bench.clearNotifications();

    // The Roles view's "Requests to approve" section: the same request, with who asks, why, for how long and since when.
    const view = bench.view(VIEW);
    await bench.step('The "Requests to approve (1)" section', () => bench.treeItem(VIEW, /^Requests to approve \(1\)$/).waitFor({ state: 'visible', timeout: 30_000 }));
    const sectionRows = await bench.treeItems(VIEW);
    const header = sectionRows.find((row) => SECTION.test(row.label));
    assert.equal(header?.level, 1, 'the section is at the top of the view');
    assert.equal(header?.ariaLabel, 'Requests to approve: 1 request waits for your decision');
    const requestRow = sectionRows.find((row) => row.label.startsWith('Owner on ') && row.level === 2);
    assert.ok(requestRow, JSON.stringify(sectionRows));
    assert.equal(readable(requestRow.label), `Owner on ${HOSTILE_SCOPE}`, 'the hostile scope name is shown as typed');
    assert.match(requestRow.description, new RegExp(`^Dana Developer \\(dana@contoso\\.onmicrosoft\\.com\\) · “${JUSTIFICATION.replace(/[()]/g, '\\$&')}” · for 1h · asked \\d+m ago$`));
    assert.match(requestRow.ariaLabel, /^Request to approve: Owner on .*, requested by Dana Developer/);
    assert.deepEqual(await interpreted(view), [], 'nothing in the view is a link or an icon made from tenant text');
    const row = bench.treeItem(VIEW, /^Owner on Contoso Prod/);
    // Hovered at its icon: Playwright would scroll the long label into the middle of the narrow view.
    const hover = await bench.hover(row.locator('.custom-view-tree-node-item-icon'), 'Requested by Dana Developer');
    assert.ok(readable(await hover.innerText()).includes(`Owner on ${HOSTILE_SCOPE}`), await hover.innerText());
    assert.deepEqual(await interpreted(hover), [], 'the tooltip renders no link or icon from tenant text');
    await bench.screenshot('21-approver-section');
    await approver.page.mouse.move(0, 0);
    await row.locator('.custom-view-tree-node-item-icon').hover();

    // Approve from the section: the row's inline Approve… button, a justification, and the outcome.
    const approve = row.getByRole('button', { name: 'Approve…' });
    await bench.step("The request row's inline Approve… button", () => approve.waitFor({ state: 'visible' }));
    assert.equal(await row.getByRole('button', { name: 'Deny…' }).count(), 1, 'Deny… next to it');
    await approve.click();
    await bench.answerInputBox('Change CHG-42 reviewed');
    const toast = await bench.waitForNotification(/Approved: Owner on .* for Dana Developer\./, 30_000);
    const message = toast.locator('.notification-list-item-message');
    assert.ok(readable(await message.innerText()).includes(`Approved: Owner on ${HOSTILE_SCOPE} for Dana Developer.`), await message.innerText());
    assert.deepEqual(await interpreted(message), [], 'the notification renders no link from tenant text');
    await bench.step('The approved request leaving the section', () => bench.treeItem(VIEW, /^Requests to approve \(0\)$/).waitFor({ state: 'visible', timeout: 30_000 }));
    assert.equal((await bench.treeItems(VIEW)).filter((entry) => entry.label.startsWith('Owner on ')).length, 0, 'the request is gone');
    await bench.screenshot('21-approver-approved');

    // The requester approves nothing: one check per tenant after sign-in (Contoso, Fabrikam), never a poll.
    const requesterChecks = emulator.requests.filter((call) => call.callerOid !== E2E.approver && call.path.includes('/roleAssignmentApprovals'));
    assert.ok(requesterChecks.length <= 2 && requesterChecks.every((call) => call.path.includes('asApprover()')), requesterChecks.map((call) => call.path).join('\n'));

    const decision = emulator.requests.filter((call) => call.method === 'PATCH' && call.path.includes('/roleAssignmentApprovals/'));
    assert.equal(decision.length, 1, 'one decision recorded');
    assert.equal(decision[0]?.callerOid, E2E.approver, 'made by the approver, through the approval API');
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
    assert.ok(asRequester.every((call) => call.callerOid !== E2E.approver));
  });
});
