// "Azure PIM: Review Requests Awaiting My Approval…": the requests that wait for me in every signed-in tenant, one
// to approve or deny, a justification, and what happened. Tenant text goes through the quick-input and notification
// wrappers, which make it inert.
import * as vscode from 'vscode';
import type { ApprovalDecision } from '../core/api/armApprovals';
import { decide, listPendingDecisions, type PendingDecision } from '../core/flows/approvalDecisions';
import { approvalLines } from '../core/model/approvalText';
import type { RoleStore } from '../core/store/roleStore';
import * as notify from '../ui/notify';
import { showInputBox, showQuickPick } from '../ui/quickInput';
import { registerCommand } from './commandRunner';

export const REVIEW_APPROVALS_COMMAND = 'azurePim.reviewApprovals';

export interface ApprovalCommandDeps {
  readonly store: RoleStore;
  readonly now: () => Date;
  readonly log: vscode.LogOutputChannel;
}

export function registerApprovalCommands(deps: ApprovalCommandDeps): vscode.Disposable[] {
  return [registerCommand(deps.log, REVIEW_APPROVALS_COMMAND, () => reviewApprovals(deps))];
}

interface RequestItem extends vscode.QuickPickItem {
  readonly pending: PendingDecision;
}

interface DecisionItem extends vscode.QuickPickItem {
  readonly decision: ApprovalDecision;
}

async function reviewApprovals({ store, now, log }: ApprovalCommandDeps): Promise<void> {
  if (!store.hasConnections) {
    await vscode.commands.executeCommand('azurePim.signIn');
    if (!store.hasConnections) {
      return;
    }
  }
  const connections = store.tenants.flatMap((tenant) => store.connection(tenant.tenantId) ?? []);
  const listed = await notify.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Azure PIM: reading requests awaiting your approval') },
    () => listPendingDecisions(connections),
  );
  for (const problem of listed.problems) {
    log.warn(problem);
    void notify.showWarningMessage(problem);
  }
  if (listed.requests.length === 0) {
    void notify.showInformationMessage(vscode.l10n.t('No requests are waiting for your approval.'));
    return;
  }
  const at = now();
  const items = listed.requests.map((pending): RequestItem => {
    const lines = approvalLines(pending, at);
    return {
      label: lines.title,
      description: connections.length > 1 ? vscode.l10n.t('{0} · {1}', lines.requester, pending.connection.displayName) : lines.requester,
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
  const justification = await showInputBox({
    title: picked.label,
    prompt: choice.decision === 'Approve' ? vscode.l10n.t('Why do you approve? (required; the requester and the audit log see it)') : vscode.l10n.t('Why do you deny? (required; the requester sees it)'),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A justification is required.')),
  });
  if (justification === undefined) {
    return;
  }
  const result = await notify.withProgress(
    { location: vscode.ProgressLocation.Notification, title: choice.decision === 'Approve' ? vscode.l10n.t('Azure PIM: approving…') : vscode.l10n.t('Azure PIM: denying…') },
    () => decide(picked.pending, choice.decision, justification),
  );
  log.info(`Approval: ${result.message}`);
  if (result.ok) {
    void notify.showInformationMessage(result.message);
  } else {
    void notify.showWarningMessage(result.message);
  }
}
