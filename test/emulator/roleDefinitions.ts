// Role definitions: the real permission sets of the built-in roles the scenarios use, a scenario's custom roles, and
// RoleDefinitions - Get / Get By Id / List (api-version 2022-04-01, azure-rest-api-specs
// Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json; the body keys of
// examples/GetRoleDefinitionById.json). The same permissions feed the permissions API and the test-only resource route.
import type { ApiRequest, ApiResponse, HandlerContext } from './http';
import type { ScenarioPermissionBlock } from './scenario';
import { ApiError, type TenantState } from './state';

export const ROLE_DEFINITIONS_API_VERSION = '2022-04-01';

interface BuiltInDefinition {
  readonly description: string;
  readonly permissions: readonly Required<ScenarioPermissionBlock>[];
}

const block = (actions: string[], notActions: string[] = [], dataActions: string[] = [], notDataActions: string[] = []): Required<ScenarioPermissionBlock> => ({
  actions,
  notActions,
  dataActions,
  notDataActions,
});

/**
 * Copied from Microsoft Learn, "Azure built-in roles" (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles):
 * privileged (Owner, Contributor, User Access Administrator), general (Reader), security (Key Vault Administrator,
 * Key Vault Contributor, Key Vault Secrets User), web-and-mobile (Website Contributor) and storage (Storage Blob Data
 * Contributor, which demo.json adds to the role table); the JSON of each role there.
 */
