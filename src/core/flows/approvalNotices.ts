// Keeps the approval inbox fresh for an approver and says which requests are new. The inbox decides after each
// sign-in whether the user approves anything; only then does this poll it, at a modest interval, so a user who
// approves nothing is never polled. Each request is told once. Pure: timers are injected.
import type { PendingDecision } from './approvalDecisions';
import type { ApprovalInbox } from '../store/approvalInbox';
import type { Disposable } from '../model/events';
import { SYSTEM_TIMERS, type Timers } from '../store/timers';

/** Five minutes: approvers have 24 hours, and every poll is one ARM read per tenant. */
export const APPROVAL_POLL_INTERVAL_MS = 5 * 60_000;

export interface ApprovalNoticeOptions {
  /** Requests not told before (by approval id), oldest first. */
  readonly onNew: (requests: readonly PendingDecision[]) => void;
  readonly timers?: Timers;
  readonly intervalMs?: number;
}

export class ApprovalNotices implements Disposable {
  private readonly told = new Set<string>();
  private timer: unknown;
  private readonly timers: Timers;
  private readonly subscription: Disposable;

  constructor(
    private readonly inbox: ApprovalInbox,
    private readonly options: ApprovalNoticeOptions,
  ) {
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.subscription = inbox.onDidChange(() => this.update());
    this.update();
  }

  /** Whether the inbox is polled now (for tests). */
  get polling(): boolean {
    return this.timer !== undefined;
  }

  private update(): void {
    if (this.inbox.isApprover && this.timer === undefined) {
      this.timer = this.timers.setInterval(() => void this.inbox.refresh(), this.options.intervalMs ?? APPROVAL_POLL_INTERVAL_MS);
    } else if (!this.inbox.isApprover) {
      this.stop();
    }
    if (this.inbox.reading || !this.inbox.readAt) {
      return;
    }
    const fresh = this.inbox.requests.filter((entry) => !this.told.has(entry.approvalId.toLowerCase()));
    fresh.forEach((entry) => this.told.add(entry.approvalId.toLowerCase()));
    if (fresh.length > 0) {
      this.options.onNew(fresh);
    }
  }

  private stop(): void {
    if (this.timer !== undefined) {
      this.timers.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.stop();
  }
}
