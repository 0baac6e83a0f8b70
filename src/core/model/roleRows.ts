// Joins eligibilities, active assignments and pending requests into one row per role and scope,
// and groups the rows under their scope hierarchy for the tree. Pure: tested in plain mocha.
import { parseArmScope } from '../api/armMapping';
import { startsLater } from '../errors/requestStatus';
import { roleKeyString, sameRole, type ActiveRole, type EligibleRole, type RoleKind, type RoleRequest, type ScopeInfo, type TenantRoles } from './model';

/**
 * `activating`: PIM accepted an activation (Provisioned, or Granted with a start of now) that it does not list yet;
 * `deactivating`: PIM accepted a deactivation (PendingRevocation) and still lists the activation.
 */
export type RoleState = 'eligible' | 'active' | 'assigned' | 'pendingApproval' | 'scheduled' | 'activating' | 'deactivating';

export interface RoleRow {
  readonly id: string;
  readonly roleName: string;
  readonly scope: ScopeInfo;
  readonly state: RoleState;
  readonly eligible?: EligibleRole;
  readonly active?: ActiveRole;
  /** The open activation request: waiting for approval, scheduled, or (state `activating`) being provisioned. */
  readonly pending?: RoleRequest;
  /** The deactivation PIM is carrying out (state `deactivating`). */
  readonly revocation?: RoleRequest;
  /** When this session first saw the row `activating` (the store's clock, PIM's time): it stops waiting after ACTIVATING_LIMIT_MS. */
  readonly activatingSince?: Date;
  /** End of the activation or assignment; undefined = no end, or (state `deactivating`) ending now. */
  readonly endsAt?: Date;
  /** Set when the eligibility comes through a group (memberType Group): the group's name. */
  readonly viaGroup?: string;
}

/** What the previous load of the tenant showed (RoleStore's snapshot): needed to tell a new activation from an old one. */
export interface PreviousLoad {
  readonly rows: readonly RoleRow[];
  readonly requests: readonly RoleRequest[];
}

const PENDING_APPROVAL = new Set(['PendingApproval', 'PendingApprovalProvisioning', 'PendingAdminDecision', 'PendingEvaluation']);
const SCHEDULED = new Set(['Granted', 'ScheduleCreated', 'PendingScheduleCreation', 'PendingProvisioning', 'Accepted']);
/** Statuses of an activation that PIM accepted and is carrying out (Granted only with a start of now: see startsLater). */
const PROVISIONING = new Set(['Provisioned', 'Granted', 'ScheduleCreated', 'PendingScheduleCreation', 'PendingProvisioning', 'ProvisioningStarted', 'AdminApproved', 'Accepted', 'PendingExternalProvisioning']);
/** Statuses of a deactivation that is not (or no longer) going to happen. */
const DEACTIVATION_FAILED = new Set(['Failed', 'Denied', 'Canceled', 'TimedOut', 'Invalid', 'AdminDenied', 'FailedAsResourceIsLocked']);

/** How long a row stays `activating` while PIM does not list the activation (provisioning takes seconds). */
export const ACTIVATING_LIMIT_MS = 5 * 60_000;

/** A request that still waits for something (approval or its start time). */
export function isOpenActivationRequest(request: RoleRequest, now: Date): boolean {
  if (request.requestType !== 'SelfActivate') {
    return false;
  }
  if (PENDING_APPROVAL.has(request.status)) {
    return true;
  }
  return SCHEDULED.has(request.status) && startsLater(request, now) && request.startDateTime !== undefined && request.startDateTime.getTime() > now.getTime();
}

/** An activation PIM accepted for a start of now (Provisioned, or Granted with no later start). */
function isProvisioningRequest(request: RoleRequest, now: Date): boolean {
  return request.requestType === 'SelfActivate' && PROVISIONING.has(request.status) && !startsLater(request, now);
}

function newest(requests: readonly RoleRequest[]): RoleRequest | undefined {
  return requests.reduce<RoleRequest | undefined>((best, request) => (!best || (best.createdOn?.getTime() ?? 0) < (request.createdOn?.getTime() ?? 0) ? request : best), undefined);
}

/**
 * The activation request a row is `activating` for, if any. The request list keeps every Provisioned request long after
 * its activation ended, and the service's clock is not ours, so time alone cannot tell "not listed yet" from "already
 * gone": a request counts only when this session saw it become Provisioned (absent or waiting for approval at the
 * previous load), or the row was already `activating` then, for at most ACTIVATING_LIMIT_MS.
 */
