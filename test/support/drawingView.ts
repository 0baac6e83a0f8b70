// VS Code's side of a tree data provider, for unit tests of the Roles view (src/views/rolesTree.ts) on the `vscode`
// stand-in: on a whole-tree change it asks again for every node it shows (every expanded one, or all with
// `expandAll`), for a change of some elements it asks again for their tree items only; everything is counted.
import * as vscode from 'vscode';
import type { RolesTreeProvider } from '../../src/views/rolesTree';
import type { RolesTreeNode } from '../../src/views/treeNodes';

export interface DrawnRow {
  readonly label: string;
  readonly description: string;
  readonly id: string;
  readonly expanded: boolean;
}

/** What VS Code does with a tree data provider's changes, counted. */
export class DrawingView {
  getChildrenCalls = 0;
  wholeTreeRefreshes = 0;
  /** Labels and descriptions of the elements redrawn one by one, per change event. */
  readonly rowRedraws: DrawnRow[][] = [];
  /** Every row of the last whole draw. */
  drawnRows: DrawnRow[] = [];
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
        this.rowRedraws.push((Array.isArray(changed) ? changed : [changed]).map((element) => this.draw(element)));
      }
    });
  }

  drawAll(node?: RolesTreeNode): void {
    if (!node) {
      this.drawnRows = [];
    }
    this.getChildrenCalls++;
    for (const child of this.tree.getChildren(node)) {
      const row = this.draw(child);
      this.drawnRows.push(row);
      if (this.expandAll || row.expanded) {
        this.drawAll(child);
      }
    }
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
    };
  }
}
