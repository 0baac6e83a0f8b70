/**
 * The API the Azure PIM extension (azure-pim-tools.azure-pim-vscode) returns from activate(). Types only: copy this
 * file into your extension and use it like this:
 *
 * ```ts
 * const pim = await vscode.extensions.getExtension<AzurePimApi>('azure-pim-tools.azure-pim-vscode')?.activate();
 * const result = await pim?.ensureActive([{ role: 'Contributor', scope: '/subscriptions/<id>' }], { waitForAccess: true });
 * if (!result?.ok) { throw new Error(result?.summary ?? 'Azure PIM is not installed'); }
 * ```
 *
 * Roles that a trusted workspace declares in `azurePim.workspaceRoles` are activated without asking, for at most the
 * declared duration (else the user's default) and with the declared justification; any other role, and every role
 * in Restricted Mode, is activated only after the user confirms in a dialog. The justification sent says the request
 * came through this API. The API never hands out tokens: sign-in stays with VS Code.
 */
import type { Event } from 'vscode';

export type PimRoleKind = 'azure' | 'entra' | 'group';

/** A role to have active: the shape of the `azurePim.workspaceRoles` items. */
export interface DeclaredPimRole {
  /** Role name ("Contributor", any case) or role definition id (full ARM id or its GUID; Entra role id). */
  readonly role: string;
  /** ARM scope id, "/" for the Entra directory, or the group id for PIM for Groups. */
  readonly scope: string;
  /** Default "azure". */
  readonly kind?: PimRoleKind;
  /** Capped at the role's policy maximum, and for a declared role at its declared duration. */
  readonly durationMinutes?: number;
  /** Used unless the workspace's declaration brings its own. */
  readonly justification?: string;
  /** Only needed when the same role and scope exist in several signed-in tenants. */
  readonly tenantId?: string;
}

export interface EnsureActiveOptions {
  /** Justification for roles that declare none. */
  readonly justification?: string;
  /** Duration for roles that declare none (default: the user's azurePim.activation.defaultDurationMinutes). */
  readonly durationMinutes?: number;
  /**
   * Also wait until Azure RBAC applies the access (Azure roles; checked with the permissions API), and for an approver
   * to decide a request that needs approval (denied: outcome `denied`; 24 hours undecided: `approvalExpired`).
   */
  readonly waitForAccess?: boolean;
  /** How long to wait for an approver and for effective access, each (default 10). */
  readonly timeoutMinutes?: number;
  /**
   * The work needs the roles at least this many minutes from now: an active role that ends sooner is activated again
   * first; where that needs a person (approval, ticket) or cannot be done, the role's outcome is `failed` and says why.
   */
  readonly minRemainingMinutes?: number;
  /**
   * Least standing privilege: the result gets `release()`; call it when the work is done, and the roles this call
   * activated are deactivated (as soon as PIM allows: 5 minutes after activation). Roles already active are left alone.
   */
  readonly deactivateWhenDone?: boolean;
}

export type EnsureRoleOutcome =
  | 'active'
  | 'alreadyActive'
  | 'pendingApproval'
  | 'denied'
  | 'approvalExpired'
  | 'scheduled'
  | 'policyViolation'
  | 'failed'
  | 'unknown'
  | 'ambiguous'
  | 'accessNotEffective'
  | 'declined'
  | 'notSignedIn';

export interface EnsureRoleResult {
  readonly role: string;
  readonly scope: string;
  readonly kind: PimRoleKind;
  readonly tenantId?: string;
  readonly roleName?: string;
  readonly scopeDisplayName?: string;
  readonly outcome: EnsureRoleOutcome;
  /** The role is usable now. */
  readonly ok: boolean;
  readonly message: string;
  /** End of the activation, ISO 8601; absent = no end or not active. */
  readonly endsAt?: string;
  /** Policy rules a request broke, e.g. "JustificationRule". */
  readonly failedRules?: readonly string[];
}

export interface EnsureResult {
  /** Every requested role is usable now. */
  readonly ok: boolean;
  readonly roles: readonly EnsureRoleResult[];
  /** "1 activated, 1 already active". */
  readonly summary: string;
  /** With `deactivateWhenDone`: the work is done, deactivate what this call activated (once; later calls do nothing). */
  readonly release?: () => void;
}

export interface ActiveRoleInfo {
  readonly kind: PimRoleKind;
  readonly tenantId: string;
  readonly roleName: string;
  readonly roleDefinitionId: string;
  readonly scope: string;
  readonly scopeDisplayName: string;
  /** "activated" = just in time; "assigned" = permanently or time-bound active. */
  readonly assignmentType: 'activated' | 'assigned';
  /** ISO 8601; absent = no end. */
  readonly endsAt?: string;
}

export interface AzurePimApi {
  /**
   * Activates what is missing among `roles`, reports what is pending or unknown; never sends a request twice.
   * A role declared in azurePim.workspaceRoles (trusted workspaces only) brings its justification and caps the
   * duration; any other role asks the user first (outcome `declined` when they do not agree). Throws on malformed `roles`.
   */
  ensureActive(roles: readonly DeclaredPimRole[], options?: EnsureActiveOptions): Promise<EnsureResult>;
  /** Roles active now in every signed-in tenant, as last loaded. */
  listActive(): ActiveRoleInfo[];
  /** Fires when roles are loaded, activated, deactivated or expire. */
  readonly onDidChange: Event<void>;
}
