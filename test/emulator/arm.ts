// Azure Resource Manager surface: tenants, subscriptions and the Microsoft.Authorization PIM APIs (2020-10-01).
import { armPolicyRules, type EffectivePolicy } from './policy';
import { isGuid } from './scenario';
import { authorizationId, authorizationType, normalizeScope, usesSubscriptionProviderForm, withSubscriptionProvider } from './scopes';
import {
  ApiError,
  stableGuid,
  type ActiveAssignment,
  type Eligibility,
  type PimRequest,
  type ScheduleInfo,
  type TenantState,
} from './state';
import { asRecord, iso, optionalString, paginate, type ApiRequest, type ApiResponse, type HandlerContext } from './http';
import { handleApprovals, isApprovalsPath } from './approvals';
import { getRoleDefinitions, permissionsOf } from './roleDefinitions';
import { handleGenericResource, isGenericResourcePath } from './resources';

const PIM_API_VERSION = '2020-10-01';
/** Microsoft.Authorization/permissions (Permissions - List For Resource Group / List For Resource). */
const PERMISSIONS_API_VERSION = '2022-04-01';
const AUTH_PREFIX = '/providers/Microsoft.Authorization';
const AUTHORIZATION_ROUTE =
  /^\/providers\/Microsoft\.Authorization\/(roleEligibilityScheduleInstances|roleAssignmentScheduleInstances|roleAssignmentScheduleRequests|roleManagementPolicyAssignments|roleManagementPolicies|eligibleChildResources|permissions|roleDefinitions)(?:\/([^/]+))?(?:\/(cancel|validate))?$/i;

export function handleArm(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const path = req.path.replace(/\/+$/, '') || '/';
  if (/^\/tenants$/i.test(path) && req.method === 'GET') {
    requireAnyApiVersion(req);
    return listTenants(ctx);
  }
  if (/^\/subscriptions$/i.test(path) && req.method === 'GET') {
    requireAnyApiVersion(req);
    return listSubscriptions(ctx);
  }
  if (isApprovalsPath(path)) {
    return handleApprovals({ ...req, path }, ctx, (scope) => checkScope(scope, ctx));
  }
  if (isGenericResourcePath(path)) {
    const subscription = `/subscriptions/${path.split('/')[2] ?? ''}`;
    return handleGenericResource(req, ctx, checkScope(subscription, ctx), path, (action, scope) => authorizationFailed(ctx, action, scope));
  }
  const route = lastAuthorizationRoute(path);
  if (!route) {
    throw new ApiError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.baseUrl}${req.rawUrl}'.`);
  }
  if (route.collection.toLowerCase() === 'permissions' && !route.name && req.method === 'GET') {
    return listPermissions(req, ctx, route.scope);
  }
  if (route.collection.toLowerCase() === 'roledefinitions' && req.method === 'GET') {
    const scope = tenantWideOr(normalizeScope(route.scope));
    return getRoleDefinitions(req, ctx, checkScope(scope, ctx), scope, route.name);
  }
  requirePimApiVersion(req);
  const scope = tenantWideOr(normalizeScope(route.scope));
  const tenant = checkScope(scope, ctx);
  const collection = route.collection.toLowerCase();
  const key = `${req.method} ${collection}${route.name ? '/name' : ''}${route.action ? `/${route.action.toLowerCase()}` : ''}`;
  switch (key) {
    case 'GET roleeligibilityscheduleinstances':
      return listEligibilityInstances(req, ctx, tenant, scope);
    case 'GET roleassignmentscheduleinstances':
      return listAssignmentInstances(req, ctx, tenant, scope);
    case 'GET roleassignmentschedulerequests':
      return listRequests(req, ctx, tenant, scope);
    case 'GET roleassignmentschedulerequests/name':
      return getRequest(ctx, tenant, route.name ?? '');
    case 'PUT roleassignmentschedulerequests/name':
      return putRequest(req, ctx, tenant, scope, route.name ?? '', true);
    case 'POST roleassignmentschedulerequests/name/validate':
      return putRequest(req, ctx, tenant, scope, route.name ?? '', false);
    case 'POST roleassignmentschedulerequests/name/cancel':
      return cancelRequest(ctx, tenant, route.name ?? '');
    case 'GET rolemanagementpolicyassignments':
      return listPolicyAssignments(req, ctx, tenant, scope);
    case 'GET rolemanagementpolicies/name':
      return getPolicy(tenant, scope, route.name ?? '');
    case 'GET eligiblechildresources':
      return listEligibleChildResources(req, ctx, tenant, scope, usesSubscriptionProviderForm(route.scope));
    default:
      throw new ApiError(
        405,
        'MethodNotAllowed',
        `The requested resource does not support http method '${req.method}'.`,
      );
  }
}

