// The approver's side: what waits for my decision in every signed-in tenant, and recording a decision on the one
// stage assigned to me. Pure: no `vscode` import; tested against the emulator in plain mocha.
import * as l10n from '@vscode/l10n';
import type { ApprovalDecision, RequestToApprove } from '../api/armApprovals';
import { isPimError, PimError } from '../errors/errors';
import { describeRequestStatus } from '../errors/requestStatus';
import type { TenantConnection } from '../store/roleStore';
import { nameText } from '../../shared/inertText';

export interface PendingDecision extends RequestToApprove {
  readonly connection: TenantConnection;
}

export interface PendingDecisions {
  readonly requests: readonly PendingDecision[];
  /** Tenants whose list could not be read, with why (one sentence each). */
  readonly problems: readonly string[];
}

/**
 * Requests waiting for my approval, oldest first. My own requests are left out even when a policy names me as an
 * approver: PIM never lets a requester approve their own request.
 */
export async function listPendingDecisions(connections: readonly TenantConnection[], signal?: AbortSignal): Promise<PendingDecisions> {
  const perTenant = await Promise.all(
    connections.map(async (connection) => {
      try {
        const [entries, me] = await Promise.all([connection.arm.approvals.listRequestsToApprove(signal), connection.callerObjectId()]);
        return { requests: entries.filter((entry) => entry.requesterId.toLowerCase() !== me.toLowerCase()).map((entry) => ({ ...entry, connection })) };
      } catch (error) {
        if (isPimError(error) && error.kind === 'cancelled') {
          throw error;
        }
        return { problem: l10n.t('{0}: requests to approve could not be read: {1}', nameText(connection.displayName), PimError.from(error).userMessage) };
      }
    }),
  );
  return {
    requests: perTenant
      .flatMap((tenant) => tenant.requests ?? [])
      .sort((a, b) => (a.request.createdOn?.getTime() ?? 0) - (b.request.createdOn?.getTime() ?? 0)),
    problems: perTenant.flatMap((tenant) => (tenant.problem ? [tenant.problem] : [])),
  };
}

export interface DecisionResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Records Approve or Deny on the stage assigned to me, and says in plain words what happened. */
export async function decide(pending: PendingDecision, decision: ApprovalDecision, justification: string, signal?: AbortSignal): Promise<DecisionResult> {
  const approvals = pending.connection.arm.approvals;
  const label = l10n.t('{0} on {1} for {2}', nameText(pending.request.roleName), nameText(pending.request.scope.displayName), nameText(pending.requesterName ?? pending.requesterId));
  if (!justification.trim()) {
    return { ok: false, message: l10n.t('A justification is needed to approve or deny a request.') };
  }
  try {
    const stages = await approvals.listStages(pending.approvalId, signal);
    const stage = stages.find((candidate) => candidate.assignedToMe && candidate.status === 'InProgress');
    if (!stage) {
      return { ok: false, message: await alreadyDecided(pending, label, signal) };
    }
    await approvals.decide(stage.id, decision, justification.trim(), signal);
    return {
      ok: true,
      message: decision === 'Approve' ? l10n.t('Approved: {0}.', label) : l10n.t('Denied: {0}.', label),
    };
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
    const pimError = PimError.from(error);
    if (pimError.status === 409) {
      return { ok: false, message: await alreadyDecided(pending, label, signal) };
    }
    if (pimError.code?.toLowerCase() === 'selfapprovalnotallowed') {
      return { ok: false, message: l10n.t('{0}: you cannot approve or deny your own request.', label) };
    }
    if (pimError.kind === 'authorization') {
      return { ok: false, message: l10n.t('{0}: you are not an approver of this request (any more).', label) };
    }
    return { ok: false, message: l10n.t('{0}: the decision was not recorded: {1}', label, pimError.userMessage) };
  }
}

/** After a 409 or with no open stage for me: the request's current status says why (another approver, expired). */
async function alreadyDecided(pending: PendingDecision, label: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    const now = await pending.connection.arm.approvals.getRequest(pending.request.id, signal);
    if (now.status === 'TimedOut') {
      return l10n.t('{0}: the request expired before anyone decided (approvers have 24 hours).', label);
    }
    if (now.status !== 'PendingApproval') {
      return l10n.t('{0}: already decided by another approver; the request is {1}.', label, describeRequestStatus(now.status));
    }
  } catch {
    // The explanation below still holds.
  }
  return l10n.t('{0}: no approval step is waiting for you; another approver may have decided already.', label);
}
