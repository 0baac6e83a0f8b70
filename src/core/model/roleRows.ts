// Joins eligibilities, active assignments and pending requests into one row per role and scope,
// and groups the rows under their scope hierarchy for the tree. Pure: tested in plain mocha.
import { parseArmScope } from '../api/armMapping';
import { roleKeyString, type ActiveRole, type EligibleRole, type RoleKind, type RoleRequest, type ScopeInfo, type TenantRoles } from './model';

export type RoleState = 'eligible' | 'active' | 'assigned' | 'pendingApproval' | 'scheduled';

export interface RoleRow {
  readonly id: string;
  readonly roleName: string;
  readonly scope: ScopeInfo;
  readonly state: RoleState;
  readonly eligible?: EligibleRole;
  readonly active?: ActiveRole;
  readonly pending?: RoleRequest;
  /** End of the activation or assignment; undefined = no end. */
  readonly endsAt?: Date;
  /** Set when the eligibility comes through a group (memberType Group): the group's name. */
  readonly viaGroup?: string;
}

const PENDING_APPROVAL = new Set(['PendingApproval', 'PendingApprovalProvisioning', 'PendingAdminDecision', 'PendingEvaluation']);
const SCHEDULED = new Set(['Granted', 'ScheduleCreated', 'PendingScheduleCreation', 'PendingProvisioning', 'Accepted']);

/** A request that still waits for something (approval or its start time). */
export function isOpenActivationRequest(request: RoleRequest, now: Date): boolean {
  if (request.requestType !== 'SelfActivate') {
    return false;
  }
  if (PENDING_APPROVAL.has(request.status)) {
    return true;
  }
  return SCHEDULED.has(request.status) && request.startDateTime !== undefined && request.startDateTime.getTime() > now.getTime();
}

export function buildRoleRows(roles: TenantRoles, now: Date): RoleRow[] {
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
    const state: RoleState = value.active
      ? value.active.assignmentType === 'Activated'
        ? 'active'
        : 'assigned'
      : value.pending
        ? PENDING_APPROVAL.has(value.pending.status)
          ? 'pendingApproval'
          : 'scheduled'
        : 'eligible';
    const viaGroup = value.eligible?.memberType === 'Group' ? value.eligible.principalDisplayName ?? value.eligible.principalId : undefined;
    result.push({
      id,
      roleName: source.roleName,
      scope: source.scope,
      state,
      ...(value.eligible ? { eligible: value.eligible } : {}),
      ...(value.active ? { active: value.active } : {}),
      ...(value.pending ? { pending: value.pending } : {}),
      ...(value.active?.endDateTime ? { endsAt: value.active.endDateTime } : {}),
      ...(viaGroup ? { viaGroup } : {}),
    });
  }
  return result.sort(compareRows);
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
