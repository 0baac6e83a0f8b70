// The Graph app registration's set-up: the tenant-wide admin consent link and the dismissible hint in the Roles view.
import * as vscode from 'vscode';
import type { GraphSetupHint } from '../auth/graphSetupHint';
import type { Settings } from '../config';
import { readUserSetting } from '../config';
import { isGuid } from '../core/api/armMapping';
import { adminConsentUrl } from '../core/auth/adminConsent';
import type { RoleStore } from '../core/store/roleStore';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';
import { showInputBox, showQuickPick } from '../ui/quickInput';
import { registerCommand } from './commandRunner';

export interface GraphAppCommandDeps {
  readonly store: RoleStore;
  readonly settings: () => Settings;
  readonly hint: GraphSetupHint;
  readonly log: vscode.LogOutputChannel;
}

export function registerGraphAppCommands(deps: GraphAppCommandDeps): vscode.Disposable[] {
  const { hint, log } = deps;
  return [
    registerCommand(log, 'azurePim.copyAdminConsentLink', (tenantId?: unknown) => copyAdminConsentLink(deps, typeof tenantId === 'string' ? tenantId : undefined)),
    registerCommand(log, 'azurePim.dismissGraphHint', () => hint.dismiss()),
  ];
}

async function copyAdminConsentLink(deps: GraphAppCommandDeps, givenTenant: string | undefined): Promise<void> {
  // The user's own client id and cloud only (a workspace cannot set either, see core/settings/settingSources.ts).
  const setting = readUserSetting('graph.clientId');
  const clientId = typeof setting === 'string' ? setting.trim() : '';
  if (!isGuid(clientId)) {
    const configure = vscode.l10n.t('Configure Graph App');
    const choice = await notify.showWarningMessage(
      vscode.l10n.t("Set the Graph app registration's client id first (azurePim.graph.clientId); the admin consent link is for that app."),
      configure,
    );
    if (choice === configure) {
      await vscode.commands.executeCommand('azurePim.configureGraphApp');
    }
    return;
  }
  const tenantId = givenTenant ?? (await pickTenant(deps.store));
  if (!tenantId) {
    return;
  }
  const url = adminConsentUrl(deps.settings().cloud.activeDirectoryEndpoint, tenantId, clientId);
  await vscode.env.clipboard.writeText(url);
  deps.log.info(`Admin consent link for ${clientId} in ${tenantId} copied.`);
  const open = vscode.l10n.t('Open in Browser');
  const choice = await notify.showInformationMessage(
    vscode.l10n.t(
      'Copied the admin consent link for app {0} in tenant {1}: {2} — an administrator of that tenant (Privileged Role Administrator, Cloud Application Administrator or Application Administrator) opens it and accepts the permissions once for everyone.',
      clientId,
      nameText(tenantId),
      url,
    ),
    open,
  );
  if (choice === open) {
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }
}

async function pickTenant(store: RoleStore): Promise<string | undefined> {
  const tenants = store.tenants;
  if (tenants.length === 1 && tenants[0]) {
    return tenants[0].tenantId;
  }
  if (tenants.length > 1) {
    const picked = await showQuickPick(
      tenants.map((tenant) => ({ label: tenant.displayName, description: tenant.tenantId })),
      { title: vscode.l10n.t('Admin consent link for which tenant?') },
    );
    return picked?.description;
  }
  const typed = await showInputBox({
    title: vscode.l10n.t('Admin consent link'),
    prompt: vscode.l10n.t('Tenant id (a GUID) to grant the consent in'),
    ignoreFocusOut: true,
    validateInput: (text) => (isGuid(text.trim()) ? undefined : vscode.l10n.t('A tenant id is a GUID, e.g. {0}.', '72f988bf-86f1-41af-91ab-2d7cd011db47')),
  });
  return typed?.trim() || undefined;
}
