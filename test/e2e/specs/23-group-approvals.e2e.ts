// Approvals for PIM for Groups (#18), with two identities: the requester's deploy task depends on an azure-pim task for
// a group membership whose policy asks for Alice's approval, and waits. Alice, in a second editor (the fake provider's
// second identity), is told, and approves from "Review Requests Awaiting My Approval…"; the decision goes to Graph v1.0
// (assignmentApprovals/{id}/stages/{id}); the requester's task goes on by itself and the membership shows as active.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E } from '../../emulator/testing';
import { e2e, setE2EContext, type E2EContext } from '../context';
import { configureGraphApp, GRAPH_CLIENT_ID, refreshRoles, signIn, startApprover, waitForRoleOn } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

const GROUP_NAME = 'pim-contoso-admins';
const JUSTIFICATION = 'Join the admins for release 43 (e2e)';

describe('Group approvals: a PIM for Groups request approved from the editor, and the waiting task resumes', function () {
  this.timeout(420_000);
  const files = new WorkspaceFiles();
  const deployedFile = (): string => path.join(e2e().workspaceFolder, 'deployed-after-group-approval.txt');
  let main: E2EContext;
  let approver: (E2EContext & { close(): Promise<void> }) | undefined;

  before(async () => {
    main = e2e();
    fs.rmSync(deployedFile(), { force: true });
    main.emulator.setGroupPolicy(E2E.pimGroup, 'approval');
    files.write('.vscode/settings.json', { 'terminal.integrated.gpuAcceleration': 'off' });
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [
        {
          label: 'elevate-group',
          type: 'azure-pim',
          roles: [{ kind: 'group', role: 'Member', scope: E2E.pimGroup, justification: JUSTIFICATION, durationMinutes: 60 }],
          waitForAccess: true,
          timeoutMinutes: 10,
          problemMatcher: [],
        },
        { label: 'deploy-with-group', type: 'shell', command: 'echo deployed > deployed-after-group-approval.txt', dependsOn: ['elevate-group'], problemMatcher: [] },
      ],
    });
    await main.page.waitForTimeout(1500);
  });

  after(async () => {
    setE2EContext(main);
    await approver?.close();
    await configureGraphApp('');
    files.restore();
    fs.rmSync(deployedFile(), { force: true });
  });

  it('the requester waits on a group membership; the approver approves it from the editor; the task resumes and the membership is active', async () => {
    const { workbench, page, emulator } = main;
    await signIn();
    await configureGraphApp(GRAPH_CLIENT_ID);
    await waitForRoleOn('Member', GROUP_NAME, /^eligible/, 60_000);

    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(/^deploy-with-group$/);
    const waiting = await workbench.step('The task says it waits for the approver', () =>
      workbench.terminalText(new RegExp(`Member on ${GROUP_NAME}.*: waiting for approval by Alice Admin`), 60_000),
    );
    assert.doesNotMatch(waiting.replace(/\n/g, ''), /Member on pim-contoso-admins[^\n]*access is not granted until an approver decides\.\s*→\s*FAIL/, 'waiting is not failing');
    await workbench.screenshot('23-requester-waiting');
    assert.equal(fs.existsSync(deployedFile()), false, 'no deploy before the approval');

    // The approver: a second editor, signed in as Alice, with the same Graph app registration.
    approver = await startApprover(main, 'group-approver', { 'azurePim.graph.clientId': GRAPH_CLIENT_ID });
    const bench = approver.workbench;

    // Told about the group request (she approves only groups here: Graph's approvals list names her).
    const told = await bench.waitForNotification(new RegExp(`Dana Developer asks for Member on ${GROUP_NAME}: waiting for your approval\\.`), 60_000);
    await bench.screenshot('23-approver-told');
    await told.getByRole('button', { name: 'Review…' }).click();

    const items = await bench.quickPickTitled(/Requests awaiting your approval/, 30_000);
    assert.equal(items.length, 1, JSON.stringify(items));
    const [item] = items;
    assert.equal(item?.label, `Member on ${GROUP_NAME}`);
    // A zero-width space after the @ keeps the address from becoming a mailto: link in the item's hover.
    assert.equal(item?.description?.replace(/\u200B/g, ''), 'Dana Developer (dana@contoso.onmicrosoft.com) · Contoso');
    assert.match(item?.detail ?? '', new RegExp(`“${JUSTIFICATION.replace(/[()]/g, '\\$&')}” · for 1h · asked \\d+m ago`));
    await bench.screenshot('23-approver-requests');

    await bench.pickQuickPickItem(/^Member on /);
    await bench.pickQuickPickItem('Approve');
    await bench.answerInputBox('Release 43 checked');
    await bench.waitForNotification(new RegExp(`Approved: Member on ${GROUP_NAME} for Dana Developer\\.`), 30_000);
    await bench.screenshot('23-approver-approved');

    const decision = emulator.requests.filter((call) => call.method === 'PATCH' && call.path.includes('/assignmentApprovals/'));
    assert.equal(decision.length, 1, 'one decision recorded');
    assert.equal(decision[0]?.callerOid, E2E.approver, 'made by the approver');
    assert.match(decision[0]?.path ?? '', /^\/v1\.0\/identityGovernance\/privilegedAccess\/group\/assignmentApprovals\/([0-9a-f-]{36})\/stages\/\1$/);

    // Back to the requester: the task resumes by itself, the deploy runs, and the membership shows as active.
    setE2EContext(main);
    await workbench.step('deployed-after-group-approval.txt written by the deploy task', async () => {
      const deadline = Date.now() + 120_000;
      while (!fs.existsSync(deployedFile())) {
        if (Date.now() > deadline) {
          throw new Error('the deploy task did not run within 120 s of the approval');
        }
        await page.waitForTimeout(500);
      }
    });
    const terminal = await workbench.terminalText(/All roles active/, 30_000);
    assert.match(terminal, /Member on pim-contoso-admins.*: approved; activating/);
    await refreshRoles();
    await waitForRoleOn('Member', GROUP_NAME, /^active/, 30_000);
    await workbench.screenshot('23-requester-active');
    const watched = emulator.requests.filter((call) => call.method === 'GET' && /\/group\/assignmentScheduleRequests\/[0-9a-f-]{36}$/i.test(call.path));
    assert.ok(watched.length >= 1 && watched.every((call) => call.callerOid !== E2E.approver), 'the requester watched its own Graph request');
  });
});
