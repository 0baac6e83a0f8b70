// What the host puts into messages for the form: text from the API or the settings bounded to the protocol (the
// form renders it as text only) with no secret in it, and numbers within the protocol's limits.
import type { ActivationPolicy } from './policyShape';
import { PROTOCOL_LIMITS, type FormPolicy, type FormRole } from './protocol';
import { redactSecrets } from './secrets';

/** API text is untrusted and unbounded; the protocol bounds it, with no secret in it. */
export function boundedText(text: string): string {
  const safe = redactSecrets(text);
  return safe.length > PROTOCOL_LIMITS.maxTextLength ? `${safe.slice(0, PROTOCOL_LIMITS.maxTextLength - 1)}…` : safe;
}

/** A remembered or preset duration as the form's default: whole minutes within the protocol, else `fallback`. */
export function clampMinutes(value: unknown, fallback: number): number {
  const minutes = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(PROTOCOL_LIMITS.maxDurationMinutes, Math.max(PROTOCOL_LIMITS.minDurationMinutes, minutes));
}

/** A role offered in the form, with the tenant's names bounded. */
export function toFormRole(role: FormRole): FormRole {
  return { ...role, roleName: boundedText(role.roleName), scopeDisplayName: boundedText(role.scopeDisplayName) };
}

export function toFormPolicy(policy: ActivationPolicy): FormPolicy {
  return {
    maximumDurationMinutes: Math.min(PROTOCOL_LIMITS.maxDurationMinutes, Math.max(1, Math.round(policy.maximumDurationMinutes))),
    requiresJustification: policy.requiresJustification,
    requiresTicket: policy.requiresTicket,
    requiresMfa: policy.requiresMfa,
    requiresApproval: policy.requiresApproval,
    approvers: policy.approvers.slice(0, PROTOCOL_LIMITS.maxApprovers).map((name) => name.slice(0, PROTOCOL_LIMITS.maxTextLength)),
    ...(policy.authenticationContext ? { authenticationContext: policy.authenticationContext.slice(0, PROTOCOL_LIMITS.maxAuthenticationContextLength) } : {}),
  };
}