/** The tenant root ("/", also sent as "" or "//") is the tenant-wide scope "". */
function tenantWideOr(scope: string): string {
  return scope === '/' ? '' : scope;
}

function lastAuthorizationRoute(path: string): { scope: string; collection: string; name?: string; action?: string } | undefined {
  // The scope can itself contain "/providers/" (resource ids), so anchor on the last Microsoft.Authorization segment.
  const index = path.toLowerCase().lastIndexOf(AUTH_PREFIX.toLowerCase());
  if (index < 0) {
    return undefined;
  }
  const m = AUTHORIZATION_ROUTE.exec(path.slice(index));
  if (!m) {
    if (/^\/providers\/Microsoft\.Authorization\/[^/]+/i.test(path.slice(index))) {
      const type = path.slice(index + AUTH_PREFIX.length + 1).split('/')[0];
      throw new ApiError(
        400,
        'InvalidResourceType',
        `The resource type '${type}' could not be found in the namespace 'Microsoft.Authorization' for api version '${PIM_API_VERSION}'.`,
      );
    }
    return undefined;
  }
  return { scope: path.slice(0, index), collection: m[1], name: m[2], action: m[3] };
}

function requireAnyApiVersion(req: ApiRequest): void {
  if (!req.query.get('api-version')) {
    throw new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
}

function requirePimApiVersion(req: ApiRequest): void {
  requireAnyApiVersion(req);
  const version = req.query.get('api-version');
  if (version !== PIM_API_VERSION) {
    throw new ApiError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${PIM_API_VERSION}'.`,
    );
  }
}

/** The tenant a scope belongs to; a scope of another tenant is a token/tenant mismatch as in ARM. */
function checkScope(scope: string, ctx: HandlerContext): TenantState {
  const own = ctx.caller.tenant;
  if (scope === '') {
    return own;
  }
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope);
  if (sub) {
    const owner = ctx.world.tenantOfSubscription(sub[1]);
    if (!owner) {
      throw new ApiError(404, 'SubscriptionNotFound', `The subscription '${sub[1]}' could not be found.`);
    }
    if (owner !== own) {
      throw wrongTenant(ctx.caller.claims.tid, owner.id);
    }
    return own;
  }
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
  if (mg) {
    const owner = ctx.world.tenants.find((t) => t.managementGroups.has(mg[1].toLowerCase()));
    if (owner && owner !== own) {
      throw wrongTenant(ctx.caller.claims.tid, owner.id);
    }
    if (!owner) {
      throw authorizationFailed(ctx, 'Microsoft.Authorization/roleEligibilityScheduleInstances/read', scope);
    }
    return own;
  }
  throw new ApiError(400, 'InvalidScope', `The scope '${scope}' is not valid.`);
}

