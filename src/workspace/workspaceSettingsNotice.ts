// Tells the user, once per window, that the workspace tried to set settings Azure PIM takes from the user's settings
// only (where the sign-in token goes, how often). VS Code silently drops application-scoped keys from workspace files,
// so the files themselves are read too: a repository that tries should be noticed. Only key names are ever shown,
// never the workspace's values.
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { inspectSetting, SECTION } from '../config';
import { ignoredWorkspaceSettings, keysInSettingsFile, RESTRICTED_MODE_SETTINGS, USER_ONLY_SETTINGS, type InspectedSetting } from '../core/settings/settingSources';
import { formatList } from '../shared/locale';
import * as notify from '../ui/notify';

const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

export class WorkspaceSettingsNotice implements vscode.Disposable {
  private notified = false;
  private readonly logged = new Set<string>();
  private checking: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const recheck = (): void => void this.check();
    this.disposables = [
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(SECTION) && recheck()),
      vscode.workspace.onDidChangeWorkspaceFolders(recheck),
      vscode.workspace.onDidGrantWorkspaceTrust(recheck),
    ];
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    this.disposables.push(watcher, watcher.onDidCreate(recheck), watcher.onDidChange(recheck));
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  /** Looks at the workspace's settings again; one check at a time. */
  check(): Promise<void> {
    this.checking = this.checking.then(() => this.checkNow()).catch((error: unknown) => this.log.warn(`Checking the workspace settings failed: ${String(error)}`));
    return this.checking;
  }

  private async checkNow(): Promise<void> {
    const inspected: Record<string, InspectedSetting> = {};
    for (const key of [...USER_ONLY_SETTINGS, ...RESTRICTED_MODE_SETTINGS]) {
      inspected[key] = inspectSetting(key);
    }
    const report = ignoredWorkspaceSettings(inspected, await keysInWorkspaceSettingsFiles(), { section: SECTION, trusted: vscode.workspace.isTrusted });
    const newlyIgnored = report.userOnly.filter((key) => !this.logged.has(key));
    if (newlyIgnored.length > 0) {
      newlyIgnored.forEach((key) => this.logged.add(key));
      this.log.warn(`Ignored settings from this workspace (only the user's settings can choose where and how often the sign-in token is sent): ${newlyIgnored.join(', ')}`);
    }
    const newlyRestricted = report.restricted.filter((key) => !this.logged.has(key));
    if (newlyRestricted.length > 0) {
      newlyRestricted.forEach((key) => this.logged.add(key));
      this.log.info(`Restricted Mode: workspace settings off until this workspace is trusted: ${newlyRestricted.join(', ')}`);
    }
    if (report.userOnly.length > 0 && !this.notified) {
      this.notified = true;
      const openSettings = vscode.l10n.t('Open User Settings');
      const choice = await notify.showWarningMessage(
        vscode.l10n.t(
          'Azure PIM ignores {0} from this workspace: only your user settings can choose where Azure PIM sends your sign-in token, and how often.',
          formatList(report.userOnly),
        ),
        openSettings,
      );
      if (choice === openSettings) {
        await vscode.commands.executeCommand('azurePim.openSettings');
      }
    }
  }
}

/** Every key the workspace's settings files set: each folder's .vscode/settings.json and the .code-workspace file. */
async function keysInWorkspaceSettingsFiles(): Promise<Set<string>> {
  const files = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'), workspaceFile: false }));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') {
    files.push({ uri: workspaceFile, workspaceFile: true });
  }
  const keys = new Set<string>();
  for (const file of files) {
    const content = await readSmallFile(file.uri);
    if (content === undefined) {
      continue;
    }
    const parsed: unknown = parse(content, [], { allowTrailingComma: true });
    const settings = file.workspaceFile && typeof parsed === 'object' && parsed !== null ? (parsed as { settings?: unknown }).settings : parsed;
    keysInSettingsFile(settings).forEach((key) => keys.add(key));
  }
  return keys;
}

async function readSmallFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SETTINGS_FILE_BYTES) {
      return undefined;
    }
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined; // no such file: nothing to report
  }
}
