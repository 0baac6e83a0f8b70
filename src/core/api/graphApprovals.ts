// Approving PIM for Groups activations through Microsoft Graph v1.0, as Learn documents it: the requests waiting for
// me are `assignmentScheduleRequests/filterByCurrentUser(on='approver')` ("privilegedAccessGroupAssignmentScheduleRequest:
// filterByCurrentUser", on = principal | createdBy | approver); the approval of a request has the request's own id
// ("In PIM for groups, it's the same identifier as the identifier of the assignment schedule request", approval
// resource) and is read with `GET assignmentApprovals/{id}` (its stages); a decision is `PATCH
// assignmentApprovals/{id}/stages/{stageId}` with {reviewResult, justification}, answered 204 (409 when another
// approver decided). Ids from answers go into paths only when they have the plain shape of a Graph id.
import { mapGroupRequest } from './graphMapping';
import { approvalStage, requestToApprove, type ApprovalDecision, type ApprovalStage, type RequestSnapshot, type RequestToApprove } from './armApprovals';
import { PimError } from '../errors/errors';
import { asArray, asObject, readName, readString, type JsonObject } from '../../shared/json';

const GROUP_BASE = '/identityGovernance/privilegedAccess/group';
const PENDING = "status eq 'PendingApproval'";
const GRAPH_ID = /^[A-Za-z0-9_-]{1,200}$/;

type Send = (method: 'GET' | 'PATCH', path: string, body: unknown, signal: AbortSignal | undefined) => Promise<unknown>;
type ListAll = (path: string, signal: AbortSignal | undefined) => Promise<JsonObject[]>;

/** A request waiting for approval as a PIM for Groups approver reads it (`$expand=principal,group`). */
export function mapGroupRequestToApprove(item: JsonObject, tenantId: string): RequestToApprove | undefined {
  const request = mapGroupRequest(item, tenantId);
  const approvalId = readString(item, 'approvalId') ?? request?.id;
  const requesterId = readString(item, 'createdBy.user.id') ?? readString(item, 'principalId');
  if (!request || !approvalId || !GRAPH_ID.test(approvalId) || !requesterId) {
    return undefined;
  }
  return requestToApprove(request, approvalId, requesterId, {
    requesterName: readName(item, 'principal.displayName') ?? readName(item, 'createdBy.user.displayName'),
    requesterEmail: readName(item, 'principal.mail') ?? readName(item, 'principal.userPrincipalName'),
    ticketNumber: readName(item, 'ticketInfo.ticketNumber'),
    ticketSystem: readName(item, 'ticketInfo.ticketSystem'),
  });
}

/** One approvalStage of Graph's approval resource (flat, unlike ARM's `properties`). */
export function mapGraphApprovalStage(item: JsonObject): ApprovalStage | undefined {
  const id = readString(item, 'id');
  return id && GRAPH_ID.test(id) ? approvalStage(id, item, readName(item, 'reviewedBy.displayName')) : undefined;
}

/** The PIM for Groups approval calls of one tenant, on the Graph client's pipeline (token rules, retries, next links). */
export class GraphGroupApprovals {
  constructor(
    private readonly send: Send,
    private readonly listAll: ListAll,
    private readonly tenantId: string,
  ) {}

  /** Group requests that wait for my decision; approvalDecisions orders every tenant's together. */
  async listRequestsToApprove(signal?: AbortSignal): Promise<RequestToApprove[]> {
    const items = await this.listAll(
      `${GROUP_BASE}/assignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=${encodeURIComponent(PENDING)}&$expand=principal,group`,
      signal,
    );
    return items
      .flatMap((item) => mapGroupRequestToApprove(item, this.tenantId) ?? [])
      .filter((entry) => entry.request.status === 'PendingApproval');
  }

  /** Whether any group approval, open or decided, names me as an approver: only then is it worth polling. */
  async isApprover(signal?: AbortSignal): Promise<boolean> {
    const items = await this.listAll(`${GROUP_BASE}/assignmentApprovals/filterByCurrentUser(on='approver')`, signal);
    return items.length > 0;
  }

  /** One of my group requests as it is now (`GET assignmentScheduleRequests/{id}`): what a requester watches while it waits. */
  async getRequest(requestId: string, signal?: AbortSignal): Promise<RequestSnapshot> {
    assertGraphId(requestId, 'request id');
    const status = readString(await this.send('GET', `${GROUP_BASE}/assignmentScheduleRequests/${requestId}`, undefined, signal), 'status');
    if (!status) {
      throw new PimError({ kind: 'malformedResponse', message: 'The request could not be read.' });
    }
    return { status };
  }

  /** The stages of one approval (`GET assignmentApprovals/{id}`). */
  async listStages(approvalId: string, signal?: AbortSignal): Promise<ApprovalStage[]> {
    assertGraphId(approvalId, 'approval id');
    const body = asObject(await this.send('GET', `${GROUP_BASE}/assignmentApprovals/${approvalId}`, undefined, signal));
    if (!body || !Array.isArray(body.stages)) {
      throw new PimError({ kind: 'malformedResponse', message: 'Microsoft Graph answered with an approval in an unexpected shape.' });
    }
    return asArray(body.stages).flatMap((stage) => {
      const object = asObject(stage);
      return object ? (mapGraphApprovalStage(object) ?? []) : [];
    });
  }

  /** Records my decision on a stage; Graph answers 204. */
  async decide(approvalId: string, stageId: string, decision: ApprovalDecision, justification: string, signal?: AbortSignal): Promise<void> {
    assertGraphId(approvalId, 'approval id');
    assertGraphId(stageId, 'approval stage id');
    await this.send('PATCH', `${GROUP_BASE}/assignmentApprovals/${approvalId}/stages/${stageId}`, { reviewResult: decision, justification }, signal);
  }
}

function assertGraphId(value: string, what: string): void {
  if (!GRAPH_ID.test(value)) {
    throw new PimError({ kind: 'unknown', message: `Not a Graph ${what}: ${value.slice(0, 100)}` });
  }
}
