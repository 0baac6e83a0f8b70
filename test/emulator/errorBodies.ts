// Error answers as ARM and Graph send them: the surfaces' envelopes, Graph's wrapped PIM errors, throttling, and
// the bodies without an `error` object that gateways and ASP.NET produce.
import type { ApiResponse } from './http';
import type { FaultRule, GraphErrorShape } from './scenario';
import { ApiError } from './state';

export type Surface = 'arm' | 'graph';

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** Graph's `innerError.date`: UTC without fraction or zone, e.g. "2023-08-01T06:45:07". */
function graphDate(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, '');
}

/**
 * Codes Graph is recorded to send wrapped: `{"error":{"code":"UnknownError","message":"{\"errorCode\":...}"}}`
 * (microsoftgraph/microsoft-graph-docs#22292 for PermissionScopeNotGranted). RoleAssignmentExists is recorded
 * flat (hashicorp/terraform-provider-azuread#1306); for other codes no shape was found, so they stay flat.
 */
const GRAPH_WRAPPED_CODES = new Set(['PermissionScopeNotGranted']);

/** ARM: `{"error":{"code","message"}}`; Graph adds `innerError {date, request-id, client-request-id}`. */
export function errorResponse(surface: Surface, error: ApiError, ids: RequestIds, now: Date, graphErrors: GraphErrorShape = 'recorded'): ApiResponse {
  if (surface === 'arm') {
    return { status: error.status, body: { error: { code: error.code, message: error.message } }, headers: error.headers };
  }
  const innerError = { date: graphDate(now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
  const wrapped = graphErrors === 'recorded' && GRAPH_WRAPPED_CODES.has(error.code);
  const body = wrapped
    ? {
        error: {
          code: 'UnknownError',
          message: JSON.stringify({ errorCode: error.code, message: error.message, instanceAnnotations: [] }),
          innerError,
        },
      }
    : { error: { code: error.code, message: error.message, innerError } };
  return { status: error.status, body, headers: error.headers };
}

/** Kind "status": the given status in the surface's envelope, with the fault's code and message or defaults. */
export function statusFaultResponse(surface: Surface, fault: FaultRule, ids: RequestIds, now: Date, graphErrors: GraphErrorShape): ApiResponse {
  const status = fault.status ?? 503;
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
  return errorResponse(surface, new ApiError(status, fault.code ?? faultCode(status), fault.message ?? faultMessage(status), headers), ids, now, graphErrors);
}

export const DEFAULT_THROTTLE_SECONDS = 5;

/**
 * Kind "throttled": 429 with `Retry-After` and the body each surface is documented or recorded to send.
 * ARM (Microsoft.Authorization, Azure/alzlib#168): ResourceRequestsThrottled, "... Please try again after 'N' seconds.".
 * Graph (learn.microsoft.com/graph/throttling, "Sample response"): TooManyRequests with innerError code/status "429".
 */
export function throttledResponse(surface: Surface, fault: FaultRule, ids: RequestIds, now: Date): ApiResponse {
  const seconds = fault.retryAfterSeconds ?? DEFAULT_THROTTLE_SECONDS;
  const headers = { 'Retry-After': String(seconds) };
  if (surface === 'arm') {
    const message = `Number of requests for Microsoft.Authorization exceeded the limit of '120' for time interval '00:01:00'. Please try again after '${seconds}' seconds.`;
    return { status: 429, body: { error: { code: 'ResourceRequestsThrottled', message } }, headers };
  }
  return {
    status: 429,
    body: {
      error: {
        code: 'TooManyRequests',
        innerError: { code: '429', date: graphDate(now), message: 'Please retry after', 'request-id': ids.requestId, status: '429' },
        message: 'Please retry again later.',
      },
    },
    headers,
  };
}

/**
 * Kind "plainError": an answer with no `error` object. HTML and text pages come from gateways and front ends
 * (Azure/azure-sdk-for-java#1881, #40001); `{"Message":"An error has occurred."}` is ASP.NET's unhandled-error body
 * (the text of Azure/azure-rest-api-specs#16262 for a PIM list; the shape is inferred, see README).
 */
export function plainErrorResponse(fault: FaultRule): ApiResponse {
  const status = fault.status ?? 502;
  const reason = REASONS[status] ?? 'Error';
  switch (fault.format ?? 'html') {
    case 'text':
      return { status, text: reason, contentType: 'text/plain; charset=utf-8' };
    case 'aspNetMessage':
      return { status, text: JSON.stringify({ Message: 'An error has occurred.' }), contentType: 'application/json; charset=utf-8' };
    case 'html':
      return {
        status,
        text: `<!DOCTYPE html>\n<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1><p>The server encountered a temporary error and could not complete your request.</p></body></html>`,
        contentType: 'text/html; charset=utf-8',
      };
  }
}

const REASONS: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function faultCode(status: number): string {
  switch (status) {
    case 429:
      return 'TooManyRequests';
    case 500:
      return 'InternalServerError';
    case 502:
      return 'BadGateway';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return 'InjectedFault';
  }
}

function faultMessage(status: number): string {
  return status === 429
    ? 'The request is being throttled as the limit has been reached for operation type. Please retry after the time given in the Retry-After header.'
    : `The service is temporarily unavailable (injected fault, HTTP ${status}).`;
}
