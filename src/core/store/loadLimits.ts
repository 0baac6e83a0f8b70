// The limits of one tenant's load: a time budget, after which the lists not read yet keep their last data, and
// superseding, when a newer refresh replaces a running one. Both end the load's calls through one AbortSignal, and
// each call is raced against it, so a call that ignores its signal (a stalled sign-in, an SDK sleeping through a
// Retry-After) cannot hold the tenant past them.
import * as l10n from '@vscode/l10n';
import { PimError } from '../errors/errors';

/** Longer than the longest Retry-After a call waits for (core/api/throttling.ts), so such a wait can still end in an answer. */
export const LOAD_BUDGET_MS = 90_000;

/** Why a load stopped before its lists answered: a newer refresh replaced it. */
export const SUPERSEDED = new PimError({ kind: 'cancelled', message: 'A newer refresh replaced this one.' });

/** Why a load stopped when its budget ran out. */
export function outOfTime(budgetMs: number): PimError {
  const seconds = Math.round(budgetMs / 1000);
  return new PimError({
    kind: 'timeout',
    message: `No answer within the ${seconds} s a refresh may take.`,
    userMessage: l10n.t('No answer within {0} seconds. Check your connection; the list is tried again.', seconds),
  });
}

/** The call's answer, or the reason the signal gives once it aborts (whichever comes first). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(PimError.from(signal.reason));
    if (signal.aborted) {
      onAbort();
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : PimError.from(error));
      },
    );
  });
}
