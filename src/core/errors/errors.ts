// One typed error for everything PIM can answer, so callers branch on `kind` instead of message text.
// Real message shapes this file understands (sources in test/unit/errors.unit.test.ts):
//   ARM:   {"error":{"code":"RoleAssignmentRequestPolicyValidationFailed","message":"The following policy rules failed: [\"ExpirationRule\"]"}}
//   Graph: {"error":{"code":"UnknownError","message":"{\"errorCode\":\"PermissionScopeNotGranted\",\"message\":\"Authorization failed due to missing permission scope …\"}"}}
//   ACRS:  message "&claims=%7B%22access_token%22%3A%7B%22acrs%22…" (URL-encoded) or "&claims={\"access_token\":…}" (raw JSON)

import * as l10n from '@vscode/l10n';
import { GRAPH_PIM_PERMISSIONS } from '../api/graphPermissions';
import { authenticationContextOf, MFA_CLAIMS, parseClaimsChallenge } from '../auth/claimsChallenge';
import { asNonEmptyString, isJsonObject, parseJsonObject } from '../../shared/json';
import { formatList } from '../../shared/locale';
import { redactSecrets } from '../../shared/secrets';

export type PimErrorKind =
  | 'alreadyActive'
  | 'requestPending'
  | 'policyViolation'
  | 'activeDurationTooShort'
  | 'authenticationContextRequired'
  | 'authorization'
  | 'authentication'
  | 'graphPermissionMissing'
  | 'throttled'
  | 'transient'
  | 'notFound'
  | 'network'
  | 'timeout'
  | 'malformedResponse'
  | 'cancelled'
  /** A token was not sent: the host is not one the user accepted, or a response pointed at another host. */
  | 'untrustedEndpoint'
  /** The connection was refused over the server's certificate (not trusted, expired, or for another name): see connectionProblems.ts. */
  | 'untrustedCertificate'
  /** The network proxy answered 407 Proxy Authentication Required. */
  | 'proxyAuthentication'
  | 'unknown';

/** What an answer of the service can be classified as (the others arise in the extension itself or on the way). */
type ServiceErrorKind = Exclude<PimErrorKind, 'untrustedEndpoint' | 'untrustedCertificate' | 'proxyAuthentication'>;

export interface PimErrorInit {
  readonly kind: PimErrorKind;
  /** Technical text for the log (codes, service message). */
  readonly message: string;
  /** Plain, actionable text for the user; defaults to `message`. */
  readonly userMessage?: string;
  /** Service error code, e.g. "RoleAssignmentExists". */
  readonly code?: string;
  /** HTTP status. */
  readonly status?: number;
  /** Policy rules named by RoleAssignmentRequestPolicyValidationFailed, e.g. ["ExpirationRule"]. */
  readonly failedRules?: readonly string[];
  /** Decoded claims JSON of a step-up challenge, e.g. {"access_token":{"acrs":{"essential":true,"value":"c1"}}}. */
  readonly claimsChallenge?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  readonly cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>(['throttled', 'transient', 'network', 'timeout']);

export class PimError extends Error {
  override readonly name = 'PimError';
  readonly kind: PimErrorKind;
  readonly userMessage: string;
  readonly code?: string;
  readonly status?: number;
  readonly failedRules?: readonly string[];
  readonly claimsChallenge?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;

  constructor(init: PimErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.userMessage = init.userMessage ?? init.message;
    this.code = init.code;
    this.status = init.status;
    this.failedRules = init.failedRules;
    this.claimsChallenge = init.claimsChallenge;
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
  }

  /** Any thrown value as a PimError. A message that is not ours may quote a token or a code: it is redacted. */
  static from(error: unknown): PimError {
    if (error instanceof PimError) {
      return error;
    }
    return new PimError({ kind: 'unknown', message: redactSecrets(error instanceof Error ? error.message : String(error)), cause: error });
  }

  /** Worth sending the same (idempotent) request again after a pause. */
  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }
}

export function isPimError(error: unknown): error is PimError {
  return error instanceof PimError;
}

export type ResponseHeaders = Readonly<Record<string, string | undefined>>;

type Surface = 'arm' | 'graph';

export function classifyArmError(status: number, body: unknown, headers?: ResponseHeaders, now: Date = new Date()): PimError {
  return classify('arm', status, body, headers ?? {}, now);
}

export function classifyGraphError(status: number, body: unknown, headers?: ResponseHeaders, now: Date = new Date()): PimError {
  return classify('graph', status, body, headers ?? {}, now);
}

// ---------------------------------------------------------------------------------------------
// Classification

