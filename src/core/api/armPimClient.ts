// Azure resource roles through ARM PIM (api-version 2020-10-01). One instance per tenant.
// Listing uses the tenant-wide `asTarget()` queries: one call (plus paging) per surface, not one per subscription.
import { randomUUID } from 'node:crypto';
import { mapAssignmentInstance, mapAssignmentRequest, mapEligibilityInstance, isArmScope, isGuid, isRoleDefinitionId, plainArmScope } from './armMapping';
import { classifyArmError, isPimError, PimError } from '../errors/errors';
import { JsonClient, type JsonClientOptions, type JsonResponse } from './http';
import { EventSource } from '../model/events';
import type { ServiceWait } from './throttling';
import { asArray, asObject, readName, readString, type JsonObject } from '../../shared/json';
import type { ActiveRole, EligibleRole, RoleRequest } from '../model/model';
import type { ActivationPolicy } from '../../shared/policyShape';
import { parseArmPolicy } from './policy';
import { sameOriginNextLink } from './tokenDestinations';
import { authorizationPath } from './armPaths';
import { activationRequestBody } from './armRequestBody';
import { ArmApprovals } from './armApprovals';
import { mapRoleDefinition, type RoleDefinition } from '../permissions/roleDefinition';

export const PIM_API_VERSION = '2020-10-01';
const TENANTS_API_VERSION = '2022-12-01';
const PERMISSIONS_API_VERSION = '2022-04-01';
const ROLE_DEFINITIONS_API_VERSION = '2022-04-01';

/** One entry of Permissions - List For Resource Group / List For Resource (what the caller may do at a scope). */
export interface ScopePermission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}
const MAX_PAGES = 200;

export interface TenantSummary {
  readonly tenantId: string;
  readonly displayName: string;
  readonly defaultDomain?: string;
}

export interface ActivationInput {
  readonly scope: string;
  readonly roleDefinitionId: string;
  /** The caller's object id: also for group-derived eligibility. */
  readonly principalId: string;
  readonly eligibilityScheduleId?: string;
  readonly justification: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
  /** ISO 8601 duration, e.g. PT8H. */
  readonly duration: string;
  readonly startDateTime?: Date;
  /** Reuse a name when retrying, so a retried PUT can never create a second activation. */
  readonly requestName?: string;
  /** The eligibility's ABAC condition and its version, sent with the activation as Learn's SelfActivate example does. */
  readonly condition?: string;
  readonly conditionVersion?: string;
}

export interface DeactivationInput {
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly requestName?: string;
}

/** A child a PIM eligibility reaches (eligibleChildResources): a subscription of a management group, a resource group of a subscription. */
export interface EligibleChildResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

export type ArmClientOptions = Omit<JsonClientOptions, 'classifyError' | 'onServiceWait'> & {
  readonly endpoint: string;
  readonly tenantId: string;
};

export class ArmPimClient {
  private readonly http: JsonClient;
  private readonly endpoint: string;
  private readonly waits = new EventSource<ServiceWait>();
  /** A wait the service asked for (429/503 with Retry-After), as it starts: the role store shows it. */
  readonly onDidWait = this.waits.event;
  /** Requests waiting for my approval, deciding them, and watching my own until an approver decides (armApprovals.ts). */
  readonly approvals: ArmApprovals;

