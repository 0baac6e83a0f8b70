// ARM role assignment approvals (api-version 2021-01-01-preview, the only version published:
// azure-rest-api-specs preview/2021-01-01-preview/authorization-RoleAssignmentApprovalCalls.json; Learn
// "Use Role Assignment Approvals to approve PIM role activation requests with REST API"). One approval per request
// that waits for an approver, with one stage (the emulator's policies are SingleStage) whose id is the approval's
// id, as Graph documents for its approvals and the portal's calls show (pimctl). What no document states is listed
// in README.md ("Approvals").
import type { Caller, ApiRequest, ApiResponse, HandlerContext } from './http';
import { asRecord, iso, optionalString } from './http';
import { ApiError, type PimRequest, type TenantState } from './state';
import { normalizeScope } from './scopes';

export const APPROVALS_API_VERSION = '2021-01-01-preview';
// The spec names the sub-collection "steps"; its examples, Learn and the portal use "stages". Both are served.
const APPROVALS_ROUTE = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignmentApprovals(?:\/([^/]+)(?:\/(stages|steps)(?:\/([^/]+))?)?)?$/i;

export function isApprovalsPath(path: string): boolean {
  return APPROVALS_ROUTE.test(path);
}

export function handleApprovals(req: ApiRequest, ctx: HandlerContext, checkScope: (scope: string) => TenantState): ApiResponse {
  const m = APPROVALS_ROUTE.exec(req.path);
  if (!m) {
    throw new ApiError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.baseUrl}${req.rawUrl}'.`);
  }
  requireApprovalsApiVersion(req);
  const scope = normalizeScope(m[1] ?? '');
  const tenant = checkScope(scope === '/' ? '' : scope);
  const [, , approvalName, stages, stageName] = m;
  if (!approvalName) {
    if (req.method !== 'GET') {
      throw methodNotAllowed(req);
    }
    return listApprovals(req, ctx, tenant, scope === '/' ? '' : scope);
  }
  const request = findApproval(tenant, approvalName);
  if (!stages) {
    if (req.method !== 'GET') {
      throw methodNotAllowed(req);
    }
    checkMayReview(ctx.caller, request, 'Microsoft.Authorization/roleAssignmentApprovals/read');
    return { status: 200, body: approvalResource(ctx.caller, request) };
  }
  if (!stageName) {
    if (req.method !== 'GET') {
      throw methodNotAllowed(req);
    }
    checkMayReview(ctx.caller, request, 'Microsoft.Authorization/roleAssignmentApprovals/read');
    return { status: 200, body: { value: [stageResource(ctx.caller, request)] } };
  }
  if (stageName.toLowerCase() !== approvalGuid(request).toLowerCase()) {
    throw new ApiError(404, 'RoleAssignmentApprovalStageNotFound', `The role assignment approval stage '${stageName}' could not be found.`);
  }
  switch (req.method) {
    case 'GET':
      checkMayReview(ctx.caller, request, 'Microsoft.Authorization/roleAssignmentApprovals/read');
      return { status: 200, body: stageResource(ctx.caller, request) };
    case 'PATCH':
    case 'PUT':
      recordDecision(req, ctx, tenant, request);
      return { status: 200, body: stageResource(ctx.caller, request) };
    default:
      throw methodNotAllowed(req);
  }
}

function requireApprovalsApiVersion(req: ApiRequest): void {
  const version = req.query.get('api-version');
  if (!version) {
    throw new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (version !== APPROVALS_API_VERSION) {
    throw new ApiError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${APPROVALS_API_VERSION}'.`);
  }
}

function methodNotAllowed(req: ApiRequest): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
}

function approvalGuid(request: PimRequest): string {
  return (request.approvalId ?? '').split('/').pop() ?? '';
}

function findApproval(tenant: TenantState, name: string): PimRequest {
  const request = tenant.requests.find((r) => r.target.surface === 'arm' && r.approvalId !== null && approvalGuid(r).toLowerCase() === name.toLowerCase());
  if (!request) {
    throw new ApiError(404, 'RoleAssignmentApprovalNotFound', `The role assignment approval '${name}' could not be found.`);
  }
  return request;
}

export function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function isApprover(caller: Caller, request: PimRequest): boolean {
  return request.approverIds.some((id) => same(id, caller.claims.oid));
}

export function isRequestor(caller: Caller, request: PimRequest): boolean {
  return same(request.requestorId, caller.claims.oid) || same(request.principalId, caller.claims.oid);
}

/**
 * The requester may not act on (or read the stages of) their own approval, even when the policy names them as an
 * approver: "Request doesn't allow Self-Approval" (the service's text, quoted in Microsoft Q&A 5543697). Anyone who
 * is not an approver of the request is refused like any ARM call without the permission.
 */