const CODE_KINDS: ReadonlyMap<string, ServiceErrorKind> = new Map<string, ServiceErrorKind>([
  ['roleassignmentexists', 'alreadyActive'],
  ['roleassignmentrequestexists', 'requestPending'],
  ['roleassignmentschedulerequestexists', 'requestPending'],
  ['pendingroleassignmentrequest', 'requestPending'],
  ['roleassignmentrequestpolicyvalidationfailed', 'policyViolation'],
  ['activedurationtooshort', 'activeDurationTooShort'],
  ['authorizationfailed', 'authorization'],
  ['linkedauthorizationfailed', 'authorization'],
  ['authorization_requestdenied', 'authorization'],
  ['accessdenied', 'authorization'],
  ['forbidden', 'authorization'],
  ['invalidauthenticationtoken', 'authentication'],
  ['expiredauthenticationtoken', 'authentication'],
  ['invalidauthenticationtokentenant', 'authentication'],
  ['invalidauthenticationtokenaudience', 'authentication'],
  ['authenticationfailed', 'authentication'],
  ['unauthorized', 'authentication'],
  ['permissionscopenotgranted', 'graphPermissionMissing'],
  ['toomanyrequests', 'throttled'],
  ['subscriptionrequeststhrottled', 'throttled'],
  ['tenantrequeststhrottled', 'throttled'],
  ['requestthrottled', 'throttled'],
  ['roleassignmentdoesnotexist', 'notFound'],
  ['roledefinitiondoesnotexist', 'notFound'],
  ['resourcenotfound', 'notFound'],
  ['request_resourcenotfound', 'notFound'],
  ['resourcegroupnotfound', 'notFound'],
  ['subscriptionnotfound', 'notFound'],
  ['notfound', 'notFound'],
]);

/** Outer codes that only wrap the real one (Graph's PIM errors arrive as "UnknownError"). */
const WRAPPER_CODES = new Set(['unknownerror', 'badrequest', 'generalerror', 'deploymentfailed', '']);

interface ServiceError {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
  /** The body as text, for claims that hide outside `message`. */
  readonly raw: string;
}

function classify(surface: Surface, status: number, body: unknown, headers: ResponseHeaders, now: Date): PimError {
  const service = readServiceError(body);
  const code = service.code;
  const wwwAuthenticate = header(headers, 'www-authenticate');
  const claimsChallenge =
    parseClaimsChallenge(wwwAuthenticate) ?? parseClaimsChallenge(service.message) ?? parseClaimsChallenge(service.raw);
  const requestId =
    header(headers, 'x-ms-request-id') ??
    header(headers, 'request-id') ??
    header(headers, 'x-ms-correlation-request-id') ??
    header(headers, 'client-request-id') ??
    service.requestId;
  const retryAfterMs = retryAfterFromHeaders(headers, now);

  let kind = kindOf(code, status);
  const challengedOnAuth = (status === 401 || status === 403) && claimsChallenge !== undefined;
  if (challengedOnAuth || (code !== undefined && /acrsvalidationfailed$/i.test(code))) {
    kind = 'authenticationContextRequired';
  }
  const failedRules = kind === 'policyViolation' ? parseFailedRules(service.message ?? service.raw) : undefined;
  // MfaRule alone is a step-up: a sign-in with MFA satisfies it, with no challenge from the service to pass on.
  const mfaOnly = failedRules !== undefined && failedRules.length > 0 && failedRules.every((rule) => rule.toLowerCase() === 'mfarule');
  if (mfaOnly) {
    kind = 'authenticationContextRequired';
  }
  const stepUpClaims = claimsChallenge ?? (mfaOnly ? MFA_CLAIMS : undefined);

  const where = surface === 'arm' ? 'Azure' : 'Microsoft Graph';
  const technical = [`${where} HTTP ${status}`, code, service.message].filter((p) => p !== undefined && p !== '').join(': ');

  return new PimError({
    kind,
    message: truncate(technical, 1000),
    userMessage: userMessageFor(kind, { where, status, service, failedRules, claimsChallenge: stepUpClaims, retryAfterMs }),
    code,
    status,
    failedRules,
    claimsChallenge: stepUpClaims,
    retryAfterMs,
    requestId,
  });
}

function kindOf(code: string | undefined, status: number): ServiceErrorKind {
  const byCode = code === undefined ? undefined : CODE_KINDS.get(code.toLowerCase());
  if (byCode) {
    return byCode;
  }
  if (status === 401) return 'authentication';
  if (status === 403) return 'authorization';
  if (status === 404) return 'notFound';
  if (status === 408) return 'timeout';
  if (status === 429) return 'throttled';
  if (status >= 500 && status <= 599 && status !== 501 && status !== 505) return 'transient';
  return 'unknown';
}

