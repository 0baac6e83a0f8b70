// A poller for "wait until the activation shows up" (PIM's instance lists can take 10-30 s to show a Provisioned
// activation), and a cancellable sleep. Retries of single requests are the HTTP pipeline's (http.ts). Clock and sleep
// are injectable for tests.

import { isPimError, PimError } from '../errors/errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that rejects with a `cancelled` PimError when the signal aborts. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function cancelled(): PimError {
  return new PimError({ kind: 'cancelled', message: 'Cancelled.' });
}

/** Delays that grow by `factor` from `baseMs` up to `maxMs` (deterministic: a poller has no herd to spread). */
export interface PollBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly factor?: number;
}

export interface PollAttempt<T> {
  /** 1 for the first call. */
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly value?: T;
  /** A retryable error the poller swallowed. */
  readonly error?: unknown;
  /** How long the poller waits before the next attempt; undefined when it stops. */
  readonly nextDelayMs?: number;
}

export interface PollOptions<T> {
  /** Delays between attempts: a list (the last one repeats) or a growing backoff. Default 2, 3, 5, 8, 10 s. */
  readonly intervalsMs?: readonly number[] | PollBackoff;
  /** Give up after this long; the last attempt happens at the deadline. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** For progress messages ("still waiting for Azure to list the activation…"). */
  readonly onAttempt?: (attempt: PollAttempt<T>) => void;
  /** Errors to swallow and poll through; default: retryable PimErrors (throttled, transient, network, timeout). */
  readonly shouldRetryError?: (error: unknown) => boolean;
  readonly sleep?: Sleep;
  readonly now?: () => number;
}

export type PollResult<T> =
  | { readonly done: true; readonly value: T; readonly attempts: number; readonly elapsedMs: number }
  | { readonly done: false; readonly value?: T; readonly attempts: number; readonly elapsedMs: number };

export const DEFAULT_POLL_INTERVALS_MS: readonly number[] = [2000, 3000, 5000, 8000, 10_000];

/**
 * Calls `fn` until `isDone(value)` or the timeout. Timing out is an answer, not an error (`done: false`,
 * with the last value seen); cancellation throws a `cancelled` PimError; non-retryable errors are rethrown.
 * A throttled error's retryAfterMs is honoured when it is longer than the planned delay.
 */
export async function pollUntil<T>(
  fn: (attempt: number, signal?: AbortSignal) => Promise<T>,
  isDone: (value: T) => boolean,
  options: PollOptions<T>,
): Promise<PollResult<T>> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const shouldRetry = options.shouldRetryError ?? ((e: unknown) => isPimError(e) && e.retryable);
  const started = now();
  const deadline = started + Math.max(0, options.timeoutMs);
  let lastValue: { value: T } | undefined;

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    let error: unknown;
    let hasError = false;
    try {
      const value = await fn(attempt, options.signal);
      lastValue = { value };
      if (isDone(value)) {
        const elapsedMs = now() - started;
        options.onAttempt?.({ attempt, elapsedMs, value });
        return { done: true, value, attempts: attempt, elapsedMs };
      }
    } catch (e) {
      if (isPimError(e) && e.kind === 'cancelled') {
        throw e;
      }
      throwIfAborted(options.signal);
      if (!shouldRetry(e)) {
        throw e;
      }
      error = e;
      hasError = true;
    }

    const remaining = deadline - now();
    const planned = Math.max(delayFor(options.intervalsMs ?? DEFAULT_POLL_INTERVALS_MS, attempt - 1), serverDelay(error));
    const nextDelayMs = remaining > 0 ? Math.min(planned, remaining) : undefined;
    options.onAttempt?.({
      attempt,
      elapsedMs: now() - started,
      ...(lastValue && !hasError ? { value: lastValue.value } : {}),
      ...(hasError ? { error } : {}),
      nextDelayMs,
    });
    if (nextDelayMs === undefined) {
      return lastValue
        ? { done: false, value: lastValue.value, attempts: attempt, elapsedMs: now() - started }
        : { done: false, attempts: attempt, elapsedMs: now() - started };
    }
    await wait(nextDelayMs, options.signal);
  }
}

function delayFor(intervals: readonly number[] | PollBackoff, index: number): number {
  if (isBackoff(intervals)) {
    const factor = intervals.factor ?? 2;
    return Math.min(intervals.maxMs, intervals.baseMs * factor ** Math.min(index, 50));
  }
  if (intervals.length === 0) {
    return DEFAULT_POLL_INTERVALS_MS[0];
  }
  return intervals[Math.min(index, intervals.length - 1)];
}

function isBackoff(intervals: readonly number[] | PollBackoff): intervals is PollBackoff {
  return !Array.isArray(intervals);
}

function serverDelay(error: unknown): number {
  return isPimError(error) && error.retryAfterMs !== undefined ? error.retryAfterMs : 0;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw cancelled();
  }
}
