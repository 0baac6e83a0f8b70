// Pure wording for the activation form: policy lines, the "What will happen" summary, progress icons.
// No DOM here, so it is unit tested in plain mocha (test/unit/formText.unit.test.ts).
import { formatMinutes } from '../src/shared/activationValidation';
import type { ActivationOutcome, FormPolicy, FormRole, PolicyState } from '../src/shared/protocol';

export function roleLabel(role: Pick<FormRole, 'roleName' | 'scopeDisplayName'>): string {
  return `${role.roleName} on ${role.scopeDisplayName}`;
}

function approvalText(policy: FormPolicy): string {
  return policy.approvers.length > 0 ? `approval by ${policy.approvers.join(', ')}` : 'approval required';
}

function stepUpText(context: string): string {
  return `step-up sign-in (authentication context ${context})`;
}

/** "max 8 hours · approval by Alice Admin · MFA · ticket required · justification required". */
export function policyLine(state: PolicyState | undefined): string {
  if (!state || state.state === 'loading') {
    return 'loading policy…';
  }
  if (state.state === 'unavailable') {
    return `policy unavailable: ${state.message}`;
  }
  const { policy } = state;
  const parts = [`max ${formatMinutes(policy.maximumDurationMinutes)}`];
  if (policy.requiresApproval) {
    parts.push(approvalText(policy));
  }
  if (policy.authenticationContext !== undefined) {
    parts.push(stepUpText(policy.authenticationContext));
  }
  if (policy.requiresMfa) {
    parts.push('MFA');
  }
  if (policy.requiresTicket) {
    parts.push('ticket required');
  }
  if (policy.requiresJustification) {
    parts.push('justification required');
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
 * "Owner on Prod: needs approval by Alice Admin, then active for 2 hours",
 * "Key Vault Administrator on kv-prod: you will be asked to sign in again (authentication context c1), then active immediately for 1 hour".
 */
export function summaryLine({ role, policy, durationMinutes, startText }: SummaryInput): string {
  const duration = formatMinutes(durationMinutes);
  const when = startText === undefined ? 'immediately' : `from ${startText}`;
  const loaded = policy?.state === 'loaded' ? policy.policy : undefined;
  const steps: string[] = [];
  if (loaded?.authenticationContext !== undefined) {
    steps.push(`you will be asked to sign in again (authentication context ${loaded.authenticationContext})`);
  } else if (loaded?.requiresMfa) {
    steps.push('you may be asked for multi-factor authentication');
  }
  if (loaded?.requiresApproval) {
    const by = loaded.approvers.length > 0 ? ` by ${loaded.approvers.join(', ')}` : '';
    steps.push(`needs approval${by}, then active ${startText === undefined ? '' : `${when} `}for ${duration} once approved`);
  } else {
    steps.push(`${steps.length > 0 ? 'then ' : ''}active ${when} for ${duration}`);
  }
  let line = `${roleLabel(role)}: ${steps.join(', ')}`;
  if (policy?.state === 'unavailable') {
    line += ' (policy unknown: PIM checks the request when it is sent)';
  } else if (!loaded) {
    line += ' (policy still loading)';
  }
  return line;
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
