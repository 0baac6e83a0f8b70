// Checks that VS Code's sovereign-cloud sign-in serves the cloud azurePim.cloud names, and offers to set it: without
// `microsoft-sovereign-cloud.environment` the provider signs in to no cloud (or another one) and every token is wrong.
import * as vscode from 'vscode';
import type { Settings } from '../config';
import { sovereignSettingToFix } from '../core/auth/sovereignCloud';
import * as notify from '../ui/notify';

const SECTION = 'microsoft-sovereign-cloud';
const KEY = 'environment';

export class SovereignCloudCheck implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** One question per cloud and value a window: a "not now" is not asked again until something changes. */
  private asked = '';

  constructor(
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('azurePim.cloud') || event.affectsConfiguration(`${SECTION}.${KEY}`)) {
          // After extension.ts has read the new settings.
          setTimeout(() => void this.check(), 0);
        }
      }),
    );
    void this.check();
  }

  async check(): Promise<void> {
    const cloud = this.settings().cloud.name;
    const configured = vscode.workspace.getConfiguration(SECTION).get<unknown>(KEY);
    const expected = sovereignSettingToFix(cloud, configured);
    const question = `${cloud}|${String(configured)}`;
    if (!expected || this.asked === question) {
      return;
    }
    this.asked = question;
    const set = vscode.l10n.t('Set to {0}', expected);
    const choice = await notify.showWarningMessage(
      typeof configured === 'string' && configured !== ''
        ? vscode.l10n.t(
            "Azure PIM is set to {0}, but VS Code's sovereign cloud sign-in (microsoft-sovereign-cloud.environment) is set to {1}: its tokens would be for another cloud. Set it to {2}?",
            cloud,
            configured,
            expected,
          )
        : vscode.l10n.t(
            "Azure PIM is set to {0}, which signs in through VS Code's sovereign cloud sign-in; its setting microsoft-sovereign-cloud.environment is not set. Set it to {1}?",
            cloud,
            expected,
          ),
      set,
    );
    if (choice !== set) {
      return;
    }
    try {
      await vscode.workspace.getConfiguration(SECTION).update(KEY, expected, vscode.ConfigurationTarget.Global);
      this.log.info(`Set ${SECTION}.${KEY} to ${expected} for ${cloud}.`);
    } catch (error) {
      this.log.warn(`Could not set ${SECTION}.${KEY}: ${error instanceof Error ? error.message : String(error)}`);
      void notify.showErrorMessage(
        vscode.l10n.t('Could not set microsoft-sovereign-cloud.environment (is the built-in Microsoft Authentication extension enabled?). Set it to {0} in your user settings.', expected),
      );
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