  constructor(private readonly options: ArmClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.http = new JsonClient({
      ...options,
      onServiceWait: (wait) => this.waits.fire(wait),
      classifyError: classifyArmError,
    });
    this.approvals = new ArmApprovals(this.http, this.endpoint, options.tenantId, (path, signal) => this.listAll(path, signal));
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  async listTenants(signal?: AbortSignal): Promise<TenantSummary[]> {
    const items = await this.listAll(`/tenants?api-version=${TENANTS_API_VERSION}`, signal);
    const tenants: TenantSummary[] = [];
    for (const item of items) {
      const tenantId = readString(item, 'tenantId');
      if (tenantId) {
        const defaultDomain = readString(item, 'defaultDomain');
        tenants.push({
          tenantId,
          displayName: readName(item, 'displayName') || defaultDomain || tenantId,
          ...(defaultDomain ? { defaultDomain } : {}),
        });
      }
    }
    return tenants;
  }

  /** Subscription display names, to label subscriptions that only hold resource-group roles. */
  async listSubscriptionNames(signal?: AbortSignal): Promise<Map<string, string>> {
    const items = await this.listAll(`/subscriptions?api-version=${TENANTS_API_VERSION}`, signal);
    const names = new Map<string, string>();
    for (const item of items) {
      const id = readString(item, 'subscriptionId');
      const name = readName(item, 'displayName');
      if (id && name) {
        names.set(id.toLowerCase(), name);
      }
    }
    return names;
  }

  /** `onPage`: each page's roles as it arrives, so they can be shown before the last page. */
  listEligible(signal?: AbortSignal, onPage?: (roles: EligibleRole[]) => void): Promise<EligibleRole[]> {
    return this.listMapped('roleEligibilityScheduleInstances', (item) => mapEligibilityInstance(item, this.tenantId), signal, onPage);
  }

  listActive(signal?: AbortSignal, onPage?: (roles: ActiveRole[]) => void): Promise<ActiveRole[]> {
    return this.listMapped('roleAssignmentScheduleInstances', (item) => mapAssignmentInstance(item, this.tenantId), signal, onPage);
  }

  /** A tenant-wide asTarget() list, each page mapped as it arrives (while the next one is on its way). */
  private async listMapped<T>(collection: string, map: (item: JsonObject) => T | undefined, signal: AbortSignal | undefined, onPage: ((page: T[]) => void) | undefined): Promise<T[]> {
    const mapped: T[] = [];
    await this.listAll(this.asTargetPath(collection), signal, (items) => {
      const page = items.flatMap((item) => map(item) ?? []);
      mapped.push(...page);
      onPage?.(page);
    });
    return mapped;
  }

  /** The caller's effective permissions at a subscription, resource group or resource (RBAC, after caches). */
  async listPermissions(scope: string, signal?: AbortSignal): Promise<ScopePermission[]> {
    assertScope(scope);
    const items = await this.listAll(`${authorizationPath(scope, 'permissions')}?api-version=${PERMISSIONS_API_VERSION}`, signal);
    const strings = (item: JsonObject, key: string): string[] => {
      const value = item[key];
      return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
    };
    return items.map((item) => ({
      actions: strings(item, 'actions'),
      notActions: strings(item, 'notActions'),
      dataActions: strings(item, 'dataActions'),
      notDataActions: strings(item, 'notDataActions'),
    }));
  }

  /** RoleDefinitions - Get By Id: the definition a role's roleDefinitionId names ("[{scope}]/providers/…/roleDefinitions/<guid>"). */
  async getRoleDefinition(roleDefinitionId: string, signal?: AbortSignal): Promise<RoleDefinition> {
    const parts = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.exec(roleDefinitionId);
    if (!parts || (parts[1] !== '' && !isSafeArmScope(parts[1] ?? '')) || !isSafeArmPath(roleDefinitionId)) {
      throw new PimError({ kind: 'unknown', message: `Not a role definition id: ${roleDefinitionId.slice(0, 200)}` });
    }
    const response = await this.http.send(`${this.endpoint}${roleDefinitionId}?api-version=${ROLE_DEFINITIONS_API_VERSION}`, signal ? { abortSignal: signal } : {});
    const body = asObject(response.body);
    const definition = body && mapRoleDefinition(body);
    if (!definition) {
      throw new PimError({ kind: 'malformedResponse', status: response.status, message: 'The role definition could not be read.' });
    }
    return definition;
  }

  /** RoleDefinitions - List at the tenant root with `$filter=type eq 'BuiltInRole'`: every built-in role and its permissions. */
  async listBuiltInRoleDefinitions(signal?: AbortSignal): Promise<RoleDefinition[]> {
    const filter = encodeURIComponent("type eq 'BuiltInRole'");
    const items = await this.listAll(`/providers/Microsoft.Authorization/roleDefinitions?api-version=${ROLE_DEFINITIONS_API_VERSION}&$filter=${filter}`, signal);
    return items.flatMap((item) => mapRoleDefinition(item) ?? []);
  }

  /** My own requests (asRequestor()), newest first. */
  async listMyRequests(signal?: AbortSignal): Promise<RoleRequest[]> {
    const path = `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=${PIM_API_VERSION}&$filter=${encodeURIComponent('asRequestor()')}`;
    const items = await this.listAll(path, signal);
    return items
      .flatMap((item) => mapAssignmentRequest(item, this.tenantId) ?? [])
      .sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
  }

  /**
   * The role's policy at the scope in one call: the policy assignment carries the rules in force (`effectiveRules`,
   * GetRoleManagementPolicyAssignmentByScope.json); only an assignment without them costs a second call, for the
   * policy it points to. The list is asked for with the portal's `$filter`, which the spec does not declare
   * (Azure/azure-rest-api-specs#31995): a service that ignores it answers with every role's assignment, so the one used
   * is the item whose roleDefinitionId names this role (by its GUID: the tenant and subscription forms of the id both
   * occur), never simply the first.
   */
  async getPolicy(scope: string, roleDefinitionId: string, signal?: AbortSignal): Promise<ActivationPolicy> {
    assertScope(scope);
    assertRoleDefinitionId(roleDefinitionId);
    const filter = encodeURIComponent(`roleDefinitionId eq '${roleDefinitionId}'`);
    const assignments = await this.listAll(
      `${authorizationPath(scope, 'roleManagementPolicyAssignments')}?api-version=${PIM_API_VERSION}&$filter=${filter}`,
      signal,
    );
    const roleGuid = lastSegment(roleDefinitionId);
    const assignment = assignments.find((item) => lastSegment(readString(item, 'properties.roleDefinitionId') ?? '') === roleGuid);
    const effectiveRules = asObject(assignment?.properties)?.effectiveRules;
    if (assignment && Array.isArray(effectiveRules) && effectiveRules.length > 0) {
      return parseArmPolicy(assignment);
    }
    const policyId = assignment && readString(assignment, 'properties.policyId');
    if (!policyId || !isSafeArmPath(policyId)) {
      throw new PimError({ kind: 'notFound', message: 'No management policy is assigned to this role at this scope.' });
    }
    const response = await this.http.send(`${this.endpoint}${policyId}?api-version=${PIM_API_VERSION}`, signal ? { abortSignal: signal } : {});
    return parseArmPolicy(response.body);
  }

  async activate(input: ActivationInput, claims?: string, signal?: AbortSignal): Promise<RoleRequest> {
    assertRoleDefinitionId(input.roleDefinitionId);
    return this.putRequest(input.scope, input.requestName ?? randomUUID(), activationRequestBody(input, this.now()), claims, signal);
  }

  /**
   * Asks PIM whether it would accept this activation, without creating it (RoleAssignmentScheduleRequests_Validate,
   * `POST {scope}/.../roleAssignmentScheduleRequests/{name}/validate`, 2020-10-01: the create body, 200 with the request
   * it would be). A refusal throws the PimError the PUT would have thrown. Never retried with claims: no sign-in prompt.
   */
  async validateActivation(input: ActivationInput, signal?: AbortSignal): Promise<RoleRequest> {
    assertRoleDefinitionId(input.roleDefinitionId);
    const url = `${this.requestUrl(input.scope, input.requestName ?? randomUUID())}/validate?api-version=${PIM_API_VERSION}`;
    const response = await this.http.send(url, {
      method: 'POST',
      body: activationRequestBody(input, this.now()),
      ...(signal ? { abortSignal: signal } : {}),
    });
    const request = asObject(response.body) && mapAssignmentRequest(asObject(response.body) as JsonObject, this.tenantId);
    if (!request) {
      throw new PimError({ kind: 'malformedResponse', status: response.status, message: 'The request was validated, but the answer could not be read.' });
    }
    return request;
  }

  /** "Now" on PIM's clock: a local clock minutes ahead would otherwise schedule the activation for later. */
  private now(): Date {
    return this.options.serviceTime?.now() ?? new Date();
  }

  async deactivate(input: DeactivationInput, signal?: AbortSignal): Promise<RoleRequest> {
    const body = {
      properties: { principalId: input.principalId, roleDefinitionId: input.roleDefinitionId, requestType: 'SelfDeactivate' },
    };
    assertRoleDefinitionId(input.roleDefinitionId);
    return this.putRequest(input.scope, input.requestName ?? randomUUID(), body, undefined, signal);
  }

  /**
   * Cancels a request PIM can still cancel (waiting for approval, or scheduled). The URL is built from the request's
   * scope (`properties.scope`) and name, not from its `id`: recorded ids carry a `/providers/Microsoft.Subscription`
   * prefix and upper-case GUIDs, the scope and the name are the same in every form.
   */
  async cancelRequest(scope: string, name: string, signal?: AbortSignal): Promise<void> {
    await this.http.send(`${this.requestUrl(scope, name)}/cancel?api-version=${PIM_API_VERSION}`, {
      method: 'POST',
      ...(signal ? { abortSignal: signal } : {}),
    });
  }

  /** One request read back by its name (RoleAssignmentScheduleRequests_Get): the lost-reply path. */
  async getRequest(scope: string, name: string, signal?: AbortSignal): Promise<RoleRequest> {
    const response = await this.http.send(`${this.requestUrl(scope, name)}?api-version=${PIM_API_VERSION}`, signal ? { abortSignal: signal } : {});
    const body = asObject(response.body);
    const request = body && mapAssignmentRequest(body, this.tenantId);
    if (!request) {
      throw new PimError({ kind: 'malformedResponse', status: response.status, message: 'The request was read back, but the answer could not be read.' });
    }
    return request;
  }

  /**
   * Subscriptions of a management group, or resource groups of a subscription, that the caller's eligibilities reach
   * (EligibleChildResources_Get, the PIM API's own documented listing).
   */
  async listEligibleChildResources(scope: string, resourceType: 'subscription' | 'resourcegroup', signal?: AbortSignal): Promise<EligibleChildResource[]> {
    assertScope(scope);
    const filter = encodeURIComponent(`resourceType eq '${resourceType}'`);
    const items = await this.listAll(`${authorizationPath(scope, 'eligibleChildResources')}?api-version=${PIM_API_VERSION}&$filter=${filter}`, signal);
    return items.flatMap((item) => {
      const id = readString(item, 'id');
      const type = readString(item, 'type') ?? '';
      return id && type.toLowerCase() === resourceType && isSafeArmScope(plainArmScope(id))
        ? [{ id: plainArmScope(id), name: readName(item, 'name') ?? id, type: resourceType }]
        : [];
    });
  }

  private async putRequest(scope: string, name: string, body: { properties: Record<string, unknown> }, claims: string | undefined, signal: AbortSignal | undefined): Promise<RoleRequest> {
    const url = `${this.requestUrl(scope, name)}?api-version=${PIM_API_VERSION}`;
    let response;
    try {
      response = await this.http.send(url, {
        method: 'PUT',
        body,
        ...(claims ? { claims } : {}),
        ...(signal ? { abortSignal: signal } : {}),
      });
    } catch (error) {
      // The name is a fresh GUID per request and must be unique (the spec): "already exists" means an earlier attempt
      // of this PUT reached PIM and its reply was lost, and the pipeline sent it again. It is ours: read it back.
      if (isPimError(error) && error.code?.toLowerCase() === 'roleassignmentrequestexists') {
        const ours = await this.getRequest(scope, name, signal).catch(() => undefined);
        if (ours && sameRequest(ours, body.properties)) {
          return ours;
        }
      }
      throw error;
    }
    const request = asObject(response.body) && mapAssignmentRequest(asObject(response.body) as JsonObject, this.tenantId);
    if (!request) {
      throw new PimError({ kind: 'malformedResponse', status: response.status, message: 'The activation request was sent, but the answer could not be read.' });
    }
    return request;
  }

  /** `{scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}` on the endpoint, after checking both. */
  private requestUrl(scope: string, name: string): string {
    assertScope(scope);
    if (!isGuid(name)) {
      throw new PimError({ kind: 'unknown', message: `A request name must be a GUID: ${name.slice(0, 100)}` });
    }
    return `${this.endpoint}${authorizationPath(scope, `roleAssignmentScheduleRequests/${encodeURIComponent(name)}`)}`;
  }

  private asTargetPath(collection: string): string {
    return `/providers/Microsoft.Authorization/${collection}?api-version=${PIM_API_VERSION}&$filter=${encodeURIComponent('asTarget()')}`;
  }

  /**
   * GETs a collection and follows nextLink, on the origin each page came from only. The next page is asked for
   * before this one is handed on, so the work on a page overlaps the wait for the next.
   */
  private async listAll(pathAndQuery: string, signal: AbortSignal | undefined, onPage?: (items: JsonObject[]) => void): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    const options = signal ? { abortSignal: signal } : {};
    let url = `${this.endpoint}${pathAndQuery}`;
    let next: Promise<JsonResponse> | undefined = this.http.send(url, options);
    for (let page = 1; next; page++) {
      const response: JsonResponse = await next;
      const body = asObject(response.body);
      if (!body || !Array.isArray(body.value)) {
        throw new PimError({ kind: 'malformedResponse', status: response.status, message: 'The service answered with a list in an unexpected shape.' });
      }
      const nextLink = readString(body, 'nextLink');
      next = undefined;
      if (nextLink && page < MAX_PAGES) {
        url = sameOriginNextLink(nextLink, url, 'Azure').href;
        next = this.http.send(url, options);
        // Awaited on the next turn; handled now so that a failure while this page is handed on is never unhandled.
        next.catch(() => undefined);
      }
      const pageItems: JsonObject[] = [];
      for (const item of asArray(body.value)) {
        const object = asObject(item);
        if (object) {
          pageItems.push(object);
        }
      }
      items.push(...pageItems);
      onPage?.(pageItems);
    }
    return items;
  }
}