export function wrongTenant(tokenTenant: string, expected: string): ApiError {
  return new ApiError(
    401,
    'InvalidAuthenticationTokenTenant',
    `The access token is from the wrong issuer 'https://sts.windows.net/${tokenTenant}/'. It must match the tenant 'https://sts.windows.net/${expected}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${expected}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    { 'WWW-Authenticate': `Bearer authorization_uri="https://login.windows.net/${expected}", error="invalid_token", error_description="The access token is from the wrong issuer."` },
  );
}

function authorizationFailed(ctx: HandlerContext, action: string, scope: string): ApiError {
  const oid = ctx.caller.claims.oid;
  return new ApiError(
    403,
    'AuthorizationFailed',
    `The client '${ctx.caller.claims.upn}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope || '/'}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

function isCallerTheUser(ctx: HandlerContext, tenant: TenantState): boolean {
  return ctx.caller.claims.oid.toLowerCase() === tenant.user.id.toLowerCase();
}

function hasFilter(req: ApiRequest, fn: string): boolean {
  return (req.query.get('$filter') ?? '').replace(/\s+/g, '').toLowerCase().includes(`${fn.toLowerCase()}()`);
}

function listTenants(ctx: HandlerContext): ApiResponse {
  return {
    status: 200,
    body: {
      value: ctx.world.tenants.map((t) => ({
        id: `/tenants/${t.id}`,
        tenantId: t.id,
        countryCode: 'US',
        displayName: t.config.displayName,
        domains: [t.config.defaultDomain],
        defaultDomain: t.config.defaultDomain,
        tenantCategory: 'Home',
        tenantType: 'AAD',
      })),
    },
  };
}

function listSubscriptions(ctx: HandlerContext): ApiResponse {
  const tenant = ctx.caller.tenant;
  const value = [...tenant.subscriptions.values()].map((s) => ({
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: tenant.id,
    displayName: s.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  }));
  return { status: 200, body: { value, count: { type: 'Total', value: value.length } } };
}

function roleDefinitionId(scope: string, roleGuid: string): string {
  const sub = /^\/subscriptions\/[^/]+/i.exec(scope);
  return `${sub ? sub[0] : ''}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

function expandedProperties(tenant: TenantState, scope: string, roleGuid: string, principal: { id: string; displayName: string; email: string | null; type: string }): unknown {
  return {
    scope: tenant.scopeInfo(scope),
    roleDefinition: { id: roleDefinitionId(scope, roleGuid), displayName: tenant.roleName(roleGuid), type: 'BuiltInRole' },
    principal: { id: principal.id, displayName: principal.displayName, email: principal.email, type: principal.type },
  };
}

function pagedArm<T>(req: ApiRequest, ctx: HandlerContext, items: T[], map: (item: T) => unknown): ApiResponse {
  const { page, nextLink } = paginate(items, req, ctx.world.pageSize, '$skipToken');
  return { status: 200, body: nextLink ? { value: page.map(map), nextLink } : { value: page.map(map) } };
}

function checkAsTarget(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string, action: string): void {
  if (!hasFilter(req, 'asTarget')) {
    throw authorizationFailed(ctx, action, scope);
  }
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope);
  if (sub && tenant.subscriptions.get(sub[1].toLowerCase())?.forbidden) {
    throw authorizationFailed(ctx, action, scope);
  }
}

function listEligibilityInstances(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string): ApiResponse {
  checkAsTarget(req, ctx, tenant, scope, 'Microsoft.Authorization/roleEligibilityScheduleInstances/read');
  const items = isCallerTheUser(ctx, tenant) ? tenant.myEligibilities(ctx.now, scope || undefined) : [];
  return pagedArm(req, ctx, items, ({ eligibility, memberType }) => eligibilityInstance(tenant, eligibility, memberType));
}

export function eligibilityInstance(tenant: TenantState, e: Eligibility, memberType: string): unknown {
  return {
    properties: {
      scope: e.scope,
      roleDefinitionId: roleDefinitionId(e.scope, e.roleGuid),
      principalId: e.principal.id,
      principalType: e.principal.type,
      status: 'Provisioned',
      roleEligibilityScheduleId: eligibilityScheduleId(e),
      startDateTime: iso(e.start),
      endDateTime: iso(e.end),
      memberType,
      createdOn: iso(e.createdOn),
      condition: e.condition,
      conditionVersion: e.conditionVersion,
      expandedProperties: expandedProperties(tenant, e.scope, e.roleGuid, e.principal),
    },
    name: e.name,
    id: authorizationId(e.scope, e.prefixedIds, 'roleEligibilityScheduleInstances', e.name),
    type: authorizationType(e.prefixedIds, 'roleEligibilityScheduleInstances'),
  };
}

function eligibilityScheduleId(e: Eligibility): string {
  return authorizationId(e.scope, e.prefixedIds, 'roleEligibilitySchedules', e.scheduleName);
}

/**
 * An assignment's or request's link to its eligibility schedule: the bare GUID of the published examples, or
 * with realisticIds the full schedule id, as recorded traffic has it.
 */
function linkedScheduleId(ctx: HandlerContext, eligibility: Eligibility | undefined): string | null {
  if (!eligibility) {
    return null;
  }
  return ctx.world.realisticIds ? eligibilityScheduleId(eligibility) : eligibility.scheduleName;
}

function listAssignmentInstances(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string): ApiResponse {
  checkAsTarget(req, ctx, tenant, scope, 'Microsoft.Authorization/roleAssignmentScheduleInstances/read');
  const items = isCallerTheUser(ctx, tenant) ? tenant.myAssignments('arm', ctx.now, scope || undefined) : [];
  return pagedArm(req, ctx, items, ({ assignment, memberType }) => assignmentInstance(ctx, tenant, assignment, memberType));
}

function assignmentInstance(ctx: HandlerContext, tenant: TenantState, a: ActiveAssignment, memberType: string): unknown {
  if (a.target.surface !== 'arm') {
    throw new Error('not an ARM assignment');
  }
  const scope = a.target.scope;
  return {
    properties: {
      originRoleAssignmentId: `${scope}/providers/Microsoft.Authorization/roleAssignments/${a.originName}`,
      linkedRoleEligibilityScheduleId: linkedScheduleId(ctx, a.linkedEligibility),
      linkedRoleEligibilityScheduleInstanceId: a.linkedEligibility?.name ?? null,
      assignmentType: a.assignmentType,
      scope,
      roleDefinitionId: roleDefinitionId(scope, a.target.roleGuid),
      principalId: a.principal.id,
      principalType: a.principal.type,
      status: 'Provisioned',
      roleAssignmentScheduleId: authorizationId(scope, a.prefixedIds, 'roleAssignmentSchedules', a.scheduleName),
      startDateTime: iso(a.start),
      endDateTime: iso(a.end),
      memberType,
      createdOn: iso(a.createdOn),
      condition: a.condition,
      conditionVersion: a.conditionVersion,
      expandedProperties: expandedProperties(tenant, scope, a.target.roleGuid, a.principal),
    },
    name: a.name,
    id: authorizationId(scope, a.prefixedIds, 'roleAssignmentScheduleInstances', a.name),
    type: authorizationType(a.prefixedIds, 'roleAssignmentScheduleInstances'),
  };
}

function requestResource(ctx: HandlerContext, tenant: TenantState, r: PimRequest): unknown {
  if (r.target.surface !== 'arm') {
    throw new Error('not an ARM request');
  }
  const scope = r.target.scope;
  const realistic = ctx.world.realisticIds;
  return {
    properties: {
      // The published example has the bare GUID; recorded traffic the full schedule id.
      targetRoleAssignmentScheduleId: realistic ? authorizationId(scope, r.prefixedIds, 'roleAssignmentSchedules', r.targetScheduleName) : r.targetScheduleName,
      targetRoleAssignmentScheduleInstanceId: r.targetInstanceName,
      scope,
      roleDefinitionId: r.roleDefinitionIdAsSent ?? roleDefinitionId(scope, r.target.roleGuid),
      principalId: r.principalId,
      principalType: 'User',
      requestType: r.requestType,
      status: r.status,
      approvalId: r.approvalId,
      scheduleInfo: {
        startDateTime: iso(r.startAt),
        expiration: r.scheduleInfo.expiration,
      },
      linkedRoleEligibilityScheduleId: realistic && r.linkedEligibilityScheduleId ? linkedScheduleId(ctx, r.linkedEligibility) : r.linkedEligibilityScheduleId,
      ticketInfo: r.ticketInfo,
      justification: r.justification,
      requestorId: r.requestorId,
      createdOn: iso(r.createdOn),
      condition: r.condition,
      conditionVersion: r.conditionVersion,
      expandedProperties: expandedProperties(tenant, scope, r.target.roleGuid, tenant.user),
    },
    name: r.name,
    id: authorizationId(scope, r.prefixedIds, 'roleAssignmentScheduleRequests', r.name),
    type: authorizationType(r.prefixedIds, 'roleAssignmentScheduleRequests'),
  };
}

function armRequests(tenant: TenantState, scope: string): PimRequest[] {
  return tenant.requests.filter((r) => r.target.surface === 'arm' && (scope === '' || tenant.isWithin(r.target.scope, scope)));
}

function listRequests(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string): ApiResponse {
  const oid = ctx.caller.claims.oid.toLowerCase();
  let items: PimRequest[];
  if (hasFilter(req, 'asRequestor')) {
    items = armRequests(tenant, scope).filter((r) => r.requestorId.toLowerCase() === oid);
  } else if (hasFilter(req, 'asApprover')) {
    items = armRequests(tenant, scope).filter((r) => r.approverIds.some((id) => id.toLowerCase() === oid));
  } else if (hasFilter(req, 'asTarget')) {
    items = armRequests(tenant, scope).filter((r) => r.principalId.toLowerCase() === oid);
  } else {
    throw authorizationFailed(ctx, 'Microsoft.Authorization/roleAssignmentScheduleRequests/read', scope);
  }
  return pagedArm(req, ctx, items, (r) => requestResource(ctx, tenant, r));
}

function findArmRequest(tenant: TenantState, name: string): PimRequest {
  const request = tenant.requests.find((r) => r.target.surface === 'arm' && r.name.toLowerCase() === name.toLowerCase());
  if (!request) {
    throw new ApiError(404, 'RoleAssignmentScheduleRequestNotFound', `The role assignment schedule request '${name}' could not be found.`);
  }
  return request;
}

function getRequest(ctx: HandlerContext, tenant: TenantState, name: string): ApiResponse {
  const request = findArmRequest(tenant, name);
  if (request.requestorId.toLowerCase() !== ctx.caller.claims.oid.toLowerCase() && !request.approverIds.includes(ctx.caller.claims.oid)) {
    throw authorizationFailed(ctx, 'Microsoft.Authorization/roleAssignmentScheduleRequests/read', '/');
  }
  return { status: 200, body: requestResource(ctx, tenant, request) };
}

function cancelRequest(ctx: HandlerContext, tenant: TenantState, name: string): ApiResponse {
  const request = findArmRequest(tenant, name);
  if (request.requestorId.toLowerCase() !== ctx.caller.claims.oid.toLowerCase()) {
    throw authorizationFailed(ctx, 'Microsoft.Authorization/roleAssignmentScheduleRequests/cancel/action', '/');
  }
  tenant.cancel(request, ctx.now);
  return { status: 200 };
}

/**
 * PUT (commit) and POST .../validate (no commit): the same checks; validate answers 200 with what the request
 * would be and stores nothing. The spec declares 201 for the PUT; 200 for a replay is the "idempotent" mode.
 */
function putRequest(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string, name: string, commit: boolean): ApiResponse {
  if (!isGuid(name)) {
    throw new ApiError(
      400,
      'InvalidRoleAssignmentScheduleRequestName',
      `The role assignment schedule request name '${name}' is not valid. It must be a GUID.`,
    );
  }
  if (scope === '') {
    throw new ApiError(400, 'InvalidScope', 'A role assignment schedule request needs a scope.');
  }
  const properties = asRecord(asRecord(req.body).properties);
  const requestType = optionalString(properties.requestType);
  const principalId = optionalString(properties.principalId);
  const roleDefinition = optionalString(properties.roleDefinitionId);
  if (!requestType || !principalId || !roleDefinition) {
    throw new ApiError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: properties.principalId, properties.roleDefinitionId and properties.requestType are required.',
    );
  }
  if (requestType !== 'SelfActivate' && requestType !== 'SelfDeactivate') {
    throw authorizationFailed(ctx, 'Microsoft.Authorization/roleAssignmentScheduleRequests/write', scope);
  }
  const roleGuid = roleDefinition.split('/').pop()?.toLowerCase() ?? '';
  const ticket = asRecord(properties.ticketInfo);
  const { request, created } = tenant.submitSelfRequest(
    { tenantId: tenant.id, oid: ctx.caller.claims.oid, amr: ctx.caller.claims.amr ?? [], acrs: ctx.caller.claims.acrs ?? [] },
    {
      requestName: name,
      target: { surface: 'arm', scope, roleGuid },
      principalId,
      requestType,
      justification: optionalString(properties.justification),
      ticketNumber: optionalString(ticket.ticketNumber),
      ticketSystem: optionalString(ticket.ticketSystem),
      scheduleInfo: parseScheduleInfo(properties.scheduleInfo),
      linkedEligibilityScheduleId: optionalString(properties.linkedRoleEligibilityScheduleId),
      roleDefinitionIdAsSent: roleDefinition,
      bodyKey: canonicalJson({ scope: scope.toLowerCase(), properties }),
      condition: optionalString(properties.condition),
      conditionVersion: optionalString(properties.conditionVersion),
    },
    commit,
  );
  return { status: commit && created ? 201 : 200, body: requestResource(ctx, tenant, request) };
}

export function parseScheduleInfo(value: unknown): ScheduleInfo | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const schedule = asRecord(value);
  const expiration = asRecord(schedule.expiration);
  return {
    startDateTime: optionalString(schedule.startDateTime),
    expiration: {
      type: optionalString(expiration.type) ?? 'AfterDuration',
      endDateTime: optionalString(expiration.endDateTime),
      duration: optionalString(expiration.duration),
    },
  };
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined && record[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function policyName(tenant: TenantState, scope: string, roleGuid: string): string {
  return stableGuid(`policy:${tenant.id}:${scope.toLowerCase()}:${roleGuid}`);
}

/** Policy and policy assignment ids start with the scope, in the recorded form where realisticIds says so. */
function policyScopeInIds(tenant: TenantState, scope: string): string {
  return tenant.prefixedIdsAt(scope) ? withSubscriptionProvider(scope) : scope;
}

function policyId(tenant: TenantState, scope: string, roleGuid: string): string {
  return `${policyScopeInIds(tenant, scope)}/providers/Microsoft.Authorization/roleManagementPolicies/${policyName(tenant, scope, roleGuid)}`;
}

function checkPolicyReadable(policy: EffectivePolicy, tenant: TenantState, scope: string): void {
  if (policy.readForbidden) {
    throw new ApiError(
      403,
      'AuthorizationFailed',
      `The client '${tenant.user.email ?? tenant.user.id}' with object id '${tenant.user.id}' does not have authorization to perform action 'Microsoft.Authorization/roleManagementPolicies/read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
}

/**
 * Without `$filter` (the spec has none) every role's assignment at the scope, as the real list has; with the
 * portal's `roleDefinitionId eq '...'` only that role's.
 */
function listPolicyAssignments(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string): ApiResponse {
  if (scope === '') {
    throw new ApiError(400, 'InvalidScope', 'roleManagementPolicyAssignments must be listed at a scope.');
  }
  // The spec declares no $filter; the portal sends one (policyAssignmentFilter "honoured", the default) and a service
  // may as well ignore it ("ignored": every role's assignment, as without a filter).
  const honoured = (ctx.world.scenario.policyAssignmentFilter ?? 'honoured') === 'honoured';
  const filter = honoured ? /roleDefinitionId\s+eq\s+'([^']+)'/i.exec(req.query.get('$filter') ?? '') : null;
  const roleGuids = filter ? [filter[1].split('/').pop()?.toLowerCase() ?? ''] : [...tenant.roleById.keys()];
  return pagedArm(
    req,
    ctx,
    roleGuids.filter((guid) => tenant.roleById.has(guid)),
    (guid) => {
      const policy = tenant.armPolicyFor(scope, guid);
      checkPolicyReadable(policy, tenant, scope);
      const name = policyName(tenant, scope, guid);
      return {
        properties: {
          scope,
          roleDefinitionId: roleDefinitionId(scope, guid),
          policyId: policyId(tenant, scope, guid),
          effectiveRules: armPolicyRules(policy),
          policyAssignmentProperties: {
            scope: tenant.scopeInfo(scope),
            roleDefinition: { id: roleDefinitionId(scope, guid), displayName: tenant.roleName(guid), type: 'BuiltInRole' },
            policy: {
              id: policyId(tenant, scope, guid),
              lastModifiedBy: { id: null, displayName: 'Admin', type: null, email: null },
              lastModifiedDateTime: null,
            },
          },
        },
        name: `${name}_${guid}`,
        id: `${policyScopeInIds(tenant, scope)}/providers/Microsoft.Authorization/roleManagementPolicyAssignment/${name}_${guid}`,
        type: 'Microsoft.Authorization/RoleManagementPolicyAssignment',
      };
    },
  );
}