function readServiceError(body: unknown): ServiceError {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      const text = redactSecrets(body.trim());
      return { message: text === '' ? undefined : truncate(text, 500), raw: body };
    }
  }
  const raw = typeof body === 'string' ? body : safeStringify(body);
  if (!isJsonObject(parsed)) {
    return { raw };
  }
  const error = isJsonObject(parsed.error) ? parsed.error : parsed;
  let code = asNonEmptyString(error.code) ?? asNonEmptyString(error.errorCode);
  let message = asNonEmptyString(error.message);
  const inner = isJsonObject(error.innerError) ? error.innerError : isJsonObject(error.innererror) ? error.innererror : undefined;
  const requestId = inner ? (asNonEmptyString(inner['request-id']) ?? asNonEmptyString(inner.requestId)) : undefined;

  // Graph wraps PIM's own error as JSON text inside `message`.
  const wrapped = message !== undefined && message.trim().startsWith('{') ? parseJsonObject(message) : undefined;
  if (wrapped) {
    const innerCode = asNonEmptyString(wrapped.errorCode) ?? asNonEmptyString(wrapped.code);
    if (innerCode !== undefined && (code === undefined || WRAPPER_CODES.has(code.toLowerCase()))) {
      code = innerCode;
    }
    message = asNonEmptyString(wrapped.message) ?? message;
  }

  // ARM deployments and some batch answers put the real error in details[].
  if ((code === undefined || WRAPPER_CODES.has(code.toLowerCase())) && Array.isArray(error.details)) {
    const detail = error.details.find((d): d is Record<string, unknown> => isJsonObject(d) && asNonEmptyString(d.code) !== undefined);
    if (detail) {
      code = asNonEmptyString(detail.code);
      message = asNonEmptyString(detail.message) ?? message;
    }
  }
  // A service (or a proxy before it) may quote a token or an authorization code back: never pass one on.
  return { code, message: message === undefined ? undefined : redactSecrets(message), requestId, raw };
}

/** `The following policy rules failed: ["ExpirationRule","JustificationRule"]` → the rule names. */
export function parseFailedRules(message: string | undefined): string[] {
  if (message === undefined) {
    return [];
  }
  const list = /policy rules failed:\s*(\[[^\]]*\])/i.exec(message)?.[1];
  if (list === undefined) {
    return [];
  }
  try {
    const parsed = JSON.parse(list) as unknown;
    if (Array.isArray(parsed)) {
      return parsed.filter((r): r is string => typeof r === 'string' && r !== '');
    }
  } catch {
    // Escaped or unquoted lists: fall back to picking the names out.
  }
  return [...list.matchAll(/[A-Za-z]+Rule\b/g)].map((m) => m[0]);
}

// ---------------------------------------------------------------------------------------------
// Words for the user

/** "ExpirationRule" → "the duration is longer than the policy allows"; unknown rules are named as they are. */
export function describePolicyRule(rule: string): string {
  // Translated when called (not in a table at load time): the bundle is configured in activate().
  switch (rule.toLowerCase()) {
    case 'expirationrule':
      return l10n.t('the duration is longer than the policy allows');
    case 'justificationrule':
      return l10n.t('a justification is required');
    case 'ticketingrule':
      return l10n.t('ticket information (number and system) is required');
    case 'mfarule':
      return l10n.t('multi-factor authentication is required');
    case 'approvalrule':
      return l10n.t("the policy's approval settings were not met");
    case 'eligibilityrule':
      return l10n.t('you are not (or no longer) eligible for this role at this scope');
    case 'authenticationcontextrule':
      return l10n.t('a stronger sign-in (authentication context) is required');
    case 'enablementrule':
      return l10n.t('a field the policy requires is missing');
    default:
      return l10n.t('the rule "{0}" failed', rule);
  }
}

interface MessageContext {
  readonly where: string;
  readonly status: number;
  readonly service: ServiceError;
  readonly failedRules?: readonly string[];
  readonly claimsChallenge?: string;
  readonly retryAfterMs?: number;
}

