// The roles a workspace declares (azurePim.workspaceRoles, an azure-pim task, or another extension through the API):
// read from untrusted JSON, and matched to the store's rows and to each other by one set of rules. What is then done
// with them is in ensureRoles.ts. Pure: no `vscode` import; tested in plain mocha.
import * as l10n from '@vscode/l10n';
import type { RoleKind } from '../model/model';
import { rowKind, type RoleRow } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';
import { nameText } from '../../shared/inertText';
import { ACTIVATION_LIMITS, isActivationMinutes } from '../../shared/limits';

/** One role a workspace needs (the shape of `azurePim.workspaceRoles` items and of the task's `roles`). */
export interface DeclaredRole {
  /** Role name ("Contributor", case-insensitive) or role definition id (full ARM id, its GUID, or the Entra id). */
  readonly role: string;
  /** ARM scope id, "/" for the Entra directory, or the group id for PIM for Groups. */
  readonly scope: string;
  /** Default "azure". */
  readonly kind?: RoleKind;
  readonly durationMinutes?: number;
  readonly justification?: string;
  /** Needed only when the same role and scope exist in several signed-in tenants. */
  readonly tenantId?: string;
}

const KINDS: readonly RoleKind[] = ['azure', 'entra', 'group'];
const MAX_DECLARED = 50;
const MAX_TEXT = 500;

/**
 * Reads declared roles from untrusted JSON (settings, tasks.json, another extension): keeps the valid entries and
 * says what is wrong with the others, so one typo does not hide the rest.
 */
export function parseDeclaredRoles(value: unknown, where = 'azurePim.workspaceRoles'): { roles: DeclaredRole[]; problems: string[] } {
  const roles: DeclaredRole[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) {
    return { roles, problems };
  }
  if (!Array.isArray(value)) {
    return { roles, problems: [l10n.t('{0} must be an array of { role, scope } objects.', where)] };
  }
  value.slice(0, MAX_DECLARED).forEach((item: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(l10n.t('{0} must be an object with "role" and "scope".', at));
      return;
    }
    const entry = item as Record<string, unknown>;
    const role = typeof entry.role === 'string' ? entry.role.trim() : '';
    const scope = typeof entry.scope === 'string' ? entry.scope.trim() : '';
    if (!role || role.length > MAX_TEXT || !scope || scope.length > MAX_TEXT) {
      problems.push(l10n.t('{0} needs a "role" (name or role definition id) and a "scope".', at));
      return;
    }
    if (entry.kind !== undefined && !KINDS.includes(entry.kind as RoleKind)) {
      problems.push(l10n.t('{0}.kind must be "azure", "entra" or "group".', at));
      return;
    }
    const duration = entry.durationMinutes;
    if (duration !== undefined && !isActivationMinutes(duration)) {
      problems.push(l10n.t('{0}.durationMinutes must be a number of minutes between {1} and {2}.', at, ACTIVATION_LIMITS.minMinutes, ACTIVATION_LIMITS.maxMinutes));
      return;
    }
    if (entry.justification !== undefined && (typeof entry.justification !== 'string' || entry.justification.length > MAX_TEXT)) {
      problems.push(l10n.t('{0}.justification must be a text of at most {1} characters.', at, MAX_TEXT));
      return;
    }
    if (entry.tenantId !== undefined && (typeof entry.tenantId !== 'string' || !/^[0-9a-f-]{36}$/i.test(entry.tenantId))) {
      problems.push(l10n.t('{0}.tenantId must be a tenant id (GUID).', at));
      return;
    }
    roles.push({
      role,
      scope,
      ...(entry.kind !== undefined ? { kind: entry.kind as RoleKind } : {}),
      ...(typeof duration === 'number' ? { durationMinutes: Math.round(duration) } : {}),
      ...(typeof entry.justification === 'string' && entry.justification.trim() ? { justification: entry.justification.trim() } : {}),
      ...(typeof entry.tenantId === 'string' ? { tenantId: entry.tenantId.toLowerCase() } : {}),
    });
  });
  if (value.length > MAX_DECLARED) {
    problems.push(l10n.t('{0} lists more than {1} roles; only the first {1} are used.', where, MAX_DECLARED));
  }
  return { roles, problems };
}

/** "Contributor on /subscriptions/…" for messages. */
export function declaredLabel(declared: DeclaredRole): string {
  return l10n.t('{0} on {1}', nameText(declared.role), nameText(declared.scope));
}

function normalizeScope(scope: string): string {
  const trimmed = scope.trim().toLowerCase();
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
}

/** The GUID at the end of a role definition id ("…/roleDefinitions/<guid>"), or the text itself. */
function roleDefinitionTail(id: string): string {
  return (id.split('/').pop() ?? id).toLowerCase();
}

function keyOf(row: RoleRow) {
  return (row.eligible ?? row.active ?? row.pending)?.key;
}

/** Whether two role texts (name, role definition id or its GUID) name the same role; case-insensitive. */
function sameRoleText(wanted: string, candidate: string): boolean {
  const a = wanted.trim().toLowerCase();
  const b = candidate.trim().toLowerCase();
  if (a === b) {
    return true;
  }
  // "/providers/Microsoft.Authorization/roleDefinitions/<guid>" and the bare GUID name the same Azure role.
  return /^[0-9a-f-]{36}$/.test(roleDefinitionTail(a)) && roleDefinitionTail(a) === roleDefinitionTail(b);
}

/** The parts of a role that matching compares: kind, tenant, scope and the role's name or definition id. */
function sameRole(declared: DeclaredRole, candidate: { kind: RoleKind; tenantId?: string; scope: string; roleTexts: readonly string[] }): boolean {
  if ((declared.kind ?? 'azure') !== candidate.kind) {
    return false;
  }
  if (declared.tenantId && candidate.tenantId && declared.tenantId.toLowerCase() !== candidate.tenantId.toLowerCase()) {
    return false;
  }
  return normalizeScope(candidate.scope) === normalizeScope(declared.scope) && candidate.roleTexts.some((text) => sameRoleText(declared.role, text));
}

/** Whether a row is the declared role: same kind, role name or role definition id, scope (case-insensitive), tenant. */
export function rowMatches(declared: DeclaredRole, ref: RowRef): boolean {
  const key = keyOf(ref.row);
  return (
    key !== undefined &&
    sameRole(declared, { kind: rowKind(ref.row), tenantId: ref.connection.tenantId, scope: key.scope, roleTexts: [ref.row.roleName, key.roleDefinitionId] })
  );
}

/**
 * Whether `requested` asks for a role that `declared` covers, by the rules rowMatches applies to rows: same kind, scope
 * and role text (name or definition id, as written, any case); a declaration bound to a tenant covers requests for
 * that tenant or for none in particular.
 */
export function declares(declared: DeclaredRole, requested: DeclaredRole): boolean {
  return sameRole(declared, { kind: requested.kind ?? 'azure', tenantId: requested.tenantId, scope: requested.scope, roleTexts: [requested.role] });
}

/** Whether `outer` is `scope` or one of its ancestors (an ARM scope id, any case, trailing slash or not). */
export function isAtOrAbove(outer: string, scope: string): boolean {
  const inner = normalizeScope(scope);
  const candidate = normalizeScope(outer);
  return inner === candidate || inner.startsWith(`${candidate}/`);
}
