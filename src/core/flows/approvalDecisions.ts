// The approver's side: what waits for my decision in every signed-in tenant, and recording a decision on the one
// stage assigned to me. Pure: no `vscode` import; tested against the emulator in plain mocha.
import * as l10n from '@vscode/l10n';
import type { ApprovalDecision, ApprovalStage, RequestToApprove } from '../api/armApprovals';
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

/** Where approvals are read: Azure resource roles (ARM) and PIM for Groups (Graph v1.0). */
export type ApprovalSurface = 'azure' | 'groups';
const ALL_SURFACES: readonly ApprovalSurface[] = ['azure', 'groups'];

interface ListRead {
  readonly connection: TenantConnection;
  readonly surface: ApprovalSurface;
  readonly list: () => Promise<RequestToApprove[]>;
}

/**
 * Requests waiting for my approval, oldest first, from the lists `surfacesOf` names for each tenant (the approval inbox
 * reads only where I approve); by default Azure roles, and PIM for Groups where the tenant has Graph. My own requests
 * are left out even when a policy names me as an approver: PIM never lets a requester approve their own request. Each
 * list of each tenant fails on its own (a Graph failure does not hide the Azure list).
 */
export async function listPendingDecisions(
  connections: readonly TenantConnection[],
  surfacesOf: (connection: TenantConnection) => readonly ApprovalSurface[] = () => ALL_SURFACES,
  signal?: AbortSignal,
): Promise<PendingDecisions> {
  const reads = connections.flatMap((connection) =>
    surfacesOf(connection).flatMap((surface): ListRead[] => {
      const graph = connection.graph;
      if (surface === 'groups') {
        return graph ? [{ connection, surface, list: () => graph.approvals.listRequestsToApprove(signal) }] : [];
      }
      return [{ connection, surface, list: () => connection.arm.approvals.listRequestsToApprove(signal) }];
    }),
  );
  const perList = await Promise.all(
    reads.map(async ({ connection, surface, list }) => {
      try {
        const [entries, me] = await Promise.all([list(), connection.callerObjectId()]);
        return { requests: entries.filter((entry) => entry.requesterId.toLowerCase() !== me.toLowerCase()).map((entry) => ({ ...entry, connection })) };
      } catch (error) {
        if (isPimError(error) && error.kind === 'cancelled') {
          throw error;
        }
        const problem = PimError.from(error);
        if (surface === 'groups' && problem.kind === 'graphPermissionMissing') {
          // No app registration with the PIM for Groups permissions: the Roles view already asks for one.
          return {};
        }
        const why = problem.userMessage;
        return {
          problem:
            surface === 'groups'
              ? l10n.t('{0}: group requests to approve could not be read: {1}', nameText(connection.displayName), why)
              : l10n.t('{0}: requests to approve could not be read: {1}', nameText(connection.displayName), why),
        };
      }
    }),
  );
  return {
    requests: perList
      .flatMap((tenant) => tenant.requests ?? [])
      .sort((a, b) => (a.request.createdOn?.getTime() ?? 0) - (b.request.createdOn?.getTime() ?? 0)),
    problems: perList.flatMap((tenant) => (tenant.problem ? [tenant.problem] : [])),
  };
}

export interface DecisionResult {
  readonly ok: boolean;
  readonly message: string;
}

/** One approval as the decision sees it: its stages, recording on one, and the request's status when it is over. */
interface DecisionTarget {
  stages(signal: AbortSignal | undefined): Promise<ApprovalStage[]>;
  record(stage: ApprovalStage, decision: ApprovalDecision, justification: string, signal: AbortSignal | undefined): Promise<void>;
  /** The request's status now, if it can be read; undefined = unknown. */
  statusNow(signal: AbortSignal | undefined): Promise<string | undefined>;
}