function checkMayReview(caller: Caller, request: PimRequest, action: string): void {
  if (isRequestor(caller, request)) {
    throw new ApiError(400, 'SelfApprovalNotAllowed', "Request doesn't allow Self-Approval");
  }
  if (!isApprover(caller, request)) {
    throw new ApiError(
      403,
      'AuthorizationFailed',
      `The client '${caller.claims.upn}' with object id '${caller.claims.oid}' does not have authorization to perform action '${action}' over scope '${request.approvalId ?? '/'}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
}

function hasFilter(req: ApiRequest, fn: string): boolean {
  return (req.query.get('$filter') ?? '').replace(/\s+/g, '').toLowerCase().includes(`${fn.toLowerCase()}()`);
}

/** `asApprover()`, `asCreatedBy()` and `asTarget()` as the spec describes them; without a filter a non-admin is refused. */
function listApprovals(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, scope: string): ApiResponse {
  const withApproval = tenant.requests.filter(
    (r) => r.target.surface === 'arm' && r.approvalId !== null && (scope === '' || tenant.isWithin(r.target.scope, scope)),
  );
  const oid = ctx.caller.claims.oid;
  let items: PimRequest[];
  if (hasFilter(req, 'asApprover')) {
    items = withApproval.filter((r) => isApprover(ctx.caller, r));
  } else if (hasFilter(req, 'asCreatedBy')) {
    items = withApproval.filter((r) => same(r.requestorId, oid));
  } else if (hasFilter(req, 'asTarget')) {
    items = withApproval.filter((r) => same(r.principalId, oid));
  } else {
    throw new ApiError(
      403,
      'AuthorizationFailed',
      `The client '${ctx.caller.claims.upn}' with object id '${oid}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentApprovals/read' over scope '${scope || '/'}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
  return { status: 200, body: { value: items.map((r) => approvalResource(ctx.caller, r)) } };
}

function approvalResource(caller: Caller, request: PimRequest): unknown {
  return {
    id: request.approvalId,
    // The resource type (bicep-types-az); the list example shows the stages' type here, which reads as a slip.
    type: 'Microsoft.Authorization/roleAssignmentApprovals',
    name: approvalGuid(request),
    properties: { stages: [stageResource(caller, request)] },
  };
}

export function stageStatus(request: PimRequest): string {
  switch (request.status) {
    case 'PendingApproval':
      return 'InProgress';
    case 'TimedOut':
      return 'Expired';
    default:
      return 'Completed';
  }
}

function stageResource(caller: Caller, request: PimRequest): unknown {
  const guid = approvalGuid(request);
  const review = request.review;
  return {
    id: `${request.approvalId ?? ''}/stages/${guid}`,
    type: 'Microsoft.Authorization/roleAssignmentApprovals/stages',
    name: guid,
    properties: {
      displayName: null,
      status: stageStatus(request),
      assignedToMe: isApprover(caller, request) && !isRequestor(caller, request),
      reviewedBy: review
        ? { principalType: 'user', principalId: review.reviewerId, principalName: review.reviewerName, userPrincipalName: review.reviewerUpn }
        : null,
      reviewedDateTime: review ? iso(review.at) : null,
      reviewResult: review?.result ?? 'NotReviewed',
      justification: review?.justification ?? '',
    },
  };
}

/**
 * PATCH/PUT a stage: `{"properties":{"reviewResult":"Approve"|"Deny","justification":"..."}}` as the examples and
 * Learn send it (the spec's body schema is the bare properties object: read too). The first decision wins
 * ("Requests are resolved by the first approver who approves or denies"); a later one is 409, as Graph documents.
 */
function recordDecision(req: ApiRequest, ctx: HandlerContext, tenant: TenantState, request: PimRequest): void {
  checkMayReview(ctx.caller, request, 'Microsoft.Authorization/roleAssignmentApprovals/stages/write');
  const body = asRecord(req.body);
  const properties = body.properties === undefined ? body : asRecord(body.properties);
  const result = optionalString(properties.reviewResult);
  if (result !== 'Approve' && result !== 'Deny') {
    throw new ApiError(400, 'InvalidRequestContent', "The request content was invalid: properties.reviewResult must be 'Approve' or 'Deny'.");
  }
  applyDecision(ctx, tenant, request, result, optionalString(properties.justification)?.trim() ?? '', {
    expired: ['RoleAssignmentApprovalExpired', 'The approval stage has expired: approvers have 24 hours to decide.'],
    decided: ['RoleAssignmentApprovalAlreadyCompleted', `The approval stage has already been completed (the request is ${request.status}).`],
    justification: ['InvalidRequestContent', 'A justification is required to record a decision on this approval stage.'],
  });
}

/** Codes and messages of the refusals, which differ between ARM and Graph. */
export interface DecisionRefusals {
  readonly expired: readonly [string, string];
  readonly decided: readonly [string, string];
  readonly justification: readonly [string, string];
}

/**
 * The decision itself, shared by ARM and Graph: the first decision wins ("Requests are resolved by the first approver
 * who approves or denies"), a later one is 409 (Graph documents 409 for "already been approved by another approver");
 * Approve grants the request, Deny ends it as Denied.
 */
export function applyDecision(
  ctx: HandlerContext,
  tenant: TenantState,
  request: PimRequest,
  result: 'Approve' | 'Deny',
  justification: string,
  refusals: DecisionRefusals,
): void {
  if (request.status === 'TimedOut') {
    throw new ApiError(409, ...refusals.expired);
  }
  if (request.status !== 'PendingApproval') {
    throw new ApiError(409, ...refusals.decided);
  }
  if (!justification) {
    // The emulator's policies all set isApproverJustificationRequired: true.
    throw new ApiError(400, ...refusals.justification);
  }
  request.review = {
    reviewerId: ctx.caller.claims.oid,
    reviewerName: ctx.caller.claims.name,
    reviewerUpn: ctx.caller.claims.upn,
    result,
    justification,
    at: ctx.now,
  };
  if (result === 'Approve') {
    tenant.grant(request, ctx.now);
  } else {
    request.status = 'Denied';
    request.completedOn = ctx.now;
  }
}
