// How long a call waits when the service asks it to slow down, and how that wait becomes visible.
// ARM answers 429 ResourceRequestsThrottled (or 503) with Retry-After (learn.microsoft.com, request-limits-and-throttling),
// Graph 429 TooManyRequests, 503 or 504 (learn.microsoft.com/graph/throttling). The Azure SDK's pipeline honours any
// Retry-After however long (@typespec/ts-http-runtime throttlingRetryStrategy), the Graph SDK's RetryHandler up to 180 s:
// either could hang a refresh for minutes. Here a wait is honoured up to MAX_RETRY_AFTER_MS and reported before it
// starts; a longer one is not waited for: the call fails at once as `throttled` with the service's retryAfterMs, and the
// role store tries again when the service said, showing what it already has meanwhile.
import type { PipelineResponse, RetryStrategy } from '@azure/core-rest-pipeline';
import { requestedWaitMs } from '../errors/errors';

export const MAX_RETRY_AFTER_MS = 60_000;

/** A pause the service asked for, reported when it starts. */
export interface ServiceWait {
  readonly waitMs: number;
  /** 429 or 503 (504 on Graph). */
  readonly status: number;
}

export type ServiceWaitListener = (wait: ServiceWait) => void;

/** Statuses whose Retry-After the pipeline honours (as @typespec/ts-http-runtime's throttlingRetryStrategy). */
const THROTTLING_STATUSES: ReadonlySet<number> = new Set([429, 503]);
/** Connection failures worth another try (as the pipeline's exponentialRetryStrategy). */
const SYSTEM_ERROR_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND']);

export interface RetryStrategyOptions {
  /** First back-off of the exponential retries (5xx, 408, connection errors). */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Longest Retry-After waited for; default MAX_RETRY_AFTER_MS. */
  readonly maxRetryAfterMs?: number;
  readonly onWait?: ServiceWaitListener;
}

/**
 * The pipeline's retry strategies with a bound on Retry-After: a throttling answer is retried after what it asks for
 * when that is at most `maxRetryAfterMs`, and handed back at once when it is longer.
 */
export function boundedRetryStrategies(options: RetryStrategyOptions): RetryStrategy[] {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
  const throttling: RetryStrategy = {
    name: 'boundedThrottlingRetryStrategy',
    retry({ response }) {
      const waitMs = throttlingWait(response);
      if (waitMs === undefined || !response || waitMs > maxRetryAfterMs) {
        return { skipStrategy: true };
      }
      options.onWait?.({ waitMs, status: response.status });
      return { retryAfterInMs: waitMs };
    },
  };
  const exponential: RetryStrategy = {
    name: 'exponentialRetryStrategy',
    retry({ retryCount, response, responseError }) {
      const systemError = responseError?.code !== undefined && SYSTEM_ERROR_CODES.has(responseError.code);
      const retryableStatus = response !== undefined && throttlingWait(response) === undefined && isRetryableStatus(response.status);
      if (!systemError && !retryableStatus) {
        return responseError && !response ? { errorToThrow: responseError } : { skipStrategy: true };
      }
      const ceiling = Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** Math.min(retryCount, 30));
      return { retryAfterInMs: ceiling / 2 + Math.random() * (ceiling / 2) };
    },
  };
  return [throttling, exponential];
}

/**
 * For the Graph SDK's RetryHandler (RetryHandlerOptions.shouldRetry, asked before each retry of a 429, 503 or 504):
 * no retry when the answer's Retry-After is longer than `maxRetryAfterMs`; otherwise the wait is reported.
 */
export function boundedGraphRetry(options: {
  readonly maxRetryAfterMs?: number;
  readonly onWait: ServiceWaitListener;
  /** Whether the request may be sent again at all (Graph POSTs have no client-chosen id). */
  readonly mayRepeat: (fetchOptions: RequestInit | undefined) => boolean;
}): (delay: number, attempt: number, request: unknown, fetchOptions: RequestInit | undefined, response: Response) => boolean {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
  return (_delay, _attempt, _request, fetchOptions, response) => {
    if (!options.mayRepeat(fetchOptions)) {
      return false;
    }
    const waitMs = requestedWaitMs((name) => response.headers.get(name));
    if (waitMs === undefined) {
      return true;
    }
    if (waitMs > maxRetryAfterMs) {
      return false;
    }
    options.onWait({ waitMs, status: response.status });
    return true;
  };
}

function throttlingWait(response: PipelineResponse | undefined): number | undefined {
  return response && THROTTLING_STATUSES.has(response.status) ? requestedWaitMs((name) => response.headers.get(name)) : undefined;
}

function isRetryableStatus(status: number): boolean {
  return (status >= 500 || status === 408) && status !== 501 && status !== 505;
}
