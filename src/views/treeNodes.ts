// The kinds of item in the Roles view (tenants, sections, scopes, roles, messages, the Pinned section, the Requests to
// approve section and its requests), and the row ids a tree command was invoked on.
import type * as vscode from 'vscode';
import type { PendingDecision } from '../core/flows/approvalDecisions';
import type { ApprovalInbox } from '../core/store/approvalInbox';
import type { RoleKind } from '../core/model/model';
import type { RoleRow, ScopeNode } from '../core/model/roleRows';
import type { RowRef, TenantSnapshot } from '../core/store/roleStore';

export type RolesTreeNode = TenantItem | SectionItem | ScopeItem | RoleItem | MessageItem | PinnedItem | ApprovalsSectionItem | ApprovalRequestItem;

/** The "Pinned" section at the top of the view. */
export class PinnedItem {
  readonly kind = 'pinned';
}

/** "Requests to approve": what waits for the signed-in user's approval in every tenant (core/store/approvalInbox.ts). */
export class ApprovalsSectionItem {
  readonly kind = 'approvals';
  constructor(readonly inbox: ApprovalsSource) {}
}

/** What the section reads of the inbox. */
export type ApprovalsSource = Pick<ApprovalInbox, 'isApprover' | 'requests' | 'problems' | 'readAt' | 'reading' | 'onDidChange'>;

/** One request in "Requests to approve"; Approve… and Deny… act on it. */
export class ApprovalRequestItem {
  readonly kind = 'approvalRequest';
  constructor(readonly pending: PendingDecision) {}
}

export class TenantItem {
  readonly kind = 'tenant';
  constructor(readonly tenant: TenantSnapshot) {}
}

/** "Azure roles", "Microsoft Entra roles" or "Groups" under a tenant. */
export class SectionItem {
  readonly kind = 'section';
  constructor(
    readonly tenant: TenantSnapshot,
    readonly roleKind: RoleKind,
  ) {}
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
  constructor(
    readonly ref: RowRef,
    /** Shown in the Pinned section (a second item for the same row needs its own id). */
    readonly inPinnedSection = false,
  ) {}
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
    /** Default MESSAGE_CONTEXT; a row with its own menu (e.g. a dismissible hint) names its own. */
    readonly contextValue?: string,
  ) {}
}

/** Tree commands get the clicked item and, with multi-select, every selected item; other callers pass row ids. */
export function rowIdsFromArgs(args: readonly unknown[]): string[] {
  const [clicked, selection] = args;
  const items = Array.isArray(selection) && selection.length > 0 ? selection : [clicked];
  const ids = items.flatMap((item) => (item instanceof RoleItem ? [item.row.id] : typeof item === 'string' ? [item] : []));
  return [...new Set(ids)];
}