function userMessageFor(kind: ServiceErrorKind, context: MessageContext): string {
  const { where, status, service } = context;
  switch (kind) {
    case 'alreadyActive':
      return l10n.t('This role is already active. The list will refresh to show it.');
    case 'requestPending':
      return l10n.t(
        'A request for this role is already pending (waiting for approval or still being processed). Wait for it to finish, or cancel it and try again.',
      );
    case 'policyViolation': {
      const rules = context.failedRules ?? [];
      return rules.length === 0
        ? l10n.t("The request does not meet the role's policy. Check the duration, justification and ticket fields.")
        : l10n.t("The role's policy rejected the request: {0}.", formatList(rules.map(describePolicyRule), 'conjunction'));
    }
    case 'activeDurationTooShort':
      return l10n.t("A role can't be deactivated within 5 minutes of its activation. Try again in a few minutes.");
    case 'authenticationContextRequired': {
      if (context.claimsChallenge === MFA_CLAIMS) {
        return l10n.t("This role's policy requires multi-factor authentication. Sign in with MFA when VS Code asks; the request is then sent again once.");
      }
      const acrs = context.claimsChallenge === undefined ? undefined : authenticationContextOf(context.claimsChallenge);
      return acrs === undefined
        ? l10n.t('This role requires a stronger sign-in. Sign in again when prompted, then retry.')
        : l10n.t('This role requires a stronger sign-in (Conditional Access authentication context "{0}"). Sign in again when prompted, then retry.', acrs);
    }
    case 'authorization':
      return l10n.t(
        "{0} says you don't have permission to do this at this scope. If access was granted recently, sign out and in again to refresh your credentials.",
        where,
      );
    case 'authentication':
      return l10n.t('Your sign-in has expired or is not valid for this tenant. Sign in again.');
    case 'graphPermissionMissing': {
      const missing = missingScopes(service.message);
      const permissions = formatList(GRAPH_PIM_PERMISSIONS, 'conjunction');
      return missing === undefined
        ? l10n.t(
            "The app used to sign in lacks a Microsoft Graph permission, so Entra roles and PIM for Groups can't be read. Ask an administrator for an app registration with the delegated permissions {0} (admin-consented), and put its client id in the azurePim.graph.clientId setting.",
            permissions,
          )
        : l10n.t(
            "The app used to sign in lacks the Microsoft Graph permission {0}, so Entra roles and PIM for Groups can't be read. Ask an administrator for an app registration with the delegated permissions {1} (admin-consented), and put its client id in the azurePim.graph.clientId setting.",
            missing,
            permissions,
          );
    }
    case 'throttled':
      return throttledMessage(where, context.retryAfterMs);
    case 'transient':
      return l10n.t('{0} had a temporary problem (HTTP {1}). Try again in a moment.', where, status);
    case 'notFound':
      return l10n.t('The role, scope or request was not found; it may have been removed or already ended. Refresh the list.');
    case 'timeout':
      return l10n.t('{0} did not answer in time. Try again.', where);
    case 'network':
      return l10n.t('Could not reach {0}. Check your network connection and proxy settings.', where);
    case 'malformedResponse':
      return l10n.t('{0} answered with something the extension could not read.', where);
    case 'cancelled':
      return l10n.t('Cancelled.');
    case 'unknown':
      return service.message === undefined
        ? l10n.t('{0} rejected the request (HTTP {1}).', where, status)
        : l10n.t('{0} rejected the request: {1}', where, truncate(service.message, 300));
  }
}

function missingScopes(message: string | undefined): string | undefined {
  const match = message === undefined ? null : /missing permission scopes?\s+([\w.]+(?:\s*,\s*[\w.]+)*)/i.exec(message);
  if (!match?.[1]) {
    return undefined;
  }
  const scopes = match[1].split(',').map((s) => s.trim().replace(/\.$/, '')).filter((s) => s !== '');
  return scopes.length === 0 ? undefined : formatList(scopes, 'disjunction');
}

function throttledMessage(where: string, retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) {
    return l10n.t('{0} is limiting how fast requests can be made. Wait a moment and try again.', where);
  }
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return seconds === 1
    ? l10n.t('{0} is limiting how fast requests can be made. Try again in 1 second.', where)
    : l10n.t('{0} is limiting how fast requests can be made. Try again in {1} seconds.', where, seconds);
}

// ---------------------------------------------------------------------------------------------
// Headers and small helpers

function header(headers: ResponseHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined && value.trim() !== '') {
      return value.trim();
    }
  }
  return undefined;
}

function retryAfterFromHeaders(headers: ResponseHeaders, now: Date): number | undefined {
  return requestedWaitMs((name) => header(headers, name), now);
}

/** The wait an answer asks for in milliseconds: retry-after-ms and x-ms-retry-after-ms first, then Retry-After. */
export function requestedWaitMs(header: (name: string) => string | null | undefined, now: Date = new Date()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = header(name)?.trim();
    if (value && /^\d+(\.\d+)?$/.test(value)) {
      return Math.round(Number(value));
    }
  }
  return parseRetryAfter(header('retry-after') ?? undefined, now);
}

/** `Retry-After` in milliseconds: delta-seconds ("30") or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) {
    return undefined;
  }
  return Math.max(0, date - now.getTime());
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
