// Sends one activation (or deactivation) and follows it until its outcome is known, for any kind of
// role: Azure resource roles through ARM, Entra roles and PIM for Groups through Microsoft Graph.
// Never creates a duplicate: an ARM request name is chosen once and reused on every retry; Graph POSTs
// are never retried. When a reply is lost the request is read back instead of sending a new one.
import { randomUUID } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import type { ActivationInput } from '../api/armPimClient';
import { formatIsoDuration } from '../model/duration';
import { isPimError, PimError } from '../errors/errors';
import { describeRequestStatus, requestOutcome, statusOutcome } from '../errors/requestStatus';
import type { GraphActivationFields } from '../api/graphMapping';
import { sameRole, type ActiveRole, type RequestType, type RoleKey, type RoleRequest } from '../model/model';
import { pollUntil, type PollResult } from '../api/retry';
import { accessOf, graphOf, listActiveOfKind, listRequestsOfKind } from './roleOperations';
import { serviceNowOf, type RowRef } from '../store/roleStore';
import type { ActivationOutcome } from '../../shared/protocol';
import { formatMinutes } from '../../shared/activationValidation';
import { formatDateTime } from '../../shared/locale';
import { nameText } from '../../shared/inertText';

export interface ActivationChoice {
  readonly justification: string;
  readonly durationMinutes: number;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
  readonly startAt?: Date;
}

export interface ActivationResult {
  readonly outcome: ActivationOutcome;
  readonly message: string;
  readonly request?: RoleRequest;
  readonly error?: PimError;
}

export interface FollowOptions {
  /** Waits between reads of the instance list while an activation propagates (10–30 s is normal). */
  readonly pollIntervalsMs?: readonly number[];
  readonly pollTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (outcome: ActivationOutcome, message: string) => void;
}

const LOST_REPLY: ReadonlySet<string> = new Set(['network', 'timeout', 'malformedResponse', 'transient']);

export async function activateRow(ref: RowRef, choice: ActivationChoice, options: FollowOptions = {}): Promise<ActivationResult> {
  const { row, connection } = ref;
  const eligible = row.eligible;
  if (!eligible) {
    return { outcome: 'failed', message: l10n.t('This role is not eligible for activation.') };
  }
  if (row.state === 'deactivating') {
    // PIM still lists the activation while it revokes it: a new request now would be refused as "already exists", or
    // race the revocation. Nothing is sent.
    return { outcome: 'failed', message: l10n.t('This role is still being deactivated. Activate it again once that has finished.') };
  }
  const progress = options.onProgress ?? (() => undefined);
  const principalId = await connection.callerObjectId();
  const key = eligible.key;
  const sentAt = serviceNowOf(connection);
  const input: ActivationInput = {
    scope: eligible.key.scope,
    roleDefinitionId: eligible.key.roleDefinitionId,
    // Group-derived eligibility is activated for the caller, not for the group.
    principalId,
    eligibilityScheduleId: eligible.eligibilityScheduleId,
    justification: choice.justification,
    duration: formatIsoDuration(choice.durationMinutes),
    requestName: randomUUID(),
    ...(choice.ticketNumber ? { ticketNumber: choice.ticketNumber } : {}),
    ...(choice.ticketSystem ? { ticketSystem: choice.ticketSystem } : {}),
    ...(choice.startAt ? { startDateTime: choice.startAt } : {}),
    ...(eligible.condition ? { condition: eligible.condition, ...(eligible.conditionVersion ? { conditionVersion: eligible.conditionVersion } : {}) } : {}),
  };
  const fields: GraphActivationFields = {
    principalId,
    justification: input.justification,
    duration: input.duration,
    ...(choice.ticketNumber ? { ticketNumber: choice.ticketNumber } : {}),
    ...(choice.ticketSystem ? { ticketSystem: choice.ticketSystem } : {}),
    ...(choice.startAt ? { startDateTime: choice.startAt } : {}),
  };
  const send = (claims: string | undefined): Promise<RoleRequest> => {
    switch (key.kind) {
      case 'azure':
        return connection.arm.activate(input, claims, options.signal);
      case 'entra':
        return graphOf(connection).activateEntra({ ...fields, roleDefinitionId: key.roleDefinitionId, directoryScopeId: key.scope }, claims, options.signal);
      case 'group':
        return graphOf(connection).activateGroup({ ...fields, groupId: key.scope, accessId: accessOf(key) }, claims, options.signal);
    }
  };
  progress('sending', l10n.t('Sending request…'));
  let request: RoleRequest;
  try {
    request = await sendWithStepUp(() => send(undefined), (claims) => {
      progress('sending', l10n.t('This role needs a stronger sign-in; asking VS Code for it…'));
      return send(claims);
    });
  } catch (error) {
    const pimError = PimError.from(error);
    if (pimError.kind === 'alreadyActive') {
      return { outcome: 'alreadyActive', message: l10n.t('Already active.') };
    }
    if (LOST_REPLY.has(pimError.kind)) {
      const found = await readBack(ref, key, sentRequest(key, 'SelfActivate', input.requestName ?? '', sentAt, input.justification), input.requestName ?? '', options.signal);
      if (!found) {
        return failure(pimError);
      }
      request = found;
    } else {
      return failure(pimError);
    }
  }
  return follow(ref, request, choice, options);
}

