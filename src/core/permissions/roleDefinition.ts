// Azure role definitions as RoleDefinitions - Get / List (api-version 2022-04-01) answer them:
// `properties.{roleName, type, description, permissions[].{actions, notActions, dataActions, notDataActions}}`
// (azure-rest-api-specs Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json,
// examples/GetRoleDefinitionById.json). Untrusted input: sizes are capped, wrong types are dropped.
import { asArray, asObject, readName, readString, type JsonObject } from '../../shared/json';

export interface PermissionBlock {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

export interface RoleDefinition {
  /** The GUID (the definition's `name`), lower case: built-in roles have the same one in every tenant and cloud. */
  readonly guid: string;
  readonly roleName: string;
  /** "BuiltInRole" or "CustomRole". */
  readonly roleType: string;
  readonly permissions: readonly PermissionBlock[];
}

const MAX_BLOCKS = 20;
const MAX_ENTRIES = 5000;
const MAX_ENTRY_LENGTH = 512;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function strings(block: JsonObject, key: string): string[] {
  return asArray(block[key])
    .slice(0, MAX_ENTRIES)
    .filter((entry): entry is string => typeof entry === 'string' && entry !== '' && entry.length <= MAX_ENTRY_LENGTH);
}

export function toPermissionBlock(value: unknown): PermissionBlock | undefined {
  const block = asObject(value);
  return (
    block && {
      actions: strings(block, 'actions'),
      notActions: strings(block, 'notActions'),
      dataActions: strings(block, 'dataActions'),
      notDataActions: strings(block, 'notDataActions'),
    }
  );
}

/** One role definition from the API; undefined when it lacks a GUID, a name or a permissions list. */
export function mapRoleDefinition(item: JsonObject): RoleDefinition | undefined {
  const guid = readString(item, 'name') ?? readString(item, 'id')?.split('/').pop();
  const roleName = readName(item, 'properties.roleName');
  const permissions = asObject(item.properties)?.permissions;
  if (!guid || !GUID.test(guid) || !roleName || !Array.isArray(permissions)) {
    return undefined;
  }
  return {
    guid: guid.toLowerCase(),
    roleName,
    roleType: readString(item, 'properties.type') ?? readString(item, 'properties.roleType') ?? 'BuiltInRole',
    permissions: permissions.slice(0, MAX_BLOCKS).flatMap((block) => toPermissionBlock(block) ?? []),
  };
}

/** The GUID at the end of a role definition id ("…/roleDefinitions/<guid>"), lower case. */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase();
}
