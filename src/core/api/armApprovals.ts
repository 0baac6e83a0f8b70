// Approving Azure role activations through ARM, as Learn describes it ("Use Role Assignment Approvals to approve PIM
// role activation requests with REST API"): the requests waiting for me come from roleAssignmentScheduleRequests with
// `asApprover()` (2020-10-01), each names its approval (`approvalId`); the approval's stages and the decision use
// roleAssignmentApprovals, published only as api-version 2021-01-01-preview. Every id a response hands back is
// checked for its exact shape before a token is sent to it.
import { isArmScope, mapAssignmentRequest } from './armMapping';
import type { JsonClient } from './http';
import { PimError } from '../errors/errors';
import { asObject, readName, readString, type JsonObject } from '../../shared/json';
import type { RoleRequest } from '../model/model';

export const APPROVALS_API_VERSION = '2021-01-01-preview';
const REQUESTS_API_VERSION = '2020-10-01';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const APPROVAL_ID = new RegExp(`^/providers/Microsoft\\.Authorization/roleAssignmentApprovals/${GUID}$`, 'i');
const STAGE_ID = new RegExp(`^/providers/Microsoft\\.Authorization/roleAssignmentApprovals/${GUID}/stages/${GUID}$`, 'i');
const REQUEST_ID = new RegExp(`^((?:/[A-Za-z0-9._()-]+)*)/providers/Microsoft\\.Authorization/roleAssignmentScheduleRequests/${GUID}$`, 'i');

export type ApprovalDecision = 'Approve' | 'Deny';

/** A request someone made that waits for my decision. */
export interface RequestToApprove {
  readonly request: RoleRequest;
  readonly approvalId: string;
  readonly requesterId: string;
  readonly requesterName?: string;
  readonly requesterEmail?: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
}

export interface ApprovalStage {
  readonly id: string;
  /** NotStarted, InProgress, Completed, Expired, ... */
  readonly status: string;
  readonly assignedToMe: boolean;
  /** Approve, Deny or NotReviewed. */
  readonly reviewResult: string;
  readonly justification?: string;
  readonly reviewerName?: string;
}

/** A request's status and the approval it waits for (GET of one roleAssignmentScheduleRequest). */
export interface RequestSnapshot {
  readonly status: string;
  readonly approvalId?: string;
}

export function isApprovalId(id: string): boolean {
  return APPROVAL_ID.test(id);
}

/** A request id under a scope made of plain segments only (no `.`/`..`, query, escapes): safe to append to the endpoint. */
export function isRequestId(id: string): boolean {
  const scope = REQUEST_ID.exec(id)?.[1];
  return scope !== undefined && (scope === '' || isArmScope(scope)) && !id.split('/').some((segment) => segment === '.' || segment === '..');
}

export function mapRequestToApprove(item: JsonObject, tenantId: string): RequestToApprove | undefined {
  const request = mapAssignmentRequest(item, tenantId);
  const approvalId = readString(item, 'properties.approvalId');
  const requesterId = readString(item, 'properties.requestorId') ?? readString(item, 'properties.principalId');
  if (!request || !approvalId || !isApprovalId(approvalId) || !requesterId) {
    return undefined;
  }
  return requestToApprove(request, approvalId, requesterId, {
    requesterName: readName(item, 'properties.expandedProperties.principal.displayName'),
    requesterEmail: readName(item, 'properties.expandedProperties.principal.email'),
    ticketNumber: readName(item, 'properties.ticketInfo.ticketNumber'),
    ticketSystem: readName(item, 'properties.ticketInfo.ticketSystem'),
  });
}

type OptionalDetails = { readonly [K in 'requesterName' | 'requesterEmail' | 'ticketNumber' | 'ticketSystem']: string | undefined };

/** A RequestToApprove with only the details the answer had (ARM and Graph alike). */
export function requestToApprove(request: RoleRequest, approvalId: string, requesterId: string, details: OptionalDetails): RequestToApprove {
  const present = Object.fromEntries(Object.entries(details).filter(([, value]) => value)) as Partial<Record<keyof OptionalDetails, string>>;
  return { request, approvalId, requesterId, ...present };
}

export function mapApprovalStage(item: JsonObject): ApprovalStage | undefined {
  const id = readString(item, 'id');
  const properties = asObject(item.properties) ?? {};
  const reviewerName = readName(properties, 'reviewedBy.principalName') ?? readName(properties, 'reviewedBy.userPrincipalName');
  return id && STAGE_ID.test(id) ? approvalStage(id, properties, reviewerName) : undefined;
}

/** An ApprovalStage from its fields (ARM: the stage's `properties`; Graph: the stage itself), ARM and Graph alike. */
export function approvalStage(id: string, fields: JsonObject, reviewerName: string | undefined): ApprovalStage | undefined {
  const status = readString(fields, 'status');
  if (!status) {
    return undefined;
  }
  const justification = readName(fields, 'justification');
  return {
    id,
    status,
    assignedToMe: fields.assignedToMe === true,
    reviewResult: readString(fields, 'reviewResult') ?? 'NotReviewed',
    ...(justification ? { justification } : {}),
    ...(reviewerName ? { reviewerName } : {}),
  };
}

