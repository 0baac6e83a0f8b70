// Whether a role definition permits an operation, the way Azure RBAC evaluates it (Microsoft Learn, "Understand Azure
// role definitions", https://learn.microsoft.com/azure/role-based-access-control/role-definitions): a wildcard `*`
// "extends a permission to everything that matches the action string you provide" (`Microsoft.Web/*`, `*/read`,
// `Microsoft.KeyVault/vaults/*/read`); the effective permissions of a permission block are its Actions minus its
// NotActions, and likewise DataActions minus NotDataActions; operation strings compare without regard to case. A
// NotActions entry removes only from the Actions of its own block: another block (or another role) can still grant it.
import type { OperationKind } from './authorizationErrors';
import type { PermissionBlock, RoleDefinition } from './roleDefinition';

/** `*` matches any run of characters (also none, also across `/`); everything else matches itself, any case. */
export function operationMatches(pattern: string, operation: string): boolean {
  const p = pattern.toLowerCase();
  const o = operation.toLowerCase();
  // Iterative wildcard matching: on a mismatch, go back to just after the last `*` and let it take one more character.
  let pi = 0;
  let oi = 0;
  let star = -1;
  let starMatch = 0;
  while (oi < o.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      starMatch = oi;
    } else if (pi < p.length && p[pi] === o[oi]) {
      pi++;
      oi++;
    } else if (star >= 0) {
      pi = star + 1;
      oi = ++starMatch;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') {
    pi++;
  }
  return pi === p.length;
}

/** The entry of the block that grants the operation, unless an entry of the same block takes it away. */
export function blockGrant(block: PermissionBlock, operation: string, kind: OperationKind): string | undefined {
  const [allowed, excluded] = kind === 'action' ? [block.actions, block.notActions] : [block.dataActions, block.notDataActions];
  const grant = allowed.find((pattern) => operationMatches(pattern, operation));
  return grant !== undefined && !excluded.some((pattern) => operationMatches(pattern, operation)) ? grant : undefined;
}

/** The entry through which these blocks grant the operation (the first block that does), or undefined. */
export function grantingEntry(blocks: readonly PermissionBlock[], operation: string, kind: OperationKind): string | undefined {
  for (const block of blocks) {
    const grant = blockGrant(block, operation, kind);
    if (grant !== undefined) {
      return grant;
    }
  }
  return undefined;
}

/**
 * A rough measure of how much an entry grants, for ranking only (Azure does not publish counts per wildcard): an exact
 * operation is 1; a wildcard after k literal segments ("Microsoft.Web/sites/*": k = 2) is 10^(6 − 2k), at least 10;
 * a literal segment after the wildcard (the "read" of "*" + "/read") narrows it tenfold.
 */
function entryBreadth(entry: string): number {
  const segments = entry.split('/');
  const wildcardAt = segments.findIndex((segment) => segment.includes('*'));
  if (wildcardAt < 0) {
    return 1;
  }
  const base = Math.max(10, 10 ** (6 - 2 * wildcardAt));
  const narrowedByTail = segments.slice(wildcardAt + 1).some((segment) => segment !== '' && !segment.includes('*'));
  return narrowedByTail ? base / 10 : base;
}

/**
 * How much a role grants, by entryBreadth: per permission block its Actions and DataActions, less what its NotActions
 * and NotDataActions take away (so Contributor, `*` minus eight entries, ranks below Owner's `*`); fewer is less privilege.
 */
export function grantBreadth(definition: RoleDefinition): number {
  const sum = (entries: readonly string[]): number => entries.reduce((total, entry) => total + entryBreadth(entry), 0);
  return definition.permissions.reduce((total, block) => {
    const granted = sum(block.actions) + sum(block.dataActions);
    return granted === 0 ? total : total + Math.max(1, granted - sum(block.notActions) - sum(block.notDataActions));
  }, 0);
}

/** Whether the role grants every control-plane action (an Actions entry of `*`). */
export function grantsEveryAction(definition: RoleDefinition): boolean {
  return definition.permissions.some((block) => block.actions.includes('*'));
}

/** How many NotActions / NotDataActions entries the role has. */
export function exclusionCount(definition: RoleDefinition): number {
  return definition.permissions.reduce((sum, block) => sum + block.notActions.length + block.notDataActions.length, 0);
}

/** How many Actions / DataActions entries the role has. */
export function entryCount(definition: RoleDefinition): number {
  return definition.permissions.reduce((sum, block) => sum + block.actions.length + block.dataActions.length, 0);
}