async function sendWithStepUp(send: () => Promise<RoleRequest>, retryWithClaims: (claims: string) => Promise<RoleRequest>): Promise<RoleRequest> {
  try {
    return await send();
  } catch (error) {
    if (isPimError(error) && error.kind === 'authenticationContextRequired' && error.claimsChallenge) {
      return retryWithClaims(error.claimsChallenge);
    }
    throw error;
  }
}

/** Clock skew allowed when recognising a Graph request we sent (Graph chooses its ids). */
const READ_BACK_SKEW_MS = 5 * 60_000;

/**
 * Recognises the request we sent among my Graph requests, by role, type, time and justification (Graph chooses its
 * ids). ARM requests are read back by the name we chose (readBack).
 */
function sentRequest(key: RoleKey, requestType: RequestType, requestName: string, sentAt: Date, justification?: string): (request: RoleRequest) => boolean {
  if (key.kind === 'azure') {
    return (request) => request.name.toLowerCase() === requestName.toLowerCase();
  }
  return (request) =>
    sameRole(request.key, key) &&
    request.requestType === requestType &&
    (justification === undefined || request.justification === justification) &&
    (request.createdOn === undefined || request.createdOn.getTime() >= sentAt.getTime() - READ_BACK_SKEW_MS);
}

/** After a lost reply: ARM reads the request back by its name (RoleAssignmentScheduleRequests_Get), Graph looks in my requests. */
async function readBack(ref: RowRef, key: RoleKey, matches: (request: RoleRequest) => boolean, requestName: string, signal: AbortSignal | undefined): Promise<RoleRequest | undefined> {
  try {
    if (key.kind === 'azure') {
      const request = await ref.connection.arm.getRequest(key.scope, requestName, signal);
      return matches(request) ? request : undefined;
    }
    const requests = await listRequestsOfKind(ref.connection, key.kind, signal);
    return requests.find(matches);
  } catch {
    return undefined;
  }
}

async function follow(ref: RowRef, request: RoleRequest, choice: ActivationChoice, options: FollowOptions): Promise<ActivationResult> {
  const progress = options.onProgress ?? (() => undefined);
  // `Granted` with a start of now is being provisioned (requestOutcome), like Provisioned: wait for the instance.
  const outcome = requestOutcome(request, serviceNowOf(ref.connection));
  switch (outcome) {
    case 'pendingApproval':
      return { outcome: 'pendingApproval', message: l10n.t('Waiting for approval. You will see it here once an approver decides.'), request };
    case 'scheduled':
      return {
        outcome: 'scheduled',
        message: choice.startAt ? l10n.t('Scheduled to start {0}.', formatDateTime(choice.startAt)) : l10n.t('Scheduled.'),
        request,
      };
    case 'denied':
      return { outcome: 'denied', message: l10n.t('Denied: {0}.', describeRequestStatus(request.status)), request };
    case 'failed':
    case 'ended':
      return { outcome: 'failed', message: l10n.t('The request ended as {0}.', describeRequestStatus(request.status)), request };
    default:
      break;
  }
  progress('waiting', l10n.t('Granted; waiting for the activation to show up (this can take up to a minute)…'));
  try {
    const found = await waitForActivation(ref, options);
    if (found.done) {
      return { outcome: 'active', message: l10n.t('Active for {0}.', formatMinutes(choice.durationMinutes)), request };
    }
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
  }
  return {
    outcome: 'active',
    message: l10n.t('Granted. It has not shown up in the list yet; access can take a few minutes to apply.'),
    request,
  };
}

const FOLLOW_INTERVALS_MS: readonly number[] = [1000, 2000, 3000, 5000, 5000, 10000, 10000, 15000];

