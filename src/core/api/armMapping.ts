// Maps ARM PIM responses (api-version 2020-10-01) to the domain model. Input is untrusted:
// items without the fields we need are dropped rather than guessed.
import { readDate, readName, readString, type JsonObject } from '../../shared/json';
import {
  roleKeyString,
  type ActiveRole,
  type AssignmentType,
  type EligibleRole,
  type MemberType,
  type RoleKey,
  type RoleRequest,
  type RequestType,
  type ScopeInfo,
  type ScopeType,
} from '../model/model';

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)$/i;
const RESOURCE_GROUP = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;
const RESOURCE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/.+$/i;
const MANAGEMENT_GROUP = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIPTION_PROVIDER_FORM = /^\/providers\/Microsoft\.Subscription(?=\/subscriptions\/)/i;

/**
 * `/providers/Microsoft.Subscription/subscriptions/<id>/...` → `/subscriptions/<id>/...`. Recorded traffic has ids (and
 * one Learn page has scopes) in that form; ARM reads both as the same scope. Anything else is returned as it is.
 */
export function plainArmScope(scopeOrId: string): string {
  return scopeOrId.replace(SUBSCRIPTION_PROVIDER_FORM, '');
}

/** Recognises the ARM scope shapes PIM works with; undefined for anything else. */
export function parseArmScope(scope: string): { type: ScopeType; subscriptionId?: string; resourceGroup?: string; name: string } | undefined {
  if (scope === '/') {
    return { type: 'tenant', name: 'Tenant root' };
  }
  let match = MANAGEMENT_GROUP.exec(scope);
  if (match?.[1]) {
    return { type: 'managementGroup', name: match[1] };
  }
  match = SUBSCRIPTION.exec(scope);
  if (match?.[1]) {
    return { type: 'subscription', subscriptionId: match[1], name: match[1] };
  }
  match = RESOURCE_GROUP.exec(scope);
  if (match?.[1] && match[2]) {
    return { type: 'resourceGroup', subscriptionId: match[1], resourceGroup: match[2], name: match[2] };
  }
  match = RESOURCE.exec(scope);
  if (match?.[1] && match[2]) {
    return { type: 'resource', subscriptionId: match[1], resourceGroup: match[2], name: scope.split('/').pop() ?? scope };
  }
  return undefined;
}

export function isArmScope(scope: string): boolean {
  return parseArmScope(scope) !== undefined;
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Full role definition ids look like /subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/<guid>. */
export function isRoleDefinitionId(value: string): boolean {
  const match = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(value);
  return match?.[1] !== undefined && isGuid(match[1]);
}

function scopeInfo(item: JsonObject, scope: string): ScopeInfo | undefined {
  const parsed = parseArmScope(scope);
  if (!parsed) {
    return undefined;
  }
  const displayName = readName(item, 'properties.expandedProperties.scope.displayName') || parsed.name;
  return {
    id: scope,
    displayName,
    type: parsed.type,
    ...(parsed.subscriptionId ? { subscriptionId: parsed.subscriptionId } : {}),
  };
}

function memberType(item: JsonObject): MemberType {
  const value = readString(item, 'properties.memberType');
  return value === 'Group' || value === 'Inherited' ? value : 'Direct';
}

function roleBasics(item: JsonObject, tenantId: string): { key: RoleKey; id: string; scope: ScopeInfo; roleName: string; principalId: string } | undefined {
  const rawScope = readString(item, 'properties.scope');
  const scope = rawScope === undefined ? undefined : plainArmScope(rawScope);
  const roleDefinitionId = readString(item, 'properties.roleDefinitionId');
  const principalId = readString(item, 'properties.principalId');
  if (!scope || !roleDefinitionId || !principalId || !isRoleDefinitionId(roleDefinitionId)) {
    return undefined;
  }
  const info = scopeInfo(item, scope);
  if (!info) {
    return undefined;
  }
  const key: RoleKey = { kind: 'azure', tenantId, scope, roleDefinitionId };
  const roleName =
    readName(item, 'properties.expandedProperties.roleDefinition.displayName') || roleDefinitionId.split('/').pop() || roleDefinitionId;
  return { key, id: roleKeyString(key), scope: info, roleName, principalId };
}

export function mapEligibilityInstance(item: JsonObject, tenantId: string): EligibleRole | undefined {
  const basics = roleBasics(item, tenantId);
  const eligibilityScheduleId = readString(item, 'properties.roleEligibilityScheduleId');
  if (!basics || !eligibilityScheduleId) {
    return undefined;
  }
  const principalDisplayName = readName(item, 'properties.expandedProperties.principal.displayName');
  const principalType = readString(item, 'properties.principalType') ?? readString(item, 'properties.expandedProperties.principal.type');
  const startDateTime = readDate(item, 'properties.startDateTime');
  const endDateTime = readDate(item, 'properties.endDateTime');
  // An ABAC condition limits what the role allows; its activation carries it too (see ArmPimClient.activate).
  const condition = readString(item, 'properties.condition');
  const conditionVersion = readString(item, 'properties.conditionVersion');
  return {
    ...basics,
    memberType: memberType(item),
    eligibilityScheduleId,
    ...(principalDisplayName ? { principalDisplayName } : {}),
    ...(principalType ? { principalType } : {}),
    ...(startDateTime ? { startDateTime } : {}),
    ...(endDateTime ? { endDateTime } : {}),
    ...(condition ? { condition, ...(conditionVersion ? { conditionVersion } : {}) } : {}),
  };
}

export function mapAssignmentInstance(item: JsonObject, tenantId: string): ActiveRole | undefined {
  const basics = roleBasics(item, tenantId);
  if (!basics) {
    return undefined;
  }
  const assignmentType: AssignmentType = readString(item, 'properties.assignmentType') === 'Activated' ? 'Activated' : 'Assigned';
  const startDateTime = readDate(item, 'properties.startDateTime');
  const endDateTime = readDate(item, 'properties.endDateTime');
  const linked = readString(item, 'properties.linkedRoleEligibilityScheduleInstanceId');
  return {
    ...basics,
    memberType: memberType(item),
    assignmentType,
    ...(startDateTime ? { startDateTime } : {}),
    ...(endDateTime ? { endDateTime } : {}),
    ...(linked ? { linkedEligibilityInstanceId: linked } : {}),
  };
}

export function mapAssignmentRequest(item: JsonObject, tenantId: string): RoleRequest | undefined {
  const basics = roleBasics(item, tenantId);
  const id = readString(item, 'id');
  const name = readString(item, 'name');
  const status = readString(item, 'properties.status');
  const requestType = readString(item, 'properties.requestType') as RequestType | undefined;
  if (!basics || !id || !name || !status || !requestType) {
    return undefined;
  }
  const createdOn = readDate(item, 'properties.createdOn');
  const startDateTime = readDate(item, 'properties.scheduleInfo.startDateTime');
  const duration = readString(item, 'properties.scheduleInfo.expiration.duration');
  const justification = readString(item, 'properties.justification');
  return {
    key: basics.key,
    id,
    name,
    roleName: basics.roleName,
    scope: basics.scope,
    requestType,
    status,
    ...(createdOn ? { createdOn } : {}),
    ...(startDateTime ? { startDateTime } : {}),
    ...(duration ? { duration } : {}),
    ...(justification ? { justification } : {}),
  };
}
