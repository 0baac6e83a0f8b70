// The status bar item for deactivations that wait for PIM's 5-minute rule: "deactivates at 14:05", with the roles
// in its tooltip. Hidden when nothing waits.
import * as vscode from 'vscode';
import type { DeactivationScheduler } from '../core/flows/deactivateWhenDone';
import { formatTime } from '../shared/locale';
import { labelText, tooltipText } from '../shared/inertText';

export class ScheduledDeactivationStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('azurePim.scheduledDeactivation', vscode.StatusBarAlignment.Left, 99);
  private readonly subscription: { dispose(): void };

  constructor(private readonly scheduler: DeactivationScheduler) {
    this.item.name = vscode.l10n.t('Azure PIM: scheduled deactivation');
    this.subscription = scheduler.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const [first] = this.scheduler.scheduled;
    if (!first) {
      this.item.hide();
      return;
    }
    const at = formatTime(first.at);
    this.item.text = `$(clock) ${labelText(vscode.l10n.t('deactivates at {0}', at))}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(tooltipText(vscode.l10n.t('The work that needed these roles is done; PIM allows deactivating 5 minutes after activation:')));
    for (const entry of this.scheduler.scheduled) {
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(tooltipText(vscode.l10n.t('{0} on {1}: deactivates at {2}', entry.roleName, entry.scopeName, formatTime(entry.at))));
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Azure PIM roles deactivate at {0}', at) };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
