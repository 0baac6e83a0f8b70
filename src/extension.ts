// Wires the pieces together; everything created here is owned by context.subscriptions.
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { setDisplayLocale } from './shared/locale';
import type { AzurePimApi } from './api';
import { AccountManager } from './auth/accounts';
import { confirmTokenDestination, trustedOriginsIn } from './auth/endpointTrust';
import { GraphSetupHint } from './auth/graphSetupHint';
import { labelText } from './shared/inertText';
import { SovereignCloudCheck } from './auth/sovereignCloudCheck';
import { offerSignInRefresh } from './auth/groupActivationNotice';
import { ApprovalNotifier } from './approvals/approvalNotifier';
import { registerApprovalCommands, REVIEW_APPROVALS_COMMAND } from './commands/approvalCommands';
import { registerEndpointCommands } from './commands/endpointCommands';
import { registerFavoriteCommands } from './commands/favoriteCommands';
import { expiryActions, registerRoleCommands } from './commands/roleCommands';
import { registerViewCommands } from './commands/viewCommands';
import { registerGraphAppCommands } from './commands/graphAppCommands';
import { registerWorkspaceCommands } from './commands/workspaceCommands';
import { registerElevateForErrorCommands } from './commands/elevateForErrorCommands';
import { ErrorElevation } from './commands/errorElevation';
import { reportError } from './commands/commandRunner';
import { readSettings, SECTION, type Settings } from './config';
import { RoleClock } from './core/store/clock';
import { FormMemory } from './core/store/formMemory';
import { PolicyCache } from './core/store/policyCache';
import { RoleDefinitionCache } from './core/permissions/roleDefinitionCache';
import { RoleStore } from './core/store/roleStore';
import { ApprovalInbox } from './core/store/approvalInbox';
import { TransitionWatcher } from './core/store/transitionWatcher';
import { ReactivationQueue } from './core/flows/reactivationQueue';
import { ServiceClock } from './core/store/serviceClock';
import { tenantOfRoleKeyString } from './core/model/model';
import { needsReconnect } from './core/settings/reconnect';
import { TokenDestinations } from './core/api/tokenDestinations';
import { CountdownStatusBar } from './statusBar/countdownStatusBar';
import { ExpiryWarnings } from './statusBar/expiryWarnings';
import { RolesTreeProvider } from './views/rolesTree';
import { followTenantVisibility } from './views/tenantVisibility';
import { TenantVisibility } from './core/views/tenantVisibility';
import { ActivationForms } from './webview/activationPanel';
import { Favorites } from './favorites/favorites';
import { AutoReactivation } from './workspace/autoReactivate';
import { registerElevationTasks } from './workspace/elevationTask';
import { createPublicApi } from './workspace/publicApi';
import { WorkspaceSettingsNotice } from './workspace/workspaceSettingsNotice';
import { ElevationRunner } from './workspace/elevationRunner';
import { registerLanguageModelTools } from './workspace/languageModelTools';
import { LeastPrivilege } from './workspace/leastPrivilege';
import { ScheduledDeactivationStatus } from './workspace/scheduledDeactivationStatus';
import { DeactivationScheduler } from './core/flows/deactivateWhenDone';
import { deactivateRow } from './core/flows/activation';
import { ElevationReceipts } from './core/store/elevationReceipts';
import { registerAuthorizationLinks } from './terminal/authorizationLinks';
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

  // Countdowns and expiry are measured on PIM's clock, learnt from the Date of its answers.
  const serviceClock = new ServiceClock();
  const now = serviceClock.now;
  // The periodic refresh reads the tenants the user can see in the Roles view; the others when they are seen again.
  const tenantVisibility = new TenantVisibility();
  const store = new RoleStore(now, log, { inView: tenantVisibility });
  // One lane of policy reads per tenant: a tenant whose service stalls holds up only its own.
  const policies = new PolicyCache({ laneOf: tenantOfRoleKeyString });
  const tokenDestinations = new TokenDestinations(trustedOriginsIn(context.globalState), confirmTokenDestination);
  const accounts = new AccountManager(currentSettings, store, tokenDestinations, log, context.globalState, serviceClock);
  const formMemory = new FormMemory(context.globalState);
  const reactivations = new ReactivationQueue(store, { log });
  const favorites = new Favorites(context.globalState, formMemory);
  const clock = new RoleClock(store, {
    now,
    thresholdsMinutes: () => [settings.warningMinutes, settings.errorMinutes, settings.expiryWarningMinutes],
    refreshIntervalSeconds: () => settings.refreshIntervalSeconds,
    shouldRefresh: () => vscode.window.state.focused,
    log,
  });
  const sovereignCloud = new SovereignCloudCheck(currentSettings, log);
  const graphHint = new GraphSetupHint(context.globalState, () => currentSettings().graphClientId, accounts);
  // Requests waiting for my approval: one list for the tree's section, the Review… quick pick and the notifications.
  const approvalInbox = new ApprovalInbox({ now, log: (message) => log.info(message) });
  const tree = new RolesTreeProvider(store, policies, now, favorites, (listener) => clock.onDidTick(() => listener()), graphHint, approvalInbox);
  const view = vscode.window.createTreeView('azurePim.roles', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const visibilityFollowed = followTenantVisibility(view, tree, favorites, tenantVisibility);
  // The view names the account its roles are read with (Switch Account can pick a separate admin account): in its
  // message above the rows, since a view container with one view shows no view description.
  const accountShown = accounts.onDidChangeState(() => {
    const account = accounts.signedInAccount;
    view.description = account ? labelText(account.label) : undefined;
    view.message = account ? vscode.l10n.t('Roles of {0}', labelText(account.label)) : undefined;
  });
  const forms = new ActivationForms({
    extensionUri: context.extensionUri,
    store,
    policies,
    settings: currentSettings,
    memory: formMemory,
    log,
    onGroupsActivated: (refs) => void offerSignInRefresh(accounts, refs, log, now),
    reactivations,
  });
  const statusBar = new CountdownStatusBar(clock, store, currentSettings);
  const expiryWarnings = new ExpiryWarnings(clock, store, currentSettings, expiryActions({ store, forms, reactivations }));
  const elevator = new ElevationRunner({ store, policies, settings: currentSettings, memory: formMemory, log, now });
  const receipts = new ElevationReceipts(context.globalState);
  const deactivations = new DeactivationScheduler({
    store,
    now,
    log,
    deactivate: async (ref) => {
      const result = await deactivateRow(ref);
      await store.refresh(ref.connection.tenantId);
      return result;
    },
  });
  const leastPrivilege = new LeastPrivilege({ store, now, receipts, scheduler: deactivations, log });
  const api = createPublicApi(store, elevator, currentSettings, log, leastPrivilege);
  const definitions = new RoleDefinitionCache();
  const errorElevation = new ErrorElevation({ store, forms, elevator, definitions, pinnedIds: () => favorites.pinnedIds, log });
  const settingsNotice = new WorkspaceSettingsNotice(log);
  const rereadSettings = (): void => {
    try {
      const previous = settings;
      settings = readSettings();
      clock.tick();
      clock.restartRefresh();
      if (needsReconnect(previous, settings)) {
        policies.clear();
        definitions.clear();
        void accounts.initialize();
      }
    } catch (error) {
      reportError(log, 'settings', error);
    }
  };

  context.subscriptions.push(
    store,
    tenantVisibility,
    approvalInbox,
    approvalInbox.follow(store),
    reactivations,
    new TransitionWatcher(store, { log, now: () => now().getTime() }),
    accounts,
    graphHint,
    accountShown,
    sovereignCloud,
    tree,
    view,
    visibilityFollowed,
    forms,
    clock,
    statusBar,
    expiryWarnings,
    favorites,
    api,
    new AutoReactivation(clock, elevator, log),
    deactivations,
    leastPrivilege,
    new ScheduledDeactivationStatus(deactivations),
    registerElevationTasks(elevator, leastPrivilege),
    ...registerLanguageModelTools({
      store,
      elevator,
      now,
      defaultDurationMinutes: () => settings.defaultDurationMinutes,
      justificationVerdict: forms.justificationVerdict,
      log,
      leastPrivilege,
    }),
    ...registerWorkspaceCommands(elevator, log),
    ...registerFavoriteCommands({ store, favorites, forms, policies, elevator, log }),
    ...registerRoleCommands({ store, forms, reactivations, log, now, viewSelection: () => view.selection, receipts }),
    ...registerViewCommands({ store, accounts, tree, policies, tokenDestinations, approvals: approvalInbox, log }),
    ...registerGraphAppCommands({ store, settings: currentSettings, hint: graphHint, log }),
    ...registerEndpointCommands(tokenDestinations, log),
    ...registerApprovalCommands({ store, inbox: approvalInbox, now, log }),
    new ApprovalNotifier(approvalInbox, () => vscode.commands.executeCommand(REVIEW_APPROVALS_COMMAND)),
    errorElevation,
    ...registerElevateForErrorCommands(errorElevation, log),
    registerAuthorizationLinks((denial) => errorElevation.elevate(denial).catch((error: unknown) => reportError(log, 'azurePim.elevateForError', error))),
    settingsNotice,
    // Trusting the workspace brings its justification pattern and defaults into effect (core/settings/settingSources.ts).
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
  clock.restartRefresh();
  void settingsNotice.check();
  log.info(`Azure PIM activated (cloud ${settings.cloud.name}).`);
  return { ensureActive: (roles, options) => api.ensureActive(roles, options), listActive: () => api.listActive(), onDidChange: api.onDidChange };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
