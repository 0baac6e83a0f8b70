// Words shown for a role in the tree, its tooltip and the status bar. Pure, so it is unit-tested.
import * as l10n from '@vscode/l10n';
import { formatRemaining, formatRemainingMs } from './countdown';
import { formatMinutesShort } from './duration';
import type { ScopeType } from './model';
import type { ActivationPolicy } from '../../shared/policyShape';
import type { RoleRow } from './roleRows';
import type { ListName } from '../store/roleStore';
import { formatDate, formatDateTime, formatList, formatTime } from '../../shared/locale';

/** Getters, so each label is translated when read (the bundle is configured in activate(), after this module loads). */
export const SCOPE_TYPE_LABELS: Readonly<Record<ScopeType, string>> = {
  get tenant() {
    return l10n.t('Tenant root');
  },
  get managementGroup() {
    return l10n.t('Management group');
  },
  get subscription() {
    return l10n.t('Subscription');
  },
  get resourceGroup() {
    return l10n.t('Resource group');
  },
  get resource() {
    return l10n.t('Resource');
  },
  get directory() {
    return l10n.t('Directory');
  },
  get group() {
    return l10n.t('Group');
  },
};

export function stateText(row: RoleRow, now: Date): string {
  switch (row.state) {
    case 'active':
      return row.endsAt ? l10n.t('active · {0} left', formatRemaining(row.endsAt, now)) : l10n.t('active');
    case 'assigned':
      return row.endsAt ? l10n.t('assigned · ends {0}', formatShortDate(row.endsAt)) : l10n.t('assigned (permanent)');
    case 'pendingApproval':
      return l10n.t('pending approval');
    case 'scheduled':
      return row.pending?.startDateTime
        ? l10n.t('scheduled · starts {0}', formatShortDate(row.pending.startDateTime))
        : l10n.t('scheduled');
    case 'eligible':
      return l10n.t('eligible');
    case 'activating':
      return l10n.t('activating…');
    case 'deactivating':
      return l10n.t('deactivating…');
  }
}

export function policyHints(policy: ActivationPolicy): string[] {
  const hints = [l10n.t('max {0}', formatMinutesShort(policy.maximumDurationMinutes))];
  if (policy.requiresApproval) {
    hints.push(l10n.t('approval'));
  }
  if (policy.requiresMfa || policy.authenticationContext) {
    hints.push(l10n.t('MFA'));
  }
  if (policy.requiresTicket) {
    hints.push(l10n.t('ticket'));
  }
  return hints;
}

/** Description next to the role name: state first, then policy hints for roles you can activate. */
export function rowDescription(row: RoleRow, policy: ActivationPolicy | undefined, now: Date): string {
  const parts = [stateText(row, now)];
  if (row.state === 'eligible' && policy) {
    parts.push(...policyHints(policy));
  }
  if (row.viaGroup) {
    parts.push(l10n.t('via {0}', row.viaGroup));
  }
  return parts.join(' · ');
}

/**
 * Plain-text lines for the tooltip; the view escapes them before rendering as Markdown. `grants` lists,
 * for a PIM group, the Azure roles its membership makes you eligible for ("Owner on Contoso Prod").
 */
