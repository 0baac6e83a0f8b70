// Typed access to the extension's settings.
import * as vscode from 'vscode';
import { resolveCloud, type CloudEndpoints } from './core/cloud';

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

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const value = config.get<number>(key, fallback);
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
  };
  const text = (key: string): string => {
    const value = config.get<string>(key, '');
    return typeof value === 'string' ? value : '';
  };
  const mode = text('statusBar.mode');
  return {
    cloud: resolveCloud(text('cloud') || 'AzureCloud', {
      resourceManagerEndpoint: text('customCloud.resourceManagerEndpoint'),
      microsoftGraphEndpoint: text('customCloud.microsoftGraphEndpoint'),
      resourceManagerAudience: text('customCloud.resourceManagerAudience'),
    }),
    tenants: (config.get<unknown[]>('tenants', []) ?? []).filter((t): t is string => typeof t === 'string'),
    defaultDurationMinutes: number('activation.defaultDurationMinutes', 60, 5, 1440),
    justificationPattern: text('activation.justificationPattern'),
    justificationPatternHint: text('activation.justificationPatternHint'),
    defaultTicketSystem: text('activation.defaultTicketSystem'),
    statusBarMode: mode === 'perRole' || mode === 'off' ? mode : 'summary',
    warningMinutes: number('statusBar.warningMinutes', 15, 1, 1440),
    errorMinutes: number('statusBar.errorMinutes', 5, 1, 1440),
    expiryWarningMinutes: number('notifications.expiryWarningMinutes', 10, 0, 1440),
    refreshIntervalSeconds: number('refreshIntervalSeconds', 120, 0, 86400),
    graphClientId: text('graph.clientId'),
  };
}
