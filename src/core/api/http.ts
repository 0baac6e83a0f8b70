// JSON over HTTP for the PIM APIs, on @azure/core-rest-pipeline: it brings the Azure SDK's retry
// policy (exponential back-off for 5xx and network errors, Retry-After for 429/503, here with a bound: throttling.ts)
// and its HTTP client. We add the bearer token ourselves so that a claims challenge can be passed per request
// and so that the emulator (plain http on loopback) can be used in tests. Every answer's Date header goes to the
// service clock (core/store/serviceClock.ts).
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  isRestError,
  proxyPolicyName,
  retryPolicy,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/core-auth';
import * as l10n from '@vscode/l10n';
import { connectionProblem, proxyAuthenticationRequired } from './connectionProblems';
import { PimError } from '../errors/errors';
import { REDIRECT_STATUSES, redirectNotFollowed, type TokenGate } from './tokenDestinations';
import { boundedRetryStrategies, type ServiceWaitListener } from './throttling';

/** Learns the service's time from the answers' Date headers, and says what time it is there (core/store/serviceClock.ts). */
export interface ServiceTime {
  observe(dateHeader: string | undefined | null): void;
  now(): Date;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

export interface JsonResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
}

export interface RequestLogger {
  debug(message: string): void;
}

export interface JsonClientOptions {
  readonly credential: TokenCredential;
  /** Asked before a token is requested for a URL: known Microsoft hosts, or a custom one the user confirmed. */
  readonly tokenDestinations: TokenGate;
  readonly scopes: readonly string[];
  /** Retries after the first try for 429, 5xx and network errors. */
  readonly maxRetries?: number;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Longest Retry-After waited for (default throttling.ts MAX_RETRY_AFTER_MS); a longer one fails the call at once. */
  readonly maxRetryAfterMs?: number;
  /** Told before every wait the service asked for (429/503 with Retry-After). */
  readonly onServiceWait?: ServiceWaitListener;
  /** Told the Date of every answer. */
  readonly serviceTime?: ServiceTime;
  /** Per attempt; a timed-out attempt is retried like a network error (the pipeline reports it as an abort). */
  readonly timeoutMs?: number;
  /** Names the service in messages for the user. */
  readonly serviceName?: string;
  readonly httpClient?: HttpClient;
  /** The proxy VS Code routes requests through (http.proxy or HTTPS_PROXY), named when it refuses them. */
  readonly proxy?: () => string | undefined;
  /**
   * VS Code chooses the proxy for every request (http.proxySupport `override`, the default, or `fallback`): the
   * pipeline's own HTTPS_PROXY handling is then left out. Kept, it sent loopback calls to the proxy (VS Code keeps an
   * extension's own agent for loopback) and, under `fallback`, ignored http.noProxy.
   */
  readonly proxyChosenByHost?: boolean;
  readonly log?: RequestLogger;
  /** Classifies a non-2xx answer into a PimError. */
  readonly classifyError: (status: number, body: unknown, headers: Record<string, string | undefined>) => PimError;
}

export interface SendOptions {
  readonly method?: HttpMethod;
  readonly body?: unknown;
  /** Claims challenge (JSON) the token must satisfy: step-up after an authentication-context failure. */
  readonly claims?: string;
  readonly abortSignal?: AbortSignal;
}

export class JsonClient {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;
  private readonly timeoutMs: number;