/** The stages of one approval, as listed inside it (`properties.stages`) or by GET .../stages (`value`). */
function stagesOf(body: unknown): ApprovalStage[] {
  const object = asObject(body);
  const list = object?.value ?? asObject(object?.properties)?.stages;
  return Array.isArray(list) ? list.flatMap((item) => (asObject(item) ? (mapApprovalStage(asObject(item) as JsonObject) ?? []) : [])) : [];
}

type ListAll = (pathAndQuery: string, signal: AbortSignal | undefined) => Promise<JsonObject[]>;

/** The approval calls of one tenant, on the ARM client's pipeline (same token rules, retries and service clock). */
export class ArmApprovals {
  constructor(
    private readonly http: JsonClient,
    private readonly endpoint: string,
    private readonly tenantId: string,
    private readonly listAll: ListAll,
  ) {}

  /** Requests that wait for my decision (their status is PendingApproval); approvalDecisions orders every tenant's together. */
  async listRequestsToApprove(signal?: AbortSignal): Promise<RequestToApprove[]> {
    const items = await this.listAll(
      `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=${REQUESTS_API_VERSION}&$filter=${encodeURIComponent('asApprover()')}`,
      signal,
    );
    return items
      .flatMap((item) => mapRequestToApprove(item, this.tenantId) ?? [])
      .filter((entry) => entry.request.status === 'PendingApproval');
  }

  /**
   * Whether any approval, open or decided, lists me as an approver (roleAssignmentApprovals with `asApprover()`):
   * only then is it worth polling for new requests.
   */
  async isApprover(signal?: AbortSignal): Promise<boolean> {
    const items = await this.listAll(
      `/providers/Microsoft.Authorization/roleAssignmentApprovals?api-version=${APPROVALS_API_VERSION}&$filter=${encodeURIComponent('asApprover()')}`,
      signal,
    );
    return items.length > 0;
  }

  /** One request as it is now: what a requester watches while it waits for approval. */
  async getRequest(requestId: string, signal?: AbortSignal): Promise<RequestSnapshot> {
    if (!isRequestId(requestId)) {
      throw new PimError({ kind: 'unknown', message: `Not a role assignment request id: ${requestId.slice(0, 200)}` });
    }
    const response = await this.http.send(`${this.endpoint}${requestId}?api-version=${REQUESTS_API_VERSION}`, signal ? { abortSignal: signal } : {});
    const status = readString(response.body, 'properties.status');
    if (!status) {
      throw new PimError({ kind: 'malformedResponse', status: response.status, message: 'The request could not be read.' });
    }
    const approvalId = readString(response.body, 'properties.approvalId');
    return { status, ...(approvalId && isApprovalId(approvalId) ? { approvalId } : {}) };
  }

  async listStages(approvalId: string, signal?: AbortSignal): Promise<ApprovalStage[]> {
    assertApprovalId(approvalId);
    const response = await this.http.send(`${this.endpoint}${approvalId}/stages?api-version=${APPROVALS_API_VERSION}`, signal ? { abortSignal: signal } : {});
    return stagesOf(response.body).filter((stage) => stage.id.toLowerCase().startsWith(`${approvalId.toLowerCase()}/`));
  }

  /** The stages of an approval I asked for (`asCreatedBy()`): how the requester learns the approver's reason. */
  async myApprovalStages(approvalId: string, signal?: AbortSignal): Promise<ApprovalStage[]> {
    assertApprovalId(approvalId);
    const items = await this.listAll(
      `/providers/Microsoft.Authorization/roleAssignmentApprovals?api-version=${APPROVALS_API_VERSION}&$filter=${encodeURIComponent('asCreatedBy()')}`,
      signal,
    );
    const mine = items.find((item) => readString(item, 'id')?.toLowerCase() === approvalId.toLowerCase());
    return mine ? stagesOf(mine).filter((stage) => stage.id.toLowerCase().startsWith(`${approvalId.toLowerCase()}/`)) : [];
  }

  /** Records my decision on a stage; 200 with the stage (the spec) and 204 (the portal's calls) both mean done. */
  async decide(stageId: string, decision: ApprovalDecision, justification: string, signal?: AbortSignal): Promise<void> {
    if (!STAGE_ID.test(stageId)) {
      throw new PimError({ kind: 'unknown', message: `Not an approval stage id: ${stageId.slice(0, 200)}` });
    }
    await this.http.send(`${this.endpoint}${stageId}?api-version=${APPROVALS_API_VERSION}`, {
      method: 'PATCH',
      body: { properties: { reviewResult: decision, justification } },
      ...(signal ? { abortSignal: signal } : {}),
    });
  }
}

function assertApprovalId(approvalId: string): void {
  if (!isApprovalId(approvalId)) {
    throw new PimError({ kind: 'unknown', message: `Not an approval id: ${approvalId.slice(0, 200)}` });
  }
}
