// The Roles view's filter: which rows and scope nodes a filter text keeps. Pure: tested in plain mocha.
import type { RoleRow, ScopeNode } from '../model/roleRows';

/** Whether the role name, scope name, scope id or state contains the (trimmed) filter text, in any case; no filter keeps every row. */
export function rowMatchesFilter(row: RoleRow, filter: string): boolean {
  if (!filter) {
    return true;
  }
  const needle = filter.toLowerCase();
  return [row.roleName, row.scope.displayName, row.scope.id, row.state].some((text) => text.toLowerCase().includes(needle));
}

/** Whether a scope node has a matching row in it or below it. */
export function nodeMatchesFilter(node: ScopeNode, filter: string): boolean {
  return node.roles.some((row) => rowMatchesFilter(row, filter)) || node.children.some((child) => nodeMatchesFilter(child, filter));
}