/**
 * A path that stays where it says when appended to the endpoint: no empty, `.` or `..` segments (URL parsing
 * would resolve them, also as `%2e`), no query, fragment, backslash, whitespace or control characters.
 */
function isSafeArmPath(path: string): boolean {
  const hasControl = [...path].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  return path.startsWith('/') && !hasControl && !/[?#%\\\s]/.test(path) && path.slice(1).split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function isSafeArmScope(scope: string): boolean {
  return isArmScope(scope) && (scope === '/' || isSafeArmPath(scope));
}

function assertScope(scope: string): void {
  if (!isSafeArmScope(scope)) {
    throw new PimError({ kind: 'unknown', message: `Not an ARM scope: ${scope.slice(0, 200)}` });
  }
}

function lastSegment(id: string): string {
  return (id.split('/').pop() ?? '').toLowerCase();
}

/** Whether a request read back is the one we sent: same type and same role (by GUID). */
function sameRequest(request: RoleRequest, sent: Record<string, unknown>): boolean {
  return request.requestType === sent.requestType && lastSegment(request.key.roleDefinitionId) === lastSegment(String(sent.roleDefinitionId));
}

function assertRoleDefinitionId(id: string): void {
  if (!isRoleDefinitionId(id)) {
    throw new PimError({ kind: 'unknown', message: `Not a role definition id: ${id.slice(0, 200)}` });
  }
}
