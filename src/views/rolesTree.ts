// The "Roles" view: tenants → scopes (management groups, subscriptions → resource groups → resources) → roles.
import * as vscode from 'vscode';
import type { ActivationPolicy } from '../core/model';
import type { PolicyCache } from '../core/policyCache';
import { rowDescription, rowTooltipLines, SCOPE_TYPE_LABELS } from '../core/presentation';
import { groupByScope, type RoleRow, type ScopeNode } from '../core/roleRows';
import type { RoleStore, RowRef, TenantSnapshot } from '../core/roleStore';

export type RolesTreeNode = TenantItem | ScopeItem | RoleItem | MessageItem;

export class TenantItem {
  readonly kind = 'tenant';
  constructor(readonly tenant: TenantSnapshot) {}
}

export class ScopeItem {
  readonly kind = 'scope';
  constructor(
    readonly tenant: TenantSnapshot,
    readonly node: ScopeNode,
  ) {}
}

export class RoleItem {
  readonly kind = 'role';
  constructor(readonly ref: RowRef) {}
  get row(): RoleRow {
    return this.ref.row;
  }
}

export class MessageItem {
  readonly kind = 'message';
  constructor(
    readonly id: string,
    readonly text: string,
    readonly icon: vscode.ThemeIcon,
    readonly command?: vscode.Command,
    readonly tooltip?: string,
  ) {}
}

const STATE_ICONS: Record<RoleRow['state'], vscode.ThemeIcon> = {
  eligible: new vscode.ThemeIcon('unlock'),
  active: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
  assigned: new vscode.ThemeIcon('verified'),
  pendingApproval: new vscode.ThemeIcon('watch', new vscode.ThemeColor('charts.yellow')),
  scheduled: new vscode.ThemeIcon('calendar'),
};

const SCOPE_ICONS: Record<ScopeNode['scope']['type'], string> = {
  tenant: 'organization',
  managementGroup: 'type-hierarchy',
  subscription: 'key',
  resourceGroup: 'folder',
  resource: 'symbol-misc',
};

