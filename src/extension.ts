// Wires the pieces together; everything created here is owned by context.subscriptions.
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { setDisplayLocale } from './shared/locale';
import type { AzurePimApi } from './api';
import { AccountManager } from './auth/accounts';
import { confirmTokenDestination, registerForgetTrustedEndpoints, trustedOriginsIn } from './auth/endpointTrust';
import { offerSignInRefresh } from './auth/groupActivationNotice';
import { registerRoleCommands } from './commands/roleCommands';
import { registerViewCommands } from './commands/viewCommands';
import { registerCommand, reportError } from './commands/commandRunner';
import { readSettings, SECTION, type Settings } from './config';
import { deactivateRow } from './core/activation';
import { PolicyCache } from './core/policyCache';
import { RoleStore } from './core/roleStore';
import { TokenDestinations } from './core/tokenDestinations';
import { CountdownStatusBar } from './statusBar/countdownStatusBar';
import { RolesTreeProvider } from './views/rolesTree';
import { ActivationForms } from './webview/activationPanel';
import { Favorites, registerFavoriteCommands } from './favorites/favorites';
import { AutoReactivation } from './workspace/autoReactivate';
import { registerElevationTasks } from './workspace/elevationTask';
import { createPublicApi } from './workspace/publicApi';
import { WorkspaceSettingsNotice } from './workspace/workspaceSettingsNotice';
import { elevateWorkspaceCommand, WorkspaceElevator } from './workspace/workspaceElevator';
import * as notify from './ui/notify';
import { createSafeLog } from './ui/safeLog';

export function activate(context: vscode.ExtensionContext): AzurePimApi | undefined {
  // src/core and src/shared (no `vscode` there) translate through @vscode/l10n: give it the bundle VS Code
  // loaded for the display language, before anything produces a message. No bundle (English) = the source text.
  // Lists, dates and times follow the display language too. The webview gets both in its init message.
  if (vscode.l10n.bundle) {
    l10n.config({ contents: vscode.l10n.bundle });
  }
  setDisplayLocale(vscode.env.language);
  const log = createSafeLog('Azure PIM');
  context.subscriptions.push(log);

  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    reportError(log, 'settings', error);
    return undefined;
  }
  const currentSettings = (): Settings => settings;

  const store = new RoleStore(() => new Date(), log);
  const policies = new PolicyCache();
  const tokenDestinations = new TokenDestinations(trustedOriginsIn(context.globalState), confirmTokenDestination);
  const accounts = new AccountManager(currentSettings, store, tokenDestinations, log);
  const favorites = new Favorites(context.globalState);
  const tree = new RolesTreeProvider(store, policies, undefined, favorites);
  const view = vscode.window.createTreeView('azurePim.roles', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const forms = new ActivationForms({
    extensionUri: context.extensionUri,
    store,
    policies,
    settings: currentSettings,
    memory: context.globalState,
    log,
    onGroupsActivated: (refs) => void offerSignInRefresh(accounts, refs, log),
  });
  const statusBar = new CountdownStatusBar(store, currentSettings, {
    reactivate: (ref) => {
      forms.open([ref.row.id]);
      return Promise.resolve();
    },
    deactivate: async (ref) => {
      const result = await deactivateRow(ref);
      void (result.ok ? notify.showInformationMessage(result.message) : notify.showErrorMessage(result.message));
      await store.refresh();
    },
  });
  const periodic = new PeriodicRefresh(store, () => settings.refreshIntervalSeconds, log);
  const elevator = new WorkspaceElevator({ store, policies, settings: currentSettings, memory: context.globalState, log });
  const api = createPublicApi(store, elevator, currentSettings, log);
  const settingsNotice = new WorkspaceSettingsNotice(log);
  const rereadSettings = (): void => {
    try {
      const previous = settings;
      settings = readSettings();
      statusBar.update();
      periodic.restart();
      if (
        previous.cloud.resourceManagerEndpoint !== settings.cloud.resourceManagerEndpoint ||
        previous.cloud.resourceManagerScope !== settings.cloud.resourceManagerScope ||
        previous.cloud.authProviderId !== settings.cloud.authProviderId ||
        previous.cloud.microsoftGraphEndpoint !== settings.cloud.microsoftGraphEndpoint ||
        previous.graphClientId !== settings.graphClientId ||
        previous.tenants.join() !== settings.tenants.join()
      ) {
        policies.clear();
        void accounts.initialize();
      }
    } catch (error) {
      reportError(log, 'settings', error);
    }
  };

  context.subscriptions.push(
    store,
    accounts,
    tree,
    view,
    forms,
    statusBar,
    periodic,
    favorites,
    api,
    new AutoReactivation(store, elevator, log),
    registerElevationTasks(elevator),
    registerCommand(log, 'azurePim.elevateWorkspace', () => elevateWorkspaceCommand(elevator)),
    ...registerFavoriteCommands({ store, favorites, forms, policies, elevator, log }),
    ...registerRoleCommands({ store, forms, log, viewSelection: () => view.selection }),
    ...registerViewCommands({ store, accounts, tree, policies, tokenDestinations, log }),
    registerForgetTrustedEndpoints(tokenDestinations, log),
    settingsNotice,
    // Trusting the workspace brings its justification pattern and defaults into effect (core/settingSources.ts).
    vscode.workspace.onDidGrantWorkspaceTrust(() => rereadSettings()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        rereadSettings();
      }
    }),
  );

  void vscode.commands.executeCommand('setContext', 'azurePim.signedIn', 'loading');
  // Never block activation on the network: sign-in and the first load run in the background.
  void accounts.initialize().catch((error: unknown) => reportError(log, 'sign-in', error));
  periodic.restart();
  void settingsNotice.check();
  log.info(`Azure PIM activated (cloud ${settings.cloud.name}).`);
  return { ensureActive: (roles, options) => api.ensureActive(roles, options), listActive: () => api.listActive(), onDidChange: api.onDidChange };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** Light periodic refresh so expiries and changes made elsewhere show up. */
class PeriodicRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RoleStore,
    private readonly intervalSeconds: () => number,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  restart(): void {
    this.dispose();
    const seconds = this.intervalSeconds();
    if (seconds > 0) {
      this.timer = setInterval(() => {
        if (this.store.hasConnections && vscode.window.state.focused) {
          this.store.refresh().catch((error: unknown) => this.log.warn(`Periodic refresh failed: ${String(error)}`));
        }
      }, seconds * 1000);
    }
  }

  dispose(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
