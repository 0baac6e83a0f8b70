// View and account commands: refresh, filter, tenants, sign in/out, log, settings.
import * as vscode from 'vscode';
import type { AccountManager } from '../auth/accounts';
import type { ApprovalInbox } from '../core/store/approvalInbox';
import type { PolicyCache } from '../core/store/policyCache';
import type { RoleStore } from '../core/store/roleStore';
import type { TokenDestinations } from '../core/api/tokenDestinations';
import type { RolesTreeProvider } from '../views/rolesTree';
import { readUserSetting, SECTION } from '../config';
import { isGuid } from '../core/api/armMapping';
import { GRAPH_PIM_PERMISSIONS } from '../core/api/graphPermissions';
import { registerCommand } from './commandRunner';
import { formatList } from '../shared/locale';
import * as notify from '../ui/notify';
import { showInputBox, showQuickPick } from '../ui/quickInput';

export interface ViewCommandDeps {
  readonly store: RoleStore;
  readonly accounts: AccountManager;
  readonly tree: RolesTreeProvider;
  readonly policies: PolicyCache;
  readonly tokenDestinations: TokenDestinations;
  /** Refresh of the whole view reads the requests to approve again too (for approvers only). */
  readonly approvals: Pick<ApprovalInbox, 'refresh'>;
  readonly log: vscode.LogOutputChannel;
}

export function registerViewCommands(deps: ViewCommandDeps): vscode.Disposable[] {
  const { store, accounts, tree, policies, tokenDestinations, approvals, log } = deps;
  return [
    registerCommand(log, 'azurePim.refresh', async (tenantId?: unknown) => {
      // An explicit refresh asks again about a custom endpoint declined earlier; background refreshes never do.
      tokenDestinations.askAgain();
      policies.expire();
      if (!store.hasConnections) {
        await accounts.initialize();
        return;
      }
      if (typeof tenantId === 'string') {
        await store.refresh(tenantId);
        return;
      }
      await Promise.all([store.refresh(), approvals.refresh()]);
    }),
    registerCommand(log, 'azurePim.filter', async () => {
      const text = await showInputBox({
        title: vscode.l10n.t('Filter roles'),
        prompt: vscode.l10n.t('Show roles whose name, scope or state contains this text'),
        value: tree.filter,
      });
      if (text !== undefined) {
        tree.setFilter(text);
      }
    }),
    registerCommand(log, 'azurePim.clearFilter', () => tree.setFilter('')),
    registerCommand(log, 'azurePim.signIn', () => accounts.signIn()),
    registerCommand(log, 'azurePim.switchAccount', () => accounts.switchAccount()),
    registerCommand(log, 'azurePim.signOut', async () => {
      await accounts.signOut();
      void notify.showInformationMessage(vscode.l10n.t('Azure PIM no longer uses your account. To sign the account out of VS Code itself, use the Accounts menu.'));
    }),
    registerCommand(log, 'azurePim.signInToTenant', async (tenantId?: unknown, surface?: unknown) => {
      if (typeof tenantId === 'string') {
        await accounts.signInToTenant(tenantId, surface === 'graph' ? 'graph' : 'arm');
      }
    }),
    registerCommand(log, 'azurePim.selectTenants', async () => {
      const tenants = store.tenants;
      const tenantSetting = readUserSetting('tenants');
      const configured = new Set(Array.isArray(tenantSetting) ? tenantSetting : []);
      const picked = await showQuickPick(
        tenants.map((tenant) => ({ label: tenant.displayName, description: tenant.tenantId, picked: configured.size === 0 || configured.has(tenant.tenantId) })),
        { title: vscode.l10n.t('Tenants to show (none selected = all)'), canPickMany: true },
      );
      if (picked) {
        const ids = picked.length === tenants.length ? [] : picked.map((item) => item.description);
        await vscode.workspace.getConfiguration(SECTION).update('tenants', ids, vscode.ConfigurationTarget.Global);
      }
    }),
    registerCommand(log, 'azurePim.configureGraphApp', async () => {
      // The user's own value: a workspace's is ignored (core/settings/settingSources.ts) and never shown.
      const clientId = readUserSetting('graph.clientId');
      const current = typeof clientId === 'string' ? clientId : '';
      const value = await showInputBox({
        title: vscode.l10n.t('Microsoft Graph app registration for Entra roles and groups'),
        prompt: vscode.l10n.t(
          "Client id of your organisation's app registration with the delegated permissions {0} (admin-consented). Leave empty to turn Entra roles and groups off.",
          formatList(GRAPH_PIM_PERMISSIONS, 'conjunction'),
        ),
        value: current,
        ignoreFocusOut: true,
        validateInput: (text) => (text.trim() === '' || isGuid(text.trim()) ? undefined : vscode.l10n.t('A client id is a GUID, e.g. {0}.', '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11')),
      });
      if (value !== undefined) {
        await vscode.workspace.getConfiguration(SECTION).update('graph.clientId', value.trim() || undefined, vscode.ConfigurationTarget.Global);
      }
    }),
    registerCommand(log, 'azurePim.showLog', () => log.show()),
    registerCommand(log, 'azurePim.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:azure-pim-tools.azure-pim-vscode`)),
  ];
}
