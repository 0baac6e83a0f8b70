// What another extension may have activated through the API (ensureActive): a role the trusted workspace declares
// goes ahead without asking, within the declaration (its duration, else the user's default); anything else waits
// for the user's confirmation. Every justification says the request came through the API; what the API lists of the
// active roles never holds a token. Pure: no `vscode`.
import * as l10n from '@vscode/l10n';
import { clampActivationMinutes } from '../../shared/limits';
import { PROTOCOL_LIMITS } from '../../shared/protocol';
import { declares, type DeclaredRole } from './declaredRoles';
import type { RoleKind } from '../model/model';
import { rowKind } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';

export interface ApiRequestOptions {
  /** The caller's justification for roles that bring none. */
  readonly justification?: string;
  /** The caller's duration for roles that bring none. */
  readonly durationMinutes?: number;
  /** The user's azurePim.activation.defaultDurationMinutes: the cap for a declaration without a duration. */
  readonly defaultDurationMinutes: number;
}

export interface ApiRoleRequest {
  /** What to activate: role, scope, kind, tenant, duration and justification resolved. */
  readonly role: DeclaredRole;
  /** The workspace declares it: activated without asking. */
  readonly declared: boolean;
}

/**
 * Resolves each requested role against the workspace's declared roles (none in Restricted Mode). A declared role
 * keeps the declaration's justification and never runs longer than the declaration allows; the rest is what the
 * caller asked, for the user to confirm. The policy's maximum still caps both when the request is made.
 */
export function planApiRequest(requested: readonly DeclaredRole[], workspaceRoles: readonly DeclaredRole[], options: ApiRequestOptions): ApiRoleRequest[] {
  return requested.map((role): ApiRoleRequest => {
    const declaration = workspaceRoles.find((candidate) => declares(candidate, role));
    const wanted = role.durationMinutes ?? callerDuration(options.durationMinutes) ?? declaration?.durationMinutes ?? options.defaultDurationMinutes;
    const justification = (declaration ? (declaration.justification ?? role.justification) : role.justification) ?? options.justification;
    const tenantId = role.tenantId ?? declaration?.tenantId;
    return {
      declared: declaration !== undefined,
      role: {
        role: role.role,
        scope: role.scope,
        ...(role.kind ? { kind: role.kind } : {}),
        ...(tenantId ? { tenantId } : {}),
        durationMinutes: declaration ? Math.min(wanted, declaration.durationMinutes ?? options.defaultDurationMinutes) : wanted,
        ...(justification?.trim() ? { justification: justification.trim() } : {}),
      },
    };
  });
}

/** The caller's default duration, rounded and brought within the activation bounds; undefined when it is no number. */
function callerDuration(minutes: unknown): number | undefined {
  return typeof minutes === 'number' && Number.isFinite(minutes) ? clampActivationMinutes(minutes) : undefined;
}

/**
 * The justification sent for a request made through the API, so approvers and the audit log can tell. Applied after
 * the policy check: an empty justification still fails a policy that requires one.
 */
export function apiJustification(justification: string): string {
  const text = justification.trim();
  if (!text) {
    return l10n.t('Requested by another extension through the Azure PIM API');
  }
  const note = l10n.t('{0} (requested by another extension through the Azure PIM API)', '');
  const room = PROTOCOL_LIMITS.maxJustificationLength - note.length;
  return l10n.t('{0} (requested by another extension through the Azure PIM API)', text.length > room ? `${text.slice(0, room - 1)}…` : text);
}

/** What other extensions see of an active role (never a token). */
export interface ActiveRoleSummary {
  readonly kind: RoleKind;
  readonly tenantId: string;
  readonly roleName: string;
  readonly roleDefinitionId: string;
  readonly scope: string;
  readonly scopeDisplayName: string;
  readonly assignmentType: 'activated' | 'assigned';
  readonly endsAt?: string;
}

export function activeRoleSummaries(refs: readonly RowRef[]): ActiveRoleSummary[] {
  return refs.flatMap(({ row, connection }) => {
    const active = row.active;
    if (!active || (row.state !== 'active' && row.state !== 'assigned')) {
      return [];
    }
    return [
      {
        kind: rowKind(row),
        tenantId: connection.tenantId,
        roleName: row.roleName,
        roleDefinitionId: active.key.roleDefinitionId,
        scope: active.key.scope,
        scopeDisplayName: row.scope.displayName,
        assignmentType: row.state === 'active' ? ('activated' as const) : ('assigned' as const),
        ...(row.endsAt ? { endsAt: row.endsAt.toISOString() } : {}),
      },
    ];
  });
}
