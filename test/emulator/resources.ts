// Test-only: a generic ARM resource route, so that a deploy script run in the e2e terminal fails the way it would in
// Azure. `PUT` / `GET /subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}` is allowed when one
// of the caller's live, visible role assignments at or above the resource grants `{namespace}/{type}/write` (or
// `/read`), by the role's real permissions (roleDefinitions.ts); otherwise ARM's 403 AuthorizationFailed with its text.
// Nothing else of the resource provider is modelled: the body is echoed with provisioningState "Succeeded".
import { asRecord, optionalString, type ApiRequest, type ApiResponse, type HandlerContext } from './http';
import { permissionsOf, permitsAction } from './roleDefinitions';
import { ApiError, type TenantState } from './state';

export const GENERIC_RESOURCE_ROUTE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/** Resources PUT so far, per tenant state (a reset makes new tenant states, so it forgets them). */
const stored = new WeakMap<TenantState, Map<string, unknown>>();

export function isGenericResourcePath(path: string): boolean {
  const match = GENERIC_RESOURCE_ROUTE.exec(path);
  return match !== null && match[3]?.toLowerCase() !== 'microsoft.authorization';
}

/** Whether the tenant's user holds a live assignment at or above `scope` whose role grants `action`. */
function callerMay(ctx: HandlerContext, tenant: TenantState, scope: string, action: string): boolean {
  if (ctx.caller.claims.oid.toLowerCase() !== tenant.user.id.toLowerCase()) {
    return false;
  }
  return tenant
    .myAssignments('arm', ctx.now, scope)
    .some(({ assignment }) => assignment.target.surface === 'arm' && tenant.isWithin(scope, assignment.target.scope) && permitsAction(permissionsOf(tenant, assignment.target.roleGuid), action));
}

export function handleGenericResource(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, path: string, authorizationFailed: (action: string, scope: string) => ApiError): ApiResponse {
  const match = GENERIC_RESOURCE_ROUTE.exec(path);
  if (!match || !req.query.get('api-version')) {
    throw new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  const [, subscriptionId = '', resourceGroup = '', namespace = '', type = '', name = ''] = match;
  const resourceType = `${namespace}/${type}`;
  const verb = req.method === 'PUT' ? 'write' : req.method === 'GET' ? 'read' : undefined;
  if (!verb) {
    throw new ApiError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
  }
  if (!callerMay(ctx, tenant, path, `${resourceType}/${verb}`)) {
    throw authorizationFailed(`${resourceType}/${verb}`, path);
  }
  const group = tenant.subscriptions.get(subscriptionId.toLowerCase())?.resourceGroups?.find((rg) => rg.toLowerCase() === resourceGroup.toLowerCase());
  if (!group) {
    throw new ApiError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
  }
  const resources = stored.get(tenant) ?? new Map<string, unknown>();
  stored.set(tenant, resources);
  const key = path.toLowerCase();
  if (verb === 'read') {
    const resource = resources.get(key);
    if (!resource) {
      throw new ApiError(404, 'ResourceNotFound', `The Resource '${resourceType}/${name}' under resource group '${resourceGroup}' was not found.`);
    }
    return { status: 200, body: resource };
  }
  const body = asRecord(req.body);
  const resource = {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/${resourceType}/${name}`,
    name,
    type: resourceType,
    location: optionalString(body.location) ?? 'westeurope',
    properties: { ...asRecord(body.properties), provisioningState: 'Succeeded' },
  };
  const created = !resources.has(key);
  resources.set(key, resource);
  return { status: created ? 201 : 200, body: resource };
}
