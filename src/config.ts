// Typed access to the extension's settings. Where each value may come from (user only, trusted workspace) is decided
// in core/settings/settingSources.ts; this file only reads what VS Code reports.
import * as vscode from 'vscode';
import { resolveCloud, type CloudEndpoints } from './core/api/cloud';
import { ACTIVATION_LIMITS } from './shared/limits';
import {
  refreshIntervalSeconds,
  trustedWorkspaceValue,
  userValue,
  type InspectedSetting,
  type TrustedWorkspaceSetting,
  type UserOnlySetting,
} from './core/settings/settingSources';

export const SECTION = 'azurePim';

export type StatusBarMode = 'summary' | 'perRole' | 'off';

export interface Settings {
  readonly cloud: CloudEndpoints;
  readonly tenants: readonly string[];
  readonly defaultDurationMinutes: number;
  readonly justificationPattern: string;
  readonly justificationPatternHint: string;
  readonly defaultTicketSystem: string;
  readonly statusBarMode: StatusBarMode;
  readonly warningMinutes: number;
  readonly errorMinutes: number;
  readonly expiryWarningMinutes: number;
  readonly refreshIntervalSeconds: number;
  readonly graphClientId: string;
}

/** What VS Code reports for a setting below `azurePim.`, with every workspace folder's value (multi-root). */
export function inspectSetting(key: string): InspectedSetting {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  return {
    defaultValue: inspected?.defaultValue,
    globalValue: inspected?.globalValue,
    workspaceValue: inspected?.workspaceValue,
    workspaceFolderValues: (vscode.workspace.workspaceFolders ?? []).map(
      (folder) => vscode.workspace.getConfiguration(SECTION, folder.uri).inspect(key)?.workspaceFolderValue,
    ),
  };
}

/** A setting only the user's own settings may set: their value, else the default. */
export function readUserSetting(key: UserOnlySetting): unknown {
  return userValue(vscode.workspace.getConfiguration(SECTION).inspect(key));
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const trusted = vscode.workspace.isTrusted;
  const number = (value: unknown, fallback: number, min: number, max: number): number =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
  const setting = (key: string, fallback: number, min: number, max: number): number => number(config.get<unknown>(key), fallback, min, max);
  const userText = (key: UserOnlySetting): string => asText(readUserSetting(key));
  const fromTrustedWorkspace = (key: TrustedWorkspaceSetting): unknown => trustedWorkspaceValue(config.inspect(key), trusted);
  const tenants = readUserSetting('tenants');
  const mode = config.get<unknown>('statusBar.mode');
  return {
    cloud: resolveCloud(userText('cloud') || 'AzureCloud', {
      resourceManagerEndpoint: userText('customCloud.resourceManagerEndpoint'),
      microsoftGraphEndpoint: userText('customCloud.microsoftGraphEndpoint'),
      resourceManagerAudience: userText('customCloud.resourceManagerAudience'),
      activeDirectoryEndpoint: userText('customCloud.activeDirectoryEndpoint'),
      microsoftGraphAudience: userText('customCloud.microsoftGraphAudience'),
    }),
    tenants: Array.isArray(tenants) ? tenants.filter((t): t is string => typeof t === 'string') : [],
    defaultDurationMinutes: number(fromTrustedWorkspace('activation.defaultDurationMinutes'), 60, ACTIVATION_LIMITS.minMinutes, ACTIVATION_LIMITS.maxMinutes),
    justificationPattern: asText(fromTrustedWorkspace('activation.justificationPattern')),
    justificationPatternHint: asText(fromTrustedWorkspace('activation.justificationPatternHint')),
    defaultTicketSystem: asText(fromTrustedWorkspace('activation.defaultTicketSystem')),
    statusBarMode: mode === 'perRole' || mode === 'off' ? mode : 'summary',
    warningMinutes: setting('statusBar.warningMinutes', 15, 1, 1440),
    errorMinutes: setting('statusBar.errorMinutes', 5, 1, 1440),
    expiryWarningMinutes: setting('notifications.expiryWarningMinutes', 10, 0, 1440),
    refreshIntervalSeconds: refreshIntervalSeconds(readUserSetting('refreshIntervalSeconds')),
    graphClientId: userText('graph.clientId'),
  };
}