function provisioningFor(
  id: string,
  requests: readonly RoleRequest[],
  previous: PreviousLoad | undefined,
  now: Date,
): { request: RoleRequest; since: Date } | undefined {
  const mine = requests.filter((request) => roleKeyString(request.key) === id);
  const activation = newest(mine.filter((request) => request.requestType === 'SelfActivate'));
  if (!previous || !activation || !isProvisioningRequest(activation, now)) {
    return undefined;
  }
  const deactivatedSince = mine.some(
    (request) => request.requestType === 'SelfDeactivate' && (request.createdOn?.getTime() ?? 0) >= (activation.createdOn?.getTime() ?? 0),
  );
  if (deactivatedSince) {
    return undefined;
  }
  const before = previous.rows.find((row) => row.id === id);
  if (before?.state === 'activating' && before.activatingSince) {
    return before.activatingSince.getTime() + ACTIVATING_LIMIT_MS > now.getTime() ? { request: activation, since: before.activatingSince } : undefined;
  }
  const seenBefore = previous.requests.find((request) => request.name.toLowerCase() === activation.name.toLowerCase() && sameRole(request.key, activation.key));
  const newlyProvisioned = !seenBefore || !isProvisioningRequest(seenBefore, now);
  return newlyProvisioned && before?.state !== 'active' ? { request: activation, since: now } : undefined;
}

/** The deactivation PIM is still carrying out for an activation it lists: made after the activation started, not refused. */
function revocationFor(id: string, active: ActiveRole, requests: readonly RoleRequest[]): RoleRequest | undefined {
  const started = active.startDateTime?.getTime() ?? 0;
  return newest(
    requests.filter(
      (request) =>
        request.requestType === 'SelfDeactivate' &&
        roleKeyString(request.key) === id &&
        !DEACTIVATION_FAILED.has(request.status) &&
        (request.createdOn?.getTime() ?? 0) >= started,
    ),
  );
}

export function buildRoleRows(roles: TenantRoles, now: Date, previous?: PreviousLoad): RoleRow[] {
  const rows = new Map<string, { eligible?: EligibleRole; active?: ActiveRole; pending?: RoleRequest }>();
  const entry = (id: string) => {
    let value = rows.get(id);
    if (!value) {
      value = {};
      rows.set(id, value);
    }
    return value;
  };
  for (const eligible of roles.eligible) {
    const current = entry(eligible.id);
    // Prefer direct eligibility over group-derived when both exist.
    if (!current.eligible || (current.eligible.memberType === 'Group' && eligible.memberType !== 'Group')) {
      current.eligible = eligible;
    }
  }
  for (const active of roles.active) {
    if (active.endDateTime && active.endDateTime.getTime() <= now.getTime()) {
      continue;
    }
    const current = entry(active.id);
    // An activation beats a permanent assignment for the countdown.
    if (!current.active || (current.active.assignmentType === 'Assigned' && active.assignmentType === 'Activated')) {
      current.active = active;
    }
  }
  for (const request of roles.pending) {
    if (isOpenActivationRequest(request, now)) {
      const current = entry(roleKeyString(request.key));
      if (!current.pending || (current.pending.createdOn?.getTime() ?? 0) < (request.createdOn?.getTime() ?? 0)) {
        current.pending = request;
      }
    }
  }
  const result: RoleRow[] = [];
  for (const [id, value] of rows) {
    const source = value.active ?? value.eligible ?? value.pending;
    if (!source) {
      continue;
    }
    const revocation = value.active?.assignmentType === 'Activated' ? revocationFor(id, value.active, roles.pending) : undefined;
    const provisioning = !value.active && !value.pending && value.eligible ? provisioningFor(id, roles.pending, previous, now) : undefined;
    const state: RoleState = value.active
      ? value.active.assignmentType === 'Activated'
        ? revocation
          ? 'deactivating'
          : 'active'
        : 'assigned'
      : value.pending
        ? PENDING_APPROVAL.has(value.pending.status)
          ? 'pendingApproval'
          : 'scheduled'
        : provisioning
          ? 'activating'
          : 'eligible';
    const viaGroup = value.eligible?.memberType === 'Group' ? value.eligible.principalDisplayName ?? value.eligible.principalId : undefined;
    const pending = value.pending ?? provisioning?.request;
    result.push({
      id,
      roleName: source.roleName,
      scope: source.scope,
      state,
      ...(value.eligible ? { eligible: value.eligible } : {}),
      ...(value.active ? { active: value.active } : {}),
      ...(pending ? { pending } : {}),
      ...(revocation ? { revocation } : {}),
      ...(provisioning ? { activatingSince: provisioning.since } : {}),
      // A deactivating row counts down nothing: its end is the revocation, not the expiry (no countdown, no expiry event).
      ...(value.active?.endDateTime && !revocation ? { endsAt: value.active.endDateTime } : {}),
      ...(viaGroup ? { viaGroup } : {}),
    });
  }
  return result.sort(compareRows);
}

