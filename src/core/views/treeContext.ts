// The `contextValue` of the Roles view's items: space-separated flags that package.json's menus match with
// `viewItem =~ /\bflag\b/`, so what a menu offers follows the role's state. Pure: tested in plain mocha.
import type { RoleKind, ScopeType } from '../model/model';
import { isCancellable } from '../errors/requestStatus';
import { rowKind, type RoleRow } from '../model/roleRows';

/** "role eligible azure canActivate canPin", "role active entra canDeactivate pinned", … */
export function roleContextValue(row: RoleRow, pinned: boolean, now: Date): string {
  const flags = ['role', row.state, rowKind(row)];
  if (row.eligible && row.state === 'eligible') {
    flags.push('canActivate');
  }
  if (row.state === 'active') {
    flags.push('canDeactivate');
  }
  // Only what PIM can cancel: a request waiting for approval, or a scheduled one (not one being provisioned).
  if (row.pending && (row.state === 'pendingApproval' || row.state === 'scheduled') && isCancellable(row.pending, now)) {
    flags.push('canCancel');
  }
  if (row.viaGroup) {
    flags.push('viaGroup');
  }
  flags.push(pinned ? 'pinned' : 'canPin');
  return flags.join(' ');
}

export function scopeContextValue(type: ScopeType): string {
  return `scope ${type}`;
}

export function sectionContextValue(kind: RoleKind): string {
  return `section ${kind}`;
}

export const TENANT_CONTEXT = 'tenant';
export const PINNED_SECTION_CONTEXT = 'pinnedSection';
export const MESSAGE_CONTEXT = 'message';
export const APPROVALS_SECTION_CONTEXT = 'approvalsSection';
/** A request in "Requests to approve": Approve… and Deny… inline and in its context menu. */
export const APPROVAL_REQUEST_CONTEXT = 'approvalRequest';
