// The one message protocol between the extension host and the activation form (webview-ui/).
// Imported by both sides; imports nothing from `vscode` or the DOM.
// Every message that crosses the boundary is untrusted: see parseFormToHost / parseHostToForm.

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

/** Policy as the form needs it; `undefined` fields mean "unknown" (policy could not be read). */
export interface FormPolicy {
  readonly maximumDurationMinutes: number;
  readonly requiresJustification: boolean;
  readonly requiresTicket: boolean;
  readonly requiresMfa: boolean;
  readonly requiresApproval: boolean;
  readonly approvers: readonly string[];
  readonly authenticationContext?: string;
}

export type PolicyState =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly policy: FormPolicy }
  | { readonly state: 'unavailable'; readonly message: string };

export interface FormDefaults {
  readonly durationMinutes: number;
  readonly justification: string;
  /** Organisation pattern for justifications (a RegExp source), checked before sending; empty = none. */
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
  | { readonly type: 'finished'; readonly allSucceeded: boolean };

export interface ActivationRequestData {
  readonly roleIds: readonly string[];
  readonly justification: string;
  readonly durationMinutes: number;
  readonly ticketNumber: string;
  readonly ticketSystem: string;
  /** ISO 8601 instant for a scheduled start; absent = now. */
  readonly startAt?: string;
}

/** Form → host. */
export type FormToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'submit'; readonly request: ActivationRequestData }
  | { readonly type: 'close' };
