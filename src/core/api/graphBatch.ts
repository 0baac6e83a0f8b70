// Microsoft Graph JSON batching (learn.microsoft.com/graph/json-batching): up to 20 requests in one
// `POST /$batch`, each answered with its own status, headers and body. The answer is untrusted input: a response
// that is missing, malformed or for an id we did not send counts as no answer for that request.
import { asArray, asObject, readString } from '../../shared/json';

/** What Graph accepts in one batch. */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

/** The body of `POST /$batch` for GETs of paths relative to the version (`/roleManagement/...`). */
export function batchOfGets(paths: readonly string[]): { requests: { id: string; method: 'GET'; url: string }[] } {
  if (paths.length > MAX_BATCH_REQUESTS) {
    throw new RangeError(`A Graph batch holds at most ${MAX_BATCH_REQUESTS} requests, not ${paths.length}.`);
  }
  return { requests: paths.map((url, index) => ({ id: String(index + 1), method: 'GET', url })) };
}

/** The answers in the order of the paths sent; undefined where the batch did not answer that request usably. */
export function batchAnswers(body: unknown, count: number): (BatchAnswer | undefined)[] {
  const answers: (BatchAnswer | undefined)[] = new Array<BatchAnswer | undefined>(count).fill(undefined);
  for (const item of asArray(asObject(body)?.responses)) {
    const response = asObject(item);
    const index = Number(readString(response, 'id')) - 1;
    const status = response?.status;
    // Responses may come in any order (the doc says so); each id counts once.
    if (!response || !Number.isInteger(index) || index < 0 || index >= count || answers[index] || typeof status !== 'number') {
      continue;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(asObject(response.headers) ?? {})) {
      if (typeof value === 'string') {
        headers[name.toLowerCase()] = value;
      }
    }
    answers[index] = { status, headers, body: response.body };
  }
  return answers;
}
