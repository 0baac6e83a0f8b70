// The one message protocol between the extension host and the activation form (webview-ui/).
// Imported by both sides; imports nothing from `vscode` or the DOM.
// Every message that crosses the boundary is untrusted: see parseFormToHost / parseHostToForm
// in protocolValidation.ts, which enforce the limits below.
import { ACTIVATION_LIMITS } from './limits';
import type { ActivationPolicy } from './policyShape';

/** Bounds checked at the boundary (both directions) and used for `maxlength` in the form. */
export const PROTOCOL_LIMITS = {
  maxRoleIds: 50,
  maxRoleIdLength: 512,
  /** Roles offered in one form. */
  maxRoles: 500,
  maxJustificationLength: 500,
  maxTicketLength: 100,
  /** Role names, scope names, approver names, hints, host messages. */
  maxTextLength: 2000,
  maxPatternLength: 500,
  maxApprovers: 50,
  maxRecentJustifications: 20,
  maxAuthenticationContextLength: 64,
  maxIssues: 50,
  /** Preflight sequence numbers count up from 1 per form. */
  maxSequence: Number.MAX_SAFE_INTEGER,
  minDurationMinutes: ACTIVATION_LIMITS.minMinutes,
  maxDurationMinutes: ACTIVATION_LIMITS.maxMinutes,
  maxStartAheadDays: ACTIVATION_LIMITS.maxStartAheadDays,
} as const;

/** A role offered in the form. Plain data: never a token, never a raw API object. */
export interface FormRole {
  /** Opaque id chosen by the host (roleKeyString). */
  readonly id: string;
  readonly kind: 'azure' | 'entra' | 'group';
  readonly roleName: string;
  readonly scopeDisplayName: string;
  /** e.g. "Subscription", "Resource group", "Directory", "Group". */
  readonly scopeTypeLabel: string;
  readonly selected: boolean;
}

/** A role's policy, as the host read it (protocolValidation checks every field the form receives). */
export type FormPolicy = ActivationPolicy;

export type PolicyState =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly policy: FormPolicy }
  | { readonly state: 'unavailable'; readonly message: string };

export interface FormDefaults {
  readonly durationMinutes: number;
  readonly justification: string;
  /** Organisation pattern for justifications (a RegExp source), shown when there is no hint; empty = none. The host evaluates it. */
  readonly justificationPattern: string;
  readonly justificationPatternHint: string;
  readonly ticketSystem: string;
  readonly recentJustifications: readonly string[];
}

export type ActivationOutcome =
  | 'sending'
  | 'waiting'
  | 'active'
  | 'pendingApproval'
  | 'scheduled'
  | 'alreadyActive'
  | 'denied'
  | 'policyViolation'
  | 'failed';

export const ACTIVATION_OUTCOMES: readonly ActivationOutcome[] = [
  'sending',
  'waiting',
  'active',
  'pendingApproval',
  'scheduled',
  'alreadyActive',
  'denied',
  'policyViolation',
  'failed',
];

/** The form field a validation issue belongs to (shown next to that field). */
export type ValidationField = 'roles' | 'duration' | 'justification' | 'ticketNumber' | 'ticketSystem' | 'startAt';

export const VALIDATION_FIELDS: readonly ValidationField[] = [
  'roles',
  'duration',
  'justification',
  'ticketNumber',
  'ticketSystem',
  'startAt',
];

export interface ValidationIssue {
  readonly field: ValidationField;
  readonly message: string;
}

/**
 * The organisation pattern's verdict on a justification. Only the extension host evaluates the pattern
 * (src/core/flows/justificationPattern.ts, under a time limit); the form asks it and shows the answer.
 * `invalidPattern`, `tooSlow` and `tooLong` (the pattern itself is too long) are the configuration's fault.
 */
export type JustificationVerdict =
  | { readonly kind: 'matches' }
  | { readonly kind: 'mismatch'; readonly hint: string }
  | { readonly kind: 'invalidPattern' }
  | { readonly kind: 'tooSlow' }
  | { readonly kind: 'tooLong' };

export type JustificationVerdictKind = JustificationVerdict['kind'];

export const JUSTIFICATION_VERDICT_KINDS: readonly JustificationVerdictKind[] = ['matches', 'mismatch', 'invalidPattern', 'tooSlow', 'tooLong'];

/**
 * What Azure said when asked to validate the request without creating it (RoleAssignmentScheduleRequests_Validate),
 * per role. `checking` is the form's own state while it waits; `notChecked` means no question was asked (Entra roles
 * and groups, a role that is active now); `unavailable` means the check itself failed, which never blocks sending.
 */
export type PreflightState = 'checking' | 'accepted' | 'refused' | 'stepUp' | 'unavailable' | 'notChecked';

export const PREFLIGHT_STATES: readonly PreflightState[] = ['checking', 'accepted', 'refused', 'stepUp', 'unavailable', 'notChecked'];

export interface PreflightVerdict {
  readonly state: PreflightState;
  /** Plain text for the role's row; may quote the service (shown as text only). */
  readonly message: string;
  /** Azure named the ticketing rule: the form asks for a ticket even when the role's policy could not be read. */
  readonly needsTicket?: boolean;
}

/** Host → form. */
export type HostToForm =
  | {
      readonly type: 'init';
      readonly roles: readonly FormRole[];
      readonly defaults: FormDefaults;
    }
  | { readonly type: 'policy'; readonly roleId: string; readonly policy: PolicyState }
  | {
      readonly type: 'progress';
      readonly roleId: string;
      readonly outcome: ActivationOutcome;
      readonly message: string;
    }
  | { readonly type: 'finished'; readonly allSucceeded: boolean }
  /** The host re-validated a submit at the boundary and refused it: nothing was sent to PIM. */
  | { readonly type: 'issues'; readonly issues: readonly ValidationIssue[] }
  /** The answer to `checkJustification`, for the (trimmed) text it was asked about. */
  | { readonly type: 'justificationVerdict'; readonly justification: string; readonly verdict: JustificationVerdict }
  /** Azure's answer for one role of the preflight the form asked for with this sequence number. */
  | { readonly type: 'preflightVerdict'; readonly sequence: number; readonly roleId: string; readonly verdict: PreflightVerdict };

export interface ActivationRequestData {
  readonly roleIds: readonly string[];
  readonly justification: string;
  readonly durationMinutes: number;
  readonly ticketNumber: string;
  readonly ticketSystem: string;
  /** ISO 8601 instant (UTC, `toISOString()` form after parsing) for a scheduled start; absent = now. */
  readonly startAt?: string;
}

/** Form → host. */
export type FormToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'submit'; readonly request: ActivationRequestData }
  /** Asks for the organisation pattern's verdict on a (trimmed) justification while the user types. */
  | { readonly type: 'checkJustification'; readonly justification: string }
  /** Asks Azure (through the host, debounced there) whether it would accept this request; a newer sequence supersedes. */
  | { readonly type: 'preflight'; readonly sequence: number; readonly request: ActivationRequestData }
  | { readonly type: 'close' };