export function rowTooltipLines(
  row: RoleRow,
  policy: ActivationPolicy | undefined,
  policyProblem: string | undefined,
  now: Date,
  grants: readonly string[] = [],
): string[] {
  const lines = [
    `${row.roleName}`,
    l10n.t('{0}: {1}', SCOPE_TYPE_LABELS[row.scope.type], row.scope.displayName),
    row.scope.type === 'group' ? l10n.t('Group id: {0}', row.scope.id) : l10n.t('Scope id: {0}', row.scope.id),
    l10n.t('State: {0}', stateText(row, now)),
  ];
  if (grants.length > 0) {
    lines.push(l10n.t('Grants: {0}', formatList(grants)));
  }
  if (row.active?.endDateTime) {
    lines.push(l10n.t('Ends: {0}', formatDateTime(row.active.endDateTime)));
  }
  if (row.viaGroup) {
    lines.push(l10n.t('Eligible through group membership: {0}', row.viaGroup));
  } else if (row.eligible?.memberType === 'Inherited') {
    lines.push(l10n.t('Eligibility inherited from a parent scope'));
  }
  if (row.eligible) {
    lines.push(
      row.eligible.endDateTime
        ? l10n.t('Eligible until {0}', formatDate(row.eligible.endDateTime))
        : l10n.t('Eligibility: permanent'),
    );
  }
  if (row.pending) {
    lines.push(
      row.pending.createdOn
        ? l10n.t('Request {0} since {1}', row.pending.status, formatDateTime(row.pending.createdOn))
        : l10n.t('Request {0}', row.pending.status),
    );
  }
  if (policy) {
    lines.push(l10n.t('Maximum activation: {0}', formatMinutesShort(policy.maximumDurationMinutes)));
    const needs: string[] = [];
    if (policy.requiresJustification) needs.push(l10n.t('justification'));
    if (policy.requiresTicket) needs.push(l10n.t('ticket number'));
    if (policy.requiresMfa) needs.push(l10n.t('multi-factor authentication'));
    if (policy.authenticationContext) needs.push(l10n.t('step-up sign-in (authentication context {0})', policy.authenticationContext));
    if (needs.length > 0) {
      lines.push(l10n.t('Activation needs: {0}', formatList(needs)));
    }
    if (policy.requiresApproval) {
      lines.push(
        policy.approvers.length > 0 ? l10n.t('Approval by: {0}', formatList(policy.approvers, 'disjunction')) : l10n.t('Approval by: an approver'),
      );
    }
  } else if (policyProblem) {
    lines.push(l10n.t('Policy: {0}', policyProblem));
  }
  return lines;
}

