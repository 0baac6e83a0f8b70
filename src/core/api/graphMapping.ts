// Maps Microsoft Graph v1.0 PIM answers (Entra roles and PIM for Groups) to the domain model, and
// builds the request bodies. Input is untrusted: items without the fields we need are dropped.
// Shapes follow the Graph reference (unifiedRoleEligibilityScheduleInstance,
// unifiedRoleAssignmentScheduleInstance, unifiedRoleAssignmentScheduleRequest,
// privilegedAccessGroupEligibilityScheduleInstance, privilegedAccessGroupAssignmentScheduleInstance,
// privilegedAccessGroupAssignmentScheduleRequest); the examples are fixtures in test/unit/graphMapping.unit.test.ts.
import { readDate, readName, readString, type JsonObject } from '../../shared/json';
import {
  roleKeyString,
  type ActiveRole,
  type AssignmentType,
  type EligibleRole,
  type MemberType,
  REQUEST_STATUSES,
  type RequestType,
  type RoleKey,
  type RoleRequest,
  type ScopeInfo,
} from '../model/model';

export type GroupAccessId = 'member' | 'owner';

/** "member" | "owner" (Graph's privilegedAccessGroupRelationships), case-insensitively; undefined otherwise. */
export function groupAccessId(value: string | undefined): GroupAccessId | undefined {
  const lower = value?.toLowerCase();
  return lower === 'member' || lower === 'owner' ? lower : undefined;
}

/** Role name shown for a group membership or ownership. */
export function groupAccessName(accessId: GroupAccessId): string {
  return accessId === 'owner' ? 'Owner' : 'Member';
}

/** The Entra directory ("/") or an administrative unit ("/administrativeUnits/{id}"). */
export function directoryScopeInfo(directoryScopeId: string): ScopeInfo {
  return { id: directoryScopeId, displayName: directoryScopeId === '/' ? 'Directory' : directoryScopeId, type: 'directory' };
}

export function groupScopeInfo(groupId: string, displayName: string | undefined): ScopeInfo {
  return { id: groupId, displayName: displayName || groupId, type: 'group' };
}

const MEMBER_TYPES: ReadonlyMap<string, MemberType> = new Map<string, MemberType>([
  ['direct', 'Direct'],
  ['group', 'Group'],
  ['inherited', 'Inherited'],
]);

function memberType(item: JsonObject): MemberType {
  return MEMBER_TYPES.get(readString(item, 'memberType')?.toLowerCase() ?? '') ?? 'Direct';
}

function assignmentType(item: JsonObject): AssignmentType {
  return readString(item, 'assignmentType')?.toLowerCase() === 'activated' ? 'Activated' : 'Assigned';
}

const STATUS_BY_LOWER = new Map(REQUEST_STATUSES.map((status) => [status.toLowerCase(), status]));

/** Graph reports "Provisioned" or "provisioned" depending on the surface: normalise to ARM's PascalCase. Unknown values stay as they are. */
export function normaliseRequestStatus(status: string): string {
  return STATUS_BY_LOWER.get(status.toLowerCase()) ?? status;
}

const REQUEST_TYPES: readonly RequestType[] = [
  'SelfActivate',
  'SelfDeactivate',
  'SelfExtend',
  'SelfRenew',
  'AdminAssign',
  'AdminRemove',
  'AdminUpdate',
  'AdminExtend',
  'AdminRenew',
];
const TYPE_BY_LOWER = new Map(REQUEST_TYPES.map((type) => [type.toLowerCase(), type]));

/** Graph's `action` ("selfActivate") as the model's request type ("SelfActivate"). */
export function requestTypeOfAction(action: string | undefined): RequestType | undefined {
  return action === undefined ? undefined : TYPE_BY_LOWER.get(action.toLowerCase());
}

