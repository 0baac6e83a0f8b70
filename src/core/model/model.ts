// Domain model shared by the PIM clients, the tree, the status bar and the activation form.
// Nothing here imports `vscode`: it is tested in plain mocha.

/** Which PIM surface a role belongs to. */
export type RoleKind = 'azure' | 'entra' | 'group';

/**
 * ARM scope levels, from the broadest to the narrowest, then the Microsoft Graph scopes: the Entra
 * directory ("/" or an administrative unit) and a PIM for Groups group.
 */
export type ScopeType = 'tenant' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource' | 'directory' | 'group';

export interface ScopeInfo {
  /** Full ARM id ("/subscriptions/…"), "/" for an Entra directory, or the group id for PIM for Groups. */
  readonly id: string;
  readonly displayName: string;
  readonly type: ScopeType;
  /** Subscription the scope lives in (absent for management groups, the tenant root, Entra and groups). */
  readonly subscriptionId?: string;
}

/** Identifies one role at one scope for one principal; stable across refreshes. */
export interface RoleKey {
  readonly kind: RoleKind;
  readonly tenantId: string;
  readonly scope: string;
  /** Full role definition id for Azure, the Entra role definition id, or "member" | "owner" for groups. */
  readonly roleDefinitionId: string;
}

export type MemberType = 'Direct' | 'Group' | 'Inherited';

export interface EligibleRole {
  readonly key: RoleKey;
  /** Stable string form of `key` (see roleKeyString). */
  readonly id: string;
  readonly roleName: string;
  readonly scope: ScopeInfo;
  /** The principal the eligibility is granted to (a group for memberType Group). */
  readonly principalId: string;
  readonly principalDisplayName?: string;
  readonly principalType?: string;
  readonly memberType: MemberType;
  /** roleEligibilityScheduleId for ARM; the eligibility schedule id for Graph. */
  readonly eligibilityScheduleId: string;
  readonly startDateTime?: Date;
  /** Undefined means permanent eligibility. */
  readonly endDateTime?: Date;
  /** Azure ABAC condition of the eligibility (and the version of its syntax); an activation sends both. */
  readonly condition?: string;
  readonly conditionVersion?: string;
}

export type AssignmentType = 'Activated' | 'Assigned';

export interface ActiveRole {
  readonly key: RoleKey;
  readonly id: string;
  readonly roleName: string;
  readonly scope: ScopeInfo;
  readonly principalId: string;
  readonly memberType: MemberType;
  /** Activated = just-in-time activation; Assigned = permanent or time-bound active assignment. */
  readonly assignmentType: AssignmentType;
  readonly startDateTime?: Date;
  /** Undefined means no end (permanent assignment). Drives the countdown. */
  readonly endDateTime?: Date;
  readonly linkedEligibilityInstanceId?: string;
}

/** Request statuses as PIM reports them (ARM PascalCase; Graph camelCase is normalised to these). */
export const REQUEST_STATUSES = [
  'Accepted',
  'PendingEvaluation',
  'Granted',
  'Denied',
  'PendingProvisioning',
  'Provisioned',
  'PendingRevocation',
  'Revoked',
  'Canceled',
  'Failed',
  'PendingApprovalProvisioning',
  'PendingApproval',
  'FailedAsResourceIsLocked',
  'PendingAdminDecision',
  'AdminApproved',
  'AdminDenied',
  'TimedOut',
  'ProvisioningStarted',
  'Invalid',
  'PendingExternalProvisioning',
  'ScheduleCreated',
  'PendingScheduleCreation',
] as const;

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type RequestType =
  | 'SelfActivate'
  | 'SelfDeactivate'
  | 'SelfExtend'
  | 'SelfRenew'
  | 'AdminAssign'
  | 'AdminRemove'
  | 'AdminUpdate'
  | 'AdminExtend'
  | 'AdminRenew';

export interface RoleRequest {
  readonly key: RoleKey;
  /** Full resource id of the request (ARM) or the Graph request id. */
  readonly id: string;
  /** Last path segment: the GUID we generated. */
  readonly name: string;
  readonly roleName: string;
  readonly scope: ScopeInfo;
  readonly requestType: RequestType;
  readonly status: string;
  readonly createdOn?: Date;
  readonly justification?: string;
  readonly startDateTime?: Date;
  /** ISO 8601 duration asked for, e.g. PT8H. */
  readonly duration?: string;
}

/** Everything the signed-in user can see for one tenant. */
export interface TenantRoles {
  readonly tenantId: string;
  readonly eligible: readonly EligibleRole[];
  readonly active: readonly ActiveRole[];
  readonly pending: readonly RoleRequest[];
}

export function roleKeyString(key: RoleKey): string {
  return [key.kind, key.tenantId, key.scope.toLowerCase(), key.roleDefinitionId.toLowerCase()].join('|');
}

/** The tenant of a roleKeyString (a row id). */
export function tenantOfRoleKeyString(key: string): string {
  return key.split('|')[1] ?? '';
}

export function sameRole(a: RoleKey, b: RoleKey): boolean {
  return roleKeyString(a) === roleKeyString(b);
}
