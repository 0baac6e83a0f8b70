// PIM for Groups approvals, Microsoft Graph v1.0 (Learn: "privilegedAccessGroupAssignmentScheduleRequest:
// filterByCurrentUser", "approval: filterByCurrentUser", "Get approval", "Update approvalStage"). The approval of a
// group request has the request's id ("In PIM for groups, it's the same identifier as the identifier of the assignment
// schedule request", approval resource); it has one stage (the emulator's policies are SingleStage) whose id is the
// approval's, as the filterByCurrentUser example shows. What no document states is listed in README.md ("Approvals").
import type { ApiRequest, ApiResponse, Caller, HandlerContext } from './http';
import { asRecord, expands, iso, optionalString, pagedGraph } from './http';
import { applyDecision, isApprover, isRequestor, same, stageStatus } from './approvals';
import { ApiError, type PimRequest, type TenantState } from './state';

const GROUP_PATH = '/v1.0/identityGovernance/privilegedAccess/group';
const REQUESTS_FOR_APPROVER = new RegExp(`^${GROUP_PATH}/assignmentScheduleRequests/filterByCurrentUser\\(on='approver'\\)$`, 'i');
const APPROVALS_FOR_APPROVER = new RegExp(`^${GROUP_PATH}/assignmentApprovals/filterByCurrentUser\\(on='approver'\\)$`, 'i');
// Learn's Update approvalStage names the PIM for Groups path ".../steps/{approvalStageId}"; the approval resource's
// relationship, the SDKs and the entitlement management path say "stages". Both are served.
const APPROVAL = new RegExp(`^${GROUP_PATH}/assignmentApprovals/([^/()]+)(?:/(stages|steps)/([^/]+))?$`, 'i');

export type GroupRequestResource = (request: PimRequest) => Record<string, unknown>;

export function isGroupApprovalsPath(path: string): boolean {
  return REQUESTS_FOR_APPROVER.test(path) || APPROVALS_FOR_APPROVER.test(path) || APPROVAL.test(path);
}

/** The approval id a group request shows: its own id when its policy asks for approval, else null. */
export function groupApprovalId(request: PimRequest): string | null {
  return request.approvalId === null ? null : request.name;
}

export function handleGroupApprovals(req: ApiRequest, ctx: HandlerContext, groupRequest: GroupRequestResource, groupResource: (groupId: string) => unknown): ApiResponse {
  const tenant = ctx.caller.tenant;
  if (req.method === 'GET' && REQUESTS_FOR_APPROVER.test(req.path)) {
    const wanted = statusFilter(req);
    const items = groupRequestsWithApproval(tenant).filter((r) => isApprover(ctx.caller, r) && (wanted === undefined || same(r.status, wanted)));
    return pagedGraph(req, ctx, '$metadata#Collection(privilegedAccessGroupAssignmentScheduleRequest)', items, (r) => ({
      ...groupRequest(r),
      ...(expands(req, 'principal') ? { principal: principalResource(tenant, r.principalId) } : {}),
      ...(expands(req, 'group') && r.target.surface === 'group' ? { group: groupResource(r.target.groupId) } : {}),
    }));
  }
  if (req.method === 'GET' && APPROVALS_FOR_APPROVER.test(req.path)) {
    const items = groupRequestsWithApproval(tenant).filter((r) => isApprover(ctx.caller, r));
    return pagedGraph(req, ctx, '$metadata#Collection(approval)', items, (r) => approvalResource(ctx.caller, r));
  }
  const m = APPROVAL.exec(req.path);
  if (!m) {
    throw new ApiError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').pop() ?? ''}'.`);
  }
  const [, approvalName = '', stages, stageName] = m;
  const request = findApproval(tenant, approvalName);
  if (!stages && req.method === 'GET') {
    checkMayRead(ctx.caller, request);
    return { status: 200, body: { '@odata.context': `${req.baseUrl}/v1.0/$metadata#approval/$entity`, ...approvalResource(ctx.caller, request) } };
  }
  if (stages && stageName !== undefined && req.method === 'PATCH') {
    if (!same(stageName, request.name)) {
      throw new ApiError(404, 'NotFound', `The approval stage '${stageName}' was not found.`);
    }
    recordDecision(req, ctx, tenant, request);
    return { status: 204 };
  }
  throw new ApiError(405, 'Request_BadRequest', `The requested resource does not support http method '${req.method}'.`);
}