  constructor(private readonly options: JsonClientOptions) {
    this.pipeline = createPipelineFromOptions({
      userAgentOptions: { userAgentPrefix: 'azure-pim-vscode' },
      // The default redirect policy follows same-origin redirects (without the Authorization header) and hands
      // back cross-origin ones unfollowed (@typespec/ts-http-runtime policies/redirectPolicy.js, behind
      // @azure/core-rest-pipeline 1.24). None is followed here: a 3xx becomes a clear error naming the target.
      redirectOptions: { maxRetries: 0 },
    });
    if (options.proxyChosenByHost) {
      this.pipeline.removePolicy({ name: proxyPolicyName });
    }
    // The default retry policy waits whatever Retry-After says: the same strategies, with a bound on that wait.
    this.pipeline.removePolicy({ phase: 'Retry' });
    this.pipeline.addPolicy(
      retryPolicy(
        boundedRetryStrategies({
          retryDelayMs: options.retryDelayMs ?? 800,
          maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
          ...(options.maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs: options.maxRetryAfterMs }),
          ...(options.onServiceWait ? { onWait: options.onServiceWait } : {}),
        }),
        { maxRetries: options.maxRetries ?? 3 },
      ),
      { phase: 'Retry' },
    );
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends a request and returns the parsed 2xx answer; anything else is thrown as a PimError. */
  async send(url: string, sendOptions: SendOptions = {}): Promise<JsonResponse> {
    await this.options.tokenDestinations.allow(url);
    const method = sendOptions.method ?? 'GET';
    const token = await this.options.credential.getToken([...this.options.scopes], {
      claims: sendOptions.claims,
      abortSignal: sendOptions.abortSignal,
    });
    if (!token) {
      throw new PimError({ kind: 'authentication', message: 'Not signed in.', userMessage: l10n.t('Not signed in.') });
    }
    const headers = createHttpHeaders({
      authorization: `Bearer ${token.token}`,
      accept: 'application/json',
    });
    if (sendOptions.body !== undefined) {
      headers.set('content-type', 'application/json');
    }
    const body = sendOptions.body === undefined ? undefined : JSON.stringify(sendOptions.body);
    const service = this.options.serviceName ?? 'Azure';
    const started = Date.now();
    let response;
    // The pipeline retries 429, 5xx and connection errors itself, but reports its own timeout as an abort,
    // which it never retries: a timed-out attempt is retried here, within the same budget.
    for (let attempt = 0; ; attempt++) {
      const request = createPipelineRequest({
        url,
        method,
        headers,
        timeout: this.timeoutMs,
        body,
        abortSignal: sendOptions.abortSignal,
        allowInsecureConnection: url.startsWith('http:'),
      });
      try {
        response = await this.pipeline.sendRequest(this.httpClient, request);
        break;
      } catch (error) {
        const pimError =
          connectionProblem(error, { url, service, proxy: this.options.proxy?.() }) ??
          toNetworkError(error, method, url, service, sendOptions.abortSignal);
        this.options.log?.debug(`${method} ${redactUrl(url)} → ${pimError.kind} (${Date.now() - started} ms)`);
        if (pimError.kind !== 'timeout' || attempt >= (this.options.maxRetries ?? 3)) {
          throw pimError;
        }
      }
    }
    const responseHeaders = response.headers.toJSON({ preserveCase: false });
    this.options.serviceTime?.observe(responseHeaders.date);
    this.options.log?.debug(`${method} ${redactUrl(url)} → ${response.status} (${Date.now() - started} ms)`);
    if (REDIRECT_STATUSES.has(response.status)) {
      throw redirectNotFollowed(response.status, responseHeaders.location, url, service);
    }
    if (response.status === 407) {
      // Only a proxy answers 407: through a proxy, https.request hands back its refusal of CONNECT as the response.
      throw proxyAuthenticationRequired({ url, service, proxy: this.options.proxy?.() });
    }
    const responseBody = parseJsonBody(response.bodyAsText, response.status, method, url, service);
    if (response.status < 200 || response.status >= 300) {
      throw this.options.classifyError(response.status, responseBody, responseHeaders);
    }
    return { status: response.status, headers: responseHeaders, body: responseBody };
  }
}

function parseJsonBody(text: string | undefined | null, status: number, method: string, url: string, service: string): unknown {
  if (text === undefined || text === null || text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PimError({
      kind: 'malformedResponse',
      status,
      message: `The service answered ${method} ${redactUrl(url)} with a body that is not valid JSON.`,
      userMessage: l10n.t('{0} answered with something the extension could not read. Try again in a moment.', service),
    });
  }
}

function toNetworkError(error: unknown, method: string, url: string, service: string, callerSignal: AbortSignal | undefined): PimError {
  if (error instanceof PimError) {
    return error;
  }
  const where = `${method} ${redactUrl(url)}`;
  const unreachable = l10n.t('Could not reach {0}. Check your network connection and proxy settings.', service);
  if (isRestError(error) || error instanceof Error) {
    // The pipeline aborts a request that runs past its timeout: only the caller's own signal means "cancelled".
    if (error.name === 'AbortError' && callerSignal?.aborted) {
      return new PimError({ kind: 'cancelled', message: `${where} was cancelled.`, userMessage: l10n.t('Cancelled.'), cause: error });
    }
    const timedOut = error.name === 'AbortError' || /timeout|timed out/i.test(error.message);
    return new PimError({
      kind: timedOut ? 'timeout' : 'network',
      message: timedOut ? `${where} timed out.` : `Could not reach the service for ${where}: ${error.message}`,
      userMessage: timedOut ? l10n.t('{0} did not answer in time. Check your connection and try again.', service) : unreachable,
      cause: error,
    });
  }
  return new PimError({ kind: 'network', message: `Could not reach the service for ${where}.`, userMessage: unreachable });
}

/** Query strings can carry filters with ids; the path is enough for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