function dates(item: JsonObject): { startDateTime?: Date; endDateTime?: Date } {
  const startDateTime = readDate(item, 'startDateTime');
  const endDateTime = readDate(item, 'endDateTime');
  return { ...(startDateTime ? { startDateTime } : {}), ...(endDateTime ? { endDateTime } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Entra roles

interface Basics {
  readonly key: RoleKey;
  readonly id: string;
  readonly roleName: string;
  readonly scope: ScopeInfo;
  readonly principalId: string;
}

function entraBasics(item: JsonObject, tenantId: string): Basics | undefined {
  const roleDefinitionId = readString(item, 'roleDefinitionId');
  const principalId = readString(item, 'principalId');
  // App-scoped assignments (appScopeId) have no directoryScopeId; PIM self-activation is about directory scopes.
  const directoryScopeId = readString(item, 'directoryScopeId');
  if (!roleDefinitionId || !principalId || !directoryScopeId) {
    return undefined;
  }
  const key: RoleKey = { kind: 'entra', tenantId, scope: directoryScopeId, roleDefinitionId };
  return {
    key,
    id: roleKeyString(key),
    roleName: readName(item, 'roleDefinition.displayName') || roleDefinitionId,
    scope: directoryScopeInfo(directoryScopeId),
    principalId,
  };
}

/** unifiedRoleEligibilityScheduleInstance (with `$expand=roleDefinition` for the name). */
export function mapEntraEligibility(item: JsonObject, tenantId: string): EligibleRole | undefined {
  const basics = entraBasics(item, tenantId);
  const eligibilityScheduleId = readString(item, 'roleEligibilityScheduleId');
  if (!basics || !eligibilityScheduleId) {
    return undefined;
  }
  return { ...basics, memberType: memberType(item), eligibilityScheduleId, ...dates(item) };
}

/** unifiedRoleAssignmentScheduleInstance. */
export function mapEntraAssignment(item: JsonObject, tenantId: string): ActiveRole | undefined {
  const basics = entraBasics(item, tenantId);
  if (!basics) {
    return undefined;
  }
  return { ...basics, memberType: memberType(item), assignmentType: assignmentType(item), ...dates(item) };
}

/** unifiedRoleAssignmentScheduleRequest. */
export function mapEntraRequest(item: JsonObject, tenantId: string): RoleRequest | undefined {
  const basics = entraBasics(item, tenantId);
  return basics ? requestFrom(item, basics) : undefined;
}

// ---------------------------------------------------------------------------------------------
// PIM for Groups

function groupBasics(item: JsonObject, tenantId: string): Basics | undefined {
  const groupId = readString(item, 'groupId');
  const accessId = groupAccessId(readString(item, 'accessId'));
  const principalId = readString(item, 'principalId');
  if (!groupId || !accessId || !principalId) {
    return undefined;
  }
  const key: RoleKey = { kind: 'group', tenantId, scope: groupId, roleDefinitionId: accessId };
  return {
    key,
    id: roleKeyString(key),
    roleName: groupAccessName(accessId),
    scope: groupScopeInfo(groupId, readName(item, 'group.displayName')),
    principalId,
  };
}

/** privilegedAccessGroupEligibilityScheduleInstance (with `$expand=group` for the name). */
export function mapGroupEligibility(item: JsonObject, tenantId: string): EligibleRole | undefined {
  const basics = groupBasics(item, tenantId);
  const eligibilityScheduleId = readString(item, 'eligibilityScheduleId');
  if (!basics || !eligibilityScheduleId) {
    return undefined;
  }
  return { ...basics, memberType: memberType(item), eligibilityScheduleId, ...dates(item) };
}

/** privilegedAccessGroupAssignmentScheduleInstance. */
export function mapGroupAssignment(item: JsonObject, tenantId: string): ActiveRole | undefined {
  const basics = groupBasics(item, tenantId);
  if (!basics) {
    return undefined;
  }
  return { ...basics, memberType: memberType(item), assignmentType: assignmentType(item), ...dates(item) };
}

/** privilegedAccessGroupAssignmentScheduleRequest. */
export function mapGroupRequest(item: JsonObject, tenantId: string): RoleRequest | undefined {
  const basics = groupBasics(item, tenantId);
  return basics ? requestFrom(item, basics) : undefined;
}

function requestFrom(item: JsonObject, basics: Basics): RoleRequest | undefined {
  const id = readString(item, 'id');
  const status = readString(item, 'status');
  const requestType = requestTypeOfAction(readString(item, 'action'));
  if (!id || !status || !requestType) {
    return undefined;
  }
  const createdOn = readDate(item, 'createdDateTime');
  const startDateTime = readDate(item, 'scheduleInfo.startDateTime');
  const duration = readString(item, 'scheduleInfo.expiration.duration');
  const justification = readString(item, 'justification');
  return {
    key: basics.key,
    id,
    name: id,
    roleName: basics.roleName,
    scope: basics.scope,
    requestType,
    status: normaliseRequestStatus(status),
    ...(createdOn ? { createdOn } : {}),
    ...(startDateTime ? { startDateTime } : {}),
    ...(duration ? { duration } : {}),
    ...(justification ? { justification } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Request bodies

export interface GraphActivationFields {
  /** The caller's object id. */
  readonly principalId: string;
  readonly justification: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
  /** ISO 8601 duration, e.g. PT4H. */
  readonly duration: string;
  readonly startDateTime?: Date;
}

export interface EntraActivationInput extends GraphActivationFields {
  readonly roleDefinitionId: string;
  /** "/" for the whole directory. */
  readonly directoryScopeId: string;
}

export interface GroupActivationInput extends GraphActivationFields {
  readonly groupId: string;
  readonly accessId: GroupAccessId;
}

export interface EntraDeactivationInput {
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly principalId: string;
}

export interface GroupDeactivationInput {
  readonly groupId: string;
  readonly accessId: GroupAccessId;
  readonly principalId: string;
}

function activationFields(input: GraphActivationFields, now: Date): Record<string, unknown> {
  const body: Record<string, unknown> = {
    action: 'selfActivate',
    principalId: input.principalId,
    justification: input.justification,
    scheduleInfo: {
      startDateTime: (input.startDateTime ?? now).toISOString(),
      expiration: { type: 'afterDuration', duration: input.duration },
    },
  };
  if (input.ticketNumber || input.ticketSystem) {
    body.ticketInfo = { ticketNumber: input.ticketNumber ?? '', ticketSystem: input.ticketSystem ?? '' };
  }
  return body;
}

/** POST /roleManagement/directory/roleAssignmentScheduleRequests (action selfActivate). */
export function entraActivationBody(input: EntraActivationInput, now: Date = new Date()): Record<string, unknown> {
  return { ...activationFields(input, now), roleDefinitionId: input.roleDefinitionId, directoryScopeId: input.directoryScopeId };
}

/** Same endpoint, action selfDeactivate. */
export function entraDeactivationBody(input: EntraDeactivationInput): Record<string, unknown> {
  return { action: 'selfDeactivate', principalId: input.principalId, roleDefinitionId: input.roleDefinitionId, directoryScopeId: input.directoryScopeId };
}

/** POST /identityGovernance/privilegedAccess/group/assignmentScheduleRequests (action selfActivate). */
export function groupActivationBody(input: GroupActivationInput, now: Date = new Date()): Record<string, unknown> {
  return { ...activationFields(input, now), groupId: input.groupId, accessId: input.accessId };
}

export function groupDeactivationBody(input: GroupDeactivationInput): Record<string, unknown> {
  return { action: 'selfDeactivate', principalId: input.principalId, groupId: input.groupId, accessId: input.accessId };
}
