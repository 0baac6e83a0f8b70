// "Dana Developer asks for Owner on Contoso Prod: waiting for your approval" with Review…, for approvers only
// (core/flows/approvalNotices.ts decides where and how often to look). Follows the store's connections.
import * as vscode from 'vscode';
import { ApprovalNotices } from '../core/flows/approvalNotices';
import type { PendingDecision } from '../core/flows/approvalDecisions';
import type { RoleStore } from '../core/store/roleStore';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';

export class ApprovalNotifier implements vscode.Disposable {
  private readonly notices: ApprovalNotices;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: RoleStore,
    private readonly review: () => Thenable<unknown>,
    log: vscode.LogOutputChannel,
  ) {
    this.notices = new ApprovalNotices({ onNew: (requests) => void this.tell(requests), log: (message) => log.info(message) });
    this.subscription = store.onDidChange(() => void this.notices.setConnections(this.currentConnections()));
  }

  dispose(): void {
    this.subscription.dispose();
    this.notices.dispose();
  }

  private currentConnections() {
    return this.store.tenants.flatMap((tenant) => this.store.connection(tenant.tenantId) ?? []);
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