function getPolicy(tenant: TenantState, scope: string, name: string): ApiResponse {
  const guid = [...tenant.roleById.keys()].find((g) => policyName(tenant, scope, g) === name.toLowerCase());
  if (!guid) {
    throw new ApiError(404, 'RoleManagementPolicyNotFound', `The role management policy '${name}' could not be found at scope '${scope}'.`);
  }
  const policy = tenant.armPolicyFor(scope, guid);
  checkPolicyReadable(policy, tenant, scope);
  const rules = armPolicyRules(policy);
  return {
    status: 200,
    body: {
      properties: {
        scope,
        displayName: null,
        description: null,
        isOrganizationDefault: false,
        lastModifiedDateTime: null,
        lastModifiedBy: { id: null, displayName: 'Admin', type: null, email: null },
        rules,
        effectiveRules: rules,
        policyProperties: { scope: tenant.scopeInfo(scope) },
      },
      name,
      id: policyId(tenant, scope, guid),
      type: 'Microsoft.Authorization/RoleManagementPolicies',
    },
  };
}

/**
 * Subscriptions of a management group, resource groups of a subscription. Child ids take the form the scope was
 * asked in, as in GetEligibleChildResourcesByScope.json (`providers/Microsoft.Subscription/subscriptions/...` in,
 * `/providers/Microsoft.Subscription/subscriptions/.../resourceGroups/RG-1` out). `$filter` names one or more
 * types joined by `or`.
 */
