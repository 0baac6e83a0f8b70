// Microsoft Graph v1.0 surface: PIM for Microsoft Entra roles and PIM for Groups.
import { graphPolicyRules, type EffectivePolicy } from './policy';
import { type GroupAccess } from './scenario';
import { ApiError, stableGuid, type ActiveAssignment, type PimRequest, type Target, type TenantState } from './state';
import { canonicalJson, parseScheduleInfo } from './arm';
import { groupApprovalId, handleGroupApprovals, isGroupApprovalsPath } from './groupApprovals';
import { asRecord, expands, iso, optionalString, pagedGraph, type ApiRequest, type ApiResponse, type HandlerContext } from './http';

const ROLE_READ_ELIGIBILITY = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
];
const ROLE_READ_ASSIGNMENT = [
  'RoleAssignmentSchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
];
const ROLE_WRITE_ASSIGNMENT = ['RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory'];
const GROUP_READ_ELIGIBILITY = ['PrivilegedEligibilitySchedule.Read.AzureADGroup', 'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.Read.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'];
const GROUP_READ_ASSIGNMENT = ['PrivilegedAssignmentSchedule.Read.AzureADGroup', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.Read.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'];
const GROUP_WRITE_ASSIGNMENT = ['PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'];
const POLICY_READ_DIRECTORY = ['RoleManagementPolicy.Read.Directory', 'RoleManagementPolicy.ReadWrite.Directory', 'RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory'];
const POLICY_READ_GROUP = ['RoleManagementPolicy.Read.AzureADGroup', 'RoleManagementPolicy.ReadWrite.AzureADGroup'];

const CURRENT_USER = /\/filterByCurrentUser\(on='principal'\)$/i;
const ROLE_BASE = '/v1.0/roleManagement/directory';
const GROUP_BASE = '/v1.0/identityGovernance/privilegedAccess/group';

export function handleGraph(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const path = req.path.replace(/\/+$/, '');
  const lower = path.toLowerCase();
  const get = req.method === 'GET';
  const post = req.method === 'POST';
  const isMe = (p: string, suffix: string): boolean => p.toLowerCase() === `${suffix.toLowerCase()}/filterbycurrentuser(on='principal')` && CURRENT_USER.test(p);

  if (get && lower === '/v1.0/me') {
    const u = ctx.caller.tenant.config.user;
    return ok(req, '$metadata#users/$entity', { id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, mail: u.userPrincipalName });
  }
  if (get && isMe(path, `${ROLE_BASE}/roleEligibilityScheduleInstances`)) {
    requireScope(ctx, ROLE_READ_ELIGIBILITY);
    return listEntraEligibilities(req, ctx);
  }
  if (get && isMe(path, `${ROLE_BASE}/roleAssignmentScheduleInstances`)) {
    requireScope(ctx, ROLE_READ_ASSIGNMENT);
    return listEntraAssignments(req, ctx);
  }
  if (get && isMe(path, `${ROLE_BASE}/roleAssignmentScheduleRequests`)) {
    requireScope(ctx, ROLE_READ_ASSIGNMENT);
    return listRequests(req, ctx, 'entra');
  }
  if (post && lower === `${ROLE_BASE}/roleAssignmentScheduleRequests`.toLowerCase()) {
    requireScope(ctx, ROLE_WRITE_ASSIGNMENT);
    return createEntraRequest(req, ctx);
  }
  if (get && isMe(path, `${GROUP_BASE}/eligibilityScheduleInstances`)) {
    requireScope(ctx, GROUP_READ_ELIGIBILITY);
    return listGroupEligibilities(req, ctx);
  }
  if (get && isMe(path, `${GROUP_BASE}/assignmentScheduleInstances`)) {
    requireScope(ctx, GROUP_READ_ASSIGNMENT);
    return listGroupAssignments(req, ctx);
  }
  if (get && isMe(path, `${GROUP_BASE}/assignmentScheduleRequests`)) {
    requireScope(ctx, GROUP_READ_ASSIGNMENT);
    return listRequests(req, ctx, 'group');
  }
  if (post && lower === `${GROUP_BASE}/assignmentScheduleRequests`.toLowerCase()) {
    requireScope(ctx, GROUP_WRITE_ASSIGNMENT);
    return createGroupRequest(req, ctx);
  }
  if (isGroupApprovalsPath(path)) {
    requireScope(ctx, req.method === 'PATCH' ? GROUP_WRITE_ASSIGNMENT : GROUP_READ_ASSIGNMENT);
    return handleGroupApprovals(req, ctx, (r) => graphRequest(r) as Record<string, unknown>, (groupId) => groupResource(ctx.caller.tenant, groupId));
  }
  const byId = /^\/v1\.0\/(roleManagement\/directory\/roleAssignmentScheduleRequests|identityGovernance\/privilegedAccess\/group\/assignmentScheduleRequests)\/([^/]+)(\/cancel)?$/i.exec(path);
  if (byId) {
    const surface = byId[1].toLowerCase().startsWith('rolemanagement') ? 'entra' : 'group';
    const write = surface === 'entra' ? ROLE_WRITE_ASSIGNMENT : GROUP_WRITE_ASSIGNMENT;
    const read = surface === 'entra' ? ROLE_READ_ASSIGNMENT : GROUP_READ_ASSIGNMENT;
    if (post && byId[3]) {
      requireScope(ctx, write);
      return cancelRequest(ctx, surface, byId[2]);
    }
    if (get && !byId[3]) {
      requireScope(ctx, read);
      return getRequest(req, ctx, surface, byId[2]);
    }
  }
  if (get && lower === '/v1.0/policies/rolemanagementpolicyassignments') {
    return listPolicyAssignments(req, ctx);
  }
  throw new ApiError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
}

function ok(req: ApiRequest, context: string, body: Record<string, unknown>, status = 200): ApiResponse {
  return { status, body: { '@odata.context': `${req.baseUrl}/v1.0/${context}`, ...body } };
}

function requireScope(ctx: HandlerContext, anyOf: readonly string[]): void {
  const granted = new Set((ctx.caller.claims.scp ?? '').split(' ').map((s) => s.toLowerCase()));
  if (!anyOf.some((scope) => granted.has(scope.toLowerCase()))) {
    throw new ApiError(403, 'PermissionScopeNotGranted', `Authorization failed due to missing permission scope ${anyOf.join(',')}.`);
  }
}

function callerIsUser(ctx: HandlerContext): boolean {
  return ctx.caller.claims.oid.toLowerCase() === ctx.caller.tenant.user.id.toLowerCase();
}

function entraRoleDefinition(tenant: TenantState, roleDefinitionId: string): unknown {
  const role = tenant.entraRoles.get(roleDefinitionId.toLowerCase());
  return {
    id: roleDefinitionId,
    displayName: role?.displayName ?? roleDefinitionId,
    description: role?.displayName ?? null,
    isBuiltIn: true,
    isEnabled: true,
    templateId: roleDefinitionId,
  };
}

function groupResource(tenant: TenantState, groupId: string): unknown {
  const group = tenant.groups.get(groupId.toLowerCase());
  return { id: groupId, displayName: group?.displayName ?? groupId, description: null, mailEnabled: false, securityEnabled: true };
}

function listEntraEligibilities(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const tenant = ctx.caller.tenant;
  const roles = callerIsUser(ctx) ? [...tenant.entraRoles.values()].filter((r) => r.eligible) : [];
  return pagedGraph(req, ctx, '$metadata#Collection(unifiedRoleEligibilityScheduleInstance)', roles, (r) => ({
    '@odata.type': '#microsoft.graph.unifiedRoleEligibilityScheduleInstance',
    id: stableGuid(`${tenant.id}:entra-eligibility:${r.roleDefinitionId}`),
    principalId: tenant.user.id,
    roleDefinitionId: r.roleDefinitionId,
    directoryScopeId: '/',
    appScopeId: null,
    startDateTime: iso(ctx.now - 30 * 24 * 3600 * 1000),
    endDateTime: null,
    memberType: 'Direct',
    roleEligibilityScheduleId: stableGuid(`${tenant.id}:entra-eligibility-schedule:${r.roleDefinitionId}`),
    ...(expands(req, 'roleDefinition') ? { roleDefinition: entraRoleDefinition(tenant, r.roleDefinitionId) } : {}),
  }));
}

function listEntraAssignments(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const tenant = ctx.caller.tenant;
  const items = callerIsUser(ctx) ? tenant.myAssignments('entra', ctx.now) : [];
  return pagedGraph(req, ctx, '$metadata#Collection(unifiedRoleAssignmentScheduleInstance)', items, ({ assignment: a }) => {
    const target = a.target as Extract<Target, { surface: 'entra' }>;
    return {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignmentScheduleInstance',
      id: a.name,
      principalId: a.principal.id,
      roleDefinitionId: target.roleDefinitionId,
      directoryScopeId: target.directoryScopeId,
      appScopeId: null,
      startDateTime: iso(a.start),
      endDateTime: iso(a.end),
      assignmentType: a.assignmentType,
      memberType: a.memberType,
      roleAssignmentOriginId: a.originName,
      roleAssignmentScheduleId: a.scheduleName,
      ...(expands(req, 'roleDefinition') ? { roleDefinition: entraRoleDefinition(tenant, target.roleDefinitionId) } : {}),
    };
  });
}

function listGroupEligibilities(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const tenant = ctx.caller.tenant;
  const items = callerIsUser(ctx)
    ? [...tenant.groups.values()].flatMap((g) => (g.eligible ?? []).map((accessId) => ({ group: g, accessId })))
    : [];
  return pagedGraph(req, ctx, '$metadata#Collection(privilegedAccessGroupEligibilityScheduleInstance)', items, ({ group, accessId }) => ({
    '@odata.type': '#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance',
    id: stableGuid(`${tenant.id}:group-eligibility:${group.id}:${accessId}`),
    startDateTime: iso(ctx.now - 30 * 24 * 3600 * 1000),
    endDateTime: null,
    memberType: 'Direct',
    principalId: tenant.user.id,
    accessId,
    groupId: group.id,
    eligibilityScheduleId: stableGuid(`${tenant.id}:group-eligibility-schedule:${group.id}:${accessId}`),
    ...(expands(req, 'group') ? { group: groupResource(tenant, group.id) } : {}),
  }));
}

function listGroupAssignments(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const tenant = ctx.caller.tenant;
  const rows: { groupId: string; accessId: GroupAccess; assignment?: ActiveAssignment }[] = [];
  if (callerIsUser(ctx)) {
    for (const g of tenant.groups.values()) {
      if ((g.members ?? []).some((m) => m.toLowerCase() === tenant.user.id.toLowerCase())) {
        rows.push({ groupId: g.id, accessId: 'member' });
      }
    }
    for (const { assignment } of tenant.myAssignments('group', ctx.now)) {
      const target = assignment.target as Extract<Target, { surface: 'group' }>;
      rows.push({ groupId: target.groupId, accessId: target.accessId, assignment });
    }
  }
  return pagedGraph(req, ctx, '$metadata#Collection(privilegedAccessGroupAssignmentScheduleInstance)', rows, (row) => {
    const id = row.assignment?.name ?? stableGuid(`${tenant.id}:group-member:${row.groupId}`);
    return {
      '@odata.type': '#microsoft.graph.privilegedAccessGroupAssignmentScheduleInstance',
      id,
      startDateTime: row.assignment ? iso(row.assignment.start) : null,
      endDateTime: row.assignment ? iso(row.assignment.end) : null,
      accessId: row.accessId,
      principalId: tenant.user.id,
      groupId: row.groupId,
      memberType: 'Direct',
      assignmentType: row.assignment?.assignmentType ?? 'Assigned',
      assignmentScheduleId: row.assignment?.scheduleName ?? id,
      ...(expands(req, 'group') ? { group: groupResource(tenant, row.groupId) } : {}),
    };
  });
}

function graphAction(value: string | null): 'SelfActivate' | 'SelfDeactivate' | undefined {
  switch (value?.toLowerCase()) {
    case 'selfactivate':
      return 'SelfActivate';
    case 'selfdeactivate':
      return 'SelfDeactivate';
    default:
      return undefined;
  }
}

function createRequest(ctx: HandlerContext, target: Target, body: Record<string, unknown>): PimRequest {
  const action = graphAction(optionalString(body.action));
  if (!action) {
    throw new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  const principalId = optionalString(body.principalId);
  if (!principalId) {
    throw new ApiError(400, 'BadRequest', 'The request body is missing the required property principalId.');
  }
  const ticket = asRecord(body.ticketInfo);
  const claims = ctx.caller.claims;
  return ctx.caller.tenant.submitSelfRequest(
    { tenantId: ctx.caller.tenant.id, oid: claims.oid, amr: claims.amr ?? [], acrs: claims.acrs ?? [] },
    {
      target,
      principalId,
      requestType: action,
      justification: optionalString(body.justification),
      ticketNumber: optionalString(ticket.ticketNumber),
      ticketSystem: optionalString(ticket.ticketSystem),
      scheduleInfo: parseScheduleInfo(body.scheduleInfo),
      linkedEligibilityScheduleId: null,
      roleDefinitionIdAsSent: null,
      bodyKey: canonicalJson(body),
    },
  ).request;
}

function createEntraRequest(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const body = asRecord(req.body);
  const roleDefinitionId = optionalString(body.roleDefinitionId);
  if (!roleDefinitionId) {
    throw new ApiError(400, 'BadRequest', 'The request body is missing the required property roleDefinitionId.');
  }
  const request = createRequest(ctx, { surface: 'entra', roleDefinitionId, directoryScopeId: optionalString(body.directoryScopeId) ?? '/' }, body);
  return ok(req, '$metadata#roleManagement/directory/roleAssignmentScheduleRequests/$entity', graphRequest(request) as Record<string, unknown>, 201);
}

function createGroupRequest(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const body = asRecord(req.body);
  const groupId = optionalString(body.groupId);
  const accessId = optionalString(body.accessId)?.toLowerCase();
  if (!groupId || (accessId !== 'member' && accessId !== 'owner')) {
    throw new ApiError(400, 'BadRequest', 'The request body needs groupId and accessId ("member" or "owner").');
  }
  const request = createRequest(ctx, { surface: 'group', groupId, accessId }, body);
  return ok(req, '$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity', graphRequest(request) as Record<string, unknown>, 201);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function graphRequest(r: PimRequest): unknown {
  const common = {
    id: r.name,
    status: r.status,
    createdDateTime: iso(r.createdOn),
    completedDateTime: iso(r.completedOn),
    approvalId: r.target.surface === 'group' ? groupApprovalId(r) : r.approvalId === null ? null : r.approvalId.split('/').pop(),
    customData: null,
    action: lowerFirst(r.requestType),
    principalId: r.principalId,
    isValidationOnly: false,
    justification: r.justification,
    createdBy: { application: null, device: null, user: { displayName: null, id: r.requestorId } },
    scheduleInfo: {
      startDateTime: iso(r.startAt),
      recurrence: null,
      expiration: { ...r.scheduleInfo.expiration, type: lowerFirst(r.scheduleInfo.expiration.type) },
    },
    ticketInfo: r.ticketInfo,
  };
  if (r.target.surface === 'entra') {
    return {
      ...common,
      roleDefinitionId: r.target.roleDefinitionId,
      directoryScopeId: r.target.directoryScopeId,
      appScopeId: null,
      targetScheduleId: r.targetScheduleName,
    };
  }
  if (r.target.surface === 'group') {
    return {
      ...common,
      accessId: r.target.accessId,
      groupId: r.target.groupId,
      targetScheduleId: `${r.target.groupId}_${r.target.accessId}_${r.targetScheduleName}`,
    };
  }
  throw new Error('not a Graph request');
}

function listRequests(req: ApiRequest, ctx: HandlerContext, surface: 'entra' | 'group'): ApiResponse {
  const oid = ctx.caller.claims.oid.toLowerCase();
  const items = ctx.caller.tenant.requests.filter((r) => r.target.surface === surface && r.principalId.toLowerCase() === oid);
  const context =
    surface === 'entra'
      ? '$metadata#Collection(unifiedRoleAssignmentScheduleRequest)'
      : '$metadata#Collection(privilegedAccessGroupAssignmentScheduleRequest)';
  return pagedGraph(req, ctx, context, items, graphRequest);
}

function findRequest(ctx: HandlerContext, surface: 'entra' | 'group', id: string): PimRequest {
  const request = ctx.caller.tenant.requests.find((r) => r.target.surface === surface && r.name.toLowerCase() === id.toLowerCase());
  if (!request || request.requestorId.toLowerCase() !== ctx.caller.claims.oid.toLowerCase()) {
    throw new ApiError(404, 'NotFound', `No request with id '${id}' was found.`);
  }
  return request;
}

function getRequest(req: ApiRequest, ctx: HandlerContext, surface: 'entra' | 'group', id: string): ApiResponse {
  const context =
    surface === 'entra'
      ? '$metadata#roleManagement/directory/roleAssignmentScheduleRequests/$entity'
      : '$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity';
  return ok(req, context, graphRequest(findRequest(ctx, surface, id)) as Record<string, unknown>);
}

function cancelRequest(ctx: HandlerContext, surface: 'entra' | 'group', id: string): ApiResponse {
  ctx.caller.tenant.cancel(findRequest(ctx, surface, id), ctx.now);
  return { status: 204 };
}

function filterValue(filter: string, field: string): string | undefined {
  return new RegExp(`${field}\\s+eq\\s+'([^']*)'`, 'i').exec(filter)?.[1];
}

function listPolicyAssignments(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const tenant = ctx.caller.tenant;
  const filter = req.query.get('$filter') ?? '';
  const scopeId = filterValue(filter, 'scopeId');
  const scopeType = filterValue(filter, 'scopeType');
  const roleFilter = filterValue(filter, 'roleDefinitionId');
  if (!scopeId || !scopeType) {
    throw new ApiError(400, 'BadRequest', "The $filter must name scopeId and scopeType, e.g. scopeId eq '/' and scopeType eq 'DirectoryRole'.");
  }
  const rows: { policyId: string; assignmentId: string; roleDefinitionId: string; policy: EffectivePolicy }[] = [];
  if (scopeType === 'DirectoryRole' || scopeType === 'Directory') {
    requireScope(ctx, POLICY_READ_DIRECTORY);
    for (const role of tenant.entraRoles.values()) {
      if (!roleFilter || roleFilter.toLowerCase() === role.roleDefinitionId.toLowerCase()) {
        const policyId = `${scopeType}_${tenant.id}_${stableGuid(`${tenant.id}:entra-policy:${role.roleDefinitionId}`)}`;
        rows.push({ policyId, assignmentId: `${policyId}_${role.roleDefinitionId}`, roleDefinitionId: role.roleDefinitionId, policy: tenant.policy(role.policy) });
      }
    }
  } else if (scopeType === 'Group') {
    requireScope(ctx, POLICY_READ_GROUP);
    const group = tenant.groups.get(scopeId.toLowerCase());
    for (const accessId of group ? (['member', 'owner'] as const) : []) {
      if (!roleFilter || roleFilter.toLowerCase() === accessId) {
        const policyId = `Group_${group?.id ?? scopeId}_${stableGuid(`${tenant.id}:group-policy:${scopeId}:${accessId}`)}`;
        rows.push({ policyId, assignmentId: `${policyId}_${accessId}`, roleDefinitionId: accessId, policy: tenant.policy(group?.policy) });
      }
    }
  } else {
    throw new ApiError(400, 'BadRequest', `Unsupported scopeType '${scopeType}'.`);
  }
  if (rows.some((r) => r.policy.readForbidden)) {
    throw new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  const expandRules = /policy\s*\(\s*\$expand\s*=\s*rules\s*\)/i.test(req.query.get('$expand') ?? '');
  const expandPolicy = expandRules || expands(req, 'policy');
  const context = expandRules ? '$metadata#policies/roleManagementPolicyAssignments(policy(rules()))' : '$metadata#policies/roleManagementPolicyAssignments';
  return pagedGraph(req, ctx, context, rows, (row) => ({
    id: row.assignmentId,
    policyId: row.policyId,
    scopeId,
    scopeType,
    roleDefinitionId: row.roleDefinitionId,
    ...(expandPolicy
      ? {
          policy: {
            id: row.policyId,
            displayName: scopeType,
            description: scopeType,
            isOrganizationDefault: false,
            scopeId,
            scopeType,
            lastModifiedDateTime: null,
            lastModifiedBy: { displayName: null, id: null },
            ...(expandRules ? { rules: graphPolicyRules(row.policy) } : {}),
          },
        }
      : {}),
  }));
}
