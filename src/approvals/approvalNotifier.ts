// "Dana Developer asks for Owner on Contoso Prod: waiting for your approval" with Review…, for approvers only
// (core/flows/approvalNotices.ts polls the approval inbox and says what is new).
import * as vscode from 'vscode';
import { ApprovalNotices } from '../core/flows/approvalNotices';
import type { PendingDecision } from '../core/flows/approvalDecisions';
import type { ApprovalInbox } from '../core/store/approvalInbox';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';

export class ApprovalNotifier implements vscode.Disposable {
  private readonly notices: ApprovalNotices;

  constructor(
    inbox: ApprovalInbox,
    private readonly review: () => Thenable<unknown>,
  ) {
    this.notices = new ApprovalNotices(inbox, { onNew: (requests) => void this.tell(requests) });
  }

  dispose(): void {
    this.notices.dispose();
  }

  private async tell(requests: readonly PendingDecision[]): Promise<void> {
    const reviewButton = vscode.l10n.t('Review…');
    const [first] = requests;
    const message =
      requests.length === 1 && first
        ? vscode.l10n.t(
            '{0} asks for {1} on {2}: waiting for your approval.',
            nameText(first.requesterName ?? first.requesterId),
            nameText(first.request.roleName),
            nameText(first.request.scope.displayName),
          )
        : vscode.l10n.t('{0} new requests are waiting for your approval.', requests.length);
    if ((await notify.showInformationMessage(message, reviewButton)) === reviewButton) {
      await this.review();
    }
  }
}