function listEligibleChildResources(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string, subscriptionProviderForm: boolean): ApiResponse {
  const children: { id: string; name: string; type: string }[] = [];
  const inForm = (id: string): string => (subscriptionProviderForm ? withSubscriptionProvider(id) : id);
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(scope);
  if (mg) {
    for (const subId of tenant.managementGroups.get(mg[1].toLowerCase())?.subscriptions ?? []) {
      const s = tenant.subscriptions.get(subId.toLowerCase());
      children.push({ id: inForm(`/subscriptions/${subId}`), name: s?.displayName ?? subId, type: 'subscription' });
    }
  } else if (sub) {
    for (const rg of tenant.subscriptions.get(sub[1].toLowerCase())?.resourceGroups ?? []) {
      children.push({ id: inForm(`${scope}/resourceGroups/${rg}`), name: rg, type: 'resourcegroup' });
    }
  }
  const types = [...(req.query.get('$filter') ?? '').matchAll(/resourceType\s+eq\s+'([^']+)'/gi)].map((m) => m[1].toLowerCase());
  return pagedArm(req, ctx, types.length > 0 ? children.filter((c) => types.includes(c.type)) : children, (child) => child);
}

/**
 * GET {scope}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01: what the caller may do at a
 * subscription, resource group or resource, one entry per role assignment that applies there (at the scope or
 * above it), from the assignments that are live and visible now. Like RBAC, an assignment made through PIM shows
 * up here only once it is effective.
 */