export class RolesTreeProvider implements vscode.TreeDataProvider<RolesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RolesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private filterText = '';
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RoleStore,
    private readonly policies: PolicyCache,
    private readonly now: () => Date = () => new Date(),
  ) {
    const subscription = store.onDidChange(() => {
      this.scheduleRefresh();
      this.prefetchPolicies();
    });
    this.disposables.push({ dispose: () => subscription.dispose() });
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    void vscode.commands.executeCommand('setContext', 'azurePim.filtered', this.filterText !== '');
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(element: RolesTreeNode): vscode.TreeItem {
    switch (element.kind) {
      case 'tenant':
        return this.tenantTreeItem(element);
      case 'scope':
        return this.scopeTreeItem(element);
      case 'role':
        return this.roleTreeItem(element);
      case 'message': {
        const item = new vscode.TreeItem(element.text, vscode.TreeItemCollapsibleState.None);
        item.id = element.id;
        item.iconPath = element.icon;
        item.contextValue = 'message';
        if (element.command) {
          item.command = element.command;
        }
        if (element.tooltip) {
          item.tooltip = element.tooltip;
        }
        return item;
      }
    }
  }

  getChildren(element?: RolesTreeNode): RolesTreeNode[] {
    if (!element) {
      const tenants = this.store.tenants;
      if (tenants.length === 1 && tenants[0]) {
        return this.tenantChildren(tenants[0]);
      }
      return tenants.map((tenant) => new TenantItem(tenant));
    }
    switch (element.kind) {
      case 'tenant':
        return this.tenantChildren(element.tenant);
      case 'scope':
        return [
          ...element.node.children.filter((child) => this.nodeMatches(child)).map((child) => new ScopeItem(element.tenant, child)),
          ...element.node.roles.filter((row) => this.rowMatches(row)).map((row) => this.roleItem(element.tenant, row)),
        ];
      default:
        return [];
    }
  }

  dispose(): void {
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
    }
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private roleItem(tenant: TenantSnapshot, row: RoleRow): RoleItem {
    const connection = this.store.connection(tenant.tenantId);
    // The store only holds rows of connected tenants, so the connection exists.
    return new RoleItem({ tenant, row, connection: connection as NonNullable<typeof connection> });
  }

  private tenantChildren(tenant: TenantSnapshot): RolesTreeNode[] {
    const children: RolesTreeNode[] = [];
    for (const problem of tenant.problems) {
      const signIn = problem.error.kind === 'authentication';
      children.push(
        new MessageItem(
          `${tenant.tenantId}/problem/${problem.what}`,
          signIn ? `Sign in to ${tenant.displayName}` : `Could not read ${problem.what}: ${problem.error.userMessage}`,
          new vscode.ThemeIcon(signIn ? 'sign-in' : 'warning', new vscode.ThemeColor(signIn ? 'foreground' : 'problemsWarningIcon.foreground')),
          signIn
            ? { command: 'azurePim.signInToTenant', title: 'Sign in', arguments: [tenant.tenantId] }
            : { command: 'azurePim.refresh', title: 'Retry', arguments: [tenant.tenantId] },
          problem.error.userMessage,
        ),
      );
    }
    if (tenant.status === 'loading' && tenant.rows.length === 0) {
      children.push(new MessageItem(`${tenant.tenantId}/loading`, 'Loading roles…', new vscode.ThemeIcon('loading~spin')));
      return children;
    }
    const rows = tenant.rows.filter((row) => this.rowMatches(row));
    if (tenant.rows.length === 0 && tenant.problems.length === 0) {
      children.push(
        new MessageItem(
          `${tenant.tenantId}/empty`,
          'No eligible or active Azure roles in this tenant',
          new vscode.ThemeIcon('info'),
          { command: 'azurePim.refresh', title: 'Refresh', arguments: [tenant.tenantId] },
          'PIM shows roles an administrator made you eligible for. Ask your administrator, or refresh.',
        ),
      );
    } else if (rows.length === 0 && this.filterText) {
      children.push(
        new MessageItem(`${tenant.tenantId}/filtered`, `No roles match “${this.filterText}”`, new vscode.ThemeIcon('filter'), {
          command: 'azurePim.clearFilter',
          title: 'Clear filter',
        }),
      );
    }
    for (const node of groupByScope(rows, tenant.subscriptionNames)) {
      children.push(new ScopeItem(tenant, node));
    }
    return children;
  }

  private tenantTreeItem(element: TenantItem): vscode.TreeItem {
    const item = new vscode.TreeItem(element.tenant.displayName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `tenant/${element.tenant.tenantId}`;
    item.iconPath = new vscode.ThemeIcon(element.tenant.status === 'loading' ? 'loading~spin' : 'organization');
    item.description = element.tenant.status === 'loading' ? 'loading…' : `${element.tenant.rows.length} roles`;
    item.tooltip = `Tenant ${element.tenant.displayName} (${element.tenant.tenantId})`;
    item.contextValue = 'tenant';
    return item;
  }

  private scopeTreeItem(element: ScopeItem): vscode.TreeItem {
    const scope = element.node.scope;
    const item = new vscode.TreeItem(scope.displayName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${element.tenant.tenantId}/scope${scope.id.toLowerCase()}`;
    item.iconPath = new vscode.ThemeIcon(SCOPE_ICONS[scope.type]);
    item.description = SCOPE_TYPE_LABELS[scope.type];
    item.tooltip = `${SCOPE_TYPE_LABELS[scope.type]}: ${scope.displayName}\n${scope.id}`;
    item.contextValue = `scope ${scope.type}`;
    return item;
  }

  private roleTreeItem(element: RoleItem): vscode.TreeItem {
    const row = element.row;
    const now = this.now();
    const entry = this.policies.peek(row.id);
    const policy: ActivationPolicy | undefined = entry?.state === 'loaded' ? entry.policy : undefined;
    const item = new vscode.TreeItem(row.roleName, vscode.TreeItemCollapsibleState.None);
    item.id = `role/${row.id}`;
    item.description = rowDescription(row, policy, now);
    item.iconPath = STATE_ICONS[row.state];
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    const lines = rowTooltipLines(row, policy, entry?.state === 'failed' ? entry.error.userMessage : undefined, now);
    lines.forEach((line, index) => {
      tooltip.appendText(line);
      if (index === 0) {
        tooltip.appendMarkdown('\n\n');
      } else {
        tooltip.appendMarkdown('  \n');
      }
    });
    item.tooltip = tooltip;
    item.contextValue = contextValue(row);
    item.accessibilityInformation = { label: `${row.roleName}, ${row.scope.displayName}, ${item.description}` };
    return item;
  }

  private rowMatches(row: RoleRow): boolean {
    if (!this.filterText) {
      return true;
    }
    const needle = this.filterText.toLowerCase();
    return [row.roleName, row.scope.displayName, row.scope.id, row.state].some((text) => text.toLowerCase().includes(needle));
  }

  private nodeMatches(node: ScopeNode): boolean {
    return node.roles.some((row) => this.rowMatches(row)) || node.children.some((child) => this.nodeMatches(child));
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) {
      return;
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
    }, 50);
  }

  /** Policy hints arrive in the background; the tree redraws as they come in. */
  private prefetchPolicies(): void {
    for (const ref of this.store.allRows()) {
      if (ref.row.state !== 'eligible' || this.policies.peek(ref.row.id)) {
        continue;
      }
      const { scope, roleDefinitionId } = ref.row.eligible?.key ?? ref.row.active?.key ?? { scope: '', roleDefinitionId: '' };
      void this.policies.get(ref.row.id, () => ref.connection.arm.getPolicy(scope, roleDefinitionId)).then(() => this.scheduleRefresh());
    }
  }
}

export function contextValue(row: RoleRow): string {
  const flags = ['role', row.state];
  if (row.eligible && row.state === 'eligible') {
    flags.push('canActivate');
  }
  if (row.state === 'active') {
    flags.push('canDeactivate');
  }
  if (row.pending && (row.state === 'pendingApproval' || row.state === 'scheduled')) {
    flags.push('canCancel');
  }
  if (row.viaGroup) {
    flags.push('viaGroup');
  }
  return flags.join(' ');
}
