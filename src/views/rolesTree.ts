// The "Roles" view: tenants → [sections: Azure roles, Microsoft Entra roles, Groups] → scopes (management
// groups, subscriptions → resource groups → resources; groups) → roles. Sections appear only when more than
// one kind of role has rows or problems, so a tenant with Azure roles only keeps the plain layout.
import * as vscode from 'vscode';
import type { RoleKind } from '../core/model/model';
import type { ActivationPolicy } from '../shared/policyShape';
import type { PolicyCache } from '../core/store/policyCache';
import { linesTooltip } from '../ui/tooltip';
import {
  formatUpdatedAt,
  offlineText,
  problemText,
  rowDescription,
  rowTooltipLines,
  SCOPE_TYPE_LABELS,
  staleListText,
  staleSince,
  tenantFreshnessText,
  throttledText,
} from '../core/model/presentation';
import { roleSentence } from '../core/model/spokenText';
import { loadPolicy } from '../core/flows/roleOperations';
import { azureRolesByGroup, groupByScope, rowKind, type RoleRow, type ScopeNode } from '../core/model/roleRows';
import { GRAPH_SURFACES_NAME, type RoleStore, type RowRef, type TenantProblem, type TenantSnapshot } from '../core/store/roleStore';
import { MESSAGE_CONTEXT, PINNED_SECTION_CONTEXT, roleContextValue, scopeContextValue, sectionContextValue, TENANT_CONTEXT } from '../core/views/treeContext';
import { nodeMatchesFilter, rowMatchesFilter } from '../core/views/treeFilter';
import { MessageItem, PinnedItem, RoleItem, ScopeItem, SectionItem, TenantItem, type ApprovalsSource, type RolesTreeNode } from './treeNodes';
import { approvalRequestTreeItem, approvalsSection, approvalsSectionChildren, approvalsSectionTreeItem } from './approvalItems';

/** Row ids the user pinned to the top of the view (see src/favorites/favorites.ts). */
export interface PinnedRows {
  readonly pinnedIds: ReadonlySet<string>;
  readonly onDidChange: vscode.Event<void>;
}

const SECTION_ORDER: readonly RoleKind[] = ['azure', 'entra', 'group'];

/** A function, not a constant: translated text is looked up when a tree item is drawn. */
function sectionInfo(kind: RoleKind): { readonly label: string; readonly icon: string; readonly tooltip: string } {
  switch (kind) {
    case 'azure':
      return { label: vscode.l10n.t('Azure roles'), icon: 'azure', tooltip: vscode.l10n.t('Azure resource roles (management groups, subscriptions, resource groups, resources)') };
    case 'entra':
      return { label: vscode.l10n.t('Microsoft Entra roles'), icon: 'shield', tooltip: vscode.l10n.t('Microsoft Entra (directory) roles') };
    case 'group':
      return { label: vscode.l10n.t('Groups'), icon: 'organization', tooltip: vscode.l10n.t('PIM for Groups: membership or ownership you can activate') };
  }
}

function roleCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 role') : vscode.l10n.t('{0} roles', count);
}

const STATE_ICONS: Record<RoleRow['state'], vscode.ThemeIcon> = {
  eligible: new vscode.ThemeIcon('unlock'),
  active: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
  assigned: new vscode.ThemeIcon('verified'),
  pendingApproval: new vscode.ThemeIcon('watch', new vscode.ThemeColor('charts.yellow')),
  scheduled: new vscode.ThemeIcon('calendar'),
  activating: new vscode.ThemeIcon('loading~spin'),
  deactivating: new vscode.ThemeIcon('loading~spin'),
};

const SCOPE_ICONS: Record<ScopeNode['scope']['type'], string> = {
  tenant: 'organization',
  managementGroup: 'type-hierarchy',
  subscription: 'key',
  resourceGroup: 'folder',
  resource: 'symbol-misc',
  directory: 'shield',
  group: 'organization',
};

