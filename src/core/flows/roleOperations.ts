// Routes an operation on a role to the API that owns it: ARM for Azure resource roles, Microsoft Graph
// for Entra roles and PIM for Groups (RoleKey.kind). Callers never pick a client themselves.
import * as l10n from '@vscode/l10n';
import { PimError } from '../errors/errors';
import type { GraphPimClient } from '../api/graphPimClient';
import { groupAccessId } from '../api/graphMapping';
import type { ActiveRole, RoleKey, RoleKind, RoleRequest } from '../model/model';
import type { ActivationPolicy } from '../../shared/policyShape';
import type { TenantConnection } from '../store/roleStore';

export function graphOf(connection: TenantConnection): GraphPimClient {
  if (!connection.graph) {
    throw new PimError({
      kind: 'graphPermissionMissing',
      message: `Entra roles and groups are not connected for ${connection.displayName}.`,
      userMessage: l10n.t('Entra roles and groups are not available for this tenant. Check the azurePim.graph.clientId setting and sign in again.'),
    });
  }
  return connection.graph;
}

/** "member" | "owner" from a group role key (its roleDefinitionId). */
export function accessOf(key: RoleKey): 'member' | 'owner' {
  const access = groupAccessId(key.roleDefinitionId);
  if (!access) {
    throw new PimError({ kind: 'unknown', message: `Not a group access: ${key.roleDefinitionId.slice(0, 50)}` });
  }
  return access;
}

/** Loads the management policy of the role behind `key` (for the PolicyCache). */
export function loadPolicy(connection: TenantConnection, key: RoleKey, signal?: AbortSignal): Promise<ActivationPolicy> {
  switch (key.kind) {
    case 'azure':
      return connection.arm.getPolicy(key.scope, key.roleDefinitionId, signal);
    case 'entra':
      return graphOf(connection).getEntraPolicy(key.roleDefinitionId, signal);
    case 'group':
      return graphOf(connection).getGroupPolicy(key.scope, accessOf(key), signal);
  }
}

/** Active roles of one surface (to watch an activation appear). */
export function listActiveOfKind(connection: TenantConnection, kind: RoleKind, signal?: AbortSignal): Promise<ActiveRole[]> {
  switch (kind) {
    case 'azure':
      return connection.arm.listActive(signal);
    case 'entra':
      return graphOf(connection).listEntraActive(signal);
    case 'group':
      return graphOf(connection).listGroupActive(signal);
  }
}

/** My requests on one surface (to read a request back when its reply was lost). */
export function listRequestsOfKind(connection: TenantConnection, kind: RoleKind, signal?: AbortSignal): Promise<RoleRequest[]> {
  switch (kind) {
    case 'azure':
      return connection.arm.listMyRequests(signal);
    case 'entra':
      return graphOf(connection).listMyEntraRequests(signal);
    case 'group':
      return graphOf(connection).listMyGroupRequests(signal);
  }
}

export function cancelRoleRequest(connection: TenantConnection, request: RoleRequest, signal?: AbortSignal): Promise<void> {
  switch (request.key.kind) {
    case 'azure':
      return connection.arm.cancelRequest(request.scope.id, request.name, signal);
    case 'entra':
      return graphOf(connection).cancelEntraRequest(request.id, signal);
    case 'group':
      return graphOf(connection).cancelGroupRequest(request.id, signal);
  }
}
