// The requester's side: an activation that waits for an approver is watched (GET of the request, with a growing
// pause) until someone decides, it expires, or our own deadline passes. A denial is told with the approver's
// reason when PIM gives it to the requester (ARM: the approval listed with `asCreatedBy()`; Graph documents reading a
// group approval for approvers only, so a denied group request is told without it). Pure: no `vscode` import.
import * as l10n from '@vscode/l10n';
import type { ApprovalStage, RequestSnapshot } from '../api/armApprovals';
import { pollUntil, type PollBackoff, type Sleep } from '../api/retry';
import { statusOutcome, describeRequestStatus } from '../errors/requestStatus';
import { nameText } from '../../shared/inertText';

export type ApprovalWaitOutcome = 'approved' | 'denied' | 'expired' | 'ended' | 'stillPending';

export interface ApprovalWaitResult {
  readonly outcome: ApprovalWaitOutcome;
  readonly message: string;
  readonly status?: string;
}

export interface ApprovalWaitOptions {
  readonly timeoutMs: number;
  /** Pauses between reads: 5 s growing by half up to a minute, unless a test says otherwise. */
  readonly backoff?: PollBackoff | readonly number[];
  readonly signal?: AbortSignal;
  readonly sleep?: Sleep;
  readonly now?: () => number;
}

/** A request an approver has not decided yet: `PendingApproval` and its kin. */
export function isAwaitingApproval(status: string): boolean {
  return statusOutcome(status) === 'pendingApproval';
}

export const APPROVAL_POLL_BACKOFF: PollBackoff = { baseMs: 5000, maxMs: 60_000, factor: 1.5 };

/** What a requester reads while waiting: ArmApprovals (Azure roles) or GraphGroupApprovals (PIM for Groups). */
export interface RequestWatch {
  getRequest(requestId: string, signal?: AbortSignal): Promise<RequestSnapshot>;
  /** The stages of an approval I asked for, where the service lets the requester read them. */
  myApprovalStages?(approvalId: string, signal?: AbortSignal): Promise<ApprovalStage[]>;
}

export async function waitForApproval(approvals: RequestWatch, requestId: string, options: ApprovalWaitOptions): Promise<ApprovalWaitResult> {
  const polled = await pollUntil<RequestSnapshot>(
    (_attempt, signal) => approvals.getRequest(requestId, signal),
    (snapshot) => !isAwaitingApproval(snapshot.status),
    {
      intervalsMs: options.backoff ?? APPROVAL_POLL_BACKOFF,
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.now ? { now: options.now } : {}),
    },
  );
  if (!polled.done) {
    return {
      outcome: 'stillPending',
      message: l10n.t('still waiting for approval after {0} min; the request stays open, run again once an approver has decided.', Math.round(options.timeoutMs / 60_000)),
    };
  }
  const { status, approvalId } = polled.value;
  switch (statusOutcome(status)) {
    case 'active':
    case 'scheduled':
    case 'inProgress':
      return { outcome: 'approved', message: l10n.t('approved'), status };
    case 'denied':
      return { outcome: 'denied', message: await denialText(approvals, approvalId, options.signal), status };
    default:
      if (status.toLowerCase() === 'timedout') {
        return { outcome: 'expired', message: l10n.t('the request expired: no approver decided within 24 hours.'), status };
      }
      return { outcome: 'ended', message: l10n.t('the request ended as {0}.', describeRequestStatus(status)), status };
  }
}

async function denialText(approvals: RequestWatch, approvalId: string | undefined, signal: AbortSignal | undefined): Promise<string> {
  if (approvalId && approvals.myApprovalStages) {
    try {
      const stage = (await approvals.myApprovalStages(approvalId, signal)).find((candidate) => candidate.reviewResult === 'Deny');
      if (stage?.justification) {
        return stage.reviewerName
          ? l10n.t('denied by {0}: "{1}"', nameText(stage.reviewerName), nameText(stage.justification))
          : l10n.t('denied by an approver: "{0}"', nameText(stage.justification));
      }
    } catch {
      // The reason is a courtesy: the denial stands without it.
    }
  }
  return l10n.t('denied by an approver.');
}
