// What a role's management policy requires of a self-activation: parsed from the policy rules on the host
// (core/api/policy.ts), and sent to the form as it is (shared/protocol.ts FormPolicy).

export interface ActivationPolicy {
  /** Longest activation allowed, in minutes. */
  readonly maximumDurationMinutes: number;
  readonly requiresJustification: boolean;
  readonly requiresTicket: boolean;
  readonly requiresMfa: boolean;
  readonly requiresApproval: boolean;
  /** Display names (or ids when no name is given) of the approvers of the first stage. */
  readonly approvers: readonly string[];
  /** Authentication context claim value (e.g. "c1") when the policy asks for one. */
  readonly authenticationContext?: string;
}
