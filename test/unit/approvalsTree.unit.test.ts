// "Requests to approve" in the Roles view and Approve… / Deny… on its requests, in the VS Code layer (vscode
// stand-in) against the emulator: only an approver gets the section; a request shows who asks for what, why, for how
// long and since when, inert; the tree's decision asks for the justification and reports as the quick pick does, and
// the request leaves; a tenant whose list failed is a problem row; the quick pick shows the same list.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { registerApprovalCommands } from '../../src/commands/approvalCommands';
import { ensureRoles } from '../../src/core/flows/ensureRoles';
import { ApprovalInbox } from '../../src/core/store/approvalInbox';
import { PolicyCache } from '../../src/core/store/policyCache';
import type { RoleStore, TenantConnection } from '../../src/core/store/roleStore';
import { createSafeLog } from '../../src/ui/safeLog';
import { RolesTreeProvider } from '../../src/views/rolesTree';
import type { RolesTreeNode } from '../../src/views/treeNodes';
import { E2E } from '../emulator/testing';
import { EmulatorCredential } from '../support/emulatorCredential';
import { installVscodeStub, type StubRecord } from '../support/vscodeStub';
import { withEmulator } from '../support/withEmulator';

const PROD_SUBSCRIPTION = 'b0000000-0000-4000-8000-00000000000b';
const HOSTILE_SCOPE = 'Contoso Prod [Open](command:workbench.action.terminal.new) $(alert) https://evil.example';
const STRANGER = 'dddddddd-0000-4000-8000-00000000000d';

