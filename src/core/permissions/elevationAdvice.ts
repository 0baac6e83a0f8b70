// From a denied operation and its scope to the role to activate: reads the definitions of the user's Azure roles,
// keeps the ones that grant the operation at a scope holding the failing one, and ranks them: a scope known to hold
// it, then fewest permissions granted (least privilege), then the narrowest scope, then no approval, then pinned.
// When none fits, the smallest built-in role that would grant it. Pure orchestration: no `vscode`; the sources (the
// store's rows, the definition cache, the policy cache, the pinned set) are handed in.
import type { OperationKind } from './authorizationErrors';
import { scopeHolds, subscriptionOf, type FailingScope } from './failingScope';
import { grantBreadth, grantingEntry } from './permissionMatching';
import type { RoleDefinition } from './roleDefinition';
import type { ScopeType } from '../model/model';
import { rowKind, type RoleState } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';

/** "certain": the role's scope is the failing one or an ancestor by id; "uncertain": a management group (or a tenant root) that may hold it. */
export type Containment = 'certain' | 'uncertain';

export interface RoleCandidate {
  readonly ref: RowRef;
  readonly definition: RoleDefinition;
  /** The Actions / DataActions entry that grants the operation, e.g. "Microsoft.Web/sites/*". */
  readonly grant: string;
  readonly breadth: number;
  readonly containment: Containment;
  /** undefined: the policy could not be read. */
  readonly requiresApproval?: boolean;
  readonly pinned: boolean;
}

export interface DeniedOperation {
  readonly operation: string;
  readonly kind: OperationKind;
  /** Absent when the error names no (usable) scope: then every role that grants the operation anywhere is offered. */
  readonly scope?: FailingScope;
}

export interface ElevationAdvice extends DeniedOperation {
  /** Roles active now (or permanently assigned) that grant it: the access exists, or Azure has not applied it yet. */
  readonly active: readonly RoleCandidate[];
  /** Roles the user can activate (or has asked for) that grant it, best first. */
  readonly eligible: readonly RoleCandidate[];
  /** When no role of the user grants it: the least-privileged built-in role that would. */
  readonly builtIn?: RoleDefinition;
  /** Roles whose definition could not be read: they might grant it too. */
  readonly unreadable: readonly RowRef[];
}

export interface AdviceSources {
  readonly rows: readonly RowRef[];
  definition(ref: RowRef): Promise<RoleDefinition>;
  /** Built-in role definitions of a tenant (the failing scope's when known, else undefined = any). */
  builtIns(tenantId: string | undefined): Promise<RoleDefinition[]>;
  requiresApproval(ref: RowRef): Promise<boolean | undefined>;
  isPinned(rowId: string): boolean;
}

const ACTIVE_STATES: ReadonlySet<RoleState> = new Set<RoleState>(['active', 'assigned']);
const SCOPE_DEPTH: Readonly<Record<ScopeType, number>> = { tenant: 0, managementGroup: 1, subscription: 2, resourceGroup: 3, resource: 4, directory: 0, group: 0 };

/** The tenant that lists the failing scope's subscription, when one of the signed-in tenants does. */
function tenantOfScope(rows: readonly RowRef[], scope: FailingScope | undefined): string | undefined {
  const subscription = scope && subscriptionOf(scope.id);
  if (!subscription) {
    return undefined;
  }
  return rows.find((ref) => ref.tenant.subscriptionNames.has(subscription) || subscriptionOf(ref.row.scope.id) === subscription)?.connection.tenantId;
}