/** The row once its activation has ended (PIM no longer lists it): eligible again, nothing active or being revoked. */
export function endedRow(row: RoleRow): RoleRow {
  const { active: _active, endsAt: _endsAt, revocation: _revocation, ...rest } = row;
  return { ...rest, state: 'eligible' };
}

function compareRows(a: RoleRow, b: RoleRow): number {
  return a.roleName.localeCompare(b.roleName) || a.scope.displayName.localeCompare(b.scope.displayName);
}

export interface ScopeNode {
  readonly scope: ScopeInfo;
  readonly roles: RoleRow[];
  readonly children: ScopeNode[];
}

const SCOPE_ORDER: Record<ScopeInfo['type'], number> = { tenant: 0, managementGroup: 1, subscription: 2, resourceGroup: 3, resource: 4, directory: 5, group: 6 };

/**
 * Places each row under its scope: management groups and subscriptions at the top, resource groups
 * under their subscription, resources under their resource group. Missing parents are created
 * (named from `subscriptionNames` when known) so that nothing is lost.
 */
export function groupByScope(rows: readonly RoleRow[], subscriptionNames: ReadonlyMap<string, string> = new Map()): ScopeNode[] {
  const nodes = new Map<string, ScopeNode>();
  const roots: ScopeNode[] = [];
  const nodeFor = (scope: ScopeInfo): ScopeNode => {
    const key = scope.id.toLowerCase();
    const existing = nodes.get(key);
    if (existing) {
      return existing;
    }
    const node: ScopeNode = { scope, roles: [], children: [] };
    nodes.set(key, node);
    const parent = parentScope(scope, subscriptionNames);
    if (parent) {
      nodeFor(parent).children.push(node);
    } else {
      roots.push(node);
    }
    return node;
  };
  for (const row of rows) {
    nodeFor(row.scope).roles.push(row);
  }
  const sortTree = (list: ScopeNode[]): void => {
    list.sort((a, b) => SCOPE_ORDER[a.scope.type] - SCOPE_ORDER[b.scope.type] || a.scope.displayName.localeCompare(b.scope.displayName));
    for (const node of list) {
      sortTree(node.children);
    }
  };
  sortTree(roots);
  return roots;
}

function parentScope(scope: ScopeInfo, subscriptionNames: ReadonlyMap<string, string>): ScopeInfo | undefined {
  const parsed = parseArmScope(scope.id);
  if (!parsed?.subscriptionId || parsed.type === 'subscription') {
    return undefined;
  }
  if (parsed.type === 'resourceGroup') {
    const id = `/subscriptions/${parsed.subscriptionId}`;
    return { id, type: 'subscription', subscriptionId: parsed.subscriptionId, displayName: subscriptionNames.get(parsed.subscriptionId.toLowerCase()) ?? parsed.subscriptionId };
  }
  const id = `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup ?? ''}`;
  return { id, type: 'resourceGroup', subscriptionId: parsed.subscriptionId, displayName: parsed.resourceGroup ?? id };
}

/** Subscription display names also come from the rows themselves. */
export function subscriptionNamesFromRows(rows: readonly RoleRow[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const row of rows) {
    if (row.scope.type === 'subscription' && row.scope.subscriptionId) {
      names.set(row.scope.subscriptionId.toLowerCase(), row.scope.displayName);
    }
  }
  return names;
}

/** Which PIM surface a row belongs to: Azure resource roles, Entra roles, or PIM for Groups. */
export function rowKind(row: RoleRow): RoleKind {
  return (row.eligible ?? row.active ?? row.pending)?.key.kind ?? 'azure';
}

/**
 * For each group (lower-case id), the Azure roles its members are eligible for ("Owner on Contoso Prod"):
 * Azure eligibilities with memberType Group name the group as their principal. Lets a PIM group show what
 * activating its membership grants.
 */
export function azureRolesByGroup(rows: readonly RoleRow[]): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const row of rows) {
    const eligible = row.eligible;
    if (eligible?.key.kind !== 'azure' || eligible.memberType !== 'Group') {
      continue;
    }
    const groupId = eligible.principalId.toLowerCase();
    const list = grants.get(groupId) ?? [];
    list.push(`${row.roleName} on ${row.scope.displayName}`);
    grants.set(groupId, list);
  }
  return grants;
}
