// VS Code's side of a tree data provider, for unit tests of the Roles view (src/views/rolesTree.ts) on the `vscode`
// stand-in: on a whole-tree change it asks again for every node it shows (every expanded one, or all with
// `expandAll`), for a change of some elements it asks again for their tree items and, as VS Code does ("the changed
// element and its children recursively, if shown"), for the children of those it shows expanded; everything is counted.
import * as vscode from 'vscode';
import type { RolesTreeProvider } from '../../src/views/rolesTree';
import type { RolesTreeNode } from '../../src/views/treeNodes';

export interface DrawnRow {
  readonly label: string;
  readonly description: string;
  readonly id: string;
  readonly expanded: boolean;
  /** Collapsed or expanded: a node with children. */
  readonly collapsible: boolean;
}

/** What VS Code does with a tree data provider's changes, counted. */
export class DrawingView {
  getChildrenCalls = 0;
  wholeTreeRefreshes = 0;
  /** Labels and descriptions of the elements redrawn one by one, per change event. */
  readonly rowRedraws: DrawnRow[][] = [];
  /** Every row of the last whole draw. */
  drawnRows: DrawnRow[] = [];
  /** The rows below the elements redrawn one by one, drawn again with them. */
  readonly subtreeRows: DrawnRow[] = [];
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly tree: RolesTreeProvider,
    /** Draw every node, as if the user had expanded them all (default), or only those that start expanded. */
    private readonly expandAll = true,
  ) {
    this.subscription = tree.onDidChangeTreeData((changed) => {
      if (changed === undefined) {
        this.wholeTreeRefreshes++;
        this.drawAll();
      } else {
        this.rowRedraws.push(
          (Array.isArray(changed) ? changed : [changed]).map((element) => {
            const row = this.draw(element);
            if (this.isOpen(row)) {
              this.subtreeRows.push(...this.drawSubtree(element));
            }
            return row;
          }),
        );
      }
    });
  }

  /** Draws the whole tree, as VS Code does on a whole-tree change. */
  drawAll(): void {
    this.drawnRows = this.drawSubtree(undefined);
  }

  private drawSubtree(node: RolesTreeNode | undefined): DrawnRow[] {
    this.getChildrenCalls++;
    return this.tree.getChildren(node).flatMap((child) => {
      const row = this.draw(child);
      return [row, ...(this.isOpen(row) ? this.drawSubtree(child) : [])];
    });
  }

  /** Shown with its children: every node with children (`expandAll`), or the expanded ones. */
  private isOpen(row: DrawnRow): boolean {
    return this.expandAll ? row.collapsible : row.expanded;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private draw(element: RolesTreeNode): DrawnRow {
    const item = this.tree.getTreeItem(element);
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : '',
      id: item.id ?? '',
      expanded: item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded,
      collapsible: item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    };
  }
}