export function formatShortDate(date: Date): string {
  return formatDateTime(date, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The tree's row for a list that could not be read: one whole sentence per list, so each translates well. */
export function problemText(what: ListName, reason: string): string {
  switch (what) {
    case 'eligible roles':
      return l10n.t('Could not read eligible roles: {0}', reason);
    case 'active roles':
      return l10n.t('Could not read active roles: {0}', reason);
    case 'your requests':
      return l10n.t('Could not read your requests: {0}', reason);
    case 'eligible Entra roles':
      return l10n.t('Could not read eligible Entra roles: {0}', reason);
    case 'active Entra roles':
      return l10n.t('Could not read active Entra roles: {0}', reason);
    case 'your Entra role requests':
      return l10n.t('Could not read your Entra role requests: {0}', reason);
    case 'eligible groups':
      return l10n.t('Could not read eligible groups: {0}', reason);
    case 'active groups':
      return l10n.t('Could not read active groups: {0}', reason);
    case 'your group requests':
      return l10n.t('Could not read your group requests: {0}', reason);
    case 'Azure roles':
      return l10n.t('Could not read Azure roles: {0}', reason);
    case 'Entra roles and groups':
      return l10n.t('Could not read Entra roles and groups: {0}', reason);
  }
}

/**
 * What ending an activation now to activate it again costs, in one sentence per role: the time left and, when the policy
 * asks for approval, a new approval (PIM cannot extend an activation; a re-activation is a new request).
 */
export function reactivationLossText(row: RoleRow, policy: ActivationPolicy | undefined, now: Date): string {
  const role = l10n.t('{0} on {1}', row.roleName, row.scope.displayName);
  const left = row.endsAt ? formatRemaining(row.endsAt, now) : undefined;
  if (policy?.requiresApproval) {
    const approvers = policy.approvers.length > 0 ? formatList(policy.approvers, 'disjunction') : l10n.t('an approver');
    return left
      ? l10n.t('{0}: the {1} left end now, and the new request needs approval again (by {2}); until then you have no access.', role, left, approvers)
      : l10n.t('{0}: the activation ends now, and the new request needs approval again (by {1}); until then you have no access.', role, approvers);
  }
  if (!policy) {
    return left
      ? l10n.t('{0}: the {1} left end now; if its policy asks for approval, the new request waits for it.', role, left)
      : l10n.t('{0}: the activation ends now; if its policy asks for approval, the new request waits for it.', role);
  }
  return left ? l10n.t('{0}: the {1} left end now.', role, left) : l10n.t('{0}: the activation ends now.', role);
}

/** What a line about one list calls it ("Eligible roles: updated 14:02 · retrying"). */
export function listLabel(what: ListName): string {
  switch (what) {
    case 'eligible roles':
      return l10n.t('Eligible roles');
    case 'active roles':
      return l10n.t('Active roles');
    case 'your requests':
      return l10n.t('Your requests');
    case 'eligible Entra roles':
      return l10n.t('Eligible Entra roles');
    case 'active Entra roles':
      return l10n.t('Active Entra roles');
    case 'your Entra role requests':
      return l10n.t('Your Entra role requests');
    case 'eligible groups':
      return l10n.t('Eligible groups');
    case 'active groups':
      return l10n.t('Active groups');
    case 'your group requests':
      return l10n.t('Your group requests');
    case 'Azure roles':
      return l10n.t('Azure roles');
    case 'Entra roles and groups':
      return l10n.t('Entra roles and groups');
  }
}

/** "14:02" today, a short date and time on another day. */
export function formatUpdatedAt(updatedAt: Date, now: Date): string {
  return updatedAt.toDateString() === now.toDateString() ? formatTime(updatedAt) : formatShortDate(updatedAt);
}

/**
 * The tree's row for a list that failed this time but was read before (its rows from then are still shown):
 * "Eligible roles: updated 14:02 · retrying" when the store tries again by itself, else the reason.
 */
export function staleListText(what: ListName, updatedAt: Date, now: Date, retrying: boolean, reason: string): string {
  return retrying
    ? l10n.t('{0}: updated {1} · retrying', listLabel(what), formatUpdatedAt(updatedAt, now))
    : l10n.t('{0}: updated {1} · {2}', listLabel(what), formatUpdatedAt(updatedAt, now), reason);
}

/** Every call failed for want of a network: the tenant's one row about it. */
export function offlineText(updatedAt: Date | undefined, now: Date): string {
  return updatedAt ? l10n.t('Offline · showing roles as of {0} · retrying', formatUpdatedAt(updatedAt, now)) : l10n.t('Offline · retrying');
}

/** The service asked to slow down: "Throttled, retrying in 20s". */
export function throttledText(until: Date, now: Date): string {
  return l10n.t('Throttled, retrying in {0}', formatRemainingMs(Math.max(1000, until.getTime() - now.getTime())));
}

/** When the oldest of the lists still shown from an earlier read was read; undefined when none is. */
export function staleSince(problems: readonly { readonly lastGoodAt?: Date }[]): Date | undefined {
  const times = problems.flatMap((problem) => (problem.lastGoodAt ? [problem.lastGoodAt.getTime()] : []));
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

/** A few words for a tenant's line (the view with several tenants) when what it shows is not fresh; undefined when it is. */
export function tenantFreshnessText(
  tenant: { readonly offline?: boolean; readonly throttledUntil?: Date; readonly problems: readonly { readonly lastGoodAt?: Date }[] },
  now: Date,
): string | undefined {
  if (tenant.throttledUntil && tenant.throttledUntil.getTime() > now.getTime()) {
    return l10n.t('throttled');
  }
  if (tenant.offline) {
    return l10n.t('offline');
  }
  const since = staleSince(tenant.problems);
  return since ? l10n.t('updated {0}', formatUpdatedAt(since, now)) : undefined;
}
