// Tells the tenant visibility model (core/views/tenantVisibility.ts) what the Roles view shows: tenant nodes collapsed
// or expanded, the filter text, the pinned rows, whether the view is visible at all. The decision is made there.
import * as vscode from 'vscode';
import type { TenantVisibility } from '../core/views/tenantVisibility';
import type { PinnedRows, RolesTreeProvider } from './rolesTree';
import type { RolesTreeNode } from './treeNodes';

export function followTenantVisibility(view: vscode.TreeView<RolesTreeNode>, tree: RolesTreeProvider, pins: PinnedRows, visibility: TenantVisibility): vscode.Disposable {
  visibility.setViewVisible(view.visible);
  visibility.setFilter(tree.filter);
  visibility.setPinned(pins.pinnedIds);
  const collapsed = (element: RolesTreeNode, isCollapsed: boolean): void => {
    if (element.kind === 'tenant') {
      visibility.setCollapsed(element.tenant.tenantId, isCollapsed);
    }
  };
  return vscode.Disposable.from(
    view.onDidCollapseElement(({ element }) => collapsed(element, true)),
    view.onDidExpandElement(({ element }) => collapsed(element, false)),
    view.onDidChangeVisibility(({ visible }) => visibility.setViewVisible(visible)),
    tree.onDidChangeFilter((text) => visibility.setFilter(text)),
    pins.onDidChange(() => visibility.setPinned(pins.pinnedIds)),
  );
}
