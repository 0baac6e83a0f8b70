// Words shown for a role in the tree, its tooltip and the status bar. Pure, so it is unit-tested.
import { formatRemaining } from './countdown';
import { formatMinutesShort } from './duration';
import type { ActivationPolicy, ScopeType } from './model';
import type { RoleRow } from './roleRows';

export const SCOPE_TYPE_LABELS: Record<ScopeType, string> = {
  tenant: 'Tenant root',
  managementGroup: 'Management group',
  subscription: 'Subscription',
  resourceGroup: 'Resource group',
  resource: 'Resource',
  directory: 'Directory',
  group: 'Group',
};

export function stateText(row: RoleRow, now: Date): string {
  switch (row.state) {
    case 'active':
      return row.endsAt ? `active · ${formatRemaining(row.endsAt, now)} left` : 'active';
    case 'assigned':
      return row.endsAt ? `assigned · ends ${formatShortDate(row.endsAt)}` : 'assigned (permanent)';
    case 'pendingApproval':
      return 'pending approval';
    case 'scheduled':
      return row.pending?.startDateTime ? `scheduled · starts ${formatShortDate(row.pending.startDateTime)}` : 'scheduled';
    case 'eligible':
      return 'eligible';
  }
}

export function policyHints(policy: ActivationPolicy): string[] {
  const hints = [`max ${formatMinutesShort(policy.maximumDurationMinutes)}`];
  if (policy.requiresApproval) {
    hints.push('approval');
  }
  if (policy.requiresMfa || policy.authenticationContext) {
    hints.push('MFA');
  }
  if (policy.requiresTicket) {
    hints.push('ticket');
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
    parts.push(`via ${row.viaGroup}`);
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
    `${SCOPE_TYPE_LABELS[row.scope.type]}: ${row.scope.displayName}`,
    `${row.scope.type === 'group' ? 'Group id' : 'Scope id'}: ${row.scope.id}`,
    `State: ${stateText(row, now)}`,
  ];
  if (grants.length > 0) {
    lines.push(`Grants: ${grants.join(', ')}`);
  }
  if (row.active?.endDateTime) {
    lines.push(`Ends: ${row.active.endDateTime.toLocaleString()}`);
  }
  if (row.viaGroup) {
    lines.push(`Eligible through group membership: ${row.viaGroup}`);
  } else if (row.eligible?.memberType === 'Inherited') {
    lines.push('Eligibility inherited from a parent scope');
  }
  if (row.eligible) {
    lines.push(row.eligible.endDateTime ? `Eligible until ${row.eligible.endDateTime.toLocaleDateString()}` : 'Eligibility: permanent');
  }
  if (row.pending) {
    lines.push(`Request ${row.pending.status}${row.pending.createdOn ? ` since ${row.pending.createdOn.toLocaleString()}` : ''}`);
  }
  if (policy) {
    lines.push(`Maximum activation: ${formatMinutesShort(policy.maximumDurationMinutes)}`);
    const needs: string[] = [];
    if (policy.requiresJustification) needs.push('justification');
    if (policy.requiresTicket) needs.push('ticket number');
    if (policy.requiresMfa) needs.push('multi-factor authentication');
    if (policy.authenticationContext) needs.push(`step-up sign-in (authentication context ${policy.authenticationContext})`);
    if (needs.length > 0) {
      lines.push(`Activation needs: ${needs.join(', ')}`);
    }
    if (policy.requiresApproval) {
      lines.push(`Approval by: ${policy.approvers.length > 0 ? policy.approvers.join(', ') : 'an approver'}`);
    }
  } else if (policyProblem) {
    lines.push(`Policy: ${policyProblem}`);
  }
  return lines;
}

export function formatShortDate(date: Date): string {
  return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