function groupRequestsWithApproval(tenant: TenantState): PimRequest[] {
  return tenant.requests.filter((r) => r.target.surface === 'group' && r.approvalId !== null);
}

function findApproval(tenant: TenantState, name: string): PimRequest {
  const request = groupRequestsWithApproval(tenant).find((r) => same(r.name, name));
  if (!request) {
    throw new ApiError(404, 'NotFound', `The approval '${name}' was not found.`);
  }
  return request;
}

function forbidden(): ApiError {
  return new ApiError(403, 'Forbidden', 'The caller is not an approver of this request.');
}

/** Learn: "If the caller does not have the right permissions, the method returns a 403 Forbidden". */
function checkMayRead(caller: Caller, request: PimRequest): void {
  if (!isApprover(caller, request)) {
    throw forbidden();
  }
}

/**
 * PATCH a stage with `{"reviewResult":"Approve"|"Deny","justification":"..."}`; 204. An approver who is also the
 * requester is refused like anyone who is not an approver (403): PIM never lets a requester approve their own request.
 */
function recordDecision(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, request: PimRequest): void {
  if (!isApprover(ctx.caller, request) || isRequestor(ctx.caller, request)) {
    throw forbidden();
  }
  const body = asRecord(req.body);
  const result = optionalString(body.reviewResult);
  if (result !== 'Approve' && result !== 'Deny') {
    throw new ApiError(400, 'BadRequest', "reviewResult must be 'Approve' or 'Deny'.");
  }
  applyDecision(ctx, tenant, request, result, optionalString(body.justification)?.trim() ?? '', {
    expired: ['Conflict', 'The approval has expired: approvers have 24 hours to decide.'],
    decided: ['Conflict', 'The request has already been approved or denied by another approver in this approval stage.'],
    justification: ['BadRequest', 'A justification is required to record a decision on this approval stage.'],
  });
}

function approvalResource(caller: Caller, request: PimRequest): Record<string, unknown> {
  const review = request.review;
  return {
    '@odata.type': '#microsoft.graph.approval',
    id: request.name,
    stages: [
      {
        id: request.name,
        displayName: null,
        reviewedDateTime: review ? iso(review.at) : null,
        reviewResult: review?.result ?? 'NotReviewed',
        status: stageStatus(request),
        assignedToMe: isApprover(caller, request) && !isRequestor(caller, request),
        justification: review?.justification ?? '',
        reviewedBy: review ? { id: review.reviewerId, displayName: review.reviewerName } : null,
      },
    ],
  };
}

/** `$expand=principal`: a directoryObject; the requester is the tenant's user (the only one who activates). */
function principalResource(tenant: TenantState, principalId: string): unknown {
  const user = tenant.config.user;
  if (same(user.id, principalId)) {
    return { '@odata.type': '#microsoft.graph.user', id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, mail: user.userPrincipalName };
  }
  return { '@odata.type': '#microsoft.graph.directoryObject', id: principalId };
}

/** `$filter=status eq '...'` as the filterByCurrentUser example sends it; other filters are not modelled. */
function statusFilter(req: ApiRequest): string | undefined {
  const filter = req.query.get('$filter');
  if (!filter) {
    return undefined;
  }
  const m = /^\s*status\s+eq\s+'([A-Za-z]+)'\s*$/i.exec(filter);
  if (!m) {
    throw new ApiError(400, 'BadRequest', `Invalid filter clause: ${filter.slice(0, 100)}`);
  }
  return m[1];
}
