// Which tenants the user can see in the Roles view now: the periodic refresh reads only those (core/store/roleStore.ts,
// RefreshMode `periodic`), and a tenant skipped meanwhile is read as soon as it is seen again. The VS Code layer
// (src/views/tenantVisibility.ts) reports what happens in the view; the decision is made here. Pure: tested in plain mocha.
import { EventSource, type Disposable } from '../model/events';
import type { RoleRow } from '../model/roleRows';
import { rowMatchesFilter } from './treeFilter';

/** What the decision needs of a tenant (a TenantSnapshot). */
export interface VisibleTenant {
  readonly tenantId: string;
  readonly rows: readonly RoleRow[];
}

/**
 * A tenant is seen when the view is shown and one of its rows can be on screen: its node is expanded (tenant nodes start
 * expanded, rolesTree.ts) and a row matches the filter, or a row of it is pinned (the Pinned section shows it whatever its
 * tenant's node does) and matches the filter. A tenant shown alone has no node of its own, so it cannot be collapsed.
 * Until the view says otherwise every tenant is seen: a user who collapses nothing sees no change.
 */
export class TenantVisibility implements Disposable {
  private viewVisible = true;
  private readonly collapsed = new Set<string>();
  private filterText = '';
  private pinned: ReadonlySet<string> = new Set();
  private readonly changed = new EventSource<void>();
  /** Something that decides what is seen changed (a tenant may have come into view). */
  readonly onDidChange = this.changed.event;

  seen(tenant: VisibleTenant, alone: boolean): boolean {
    if (!this.viewVisible) {
      return false;
    }
    const matching = (row: RoleRow): boolean => rowMatchesFilter(row, this.filterText);
    if (this.pinned.size > 0 && tenant.rows.some((row) => this.pinned.has(row.id) && matching(row))) {
      return true;
    }
    if (!alone && this.collapsed.has(tenant.tenantId)) {
      return false;
    }
    return this.filterText === '' || tenant.rows.some(matching);
  }

  setViewVisible(visible: boolean): void {
    this.update(this.viewVisible !== visible, () => (this.viewVisible = visible));
  }

  setCollapsed(tenantId: string, collapsed: boolean): void {
    this.update(this.collapsed.has(tenantId) !== collapsed, () => (collapsed ? this.collapsed.add(tenantId) : this.collapsed.delete(tenantId)));
  }

  setFilter(text: string): void {
    const trimmed = text.trim();
    this.update(this.filterText !== trimmed, () => (this.filterText = trimmed));
  }

  setPinned(rowIds: ReadonlySet<string>): void {
    const same = rowIds.size === this.pinned.size && [...rowIds].every((id) => this.pinned.has(id));
    this.update(!same, () => (this.pinned = new Set(rowIds)));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private update(differs: boolean, apply: () => unknown): void {
    if (differs) {
      apply();
      this.changed.fire();
    }
  }
}
