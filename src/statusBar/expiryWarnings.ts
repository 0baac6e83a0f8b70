// "Owner on Prod expires in 10m" with Re-activate and Deactivate, once per activation, when its countdown enters
// azurePim.notifications.expiryWarningMinutes. Checked on every tick of the role clock; shown whatever the status
// bar shows.
import * as vscode from 'vscode';
import { formatRemaining, shouldWarn } from '../core/model/countdown';
import { countingDown, type RoleClock } from '../core/store/clock';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import type { Settings } from '../config';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';

export interface ExpiryActions {
  reactivate(ref: RowRef): Promise<void>;
  deactivate(ref: RowRef): Promise<void>;
}

export class ExpiryWarnings implements vscode.Disposable {
  /** "rowId@endsAt": an activation extended or renewed (a new end) is warned about again. */
  private readonly warned = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(
    clock: RoleClock,
    private readonly store: RoleStore,
    private readonly settings: () => Settings,
    private readonly actions: ExpiryActions,
  ) {
    this.subscription = clock.onDidTick((now) => this.check(now));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private check(now: Date): void {
    const warnBeforeMinutes = this.settings().expiryWarningMinutes;
    for (const ref of countingDown(this.store.allRows(), now)) {
      const endsAt = ref.row.endsAt;
      if (!endsAt) {
        continue;
      }
      const warnKey = `${ref.row.id}@${endsAt.getTime()}`;
      if (shouldWarn(endsAt.getTime() - now.getTime(), warnBeforeMinutes, this.warned.has(warnKey))) {
        this.warned.add(warnKey);
        void this.warn(ref, formatRemaining(endsAt, now));
      }
    }
  }

  private async warn(ref: RowRef, remaining: string): Promise<void> {
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
}
