// Where each setting may come from. A cloned repository's .vscode/settings.json must never choose where the sign-in
// token goes (endpoints, token audience, auth provider, app registration, tenants) nor how often it is sent: those
// come from the user's own settings only. VS Code already drops application-scoped keys from workspace files; reading
// only the user's value keeps that true whatever the manifest's `scope` says. The justification pattern may come from
// a trusted workspace (an organisation ships it in its repository), never from one in Restricted Mode.
// Pure: the VS Code layer passes in what `inspect()` and the workspace files say.

/** Settings (below `azurePim.`) read from the user's settings only. */
export const USER_ONLY_SETTINGS = [
  'cloud',
  'customCloud.resourceManagerEndpoint',
  'customCloud.microsoftGraphEndpoint',
  'customCloud.resourceManagerAudience',
  'customCloud.activeDirectoryEndpoint',
  'customCloud.microsoftGraphAudience',
  'graph.clientId',
  'tenants',
  'refreshIntervalSeconds',
] as const;
export type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

/**
 * Settings (below `azurePim.`) a trusted workspace may set (an organisation's justification pattern in its
 * repository); in Restricted Mode only the user's value counts, so an untrusted repository cannot make the form
 * propose a long activation or a ticket system of its choosing either.
 */
export const TRUSTED_WORKSPACE_SETTINGS = [
  'activation.justificationPattern',
  'activation.justificationPatternHint',
  'activation.defaultDurationMinutes',
  'activation.defaultTicketSystem',
] as const;
export type TrustedWorkspaceSetting = (typeof TRUSTED_WORKSPACE_SETTINGS)[number];

/** Workspace roles and their re-activation: off in Restricted Mode (the code checks trust itself, too). */
export const WORKSPACE_ELEVATION_SETTINGS = ['workspaceRoles', 'workspaceRolesAutoReactivate'] as const;

/** Everything Restricted Mode turns off (package.json `restrictedConfigurations` lists the same keys). */
export const RESTRICTED_MODE_SETTINGS: readonly string[] = [...WORKSPACE_ELEVATION_SETTINGS, ...TRUSTED_WORKSPACE_SETTINGS];

/** What VS Code's `inspect()` reports for one setting, with the value of every workspace folder (multi-root). */
export interface InspectedSetting {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValues?: readonly unknown[];
}

/** The user's value, else the default: what a workspace or folder says is never looked at. */
export function userValue(inspected: InspectedSetting | undefined): unknown {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** The workspace's value when the workspace is trusted, else the user's value, else the default. */
export function trustedWorkspaceValue(inspected: InspectedSetting | undefined, trusted: boolean): unknown {
  return (trusted ? inspected?.workspaceValue : undefined) ?? userValue(inspected);
}

/** Whether the workspace (its settings or any folder's) gives the setting a value. */
export function setByWorkspace(inspected: InspectedSetting | undefined): boolean {
  return inspected?.workspaceValue !== undefined || (inspected?.workspaceFolderValues ?? []).some((value) => value !== undefined);
}

/**
 * Every dotted key a settings file gives a value to: `{ "azurePim.cloud": … }` and `{ "azurePim": { "cloud": … } }`
 * both give `azurePim.cloud`. Language blocks (`"[json]": {…}`) cannot hold these settings and are skipped.
 */
export function keysInSettingsFile(settings: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (value: unknown, prefix: string, depth: number): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 8) {
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!prefix && key.startsWith('[')) {
        continue;
      }
      const path = prefix ? `${prefix}.${key}` : key;
      keys.add(path);
      walk(child, path, depth + 1);
    }
  };
  walk(settings, '', 0);
  return keys;
}

export interface WorkspaceSettingsReport {
  /** Full keys (`azurePim.cloud`) the workspace set that only the user's settings may set; in manifest order. */
  readonly userOnly: readonly string[];
  /** Full keys the workspace set that Restricted Mode turns off (only when untrusted). */
  readonly restricted: readonly string[];
}

/**
 * Which of the workspace's settings are ignored. `inspected` is what VS Code delivers (by setting below `azurePim.`);
 * `fileKeys` is what the workspace's settings files hold, since VS Code silently drops application-scoped keys
 * from them and the user should still learn that the repository tried. Never carries a value.
 */
export function ignoredWorkspaceSettings(
  inspected: Readonly<Record<string, InspectedSetting | undefined>>,
  fileKeys: ReadonlySet<string>,
  options: { readonly section: string; readonly trusted: boolean },
): WorkspaceSettingsReport {
  const triedToSet = (key: string): boolean => setByWorkspace(inspected[key]) || fileKeys.has(`${options.section}.${key}`);
  const full = (key: string): string => `${options.section}.${key}`;
  return {
    userOnly: USER_ONLY_SETTINGS.filter(triedToSet).map(full),
    restricted: options.trusted ? [] : RESTRICTED_MODE_SETTINGS.filter(triedToSet).map(full),
  };
}

export const DEFAULT_REFRESH_SECONDS = 120;
export const MIN_REFRESH_SECONDS = 30;
const MAX_REFRESH_SECONDS = 86_400;

/** 0 = only on demand; anything else at least 30 s, so no setting turns the refresh into a token pump. */
export function refreshIntervalSeconds(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return DEFAULT_REFRESH_SECONDS;
  }
  const seconds = Math.round(value);
  return seconds <= 0 ? 0 : Math.min(MAX_REFRESH_SECONDS, Math.max(MIN_REFRESH_SECONDS, seconds));
}