/** Whether a role's scope holds the failing scope; undefined when it cannot. */
function containment(ref: RowRef, scope: FailingScope | undefined, scopeTenant: string | undefined): Containment | undefined {
  if (!scope) {
    return 'uncertain';
  }
  const roleScope = ref.row.scope.id;
  const sameTenant = scopeTenant === undefined || scopeTenant === ref.connection.tenantId;
  if (roleScope !== '/' && scopeHolds(roleScope, scope.id)) {
    return 'certain';
  }
  if (!sameTenant) {
    return undefined;
  }
  if (roleScope === '/') {
    return scopeTenant !== undefined || subscriptionOf(scope.id) === undefined ? 'certain' : 'uncertain';
  }
  // A management group holds the subscriptions placed under it; which ones is not known here.
  return ref.row.scope.type === 'managementGroup' && subscriptionOf(scope.id) !== undefined ? 'uncertain' : undefined;
}

function compareCandidates(a: RoleCandidate, b: RoleCandidate): number {
  const approval = (candidate: RoleCandidate): number => (candidate.requiresApproval === false ? 0 : candidate.requiresApproval === undefined ? 1 : 2);
  return (
    Number(a.containment === 'uncertain') - Number(b.containment === 'uncertain') ||
    a.breadth - b.breadth ||
    SCOPE_DEPTH[b.ref.row.scope.type] - SCOPE_DEPTH[a.ref.row.scope.type] ||
    approval(a) - approval(b) ||
    Number(b.pinned) - Number(a.pinned) ||
    a.ref.row.roleName.localeCompare(b.ref.row.roleName) ||
    a.ref.row.scope.displayName.localeCompare(b.ref.row.scope.displayName)
  );
}

/** Which of the user's Azure roles grant the denied operation at its scope, best first; see the file comment. */
export async function adviseElevation(denied: DeniedOperation, sources: AdviceSources): Promise<ElevationAdvice> {
  const scopeTenant = tenantOfScope(sources.rows, denied.scope);
  const inScope = sources.rows.flatMap((ref) => {
    if (rowKind(ref.row) !== 'azure') {
      return [];
    }
    const held = containment(ref, denied.scope, scopeTenant);
    return held ? [{ ref, held }] : [];
  });
  const unreadable: RowRef[] = [];
  const granting = await Promise.all(
    inScope.map(async ({ ref, held }) => {
      let definition: RoleDefinition;
      try {
        definition = await sources.definition(ref);
      } catch {
        unreadable.push(ref);
        return undefined;
      }
      const grant = grantingEntry(definition.permissions, denied.operation, denied.kind);
      return grant === undefined ? undefined : { ref, held, definition, grant };
    }),
  );
  const candidates = await Promise.all(
    granting.flatMap((found) => found ?? []).map(async ({ ref, held, definition, grant }): Promise<RoleCandidate> => {
      const requiresApproval = ACTIVE_STATES.has(ref.row.state) ? false : await sources.requiresApproval(ref).catch(() => undefined);
      return {
        ref,
        definition,
        grant,
        breadth: grantBreadth(definition),
        containment: held,
        ...(requiresApproval === undefined ? {} : { requiresApproval }),
        pinned: sources.isPinned(ref.row.id),
      };
    }),
  );
  const active = candidates.filter((candidate) => ACTIVE_STATES.has(candidate.ref.row.state)).sort(compareCandidates);
  const eligible = candidates.filter((candidate) => !ACTIVE_STATES.has(candidate.ref.row.state)).sort(compareCandidates);
  const builtIn = active.length === 0 && eligible.length === 0 ? await smallestBuiltIn(denied, sources, scopeTenant) : undefined;
  return { ...denied, active, eligible, ...(builtIn ? { builtIn } : {}), unreadable };
}

async function smallestBuiltIn(denied: DeniedOperation, sources: AdviceSources, tenantId: string | undefined): Promise<RoleDefinition | undefined> {
  const definitions = await sources.builtIns(tenantId).catch(() => []);
  return definitions
    .filter((definition) => grantingEntry(definition.permissions, denied.operation, denied.kind) !== undefined)
    .map((definition) => ({ definition, breadth: grantBreadth(definition) }))
    .sort((a, b) => a.breadth - b.breadth || a.definition.roleName.localeCompare(b.definition.roleName))[0]?.definition;
}