function decisionTarget(pending: PendingDecision): DecisionTarget {
  const graph = pending.connection.graph;
  if (pending.request.key.kind === 'group') {
    if (!graph) {
      throw new PimError({ kind: 'unknown', message: 'This tenant is not connected to Microsoft Graph.' });
    }
    const approvals = graph.approvals;
    return {
      stages: (signal) => approvals.listStages(pending.approvalId, signal),
      record: (stage, decision, justification, signal) => approvals.decide(pending.approvalId, stage.id, decision, justification, signal),
      // The approver reads the approval, not the request: its stages say how it ended.
      statusNow: async (signal) => statusOfStages(await approvals.listStages(pending.approvalId, signal)),
    };
  }
  const approvals = pending.connection.arm.approvals;
  return {
    stages: (signal) => approvals.listStages(pending.approvalId, signal),
    record: (stage, decision, justification, signal) => approvals.decide(stage.id, decision, justification, signal),
    statusNow: async (signal) => (await approvals.getRequest(pending.request.id, signal)).status,
  };
}

/** The request status an approval's stages stand for: expired, approved, denied, or still open (undefined). */
function statusOfStages(stages: readonly ApprovalStage[]): string | undefined {
  if (stages.some((stage) => stage.reviewResult === 'Deny')) {
    return 'Denied';
  }
  if (stages.some((stage) => stage.status === 'Expired')) {
    return 'TimedOut';
  }
  if (stages.length > 0 && stages.every((stage) => stage.reviewResult === 'Approve')) {
    return 'Provisioned';
  }
  return stages.length > 0 ? 'PendingApproval' : undefined;
}

/** Records Approve or Deny on the stage assigned to me, and says in plain words what happened. */
export async function decide(pending: PendingDecision, decision: ApprovalDecision, justification: string, signal?: AbortSignal): Promise<DecisionResult> {
  const label = l10n.t('{0} on {1} for {2}', nameText(pending.request.roleName), nameText(pending.request.scope.displayName), nameText(pending.requesterName ?? pending.requesterId));
  if (!justification.trim()) {
    return { ok: false, message: l10n.t('A justification is needed to approve or deny a request.') };
  }
  const selfApproval = (): string => l10n.t('{0}: you cannot approve or deny your own request.', label);
  try {
    const target = decisionTarget(pending);
    const stages = await target.stages(signal);
    const stage = stages.find((candidate) => candidate.assignedToMe && candidate.status === 'InProgress');
    if (!stage) {
      return { ok: false, message: (await isMine(pending)) ? selfApproval() : await alreadyDecided(target, label, signal) };
    }
    await target.record(stage, decision, justification.trim(), signal);
    return {
      ok: true,
      message: decision === 'Approve' ? l10n.t('Approved: {0}.', label) : l10n.t('Denied: {0}.', label),
    };
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
    const pimError = PimError.from(error);
    if (pimError.code?.toLowerCase() === 'selfapprovalnotallowed' || (pimError.kind === 'authorization' && (await isMine(pending)))) {
      return { ok: false, message: selfApproval() };
    }
    if (pimError.status === 409) {
      return { ok: false, message: await alreadyDecided(decisionTarget(pending), label, signal) };
    }
    if (pimError.kind === 'authorization') {
      return { ok: false, message: l10n.t('{0}: you are not an approver of this request (any more).', label) };
    }
    if (pimError.status === 404) {
      return { ok: false, message: l10n.t('{0}: the approval was not found; the request may have been cancelled.', label) };
    }
    return { ok: false, message: l10n.t('{0}: the decision was not recorded: {1}', label, pimError.userMessage) };
  }
}

/** Whether I made this request (PIM never lets a requester decide their own). */
async function isMine(pending: PendingDecision): Promise<boolean> {
  try {
    return (await pending.connection.callerObjectId()).toLowerCase() === pending.requesterId.toLowerCase();
  } catch {
    return false;
  }
}

/** After a 409 or with no open stage for me: the request's current status says why (another approver, expired). */
async function alreadyDecided(target: DecisionTarget, label: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    const status = await target.statusNow(signal);
    if (status === 'TimedOut') {
      return l10n.t('{0}: the request expired before anyone decided (approvers have 24 hours).', label);
    }
    if (status !== undefined && status !== 'PendingApproval') {
      return l10n.t('{0}: already decided by another approver; the request is {1}.', label, describeRequestStatus(status));
    }
  } catch {
    // The explanation below still holds.
  }
  return l10n.t('{0}: no approval step is waiting for you; another approver may have decided already.', label);
}