/** Above this many roles in a tenant, its sections and scope nodes start collapsed (unless a filter is on). */
const EXPAND_ALL_BELOW_ROWS = 40;
/** A store change is drawn this long after it (the changes that come with it are drawn together)… */
const REFRESH_DELAY_MS = 50;
/** …and no sooner than this after the previous whole-tree refresh. */
const REFRESH_INTERVAL_MS = 250;
/** While the service has us wait, its "retrying in 20s" is redrawn this often. */
const WAIT_REDRAW_MS = 1000;

/** Something that says when countdowns change (the role clock's onDidTick): only the rows whose text changed are redrawn. */
export type TickEvent = (listener: () => void) => vscode.Disposable;

/** A row about the signed-in account rather than a tenant (e.g. auth/graphSetupHint.ts), shown once above the tenants. */
export interface AccountNotice {
  readonly id: string;
  readonly text: string;
  readonly tooltip: string;
  readonly command: vscode.Command;
  /** For the row's own menu entries in package.json. */
  readonly contextValue: string;
}

export interface AccountNotices {
  notices(): readonly AccountNotice[];
  readonly onDidChange: vscode.Event<void>;
}

export class RolesTreeProvider implements vscode.TreeDataProvider<RolesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RolesTreeNode | RolesTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<string>();
  /** The filter text, after each change (views/tenantVisibility.ts follows it). */
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.filterChanged];
  private filterText = '';
  private refreshTimer: NodeJS.Timeout | undefined;
  private waitTimer: NodeJS.Timeout | undefined;
  private countdownTimer: NodeJS.Timeout | undefined;
  private lastRefreshAt = 0;
  private policyTimer: NodeJS.Timeout | undefined;
  /** Rows whose policy hint arrived since the last redraw of them. */
  private readonly policiesArrived = new Set<string>();
  /**
   * The role and tenant items VS Code holds (it asked for their tree item since the last whole-tree refresh), by item
   * id, with what a tick of the clock can change in them: a tick redraws those rows alone, never the whole tree.
   */
  private readonly drawn = new Map<string, { readonly element: RoleItem | TenantItem; readonly shown: string }>();

  constructor(
    private readonly store: RoleStore,
    private readonly policies: PolicyCache,
    private readonly now: () => Date = () => new Date(),
    private readonly pins?: PinnedRows,
    /** Countdowns in the rows keep running with it, also while the lists cannot be read. */
    ticks?: TickEvent,
    /** Rows about the account rather than a tenant (the Graph set-up hint), shown once at the top. */
    private readonly accountNotices?: AccountNotices,
    /** Requests waiting for the user's approval: a section at the top, for approvers only. */
    private readonly approvals?: ApprovalsSource,
  ) {
    const subscription = store.onDidChange(() => {
      this.scheduleRefresh();
    });
    this.disposables.push({ dispose: () => subscription.dispose() });
    if (pins) {
      this.disposables.push(pins.onDidChange(() => this.scheduleRefresh()));
    }
    if (ticks) {
      this.disposables.push(ticks(() => this.scheduleCountdownRedraw()));
    }
    if (accountNotices) {
      this.disposables.push(accountNotices.onDidChange(() => this.scheduleRefresh()));
    }
    if (approvals) {
      this.disposables.push(approvals.onDidChange(() => this.scheduleRefresh()));
    }
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    void vscode.commands.executeCommand('setContext', 'azurePim.filtered', this.filterText !== '');
    this.refresh();
    this.filterChanged.fire(this.filterText);
  }

  refresh(): void {
    this.lastRefreshAt = Date.now();
    this.drawn.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(element: RolesTreeNode): vscode.TreeItem {
    switch (element.kind) {
      case 'tenant':
        return this.remember(element, this.tenantTreeItem(element, this.now()));
      case 'section':
        return this.sectionTreeItem(element);
      case 'scope':
        return this.scopeTreeItem(element);
      case 'role':
        this.requestPolicy(element.ref);
        return this.remember(element, this.roleTreeItem(element, this.now()));
      case 'approvals':
        return approvalsSectionTreeItem(element.inbox);
      case 'approvalRequest':
        return approvalRequestTreeItem(element, this.now());
      case 'pinned': {
        const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'pinned';
        item.iconPath = new vscode.ThemeIcon('pinned');
        item.contextValue = PINNED_SECTION_CONTEXT;
        item.tooltip = vscode.l10n.t("Roles you pinned (Pin in a role's context menu)");
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(element.text, vscode.TreeItemCollapsibleState.None);
        item.id = element.id;
        item.iconPath = element.icon;
        item.contextValue = element.contextValue ?? MESSAGE_CONTEXT;
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

  resolveTreeItem(item: vscode.TreeItem, element: RolesTreeNode): vscode.TreeItem {
    if (element.kind === 'role' && item.tooltip === undefined) {
      item.tooltip = this.roleTooltip(element);
    }
    return item;
  }

  getChildren(element?: RolesTreeNode): RolesTreeNode[] {
    if (!element) {
      const tenants = this.store.tenants;
      // The user's pinned roles stay first, then what waits for their approval; notes about the account come before the tenants.
      const notices: RolesTreeNode[] = tenants.length > 0 ? (this.accountNotices?.notices() ?? []).map(noticeItem) : [];
      const pinned: RolesTreeNode[] = [...(this.pinnedRefs().length > 0 ? [new PinnedItem()] : []), ...approvalsSection(this.approvals), ...notices];
      this.redrawWhileWaiting(tenants);
      if (tenants.length === 1 && tenants[0]) {
        return [...pinned, ...this.tenantChildren(tenants[0])];
      }
      return [...pinned, ...tenants.map((tenant) => new TenantItem(tenant))];
    }
    switch (element.kind) {
      case 'pinned':
        return this.pinnedRefs().map((ref) => new RoleItem(ref, true));
      case 'approvals':
        return approvalsSectionChildren(element.inbox);
      case 'tenant':
        return this.tenantChildren(element.tenant);
      case 'section':
        return this.sectionChildren(element);
      case 'scope':
        return [
          ...element.node.children.filter((child) => this.nodeMatches(child)).map((child) => new ScopeItem(element.tenant, child)),
          ...element.node.roles.filter((row) => this.rowMatches(row)).flatMap((row) => this.roleItem(element.tenant, row)),
        ];
      default:
        return [];
    }
  }

  dispose(): void {
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
    }
    if (this.waitTimer) {
      clearTimeout(this.waitTimer);
    }
    if (this.countdownTimer) {
      clearTimeout(this.countdownTimer);
    }
    if (this.policyTimer) {
      clearTimeout(this.policyTimer);
    }
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private pinnedRefs(): RowRef[] {
    const ids = this.pins?.pinnedIds;
    if (!ids || ids.size === 0) {
      return [];
    }
    return this.store.allRows().filter((ref) => ids.has(ref.row.id) && this.rowMatches(ref.row));
  }

  /**
   * None when the tenant is no longer connected: VS Code may still ask for the children of a node it
   * got before a sign-out or reconnect, and such a row must not reach the API.
   */
  private roleItem(tenant: TenantSnapshot, row: RoleRow): RoleItem[] {
    const connection = this.store.connection(tenant.tenantId);
    return connection ? [new RoleItem({ tenant, row, connection })] : [];
  }

  private tenantChildren(tenant: TenantSnapshot): RolesTreeNode[] {
    const kinds = this.sectionKinds(tenant);
    const sectioned = kinds.length > 1;
    const children: RolesTreeNode[] = [
      ...this.freshnessItems(tenant),
      // Offline, one row says it for every list.
      ...tenant.problems.filter((problem) => !tenant.offline && (!sectioned || problem.kind === undefined)).map((problem) => this.problemItem(tenant, problem)),
    ];
    if (tenant.status === 'loading' && tenant.rows.length === 0) {
      children.push(new MessageItem(`${tenant.tenantId}/loading`, vscode.l10n.t('Loading roles…'), new vscode.ThemeIcon('loading~spin')));
      return children;
    }
    const rows = tenant.rows.filter((row) => this.rowMatches(row));
    // A missing Graph app registration is advice, not a failure: the tenant can still be empty of Azure roles.
    if (tenant.rows.length === 0 && tenant.problems.every((problem) => problem.error.kind === 'graphPermissionMissing')) {
      const graph = this.store.connection(tenant.tenantId)?.graph !== undefined;
      children.push(
        new MessageItem(
          `${tenant.tenantId}/empty`,
          graph ? vscode.l10n.t('No eligible or active roles in this tenant') : vscode.l10n.t('No eligible or active Azure roles in this tenant'),
          new vscode.ThemeIcon('info'),
          { command: 'azurePim.refresh', title: vscode.l10n.t('Refresh'), arguments: [tenant.tenantId] },
          vscode.l10n.t('PIM shows roles an administrator made you eligible for. Ask your administrator, or refresh.'),
        ),
      );
    } else if (rows.length === 0 && this.filterText) {
      children.push(
        new MessageItem(`${tenant.tenantId}/filtered`, vscode.l10n.t('No roles match “{0}”', this.filterText), new vscode.ThemeIcon('filter'), {
          command: 'azurePim.clearFilter',
          title: vscode.l10n.t('Clear filter'),
        }),
      );
    }
    if (sectioned) {
      const visible = kinds.filter((kind) => !this.filterText || rows.some((row) => rowKind(row) === kind) || tenant.problems.some((p) => p.kind === kind));
      children.push(...visible.map((kind) => new SectionItem(tenant, kind)));
      return children;
    }
    children.push(...this.scopeChildren(tenant, rows));
    return children;
  }

  /** Kinds of role with rows or problems of their own, in section order. */
  private sectionKinds(tenant: TenantSnapshot): RoleKind[] {
    return SECTION_ORDER.filter((kind) => tenant.rows.some((row) => rowKind(row) === kind) || tenant.problems.some((problem) => problem.kind === kind));
  }

  private sectionChildren(section: SectionItem): RolesTreeNode[] {
    const { tenant, roleKind } = section;
    const rows = tenant.rows.filter((row) => rowKind(row) === roleKind && this.rowMatches(row));
    return [
      ...tenant.problems.filter((problem) => !tenant.offline && problem.kind === roleKind).map((problem) => this.problemItem(tenant, problem)),
      ...this.scopeChildren(tenant, rows),
    ];
  }

  /** Scope nodes for the rows; Entra roles on the whole directory need no "Directory" node above them. */
  private scopeChildren(tenant: TenantSnapshot, rows: readonly RoleRow[]): RolesTreeNode[] {
    return groupByScope(rows, tenant.subscriptionNames).flatMap((node): RolesTreeNode[] =>
      node.scope.type === 'directory' && node.scope.id === '/' && node.children.length === 0
        ? node.roles.flatMap((row) => this.roleItem(tenant, row))
        : [new ScopeItem(tenant, node)],
    );
  }

  private problemItem(tenant: TenantSnapshot, problem: TenantProblem): MessageItem {
    const id = `${tenant.tenantId}/problem/${problem.what}`;
    const graphWide = problem.what === GRAPH_SURFACES_NAME;
    if (problem.error.kind === 'graphPermissionMissing') {
      return new MessageItem(
        id,
        vscode.l10n.t('Entra roles and groups need an app registration…'),
        new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
        { command: 'azurePim.configureGraphApp', title: vscode.l10n.t('Configure the Graph app registration') },
        problem.error.userMessage,
      );
    }
    if (problem.error.kind === 'authentication') {
      return new MessageItem(
        id,
        graphWide ? vscode.l10n.t('Sign in to {0} for Entra roles and groups', tenant.displayName) : vscode.l10n.t('Sign in to {0}', tenant.displayName),
        new vscode.ThemeIcon('sign-in', new vscode.ThemeColor('foreground')),
        { command: 'azurePim.signInToTenant', title: vscode.l10n.t('Sign in'), arguments: graphWide ? [tenant.tenantId, 'graph'] : [tenant.tenantId] },
        problem.error.userMessage,
      );
    }
    if (problem.lastGoodAt) {
      // The list's last rows are still shown: say how old they are, and whether the store tries again by itself.
      const now = this.now();
      return new MessageItem(
        id,
        staleListText(problem.what, problem.lastGoodAt, now, tenant.retryAt !== undefined && problem.error.retryable, problem.error.userMessage),
        new vscode.ThemeIcon('history', new vscode.ThemeColor('problemsWarningIcon.foreground')),
        { command: 'azurePim.refresh', title: vscode.l10n.t('Retry'), arguments: [tenant.tenantId] },
        vscode.l10n.t('{0} The roles shown are from {1}.', problem.error.userMessage, formatUpdatedAt(problem.lastGoodAt, now)),
      );
    }
    return new MessageItem(
      id,
      problemText(problem.what, problem.error.userMessage),
      new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
      { command: 'azurePim.refresh', title: vscode.l10n.t('Retry'), arguments: [tenant.tenantId] },
      problem.error.userMessage,
    );
  }

  /** Rows that say the tenant's roles are not fresh: the service has us wait, or the network is gone. */
  private freshnessItems(tenant: TenantSnapshot): MessageItem[] {
    const now = this.now();
    const items: MessageItem[] = [];
    const refresh = { command: 'azurePim.refresh', title: vscode.l10n.t('Retry'), arguments: [tenant.tenantId] };
    if (tenant.throttledUntil && tenant.throttledUntil.getTime() > now.getTime()) {
      items.push(
        new MessageItem(
          `${tenant.tenantId}/throttled`,
          throttledText(tenant.throttledUntil, now),
          new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground')),
          refresh,
          vscode.l10n.t('The service asked to slow down (HTTP 429). The roles shown are kept, and the extension tries again by itself.'),
        ),
      );
    }
    if (tenant.offline) {
      const detail = tenant.problems[0]?.error.userMessage ?? '';
      items.push(
        new MessageItem(
          `${tenant.tenantId}/offline`,
          offlineText(staleSince(tenant.problems), now),
          new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground')),
          refresh,
          vscode.l10n.t('{0} Countdowns keep running on the last known end times.', detail),
        ),
      );
    }
    return items;
  }

  /**
   * Keeps "retrying in 20s" counting while the service has a tenant wait: redraws the waiting tenants' rows (the line
   * is a child of theirs), not the whole tree; a tenant shown alone has no row, and the end of the wait is one refresh.
   */
  private redrawWhileWaiting(tenants: readonly TenantSnapshot[]): void {
    if (this.waitTimer || !tenants.some((tenant) => this.isWaiting(tenant))) {
      return;
    }
    this.waitTimer = setTimeout(() => {
      this.waitTimer = undefined;
      if (this.refreshTimer) {
        return;
      }
      const waiting = this.store.tenants.filter((tenant) => this.isWaiting(tenant));
      const rows = waiting.flatMap((tenant) => {
        const drawn = this.drawn.get(tenantNodeId(tenant.tenantId))?.element;
        return drawn?.kind === 'tenant' ? [drawn] : [];
      });
      if (waiting.length === 0 || rows.length < waiting.length) {
        this.refresh();
        return;
      }
      this.changed.fire(rows);
      this.redrawWhileWaiting(waiting);
    }, WAIT_REDRAW_MS);
  }

  private isWaiting(tenant: TenantSnapshot): boolean {
    return (tenant.throttledUntil?.getTime() ?? 0) > this.now().getTime();
  }

  private sectionTreeItem(element: SectionItem): vscode.TreeItem {
    const section = sectionInfo(element.roleKind);
    const item = new vscode.TreeItem(section.label, this.initialState(element.tenant));
    item.id = `${element.tenant.tenantId}/section/${element.roleKind}${this.layoutKey(element.tenant)}`;
    item.iconPath = new vscode.ThemeIcon(section.icon);
    const count = element.tenant.rows.filter((row) => rowKind(row) === element.roleKind).length;
    item.description = roleCount(count);
    item.tooltip = section.tooltip;
    item.contextValue = sectionContextValue(element.roleKind);
    return item;
  }

  private tenantTreeItem(element: TenantItem, now: Date): vscode.TreeItem {
    const item = new vscode.TreeItem(element.tenant.displayName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = tenantNodeId(element.tenant.tenantId);
    item.iconPath = new vscode.ThemeIcon(element.tenant.status === 'loading' ? 'loading~spin' : 'organization');
    const count = element.tenant.rows.length;
    const freshness = tenantFreshnessText(element.tenant, now);
    item.description = element.tenant.status === 'loading' ? vscode.l10n.t('loading…') : freshness ? `${roleCount(count)} · ${freshness}` : roleCount(count);
    item.tooltip = vscode.l10n.t('Tenant {0} ({1})', element.tenant.displayName, element.tenant.tenantId);
    item.contextValue = TENANT_CONTEXT;
    return item;
  }

  private scopeTreeItem(element: ScopeItem): vscode.TreeItem {
    const scope = element.node.scope;
    const item = new vscode.TreeItem(scope.displayName, this.initialState(element.tenant));
    item.id = `${element.tenant.tenantId}/scope${scope.id.toLowerCase()}${this.layoutKey(element.tenant)}`;
    item.iconPath = new vscode.ThemeIcon(SCOPE_ICONS[scope.type]);
    item.description = SCOPE_TYPE_LABELS[scope.type];
    item.tooltip = `${SCOPE_TYPE_LABELS[scope.type]}: ${scope.displayName}\n${scope.id}`;
    item.contextValue = scopeContextValue(scope.type);
    return item;
  }

  private roleTreeItem(element: RoleItem, now: Date): vscode.TreeItem {
    const row = element.row;
    const entry = this.policies.peek(row.id);
    const policy: ActivationPolicy | undefined = entry?.state === 'loaded' ? entry.policy : undefined;
    const item = new vscode.TreeItem(row.roleName, vscode.TreeItemCollapsibleState.None);
    item.id = `${element.inPinnedSection ? 'pinned' : 'role'}/${row.id}`;
    item.description = this.roleDescription(element, policy, now);
    item.iconPath = STATE_ICONS[row.state];
    item.contextValue = roleContextValue(row, this.pins?.pinnedIds.has(row.id) ?? false, now);
    item.accessibilityInformation = { label: roleSentence(row, policy, now) };
    return item;
  }

  /** A role's tooltip, written when VS Code shows it (resolveTreeItem): most of a row's cost, and most rows are never hovered. */
  private roleTooltip(element: RoleItem): vscode.MarkdownString {
    const row = element.row;
    const now = this.now();
    const entry = this.policies.peek(row.id);
    const policy = entry?.state === 'loaded' ? entry.policy : undefined;
    const grants = rowKind(row) === 'group' ? (azureRolesByGroup(element.ref.tenant.rows).get(row.scope.id.toLowerCase()) ?? []) : [];
    return linesTooltip(rowTooltipLines(row, policy, entry?.state === 'failed' ? entry.error.userMessage : undefined, now, grants));
  }

  private roleDescription(element: RoleItem, policy: ActivationPolicy | undefined, now: Date): string {
    const description = rowDescription(element.row, policy, now);
    return element.inPinnedSection ? `${description} · ${element.row.scope.displayName}` : description;
  }

  /**
   * Large tenants start collapsed: only what the user opens is rendered (and has its policy read). A filter shows
   * every match: what holds one starts expanded.
   */
  private initialState(tenant: TenantSnapshot): vscode.TreeItemCollapsibleState {
    return this.layoutKey(tenant) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  }

  /**
   * VS Code keeps the expanded or collapsed state of a node it knows by id and ignores the state the item asks for
   * later: sections and scopes that start expanded (under a filter, or in a small tenant) are other nodes than those of
   * the large tenant's collapsed layout, so a filter shows its matches, a tenant that grows past the limit while it
   * loads page by page collapses, and clearing the filter brings back the user's own layout.
   */
  private layoutKey(tenant: TenantSnapshot): string {
    if (this.filterText) {
      return `?filter=${encodeURIComponent(this.filterText.toLowerCase())}`;
    }
    return tenant.rows.length <= EXPAND_ALL_BELOW_ROWS ? '?expanded' : '';
  }

  private rowMatches(row: RoleRow): boolean {
    return rowMatchesFilter(row, this.filterText);
  }

  private nodeMatches(node: ScopeNode): boolean {
    return nodeMatchesFilter(node, this.filterText);
  }

  /**
   * Store changes come in bursts (20 tenants loading page by page): one whole-tree refresh for each burst, and while a
   * burst lasts at most one per REFRESH_INTERVAL_MS. VS Code drops a tree refresh when the next one comes before it
   * has drawn, so refreshing faster than it draws would show nothing until the burst is over.
   */
  private scheduleRefresh(): void {
    if (this.refreshTimer) {
      return;
    }
    const delay = Math.max(REFRESH_DELAY_MS, REFRESH_INTERVAL_MS - (Date.now() - this.lastRefreshAt));
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, delay);
  }

  /** The clock also ticks on every store change: waits as long as a whole-tree refresh would, which then makes it moot. */
  private scheduleCountdownRedraw(): void {
    if (this.countdownTimer) {
      return;
    }
    this.countdownTimer = setTimeout(() => {
      this.countdownTimer = undefined;
      if (!this.refreshTimer) {
        this.redrawChangedRows();
      }
    }, REFRESH_DELAY_MS);
  }

  /** A policy hint redraws its row (with its pinned copy), not the tree: hundreds arrive after a broad filter. */
  private schedulePolicyRedraw(rowId: string): void {
    this.policiesArrived.add(rowId);
    if (this.policyTimer) {
      return;
    }
    this.policyTimer = setTimeout(() => {
      this.policyTimer = undefined;
      const rows = new Set(this.policiesArrived);
      this.policiesArrived.clear();
      if (this.refreshTimer) {
        return;
      }
      const elements = [...this.drawn.values()].flatMap(({ element }) => (element.kind === 'role' && rows.has(element.row.id) ? [element] : []));
      if (elements.length > 0) {
        this.changed.fire(elements);
      }
    }, REFRESH_DELAY_MS);
  }

  /** Redraws the drawn rows whose countdown, state words or menu changed with the time; nothing else is read or drawn. */
  private redrawChangedRows(): void {
    const now = this.now();
    const changed: (RoleItem | TenantItem)[] = [];
    for (const { element, shown } of this.drawn.values()) {
      const item = element.kind === 'role' ? this.roleTreeItem(element, now) : this.tenantTreeItem(element, now);
      if (timedText(item) !== shown) {
        changed.push(element);
      }
    }
    if (changed.length > 0) {
      this.changed.fire(changed);
    }
  }

  /** Remembers a drawn role or tenant row, with its time-dependent text as drawn. */
  private remember(element: RoleItem | TenantItem, item: vscode.TreeItem): vscode.TreeItem {
    if (item.id) {
      this.drawn.set(item.id, { element, shown: timedText(item) });
    }
    return item;
  }

  /**
   * Policy hints are read for the roles VS Code renders, not for every role of the tenant. A failed read is
   * remembered for a growing back-off (PolicyCache), so the redraw after it does not send it again.
   */
  private requestPolicy(ref: RowRef): void {
    if (ref.row.state !== 'eligible' || this.policies.peek(ref.row.id) || this.policies.isLoading(ref.row.id)) {
      return;
    }
    const key = ref.row.eligible?.key;
    if (key) {
      void this.policies.get(ref.row.id, () => loadPolicy(ref.connection, key)).then(() => this.schedulePolicyRedraw(ref.row.id));
    }
  }
}

function noticeItem(notice: AccountNotice): MessageItem {
  const icon = new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  return new MessageItem(notice.id, notice.text, icon, notice.command, notice.tooltip, notice.contextValue);
}

/** What of a role or tenant row the time alone can change (countdown, state words, menu, freshness): compared on each tick. */
function timedText(item: vscode.TreeItem): string {
  return JSON.stringify([item.description, item.contextValue, item.accessibilityInformation?.label]);
}

/** A tenant node's id: how a redraw finds the tenant row VS Code shows. */
function tenantNodeId(tenantId: string): string {
  return `tenant/${tenantId}`;
}