const BUILT_IN_DEFINITIONS: Readonly<Record<string, BuiltInDefinition>> = {
  // Owner
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': {
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: [block(['*'])],
  },
  // Contributor
  'b24988ac-6180-42a0-ab88-20f7382dd24c': {
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    permissions: [
      block(
        ['*'],
        [
          'Microsoft.Authorization/*/Delete',
          'Microsoft.Authorization/*/Write',
          'Microsoft.Authorization/elevateAccess/Action',
          'Microsoft.Blueprint/blueprintAssignments/write',
          'Microsoft.Blueprint/blueprintAssignments/delete',
          'Microsoft.Compute/galleries/share/action',
          'Microsoft.Purview/consents/write',
          'Microsoft.Purview/consents/delete',
        ],
      ),
    ],
  },
  // Reader
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': {
    description: 'View all resources, but does not allow you to make any changes.',
    permissions: [block(['*/read'])],
  },
  // Key Vault Administrator
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': {
    description:
      "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: [
      block(
        [
          'Microsoft.Authorization/*/read',
          'Microsoft.Insights/alertRules/*',
          'Microsoft.Resources/deployments/*',
          'Microsoft.Resources/subscriptions/resourceGroups/read',
          'Microsoft.Support/*',
          'Microsoft.KeyVault/checkNameAvailability/read',
          'Microsoft.KeyVault/deletedVaults/read',
          'Microsoft.KeyVault/locations/*/read',
          'Microsoft.KeyVault/vaults/*/read',
          'Microsoft.KeyVault/operations/read',
        ],
        [],
        ['Microsoft.KeyVault/vaults/*'],
      ),
    ],
  },
  // User Access Administrator
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': {
    description: 'Lets you manage user access to Azure resources.',
    permissions: [block(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'])],
  },
  // Key Vault Contributor
  'f25e0fa2-a7c8-4377-a976-54943a77a395': {
    description: 'Lets you manage key vaults, but not access to them.',
    permissions: [
      block(
        ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.KeyVault/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'],
        ['Microsoft.KeyVault/locations/deletedVaults/purge/action', 'Microsoft.KeyVault/hsmPools/*', 'Microsoft.KeyVault/managedHsms/*'],
      ),
    ],
  },
  // Key Vault Secrets User
  '4633458b-17de-408a-b874-0445c86b69e6': {
    description: "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: [block([], [], ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'])],
  },
  // Storage Blob Data Contributor
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': {
    description: 'Allows for read, write and delete access to Azure Storage blob containers and data',
    permissions: [
      block(
        [
          'Microsoft.Storage/storageAccounts/blobServices/containers/delete',
          'Microsoft.Storage/storageAccounts/blobServices/containers/read',
          'Microsoft.Storage/storageAccounts/blobServices/containers/write',
          'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
        ],
        [],
        [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action',
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
        ],
      ),
    ],
  },
  // Website Contributor
  'de139f84-1756-47ae-9be6-808fbbe84772': {
    description: 'Lets you manage websites (not web plans), but not access to them.',
    permissions: [
      block([
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Insights/components/*',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Support/*',
        'Microsoft.Web/certificates/*',
        'Microsoft.Web/listSitesAssignedToHostName/read',
        'Microsoft.Web/serverFarms/join/action',
        'Microsoft.Web/serverFarms/read',
        'Microsoft.Web/sites/*',
      ]),
    ],
  },
};

/** Exported for the tests of the product's matcher: the built-in definitions as Learn publishes them. */
export function builtInRoleDefinition(roleGuid: string): BuiltInDefinition | undefined {
  return BUILT_IN_DEFINITIONS[roleGuid.toLowerCase()];
}

/** The permission blocks of a role (built-in or the scenario's custom role); none for a role the emulator does not know. */
export function permissionsOf(tenant: TenantState, roleGuid: string): Required<ScenarioPermissionBlock>[] {
  const builtIn = builtInRoleDefinition(roleGuid);
  if (builtIn) {
    return builtIn.permissions.map((entry) => ({ ...entry }));
  }
  const custom = (tenant.config.roleDefinitions ?? []).find((definition) => definition.id.toLowerCase() === roleGuid.toLowerCase());
  return (custom?.permissions ?? []).map((entry) => block(entry.actions ?? [], entry.notActions ?? [], entry.dataActions ?? [], entry.notDataActions ?? []));
}

/** `*` matches any characters, any case (as Azure RBAC reads Actions); the emulator's own check, independent of the product's. */
function matches(pattern: string, operation: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(operation);
}

/** Whether the blocks permit a control-plane action: an Actions entry matches and no NotActions entry of that block does. */
export function permitsAction(blocks: readonly Required<ScenarioPermissionBlock>[], action: string): boolean {
  return blocks.some((entry) => entry.actions.some((pattern) => matches(pattern, action)) && !entry.notActions.some((pattern) => matches(pattern, action)));
}

function definitionResource(tenant: TenantState, scope: string, roleGuid: string): unknown {
  const custom = !builtInRoleDefinition(roleGuid);
  const config = (tenant.config.roleDefinitions ?? []).find((definition) => definition.id.toLowerCase() === roleGuid);
  return {
    properties: {
      roleName: tenant.roleName(roleGuid),
      type: custom ? 'CustomRole' : 'BuiltInRole',
      description: builtInRoleDefinition(roleGuid)?.description ?? config?.description ?? '',
      assignableScopes: custom ? [...tenant.subscriptions.keys()].map((id) => `/subscriptions/${id}`) : ['/'],
      permissions: permissionsOf(tenant, roleGuid),
    },
    id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: roleGuid,
  };
}

/**
 * GET [{scope}]/providers/Microsoft.Authorization/roleDefinitions[/{guid}]: one definition (its id in the scope form
 * asked, as az and the SDK show it), or the list, with `$filter=type eq 'BuiltInRole' | 'CustomRole'` or
 * `roleName eq '…'` (RoleDefinitionFilter in the spec).
 */
export function getRoleDefinitions(req: ApiRequest, _ctx: HandlerContext, tenant: TenantState, scope: string, name: string | undefined): ApiResponse {
  const version = req.query.get('api-version');
  if (!version) {
    throw new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (version !== ROLE_DEFINITIONS_API_VERSION) {
    throw new ApiError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${ROLE_DEFINITIONS_API_VERSION}'.`);
  }
  const known = [...tenant.roleById.keys()];
  if (name !== undefined) {
    const guid = name.toLowerCase();
    if (!known.includes(guid)) {
      throw new ApiError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${name}' does not exist.`);
    }
    return { status: 200, body: definitionResource(tenant, scope, guid) };
  }
  const filter = req.query.get('$filter') ?? '';
  const type = /\btype\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
  const roleName = /\broleName\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
  const value = known
    .filter((guid) => type === undefined || (builtInRoleDefinition(guid) ? 'builtinrole' : 'customrole') === type)
    .filter((guid) => roleName === undefined || tenant.roleName(guid).toLowerCase() === roleName)
    .map((guid) => definitionResource(tenant, scope, guid));
  return { status: 200, body: { value } };
}