describe('Requests to approve: the section in the Roles view, and Approve… / Deny… on its requests', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  let record: StubRecord;
  let disposables: { dispose(): unknown }[];

  const connectAs = (oid: string): TenantConnection => fixture.connect({ credential: new EmulatorCredential(fixture.emulator.url, E2E.contoso, oid) }).connection;
  const requestOwner = async (): Promise<void> => {
    const store = await fixture.loadStore(fixture.connect().connection);
    await ensureRoles(store, [{ role: 'Owner', scope: E2E.subB }], { policyFor: () => Promise.resolve(undefined), defaultJustification: 'release 42 https://ci.example/42', follow: { pollIntervalsMs: [50], pollTimeoutMs: 2000 } });
  };

  /** The Roles view and the approval commands of a user signed in as `oid`, as extension.ts wires them. */
  async function signedInAs(oid: string): Promise<{ tree: RolesTreeProvider; inbox: ApprovalInbox; store: RoleStore }> {
    const store = await fixture.loadStore(connectAs(oid));
    const inbox = new ApprovalInbox();
    const log = createSafeLog('Azure PIM');
    const tree = new RolesTreeProvider(store, new PolicyCache(), () => new Date(), undefined, undefined, undefined, inbox);
    disposables.push(inbox, inbox.follow(store), tree, log, ...registerApprovalCommands({ store, inbox, now: () => new Date(), log }));
    await inbox.setConnections(store.tenants.flatMap((tenant) => store.connection(tenant.tenantId) ?? []));
    return { tree, inbox, store };
  }

  const section = (tree: RolesTreeProvider): RolesTreeNode | undefined => tree.getChildren().find((node) => node.kind === 'approvals');
  const sectionRows = (tree: RolesTreeProvider): vscode.TreeItem[] => {
    const node = section(tree);
    assert.ok(node, 'the section is shown');
    return tree.getChildren(node).map((child) => tree.getTreeItem(child));
  };
  const run = (command: string, ...args: unknown[]): Promise<unknown> => {
    const handler = record.registeredCommands.get(command);
    assert.ok(handler, `${command} is registered`);
    return Promise.resolve(handler(...args));
  };
  const messages = (api: string): string[] => record.calls.filter((call) => call.api === api).map((call) => String(call.args[0]));

  beforeEach(() => {
    record = installVscodeStub();
    record.calls.length = 0;
    record.answer = () => undefined;
    disposables = [];
    fixture.emulator.rename({ subscriptionId: PROD_SUBSCRIPTION, displayName: HOSTILE_SCOPE });
  });

  afterEach(() => disposables.splice(0).forEach((disposable) => disposable.dispose()));

  it('an approver sees the section with its count; a request shows requester, role, scope, duration, justification and age', async () => {
    await requestOwner();
    const { tree } = await signedInAs(E2E.approver);
    const node = section(tree);
    assert.ok(node);
    const header = tree.getTreeItem(node);
    assert.equal(header.label, 'Requests to approve (1)');
    assert.deepEqual(header.accessibilityInformation, { label: 'Requests to approve: 1 request waits for your decision' });
    const [row] = sectionRows(tree);
    assert.ok(row);
    assert.equal(row.label, `Owner on ${HOSTILE_SCOPE}`, 'the scope name as typed: tree labels render no icon and no link');
    assert.match(String(row.description), /^Dana Developer \(dana@contoso\.onmicrosoft\.com\) · “release 42 https:\/\/ci\.example\/42” · for \d+h?.* · asked \d+m ago$/);
    assert.equal(row.contextValue, 'approvalRequest');
    assert.match((row.accessibilityInformation?.label ?? ''), /^Request to approve: Owner on Contoso Prod .*, requested by Dana Developer/);
    const tooltip = row.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.equal(tooltip.supportHtml, false);
    assert.ok(tooltip.value.includes('\\[Open\\]\\(command:workbench'), `the link is escaped text: ${tooltip.value}`);
    assert.ok(!tooltip.value.includes('https://'), `no bare address for markdown to link: ${tooltip.value}`);
    assert.doesNotMatch(tooltip.value, /dana@contoso/, 'no bare e-mail address for markdown to make a mailto: link');
    assert.match(tooltip.value, /Requested by Dana Developer/);
    assert.match(tooltip.value, /Tenant: Contoso/);
  });

  it('a user who approves nothing has no section', async () => {
    await requestOwner();
    const { tree, inbox } = await signedInAs(STRANGER);
    assert.equal(inbox.isApprover, false);
    assert.equal(section(tree), undefined);
    assert.ok(tree.getChildren().length > 0, 'the view itself is shown');
  });

  it('Approve… on a request asks for the justification, approves, says so as the quick pick does, and the request leaves', async () => {
    await requestOwner();
    const { tree } = await signedInAs(E2E.approver);
    const requestNode = tree.getChildren(section(tree)).find((node) => node.kind === 'approvalRequest');
    assert.ok(requestNode);
    record.answer = (api) => (api === 'showInputBox' ? 'CHG-42 reviewed' : undefined);
    await run('azurePim.approveRequest', requestNode);
    const inputs = record.calls.filter((call) => call.api === 'showInputBox').map((call) => call.args[0] as vscode.InputBoxOptions);
    assert.deepEqual(
      inputs.map((options) => options.prompt),
      ['Why do you approve? (required; the requester and the audit log see it)'],
    );
    assert.equal(await inputs[0]?.validateInput?.('  '), 'A justification is required.');
    assert.deepEqual(messages('showInformationMessage'), [`Approved: Owner on ${HOSTILE_SCOPE.replace('](', ']\u200B(').replace('$(', '$\u200B(')} for Dana Developer.`]);
    const decisions = fixture.emulator.requests.filter((call) => call.method === 'PATCH');
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]?.callerOid, E2E.approver);
    assert.deepEqual(
      sectionRows(tree).map((item) => item.label),
      ['No requests are waiting for your approval.'],
    );
    assert.equal(tree.getTreeItem(section(tree) as RolesTreeNode).label, 'Requests to approve (0)');
  });

  it('Deny… on a request another approver decided first says so, and the request leaves; nothing without a justification', async () => {
    await requestOwner();
    const { tree } = await signedInAs(E2E.approver);
    const other = new ApprovalInbox();
    disposables.push(other);
    await other.setConnections([connectAs(E2E.approver)]);
    const [theirs] = other.requests;
    assert.ok(theirs);
    await other.decide(theirs, 'Approve', 'approved elsewhere');
    const requestNode = tree.getChildren(section(tree)).find((node) => node.kind === 'approvalRequest');
    assert.ok(requestNode, 'still listed until the next read');

    await run('azurePim.denyRequest', requestNode);
    assert.equal(fixture.emulator.requests.filter((call) => call.method === 'PATCH').length, 1, 'cancelled at the justification: nothing sent');

    record.answer = (api) => (api === 'showInputBox' ? 'no' : undefined);
    await run('azurePim.denyRequest', requestNode);
    assert.deepEqual(messages('showWarningMessage').slice(-1), [`Owner on ${HOSTILE_SCOPE.replace('](', ']\u200B(').replace('$(', '$\u200B(')} for Dana Developer: already decided by another approver; the request is active.`]);
    assert.equal(section(tree) && tree.getChildren(section(tree)).some((node) => node.kind === 'approvalRequest'), false);
  });

  it('Approve… and Deny… ignore anything but a request of the view', async () => {
    await requestOwner();
    const { inbox } = await signedInAs(E2E.approver);
    // Looks like a request item (a command argument from elsewhere), but is not one the view made.
    await run('azurePim.approveRequest', { kind: 'approvalRequest', pending: inbox.requests[0] });
    await run('azurePim.denyRequest', 'some string');
    await run('azurePim.approveRequest');
    assert.equal(record.calls.filter((call) => call.api === 'showInputBox').length, 0);
    assert.equal(fixture.emulator.requests.filter((call) => call.method === 'PATCH').length, 0);
  });

  it('a tenant whose list failed is a problem row in the section, not an empty section', async () => {
    await requestOwner();
    fixture.emulator.setFaults([{ match: { method: 'GET', pathIncludes: 'roleAssignmentScheduleRequests?' }, kind: 'status', status: 500, times: 0 }]);
    const { tree } = await signedInAs(E2E.approver);
    const rows = sectionRows(tree);
    assert.equal(rows.length, 1);
    assert.match(rows[0]?.label as string, /^Contoso: requests to approve could not be read: /);
    assert.deepEqual(rows[0]?.command?.command, 'azurePim.refresh');
    fixture.emulator.setFaults([]);
  });

  it('Review… shows the same list the section shows, without reading it again', async () => {
    await requestOwner();
    const { tree } = await signedInAs(E2E.approver);
    const reads = fixture.emulator.requests.length;
    await run('azurePim.reviewApprovals');
    const picks = record.calls.filter((call) => call.api === 'showQuickPick').map((call) => (call.args[0] as vscode.QuickPickItem[]).map((item) => item.label));
    assert.deepEqual(picks[0], sectionRows(tree).map((item) => (item.label as string).replace('](', ']\u200B(').replace('$(', '\\$(')));
    assert.equal(fixture.emulator.requests.length, reads, 'no call of its own');
  });
});
