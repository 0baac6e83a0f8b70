// Without an app registration for Microsoft Graph (azurePim.graph.clientId) the extension reads no Entra roles or
// groups and sends Graph nothing. The Roles view says so once for the signed-in account (not once per tenant), and
// the user can dismiss that for good: the dismissal is kept per account in globalState (this machine).
import * as vscode from 'vscode';
import { GRAPH_PIM_PERMISSIONS } from '../core/api/graphPermissions';
import { formatList } from '../shared/locale';
import type { AccountManager } from './accounts';

const DISMISSED_KEY = 'azurePim.graphHintDismissedAccounts';
/** The hint row's contextValue: package.json offers "Don't Show Again" for it. */
export const GRAPH_HINT_CONTEXT = 'graphSetupHint';

/** A row for the Roles view (views/rolesTree.ts AccountNotice); extension.ts hands this class to the tree. */
export interface GraphHintNotice {
  readonly id: string;
  readonly text: string;
  readonly tooltip: string;
  readonly command: vscode.Command;
  readonly contextValue: string;
}

export class GraphSetupHint implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly clientId: () => string,
    private readonly accounts: AccountManager,
  ) {
    this.disposables.push(
      accounts.onDidChangeState(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('azurePim.graph.clientId')) {
          this.changed.fire();
        }
      }),
    );
  }

  notices(): GraphHintNotice[] {
    const account = this.accounts.signedInAccount;
    if (!account || this.clientId().trim() !== '' || this.dismissed().includes(account.id)) {
      return [];
    }
    return [
      {
        id: 'account/graphSetupHint',
        text: vscode.l10n.t('Entra roles and groups need an app registration…'),
        tooltip: vscode.l10n.t(
          'Azure roles work without it. For Microsoft Entra roles and PIM for Groups, Azure PIM needs an app registration with the delegated Microsoft Graph permissions {0} (admin-consented); put its client id in the azurePim.graph.clientId setting. Until then no request goes to Microsoft Graph.',
          formatList(GRAPH_PIM_PERMISSIONS, 'conjunction'),
        ),
        command: { command: 'azurePim.configureGraphApp', title: vscode.l10n.t('Configure the Graph app registration') },
        contextValue: GRAPH_HINT_CONTEXT,
      },
    ];
  }

  /** Hides the hint for the signed-in account, also after a restart. */
  async dismiss(): Promise<void> {
    const account = this.accounts.signedInAccount;
    if (account && !this.dismissed().includes(account.id)) {
      await this.memento.update(DISMISSED_KEY, [...this.dismissed(), account.id]);
      this.changed.fire();
    }
  }

  private dismissed(): string[] {
    const value = this.memento.get<unknown>(DISMISSED_KEY);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
