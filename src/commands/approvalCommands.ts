// "Azure PIM: Review Requests Awaiting My Approval…" (a quick pick of the approval inbox) and Approve… / Deny… on a
// request in the Roles view's "Requests to approve" section: one path asks for the justification, records the
// decision through the inbox and says what happened. Tenant text goes through the quick-input and notification
// wrappers, which make it inert.
import * as vscode from 'vscode';
import type { ApprovalDecision } from '../core/api/armApprovals';
import type { PendingDecision } from '../core/flows/approvalDecisions';
import { approvalLines } from '../core/model/approvalText';
import type { ApprovalInbox } from '../core/store/approvalInbox';
import type { RoleStore } from '../core/store/roleStore';
import * as notify from '../ui/notify';
import { showInputBox, showQuickPick } from '../ui/quickInput';
import { ApprovalRequestItem } from '../views/treeNodes';
import { registerCommand } from './commandRunner';

export const REVIEW_APPROVALS_COMMAND = 'azurePim.reviewApprovals';
const APPROVE_REQUEST_COMMAND = 'azurePim.approveRequest';
const DENY_REQUEST_COMMAND = 'azurePim.denyRequest';
/** The Review… quick pick right after a notification's read shows that read instead of asking PIM again. */
const REVIEW_READ_AGAIN_AFTER_MS = 60_000;

export interface ApprovalCommandDeps {
  readonly store: RoleStore;
  readonly inbox: ApprovalInbox;
  readonly now: () => Date;
  readonly log: vscode.LogOutputChannel;
}

export function registerApprovalCommands(deps: ApprovalCommandDeps): vscode.Disposable[] {
  const fromTree = (decision: ApprovalDecision) => async (item?: unknown) => {
    // Only a request item of the view: the command is hidden from the palette, and any other argument is ignored.
    if (item instanceof ApprovalRequestItem) {
      await decideAndReport(deps, item.pending, decision);
    }
  };
  return [
    registerCommand(deps.log, REVIEW_APPROVALS_COMMAND, () => reviewApprovals(deps)),
    registerCommand(deps.log, APPROVE_REQUEST_COMMAND, fromTree('Approve')),
    registerCommand(deps.log, DENY_REQUEST_COMMAND, fromTree('Deny')),
  ];
}

interface RequestItem extends vscode.QuickPickItem {
  readonly pending: PendingDecision;
}

interface DecisionItem extends vscode.QuickPickItem {
  readonly decision: ApprovalDecision;
}

async function reviewApprovals(deps: ApprovalCommandDeps): Promise<void> {
  const { store, inbox, now, log } = deps;
  if (!store.hasConnections) {
    await vscode.commands.executeCommand('azurePim.signIn');
    if (!store.hasConnections) {
      return;
    }
  }
  await notify.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Azure PIM: reading requests awaiting your approval') }, () =>
    inbox.refresh({ ifOlderThanMs: REVIEW_READ_AGAIN_AFTER_MS }),
  );
  for (const problem of inbox.problems) {
    log.warn(problem);
    void notify.showWarningMessage(problem);
  }
  if (inbox.requests.length === 0) {
    void notify.showInformationMessage(vscode.l10n.t('No requests are waiting for your approval.'));
    return;
  }
  const at = now();
  const several = store.tenants.length > 1;
  const items = inbox.requests.map((pending): RequestItem => {
    const lines = approvalLines(pending, at);
    return {
      label: lines.title,
      description: several ? vscode.l10n.t('{0} · {1}', lines.requester, pending.connection.displayName) : lines.requester,
      detail: lines.details,
      iconPath: new vscode.ThemeIcon('person'),
      pending,
    };
  });
  const picked = await showQuickPick(items, {
    title: vscode.l10n.t('Requests awaiting your approval'),
    placeHolder: vscode.l10n.t('Pick a request to approve or deny'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) {
    return;
  }
  const choice = await showQuickPick<DecisionItem>(
    [
      { label: vscode.l10n.t('Approve'), iconPath: new vscode.ThemeIcon('check'), decision: 'Approve' },
      { label: vscode.l10n.t('Deny'), iconPath: new vscode.ThemeIcon('close'), decision: 'Deny' },
    ],
    { title: picked.label, placeHolder: vscode.l10n.t('Approve or deny this request?') },
  );
  if (!choice) {
    return;
  }
  await decideAndReport(deps, picked.pending, choice.decision);
}

/** Asks for the required justification, records the decision through the inbox and says what happened. */
async function decideAndReport({ inbox, now, log }: ApprovalCommandDeps, pending: PendingDecision, decision: ApprovalDecision): Promise<void> {
  const title = approvalLines(pending, now()).title;
  const justification = await showInputBox({
    title,
    prompt: decision === 'Approve' ? vscode.l10n.t('Why do you approve? (required; the requester and the audit log see it)') : vscode.l10n.t('Why do you deny? (required; the requester sees it)'),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A justification is required.')),
  });
  if (justification === undefined) {
    return;
  }
  const result = await notify.withProgress(
    { location: vscode.ProgressLocation.Notification, title: decision === 'Approve' ? vscode.l10n.t('Azure PIM: approving…') : vscode.l10n.t('Azure PIM: denying…') },
    () => inbox.decide(pending, decision, justification),
  );
  log.info(`Approval: ${result.message}`);
  if (result.ok) {
    void notify.showInformationMessage(result.message);
  } else {
    void notify.showWarningMessage(result.message);
  }
}
