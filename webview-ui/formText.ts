// Pure wording for the activation form: policy lines, the "What will happen" summary, progress icons.
// No DOM here, so it is unit tested in plain mocha (test/unit/formText.unit.test.ts).
import * as l10n from '@vscode/l10n';
import { formatMinutes } from '../src/shared/activationValidation';
import { formatList } from '../src/shared/locale';
import type { ActivationOutcome, FormPolicy, FormRole, PolicyState } from '../src/shared/protocol';

export function roleLabel(role: Pick<FormRole, 'roleName' | 'scopeDisplayName'>): string {
  return l10n.t('{0} on {1}', role.roleName, role.scopeDisplayName);
}

/** Any one of the approvers can approve. */
function approversText(policy: FormPolicy): string | undefined {
  return policy.approvers.length > 0 ? formatList(policy.approvers, 'disjunction') : undefined;
}

/** "max 8 hours · approval by Alice Admin · MFA · ticket required · justification required". */
export function policyLine(state: PolicyState | undefined): string {
  if (!state || state.state === 'loading') {
    return l10n.t('loading policy…');
  }
  if (state.state === 'unavailable') {
    return l10n.t('policy unavailable: {0}', state.message);
  }
  const { policy } = state;
  const parts = [l10n.t('max {0}', formatMinutes(policy.maximumDurationMinutes))];
  if (policy.requiresApproval) {
    const approvers = approversText(policy);
    parts.push(approvers === undefined ? l10n.t('approval required') : l10n.t('approval by {0}', approvers));
  }
  if (policy.authenticationContext !== undefined) {
    parts.push(l10n.t('step-up sign-in (authentication context {0})', policy.authenticationContext));
  }
  if (policy.requiresMfa) {
    parts.push(l10n.t('MFA'));
  }
  if (policy.requiresTicket) {
    parts.push(l10n.t('ticket required'));
  }
  if (policy.requiresJustification) {
    parts.push(l10n.t('justification required'));
  }
  return parts.join(' · ');
}

export interface SummaryInput {
  readonly role: FormRole;
  readonly policy: PolicyState | undefined;
  readonly durationMinutes: number;
  /** A scheduled start, already formatted for display; undefined = now. */
  readonly startText: string | undefined;
}

/**
 * One sentence per selected role, e.g.
 * "Contributor on Dev Subscription: active immediately for 4 hours",
 * "Owner on Prod: needs approval by Alice Admin, then active for 2 hours once approved",
 * "Key Vault Administrator on kv-prod: you will be asked to sign in again (authentication context c1), then active immediately for 1 hour".
 * Each clause is one translatable message with its placeholders, so word order can change per language.
 */
export function summaryLine({ role, policy, durationMinutes, startText }: SummaryInput): string {
  const duration = formatMinutes(durationMinutes);
  const loaded = policy?.state === 'loaded' ? policy.policy : undefined;
  let outcome: string;
  if (loaded?.requiresApproval) {
    const by = approversText(loaded);
    if (startText === undefined) {
      outcome =
        by === undefined
          ? l10n.t('needs approval, then active for {0} once approved', duration)
          : l10n.t('needs approval by {0}, then active for {1} once approved', by, duration);
    } else {
      outcome =
        by === undefined
          ? l10n.t('needs approval, then active from {0} for {1} once approved', startText, duration)
          : l10n.t('needs approval by {0}, then active from {1} for {2} once approved', by, startText, duration);
    }
  } else {
    outcome = startText === undefined ? l10n.t('active immediately for {0}', duration) : l10n.t('active from {0} for {1}', startText, duration);
  }
  if (loaded?.authenticationContext !== undefined) {
    outcome = l10n.t('you will be asked to sign in again (authentication context {0}), then {1}', loaded.authenticationContext, outcome);
  } else if (loaded?.requiresMfa) {
    outcome = l10n.t('you may be asked for multi-factor authentication, then {0}', outcome);
  }
  const line = l10n.t('{0}: {1}', roleLabel(role), outcome);
  if (policy?.state === 'unavailable') {
    return l10n.t('{0} (policy unknown: PIM checks the request when it is sent)', line);
  }
  return loaded ? line : l10n.t('{0} (policy still loading)', line);
}

export type OutcomeTone = 'busy' | 'success' | 'pending' | 'error';

export function outcomeTone(outcome: ActivationOutcome): OutcomeTone {
  switch (outcome) {
    case 'sending':
    case 'waiting':
      return 'busy';
    case 'active':
    case 'alreadyActive':
      return 'success';
    case 'pendingApproval':
    case 'scheduled':
      return 'pending';
    case 'denied':
    case 'policyViolation':
    case 'failed':
      return 'error';
  }
}

/** A decorative glyph next to the host's progress text (the text itself carries the meaning). */
export function outcomeIcon(outcome: ActivationOutcome): string {
  switch (outcomeTone(outcome)) {
    case 'busy':
      return '…';
    case 'success':
      return '✓';
    case 'pending':
      return '◷';
    case 'error':
      return '✕';
  }
}

/** Whether the request for a role went through (the role should not be sent again). */
export function outcomeSucceeded(outcome: ActivationOutcome | undefined): boolean {
  return outcome !== undefined && (outcomeTone(outcome) === 'success' || outcomeTone(outcome) === 'pending');
}
