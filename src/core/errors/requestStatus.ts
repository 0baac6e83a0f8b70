// What PIM's request statuses mean (ARM PascalCase and Graph camelCase alike), and when a deactivation becomes
// possible after PIM refused it as too early (ActiveDurationTooShort).
import * as l10n from '@vscode/l10n';
import type { RequestStatus, RoleRequest } from '../model/model';
import { formatTime, type TimeFormat } from '../../shared/locale';

/** PIM refuses a deactivation within this long of the activation. */
export const MINIMUM_ACTIVE_MS = 5 * 60_000;

/** When a deactivation becomes possible, and a sentence saying so ("You can deactivate at 14:05 (…)."). */
export function activeDurationTooShortUntil(activatedAt: Date, format: TimeFormat = {}): { at: Date; message: string } {
  const at = new Date(activatedAt.getTime() + MINIMUM_ACTIVE_MS);
  return { at, message: l10n.t('You can deactivate at {0} (5 minutes after activation).', formatTime(at, format)) };
}

/**
 * What a request's status means for the user. `ended` (Revoked, Canceled) is neither a failure nor
 * access: it is what a successful deactivation or a cancelled request reports.
 */
export type RequestOutcome = 'active' | 'pendingApproval' | 'scheduled' | 'denied' | 'failed' | 'inProgress' | 'ended';

const STATUSES: Readonly<Record<RequestStatus, { readonly words: () => string; readonly outcome: RequestOutcome }>> = {
  Accepted: { words: () => l10n.t('accepted, being processed'), outcome: 'inProgress' },
  PendingEvaluation: { words: () => l10n.t('being evaluated'), outcome: 'inProgress' },
  // Granted: approved or accepted. With a start ahead that is a scheduled activation; with a start of "now" it is being
  // provisioned (Graph v1.0 rbacapplication-post-roleassignmentschedulerequests, examples 1 and 2). See requestOutcome.
  Granted: { words: () => l10n.t('granted'), outcome: 'scheduled' },
  Denied: { words: () => l10n.t('denied by an approver'), outcome: 'denied' },
  PendingProvisioning: { words: () => l10n.t('being provisioned'), outcome: 'inProgress' },
  Provisioned: { words: () => l10n.t('active'), outcome: 'active' },
  PendingRevocation: { words: () => l10n.t('being deactivated'), outcome: 'inProgress' },
  Revoked: { words: () => l10n.t('deactivated'), outcome: 'ended' },
  Canceled: { words: () => l10n.t('cancelled'), outcome: 'ended' },
  Failed: { words: () => l10n.t('failed'), outcome: 'failed' },
  PendingApprovalProvisioning: { words: () => l10n.t('waiting for approval'), outcome: 'pendingApproval' },
  PendingApproval: { words: () => l10n.t('waiting for approval'), outcome: 'pendingApproval' },
  FailedAsResourceIsLocked: { words: () => l10n.t('failed because the resource is locked'), outcome: 'failed' },
  PendingAdminDecision: { words: () => l10n.t("waiting for an administrator's decision"), outcome: 'pendingApproval' },
  AdminApproved: { words: () => l10n.t('approved, being provisioned'), outcome: 'inProgress' },
  AdminDenied: { words: () => l10n.t('denied by an administrator'), outcome: 'denied' },
  TimedOut: { words: () => l10n.t('expired before it was approved'), outcome: 'failed' },
  ProvisioningStarted: { words: () => l10n.t('being provisioned'), outcome: 'inProgress' },
  Invalid: { words: () => l10n.t('invalid'), outcome: 'failed' },
  PendingExternalProvisioning: { words: () => l10n.t('being provisioned by an external system'), outcome: 'inProgress' },
  ScheduleCreated: { words: () => l10n.t('scheduled'), outcome: 'scheduled' },
  PendingScheduleCreation: { words: () => l10n.t('being scheduled'), outcome: 'inProgress' },
};

const STATUS_BY_LOWER = new Map(Object.entries(STATUSES).map(([status, info]) => [status.toLowerCase(), info]));

/** Plain words for a request status; accepts ARM PascalCase and Graph camelCase. */
export function describeRequestStatus(status: string): string {
  return STATUS_BY_LOWER.get(status.toLowerCase())?.words() ?? l10n.t('in an unrecognised state ("{0}")', status);
}

/** Unknown statuses count as in progress: the poller keeps watching and times out, rather than guessing. */
export function statusOutcome(status: string): RequestOutcome {
  return STATUS_BY_LOWER.get(status.toLowerCase())?.outcome ?? 'inProgress';
}

/** A start within this long of the request's creation is a start "now" (the service moves a start just past to its own time). */
const START_NOW_TOLERANCE_MS = 60_000;

/**
 * Whether a request asks for a start later than when it was made. Both times are the service's own (`createdOn` and
 * `scheduleInfo.startDateTime`), so a skewed local clock cannot turn a start-now request into a scheduled one.
 */
export function startsLater(request: Pick<RoleRequest, 'startDateTime' | 'createdOn'>, now: Date): boolean {
  if (!request.startDateTime) {
    return false;
  }
  return request.startDateTime.getTime() - (request.createdOn ?? now).getTime() > START_NOW_TOLERANCE_MS;
}

/** What a request means, from its status and its schedule: a `Granted` start-now request is in progress, not scheduled. */
export function requestOutcome(request: Pick<RoleRequest, 'status' | 'startDateTime' | 'createdOn'>, now: Date): RequestOutcome {
  const outcome = statusOutcome(request.status);
  return outcome === 'scheduled' && !startsLater(request, now) ? 'inProgress' : outcome;
}

/** Plain words for a request, from its status and its schedule ("scheduled" or "being provisioned" for `Granted`). */
export function describeRequest(request: Pick<RoleRequest, 'status' | 'startDateTime' | 'createdOn'>, now: Date): string {
  if (statusOutcome(request.status) === 'scheduled') {
    return requestOutcome(request, now) === 'scheduled' ? l10n.t('scheduled') : l10n.t('being provisioned');
  }
  return describeRequestStatus(request.status);
}

/**
 * Whether PIM can cancel the request: one waiting for approval ("you can cancel a pending request at any time",
 * Learn: pim-resource-roles-activate-your-roles), or a `Granted` one whose start is still ahead (Graph v1.0
 * unifiedroleassignmentschedulerequest-cancel: only `Granted` can be cancelled; ARM cancelled a scheduled Granted
 * request with 200 in recorded traffic). A request being provisioned, revoked or already done cannot be.
 */
export function isCancellable(request: Pick<RoleRequest, 'status' | 'startDateTime' | 'createdOn' | 'requestType'>, now: Date): boolean {
  if (request.requestType !== 'SelfActivate') {
    return false;
  }
  const status = request.status.toLowerCase();
  if (status === 'pendingapproval') {
    return true;
  }
  return status === 'granted' && startsLater(request, now) && (request.startDateTime?.getTime() ?? 0) > now.getTime();
}
