// Time budgets (minRemainingMinutes on the azure-pim task and ensureActive): a role that is active but ends before
// the work is done is activated again before the work starts, or, when PIM cannot do that without a person (approval,
// a ticket) or at all (an assignment, the 5-minute rule, a maximum shorter than the budget), the elevation fails with
// a clear message before the deploy starts, never midway. PIM cannot lengthen a running activation (SelfExtend is
// for expiring assignments): more time = deactivate, then activate again. Pure: no `vscode`.
import * as l10n from '@vscode/l10n';
import { MINIMUM_ACTIVE_MS } from '../errors/requestStatus';
import type { RowRef } from '../store/roleStore';
import { formatTime } from '../../shared/locale';
import type { ActivationPolicy } from '../../shared/policyShape';

export interface TimeBudget {
  /** The work needs the role for at least this long from now. */
  readonly minRemainingMinutes: number;
  /** PIM's clock. */
  readonly now: () => Date;
}

/** Minutes left of an active role (rounded down), or undefined when it has no end. */
export function minutesLeft(ref: RowRef, now: Date): number | undefined {
  return ref.row.endsAt ? Math.max(0, Math.floor((ref.row.endsAt.getTime() - now.getTime()) / 60_000)) : undefined;
}

/** The role is active (or assigned) but ends before the budget runs out. */
export function endsTooSoon(ref: RowRef, budget: TimeBudget | undefined): boolean {
  if (!budget || budget.minRemainingMinutes <= 0 || (ref.row.state !== 'active' && ref.row.state !== 'assigned') || !ref.row.endsAt) {
    return false;
  }
  return ref.row.endsAt.getTime() - budget.now().getTime() < budget.minRemainingMinutes * 60_000;
}

/** "ends at 14:05 (12 min left), sooner than the 60 minutes the work needs". */
export function tooSoonText(ref: RowRef, budget: TimeBudget): string {
  const now = budget.now();
  return l10n.t(
    'ends at {0} ({1} min left), sooner than the {2} minutes the work needs',
    ref.row.endsAt ? formatTime(ref.row.endsAt) : '?',
    minutesLeft(ref, now) ?? '?',
    budget.minRemainingMinutes,
  );
}

/**
 * Why a role that ends too soon cannot be activated again here, or undefined when it can (deactivate, then activate
 * for `durationMinutes`). Checked before anything is sent, so the work never starts on a role that will end midway.
 */
export function renewalProblem(ref: RowRef, durationMinutes: number, policy: ActivationPolicy | undefined, budget: TimeBudget): string | undefined {
  const soon = tooSoonText(ref, budget);
  if (ref.row.state === 'assigned' || ref.row.active?.assignmentType !== 'Activated') {
    return l10n.t('{0}; it is an assignment, not an activation, so it cannot be activated again: ask an administrator to extend it.', soon);
  }
  if (policy?.requiresApproval) {
    return l10n.t('{0}; activating it again needs approval: re-activate it from the form (Azure PIM: Activate Role…) and run the task once it is approved.', soon);
  }
  if (policy?.requiresTicket) {
    return l10n.t('{0}; activating it again needs a ticket number: re-activate it from the form (Azure PIM: Activate Role…), then run the task again.', soon);
  }
  const longest = Math.min(durationMinutes, policy?.maximumDurationMinutes ?? durationMinutes);
  if (longest < budget.minRemainingMinutes) {
    return l10n.t('{0}; it can be activated for at most {1} minutes here, so a new activation would end too soon as well.', soon, longest);
  }
  const started = ref.row.active.startDateTime;
  if (started && budget.now().getTime() - started.getTime() < MINIMUM_ACTIVE_MS) {
    return l10n.t('{0}; PIM allows ending it (to activate it again) only from {1}.', soon, formatTime(new Date(started.getTime() + MINIMUM_ACTIVE_MS)));
  }
  return undefined;
}
