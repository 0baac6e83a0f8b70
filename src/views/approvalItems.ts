// The "Requests to approve" section of the Roles view: the approval inbox (core/store/approvalInbox.ts) as rows, for
// approvers only. A request reads as its role on its scope, who asks, and why, for how long, which ticket and since
// when (core/model/approvalText.ts); a tenant whose list failed is a problem row. Tree labels and descriptions are
// plain text in VS Code (no icons, no links); the tooltip goes through linesTooltip.
import * as vscode from 'vscode';
import { approvalLines } from '../core/model/approvalText';
import { APPROVAL_REQUEST_CONTEXT, APPROVALS_SECTION_CONTEXT } from '../core/views/treeContext';
import { linesTooltip } from '../ui/tooltip';
import { ApprovalRequestItem, ApprovalsSectionItem, MessageItem, type ApprovalsSource, type RolesTreeNode } from './treeNodes';

/** The section, for the top of the view: none for a user who approves nothing. */
export function approvalsSection(inbox: ApprovalsSource | undefined): RolesTreeNode[] {
  return inbox?.isApprover ? [new ApprovalsSectionItem(inbox)] : [];
}

export function approvalsSectionTreeItem(inbox: ApprovalsSource): vscode.TreeItem {
  const read = inbox.readAt !== undefined;
  const label = read ? vscode.l10n.t('Requests to approve ({0})', inbox.requests.length) : vscode.l10n.t('Requests to approve');
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'approvals';
  item.iconPath = new vscode.ThemeIcon(inbox.reading ? 'loading~spin' : 'checklist');
  item.contextValue = APPROVALS_SECTION_CONTEXT;
  item.tooltip = vscode.l10n.t('Requests waiting for your approval, in every signed-in tenant. Approve or deny them with the buttons on each request.');
  item.accessibilityInformation = {
    label: !read
      ? vscode.l10n.t('Requests to approve, reading')
      : inbox.requests.length === 1
        ? vscode.l10n.t('Requests to approve: 1 request waits for your decision')
        : vscode.l10n.t('Requests to approve: {0} requests wait for your decision', inbox.requests.length),
  };
  return item;
}

export function approvalsSectionChildren(inbox: ApprovalsSource): RolesTreeNode[] {
  const retry = { command: 'azurePim.refresh', title: vscode.l10n.t('Retry') };
  const problems = inbox.problems.map(
    (problem, index) =>
      new MessageItem(`approvals/problem/${index}`, problem, new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')), retry, problem),
  );
  if (inbox.readAt === undefined) {
    return [...problems, new MessageItem('approvals/loading', vscode.l10n.t('Reading requests awaiting your approval…'), new vscode.ThemeIcon('loading~spin'))];
  }
  if (inbox.requests.length === 0 && problems.length === 0) {
    return [new MessageItem('approvals/none', vscode.l10n.t('No requests are waiting for your approval.'), new vscode.ThemeIcon('info'))];
  }
  return [...problems, ...inbox.requests.map((pending) => new ApprovalRequestItem(pending))];
}

export function approvalRequestTreeItem(element: ApprovalRequestItem, now: Date): vscode.TreeItem {
  const { pending } = element;
  const lines = approvalLines(pending, now);
  const item = new vscode.TreeItem(lines.title, vscode.TreeItemCollapsibleState.None);
  item.id = `approval/${pending.approvalId.toLowerCase()}`;
  item.description = vscode.l10n.t('{0} · {1}', lines.requester, lines.details);
  item.iconPath = new vscode.ThemeIcon('person');
  item.contextValue = APPROVAL_REQUEST_CONTEXT;
  item.tooltip = linesTooltip([
    lines.title,
    vscode.l10n.t('Requested by {0}', lines.requester),
    lines.details,
    vscode.l10n.t('Tenant: {0}', pending.connection.displayName),
    vscode.l10n.t('Approve or deny with the buttons on this row or its context menu; a justification is required.'),
  ]);
  item.accessibilityInformation = { label: vscode.l10n.t('Request to approve: {0}, requested by {1}; {2}', lines.title, lines.requester, lines.details) };
  return item;
}