function listPermissions(req: ApiRequest, ctx: HandlerContext, rawScope: string): ApiResponse {
  requireAnyApiVersion(req);
  const version = req.query.get('api-version');
  if (version !== PERMISSIONS_API_VERSION) {
    throw new ApiError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${PERMISSIONS_API_VERSION}'.`,
    );
  }
  const scope = normalizeScope(rawScope);
  // Documented: Permissions_ListForResourceGroup and Permissions_ListForResource (2022-04-01). A subscription answers
  // in reality (Azure/azure-rest-api-specs#19473) but is in no spec: only with permissionScopes "observed".
  const documented = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/providers\/.+)?$/i.test(scope);
  const observed = /^\/subscriptions\/[^/]+$/i.test(scope) && ctx.world.scenario.permissionScopes === 'observed';
  if (!documented && !observed) {
    throw new ApiError(400, 'InvalidScope', `The scope '${scope || '/'}' is not valid for permissions.`);
  }
  const tenant = checkScope(scope, ctx);
  const value = isCallerTheUser(ctx, tenant)
    ? tenant
        .myAssignments('arm', ctx.now, scope)
        .filter(({ assignment }) => assignment.target.surface === 'arm' && tenant.isWithin(scope, assignment.target.scope))
        .flatMap(({ assignment }) => {
          // One entry per assignment (per permission block of its role; a role the emulator has no permissions for grants nothing).
          const blocks = assignment.target.surface === 'arm' ? permissionsOf(tenant, assignment.target.roleGuid) : [];
          const entries = blocks.length > 0 ? blocks : [{ actions: [], notActions: [], dataActions: [], notDataActions: [] }];
          const condition = { condition: assignment.condition, conditionVersion: assignment.conditionVersion };
          return entries.map((entry) => ({ ...entry, ...condition }));
        })
    : [];
  return { status: 200, body: { value } };
}