/** Reads the role's surface until PIM lists the row's activation (a Provisioned request takes seconds to show up). */
export function waitForActivation(ref: RowRef, options: Pick<FollowOptions, 'pollIntervalsMs' | 'pollTimeoutMs' | 'signal'> = {}): Promise<PollResult<ActiveRole[]>> {
  const rowId = ref.row.id;
  return pollUntil(
    () => listActiveOfKind(ref.connection, rowKindOf(ref), options.signal),
    (active) => active.some((role) => role.id === rowId && role.assignmentType === 'Activated'),
    {
      intervalsMs: [...(options.pollIntervalsMs ?? FOLLOW_INTERVALS_MS)],
      timeoutMs: options.pollTimeoutMs ?? 90_000,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}

/**
 * Reads the role's surface until PIM no longer lists the row's activation: a deactivation goes through
 * `PendingRevocation`, and an activation that just ended on the local clock may still be listed for a moment. A new
 * activation is only sent after this (PIM would answer "already exists").
 */
export function waitUntilEnded(ref: RowRef, options: Pick<FollowOptions, 'pollIntervalsMs' | 'pollTimeoutMs' | 'signal'> = {}): Promise<PollResult<ActiveRole[]>> {
  const rowId = ref.row.id;
  return pollUntil(
    () => listActiveOfKind(ref.connection, rowKindOf(ref), options.signal),
    (active) => !active.some((role) => role.id === rowId && role.assignmentType === 'Activated'),
    {
      intervalsMs: [...(options.pollIntervalsMs ?? FOLLOW_INTERVALS_MS)],
      timeoutMs: options.pollTimeoutMs ?? 120_000,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}

function rowKindOf(ref: RowRef): RoleKey['kind'] {
  return (ref.row.eligible ?? ref.row.active ?? ref.row.pending)?.key.kind ?? 'azure';
}

function failure(error: PimError): ActivationResult {
  const outcome: ActivationOutcome = error.kind === 'policyViolation' ? 'policyViolation' : error.kind === 'requestPending' ? 'pendingApproval' : 'failed';
  return { outcome, message: error.userMessage, error };
}

export interface DeactivationResult {
  readonly ok: boolean;
  readonly message: string;
  /** PIM accepted the deactivation but still revokes it (`PendingRevocation`): the role stays listed for a while. */
  readonly revoking?: boolean;
  readonly error?: PimError;
}

export async function deactivateRow(ref: RowRef, signal?: AbortSignal): Promise<DeactivationResult> {
  const active = ref.row.active;
  if (!active || active.assignmentType !== 'Activated') {
    return { ok: false, message: l10n.t('Only just-in-time activations can be deactivated; this is a permanent assignment.') };
  }
  if (ref.row.state === 'deactivating') {
    return { ok: true, revoking: true, message: deactivatingText(ref) };
  }
  const principalId = await ref.connection.callerObjectId();
  const requestName = randomUUID();
  const key = active.key;
  const sentAt = serviceNowOf(ref.connection);
  let request: RoleRequest | undefined;
  try {
    switch (key.kind) {
      case 'azure':
        request = await ref.connection.arm.deactivate({ scope: key.scope, roleDefinitionId: key.roleDefinitionId, principalId, requestName }, signal);
        break;
      case 'entra':
        request = await graphOf(ref.connection).deactivateEntra({ roleDefinitionId: key.roleDefinitionId, directoryScopeId: key.scope, principalId }, signal);
        break;
      case 'group':
        request = await graphOf(ref.connection).deactivateGroup({ groupId: key.scope, accessId: accessOf(key), principalId }, signal);
        break;
    }
  } catch (error) {
    const pimError = PimError.from(error);
    if (LOST_REPLY.has(pimError.kind)) {
      request = await readBack(ref, key, sentRequest(key, 'SelfDeactivate', requestName, sentAt), requestName, signal);
    }
    if (!request || statusOutcome(request.status) === 'failed') {
      return { ok: false, message: pimError.userMessage, error: pimError };
    }
  }
  return deactivationResult(ref, request);
}

function deactivationResult(ref: RowRef, request: RoleRequest): DeactivationResult {
  if (statusOutcome(request.status) === 'ended') {
    return { ok: true, message: l10n.t('{0} on {1} deactivated.', nameText(ref.row.roleName), nameText(ref.row.scope.displayName)) };
  }
  if (statusOutcome(request.status) === 'failed' || statusOutcome(request.status) === 'denied') {
    return { ok: false, message: l10n.t('The deactivation ended as {0}.', describeRequestStatus(request.status)) };
  }
  // PendingRevocation (or another step on the way): accepted, not done.
  return { ok: true, revoking: true, message: deactivatingText(ref) };
}

function deactivatingText(ref: RowRef): string {
  return l10n.t('{0} on {1} is being deactivated; PIM removes the access in a moment.', nameText(ref.row.roleName), nameText(ref.row.scope.displayName));
}
