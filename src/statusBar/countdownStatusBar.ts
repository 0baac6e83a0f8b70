// Status-bar countdowns for active activations. One timer drives every item and is re-armed for the
// next moment any visible text or colour changes; it is stopped when nothing counts down.
import * as vscode from 'vscode';
import { countdownSeverity, formatRemaining, nextTickDelay, shouldWarn, type CountdownSeverity } from '../core/countdown';
import type { RoleStore, RowRef } from '../core/roleStore';
import { countdownLabel } from '../core/spokenText';
import type { Settings } from '../config';
import { labelText, nameText, tooltipText } from '../shared/inertText';
import * as notify from '../ui/notify';

const BACKGROUNDS: Partial<Record<CountdownSeverity, vscode.ThemeColor>> = {
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export interface ExpiryActions {
  reactivate(ref: RowRef): Promise<void>;
  deactivate(ref: RowRef): Promise<void>;
}

export class CountdownStatusBar implements vscode.Disposable {
  private readonly items = new Map<string, vscode.StatusBarItem>();
  private timer: NodeJS.Timeout | undefined;
  private readonly warned = new Set<string>();
  private readonly rendered = new WeakMap<vscode.StatusBarItem, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private expiredRefreshPending = false;

  constructor(
    private readonly store: RoleStore,
    private readonly settings: () => Settings,
    private readonly actions: ExpiryActions,
    private readonly now: () => Date = () => new Date(),
  ) {
    const subscription = store.onDidChange(() => this.update());
    this.disposables.push({ dispose: () => subscription.dispose() });
  }

  /** Redraws every item and re-arms the single timer. */
  update(): void {
    this.clearTimer();
    const settings = this.settings();
    const now = this.now();
    const active = this.activeRefs(now);
    if (this.store.recomputeExpired()) {
      // recomputeExpired fired a change that already called update() again.
      this.scheduleExpiredRefresh();
      return;
    }
    this.warnNearExpiry(active, settings, now);
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
    const delay = nextTickDelay(
      active.flatMap((ref) => (ref.row.endsAt ? [ref.row.endsAt] : [])),
      now,
      { thresholdsMinutes: [settings.warningMinutes, settings.errorMinutes, settings.expiryWarningMinutes] },
    );
    if (delay !== undefined) {
      this.timer = setTimeout(() => this.update(), delay);
    }
  }

  dispose(): void {
    this.clearTimer();
    for (const item of this.items.values()) {
      item.dispose();
    }
    this.items.clear();
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private activeRefs(now: Date): RowRef[] {
    return this.store
      .allRows()
      .filter((ref) => ref.row.state === 'active' && ref.row.endsAt !== undefined && ref.row.endsAt.getTime() > now.getTime() - 1000)
      .sort((a, b) => (a.row.endsAt?.getTime() ?? 0) - (b.row.endsAt?.getTime() ?? 0));
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

  private warnNearExpiry(active: readonly RowRef[], settings: Settings, now: Date): void {
    for (const ref of active) {
      const endsAt = ref.row.endsAt;
      if (!endsAt) {
        continue;
      }
      const warnKey = `${ref.row.id}@${endsAt.getTime()}`;
      if (shouldWarn(endsAt.getTime() - now.getTime(), settings.expiryWarningMinutes, this.warned.has(warnKey))) {
        this.warned.add(warnKey);
        void this.showExpiryWarning(ref, formatRemaining(endsAt, now));
      }
    }
  }

  private async showExpiryWarning(ref: RowRef, remaining: string): Promise<void> {
    const reactivate = vscode.l10n.t('Re-activate');
    const deactivate = vscode.l10n.t('Deactivate');
    const choice = await notify.showWarningMessage(
      vscode.l10n.t('{0} on {1} expires in {2}.', nameText(ref.row.roleName), nameText(ref.row.scope.displayName), remaining),
      reactivate,
      deactivate,
    );
    if (choice === reactivate) {
      await this.actions.reactivate(ref);
    } else if (choice === deactivate) {
      await this.actions.deactivate(ref);
    }
  }

  /** After an expiry, confirm with the service once (it may have been extended elsewhere). */
  private scheduleExpiredRefresh(): void {
    if (this.expiredRefreshPending) {
      return;
    }
    this.expiredRefreshPending = true;
    void this.store.refresh().finally(() => {
      this.expiredRefreshPending = false;
    });
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
