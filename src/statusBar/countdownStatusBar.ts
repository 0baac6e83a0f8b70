// Status-bar countdowns for active activations: redrawn on every tick of the role clock (core/store/clock.ts), which
// fires at the next moment any visible text or colour changes. No timer of its own.
import * as vscode from 'vscode';
import { countdownSeverity, formatRemaining, type CountdownSeverity } from '../core/model/countdown';
import { countingDown, type RoleClock } from '../core/store/clock';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import { countdownLabel } from '../core/model/spokenText';
import type { Settings } from '../config';
import { labelText, nameText, tooltipText } from '../shared/inertText';

const BACKGROUNDS: Partial<Record<CountdownSeverity, vscode.ThemeColor>> = {
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export class CountdownStatusBar implements vscode.Disposable {
  private readonly items = new Map<string, vscode.StatusBarItem>();
  private readonly rendered = new WeakMap<vscode.StatusBarItem, string>();
  private readonly subscription: { dispose(): void };

  constructor(
    clock: RoleClock,
    private readonly store: RoleStore,
    private readonly settings: () => Settings,
  ) {
    this.subscription = clock.onDidTick((now) => this.update(now));
  }

  /** Shows one item per role, one for all, or none (azurePim.statusBar.mode). */
  private update(now: Date): void {
    const settings = this.settings();
    const active = countingDown(this.store.allRows(), now);
    const wanted = settings.statusBarMode === 'off' ? [] : settings.statusBarMode === 'perRole' ? active.map((ref) => [ref]) : active.length > 0 ? [active] : [];
    const keys = new Set<string>();
    wanted.forEach((group, index) => {
      const key = settings.statusBarMode === 'perRole' ? (group[0]?.row.id ?? String(index)) : 'summary';
      keys.add(key);
      this.render(this.item(key, index), group, settings, now);
    });
    for (const [key, item] of this.items) {
      if (!keys.has(key)) {
        item.dispose();
        this.items.delete(key);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const item of this.items.values()) {
      item.dispose();
    }
    this.items.clear();
  }

  private item(key: string, index: number): vscode.StatusBarItem {
    let item = this.items.get(key);
    if (!item) {
      item = vscode.window.createStatusBarItem(`azurePim.countdown.${key}`, vscode.StatusBarAlignment.Left, 50 - index);
      item.name = vscode.l10n.t('Azure PIM countdown');
      this.items.set(key, item);
      item.show();
    }
    return item;
  }

  private render(item: vscode.StatusBarItem, refs: readonly RowRef[], settings: Settings, now: Date): void {
    const nearest = refs[0];
    if (!nearest?.row.endsAt) {
      this.rendered.delete(item);
      item.hide();
      return;
    }
    const remaining = formatRemaining(nearest.row.endsAt, now);
    const severity = countdownSeverity(nearest.row.endsAt.getTime() - now.getTime(), settings);
    const more = refs.length > 1 ? ` +${refs.length - 1}` : '';
    const lines = refs.map((ref) => vscode.l10n.t('{0} on {1}: {2} left', nameText(ref.row.roleName), nameText(ref.row.scope.displayName), ref.row.endsAt ? formatRemaining(ref.row.endsAt, now) : ''));
    // Setting any property re-renders the entry: skip when nothing visible changed (store changes are frequent).
    const signature = JSON.stringify([remaining, severity, lines, refs.map((ref) => ref.row.id)]);
    if (this.rendered.get(item) === signature) {
      return;
    }
    this.rendered.set(item, signature);
    item.text = `$(shield) ${labelText(nameText(nearest.row.roleName))} ${remaining}${more}`;
    item.backgroundColor = BACKGROUNDS[severity];
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    tooltip.appendMarkdown(`**${vscode.l10n.t('Azure PIM activations')}**\n\n`);
    for (const line of lines) {
      tooltip.appendText(tooltipText(line));
      tooltip.appendMarkdown('  \n');
    }
    tooltip.appendMarkdown(`\n${vscode.l10n.t('Click to deactivate or re-activate.')}`);
    item.tooltip = tooltip;
    // Coarser than the text (which shows seconds at the end): a screen reader on the item hears a change only when it matters.
    item.accessibilityInformation = {
      label: countdownLabel({
        roleName: nameText(nearest.row.roleName),
        scopeName: nameText(nearest.row.scope.displayName),
        remainingMs: nearest.row.endsAt.getTime() - now.getTime(),
        others: refs.length - 1,
      }),
    };
    item.command = { command: 'azurePim.manageActive', title: vscode.l10n.t('Manage active roles'), arguments: [refs.map((ref) => ref.row.id)] };
    item.show();
  }
}
