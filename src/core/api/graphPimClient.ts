// Microsoft Entra roles and PIM for Groups through Microsoft Graph v1.0, on @microsoft/microsoft-graph-client.
// One instance per tenant. Tokens come from the same TokenCredential (@azure/core-auth) as ARM.
//
// The SDK's own AuthenticationHandler only attaches a token to https URLs on a known Graph host or a
// `customHosts` entry (isGraphURL / isCustomHost match "https://" only) and strips the header for any other
// URL, so it can never talk to a local emulator (http://127.0.0.1:PORT). We therefore give the client its
// own middleware chain: GraphTokenHandler (bearer token for the configured Graph origin only, once the token gate
// allows it, plus an optional claims challenge per request) → the SDK's RetryHandler (429/503/504 with Retry-After up
// to a bound, see throttling.ts; GETs only, since a Graph activation POST has no client-chosen id and must not be sent
// twice) → AttemptTimeoutHandler (a time-out per attempt, so a wait the service asked for does not use up the call's
// time) → the SDK's HTTPMessageHandler, which calls the global fetch. Fetch follows redirects by default, dropping
// Authorization only on a cross-origin hop but still sending the request (a 307 keeps the method and body) to the new host
// (Fetch standard "HTTP-redirect fetch" step 13; undici lib/web/fetch/index.js). So the chain asks fetch for
// `redirect: 'manual'` and turns any 3xx into an error; the SDK's RedirectHandler is not used.
import type { TokenCredential } from '@azure/core-auth';
import {
  Client,
  GraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type AuthenticationProviderOptions,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { isGuid } from './armMapping';
import { connectionProblem } from './connectionProblems';
import { classifyGraphError, isPimError, PimError, requestedWaitMs } from '../errors/errors';
import { GRAPH_PIM_PERMISSIONS } from './graphPermissions';
import {
  entraActivationBody,
  entraDeactivationBody,
  groupAccessId,
  groupActivationBody,
  groupDeactivationBody,
  mapEntraAssignment,
  mapEntraEligibility,
  mapEntraRequest,
  mapGroupAssignment,
  mapGroupEligibility,
  mapGroupRequest,
  type EntraActivationInput,
  type EntraDeactivationInput,
  type GroupAccessId,
  type GroupActivationInput,
  type GroupDeactivationInput,
} from './graphMapping';
import { redactUrl, type RequestLogger, type ServiceTime } from './http';
import { EventSource } from '../model/events';
import { boundedGraphRetry, MAX_RETRY_AFTER_MS, type ServiceWait } from './throttling';
import { sleep } from './retry';
import { asArray, asObject, readString, type JsonObject } from '../../shared/json';
import type { ActiveRole, EligibleRole, RoleRequest } from '../model/model';
import type { ActivationPolicy } from '../../shared/policyShape';
import { parseGraphPolicy } from './policy';
import { GraphGroupApprovals } from './graphApprovals';
import { batchAnswers, batchOfGets, type BatchAnswer } from './graphBatch';
import { assertSafeEndpoint, REDIRECT_STATUSES, redirectNotFollowed, sameOriginNextLink, type TokenGate } from './tokenDestinations';

export const GRAPH_API_VERSION = 'v1.0';
const MAX_PAGES = 200;
const ROLE_BASE = '/roleManagement/directory';
const GROUP_BASE = '/identityGovernance/privilegedAccess/group';
const CURRENT_USER = "filterByCurrentUser(on='principal')";

/** The lists a tenant's load reads from Graph. */
export interface GraphLists {
  readonly entraEligible: EligibleRole[];
  readonly entraActive: ActiveRole[];
  readonly entraRequests: RoleRequest[];
  readonly groupEligible: EligibleRole[];
  readonly groupActive: ActiveRole[];
  readonly groupRequests: RoleRequest[];
}
export type GraphListName = keyof GraphLists;

const LIST_PATHS: { readonly [P in GraphListName]: string } = {
  entraEligible: `${ROLE_BASE}/roleEligibilityScheduleInstances/${CURRENT_USER}?$expand=roleDefinition`,
  entraActive: `${ROLE_BASE}/roleAssignmentScheduleInstances/${CURRENT_USER}?$expand=roleDefinition`,
  entraRequests: `${ROLE_BASE}/roleAssignmentScheduleRequests/${CURRENT_USER}`,
  groupEligible: `${GROUP_BASE}/eligibilityScheduleInstances/${CURRENT_USER}?$expand=group`,
  groupActive: `${GROUP_BASE}/assignmentScheduleInstances/${CURRENT_USER}?$expand=group`,
  groupRequests: `${GROUP_BASE}/assignmentScheduleRequests/${CURRENT_USER}`,
};

/** Batch answers sent again as a single call, whose retry handling (Retry-After, bounded retries) applies then. */
const RESENT_ALONE: ReadonlySet<number> = new Set([429, 503, 504]);

/**
 * Scopes to ask for Graph tokens. With an app registration (azurePim.graph.clientId): the PIM delegated
 * permissions on the cloud's Graph resource plus `VSCODE_CLIENT_ID:<id>`. Without one: `.default`, i.e.
 * whatever VS Code's own app may use. Naming the PIM permissions for VS Code's app would only make the
 * sign-in fail (it cannot be granted them); `.default` gets a token, and Graph then answers the PIM calls
 * with PermissionScopeNotGranted, which the extension explains (see userMessageFor in errors.ts).
 */
export function graphScopes(graphResource: string, clientId: string | undefined): string[] {
  const resource = graphResource.replace(/\/?$/, '/');
  const id = clientId?.trim();
  if (!id) {
    return [`${resource}.default`];
  }
  return [...GRAPH_PIM_PERMISSIONS.map((permission) => `${resource}${permission}`), `VSCODE_CLIENT_ID:${id}`];
}

export interface GraphClientOptions {
  /** Graph endpoint without the version, e.g. https://graph.microsoft.com (or the emulator). */
  readonly endpoint: string;
  readonly tenantId: string;
  readonly credential: TokenCredential;
  /** Asked before a token is requested for a URL: known Microsoft hosts, or a custom one the user confirmed. */
  readonly tokenDestinations: TokenGate;
  /** See graphScopes. */
  readonly scopes: readonly string[];
  /** Retries of a GET answered 429, 503 or 504 (the SDK's RetryHandler; at most 10). */
  readonly maxRetries?: number;
  /** Base delay of those retries in seconds when there is no Retry-After (SDK default 3). */
  readonly retryDelaySeconds?: number;
  /** Longest Retry-After waited for (default throttling.ts MAX_RETRY_AFTER_MS); a longer one fails the call at once. */
  readonly maxRetryAfterMs?: number;
  /** Told the Date of every answer; activations start at its "now". */
  readonly serviceTime?: ServiceTime;
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** The proxy VS Code routes requests through (http.proxy or HTTPS_PROXY), named when it refuses them. */
  readonly proxy?: () => string | undefined;
  readonly log?: RequestLogger;
}

/** Per-request state shared with GraphTokenHandler through the SDK's middleware options. */
class GraphRequestState implements MiddlewareOptions {
  /** A PimError raised inside the chain; the SDK would otherwise wrap it in a GraphError and lose its kind. */
  error?: PimError;
  /** What fetch threw: the SDK's GraphError drops its `cause`, where a TLS or proxy failure is told. */
  transportError?: unknown;
  /** An attempt ran past the time-out (AttemptTimeoutHandler). */
  timedOut = false;
  constructor(readonly claims: string | undefined) {}
}

interface GraphTokenOptions extends AuthenticationProviderOptions {
  readonly claims?: string;
}

/** The SDK's AuthenticationProvider shape over a @azure/core-auth TokenCredential. */
export class TokenCredentialAuthProvider implements AuthenticationProvider {
  constructor(
    private readonly credential: TokenCredential,
    private readonly scopes: readonly string[],
  ) {}

  async getAccessToken(options?: GraphTokenOptions): Promise<string> {
    const token = await this.credential.getToken([...(options?.scopes ?? this.scopes)], options?.claims ? { claims: options.claims } : {});
    if (!token) {
      throw new PimError({ kind: 'authentication', message: 'Not signed in.' });
    }
    return token.token;
  }
}

/**
 * Adds the bearer token, only for the configured Graph origin (never for a link that points elsewhere) and only
 * once the token gate allows that origin; never follows a redirect.
 */
class GraphTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly auth: TokenCredentialAuthProvider,
    private readonly tokenDestinations: TokenGate,
    private readonly origin: string,
    private readonly log: RequestLogger | undefined,
    private readonly serviceTime: ServiceTime | undefined,
  ) {}

  async execute(context: Context): Promise<void> {
    // The SDK's types name the DOM's RequestInfo: a URL string or a fetch Request.
    const url = typeof context.request === 'string' ? context.request : (context.request as { readonly url: string }).url;
    const state = context.middlewareControl?.getMiddlewareOptions(GraphRequestState) as GraphRequestState | undefined;
    const failWith = (error: unknown): never => {
      if (state && isPimError(error)) {
        state.error = error;
      }
      throw error;
    };
    try {
      if (new URL(url).origin !== this.origin) {
        throw new PimError({ kind: 'untrustedEndpoint', message: `Refusing to send a Graph token to ${new URL(url).origin}.` });
      }
      await this.tokenDestinations.allow(url);
      const token = await this.auth.getAccessToken(state?.claims ? { claims: state.claims } : {});
      const options = (context.options ??= {});
      options.headers = { ...toHeaderRecord(options.headers), Authorization: `Bearer ${token}` };
      options.redirect = 'manual';
    } catch (error) {
      failWith(error);
    }
    const started = Date.now();
    const method = context.options?.method ?? 'GET';
    try {
      await this.next?.execute(context);
    } catch (error) {
      if (state) {
        state.transportError = error;
      }
      throw error;
    } finally {
      this.log?.debug(`${method} ${redactUrl(url)} → ${context.response?.status ?? 'no answer'} (${Date.now() - started} ms)`);
    }
    const response = context.response;
    this.serviceTime?.observe(response?.headers.get('date'));
    if (response && REDIRECT_STATUSES.has(response.status)) {
      failWith(redirectNotFollowed(response.status, response.headers.get('location') ?? undefined, url, 'Microsoft Graph'));
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Ends an attempt that runs past the time-out. It sits after the SDK's RetryHandler, so each attempt has its own
 * time-out and a wait the service asked for between attempts does not use it up.
 */
class AttemptTimeoutHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const state = context.middlewareControl?.getMiddlewareOptions(GraphRequestState) as GraphRequestState | undefined;
    const options = (context.options ??= {});
    const callerSignal = options.signal ?? undefined;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    options.signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    try {
      await this.next?.execute(context);
    } catch (error) {
      if (state && timeout.aborted && !callerSignal?.aborted) {
        state.timedOut = true;
      }
      throw error;
    } finally {
      options.signal = callerSignal;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function toHeaderRecord(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  if (!headers) {
    return {};
  }
  if (headers instanceof Headers || Array.isArray(headers)) {
    return Object.fromEntries(new Headers(headers).entries());
  }
  // Node's fetch types allow a list of values per name; Headers would join it the same way.
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value].flat().join(', ')]));
}

type Method = 'GET' | 'POST' | 'PATCH';

export class GraphPimClient {
  private readonly client: Client;
  private readonly endpoint: string;
  private readonly waits = new EventSource<ServiceWait>();
  /** A wait the service asked for (Retry-After), as it starts: the role store shows it. */
  readonly onDidWait = this.waits.event;
  /** PIM for Groups approvals: what waits for my decision, and recording it. */
  readonly approvals: GraphGroupApprovals;

  constructor(private readonly options: GraphClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    assertSafeEndpoint(this.endpoint);
    const shouldRetry = boundedGraphRetry({
      ...(options.maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs: options.maxRetryAfterMs }),
      onWait: (wait) => this.waits.fire(wait),
      mayRepeat: (fetchOptions) => (fetchOptions?.method ?? 'GET').toUpperCase() === 'GET',
    });
    this.client = Client.initWithMiddleware({
      baseUrl: `${this.endpoint}/`,
      defaultVersion: GRAPH_API_VERSION,
      middleware: [
        new GraphTokenHandler(
          new TokenCredentialAuthProvider(options.credential, options.scopes),
          options.tokenDestinations,
          new URL(this.endpoint).origin,
          options.log,
          options.serviceTime,
        ),
        new RetryHandler(new RetryHandlerOptions(options.retryDelaySeconds ?? 3, options.maxRetries ?? 3, shouldRetry)),
        new AttemptTimeoutHandler(options.timeoutMs ?? 30_000),
        new HTTPMessageHandler(),
      ],
    });
    this.approvals = new GraphGroupApprovals(
      (method, path, body, signal) => this.send(method, path, body, undefined, signal),
      (path, signal) => this.listAll(path, signal),
      options.tenantId,
    );
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  /** "Now" on the service's clock: an activation "starting now" by a local clock minutes ahead would be scheduled for later. */
  private now(): Date {
    return this.options.serviceTime?.now() ?? new Date();
  }

  // ----- Lists

  /**
   * Several lists in one round trip (one `POST /$batch`); each list settles on its own. A request the batch could
   * not answer for a passing reason (throttled, unavailable, a redirect, no usable answer, or the whole batch failing
   * so) is sent again on its own, through the retry handling of a single call; further pages are read one by one.
   */
  readLists<K extends GraphListName>(names: readonly K[], signal?: AbortSignal): { readonly [P in K]: Promise<GraphLists[P]> } {
    const batch = this.send('POST', '/$batch', batchOfGets(names.map((name) => this.listPath(name))), undefined, signal).then((body) => batchAnswers(body, names.length));
    const lists: Partial<Record<GraphListName, Promise<unknown>>> = {};
    names.forEach((name, index) => {
      lists[name] = batch.then(
        (answers) => this.fromBatch(name, answers[index], signal),
        (error: unknown) => {
          const problem = PimError.from(error);
          if (problem.retryable || problem.kind === 'malformedResponse') {
            return this.readList(name, signal);
          }
          throw problem;
        },
      );
    });
    return lists as { readonly [P in K]: Promise<GraphLists[P]> };
  }

  // ----- Entra roles

  listEntraEligible(signal?: AbortSignal): Promise<EligibleRole[]> {
    return this.readList('entraEligible', signal);
  }

  listEntraActive(signal?: AbortSignal): Promise<ActiveRole[]> {
    return this.readList('entraActive', signal);
  }

  /** My Entra role requests, newest first (role names are the definition ids; the store names them). */
  listMyEntraRequests(signal?: AbortSignal): Promise<RoleRequest[]> {
    return this.readList('entraRequests', signal);
  }

  async getEntraPolicy(roleDefinitionId: string, signal?: AbortSignal): Promise<ActivationPolicy> {
    assertId(roleDefinitionId, 'role definition id');
    return this.getPolicy({ scopeId: '/', scopeType: 'DirectoryRole', roleDefinitionId }, signal);
  }

  async activateEntra(input: EntraActivationInput, claims?: string, signal?: AbortSignal): Promise<RoleRequest> {
    assertId(input.roleDefinitionId, 'role definition id');
    const item = await this.post(`${ROLE_BASE}/roleAssignmentScheduleRequests`, entraActivationBody(input, this.now()), claims, signal);
    return this.readRequest(item, mapEntraRequest);
  }

  async deactivateEntra(input: EntraDeactivationInput, signal?: AbortSignal): Promise<RoleRequest> {
    assertId(input.roleDefinitionId, 'role definition id');
    const item = await this.post(`${ROLE_BASE}/roleAssignmentScheduleRequests`, entraDeactivationBody(input), undefined, signal);
    return this.readRequest(item, mapEntraRequest);
  }

  async cancelEntraRequest(requestId: string, signal?: AbortSignal): Promise<void> {
    assertRequestId(requestId);
    await this.post(`${ROLE_BASE}/roleAssignmentScheduleRequests/${encodeURIComponent(requestId)}/cancel`, undefined, undefined, signal);
  }

  // ----- PIM for Groups

  listGroupEligible(signal?: AbortSignal): Promise<EligibleRole[]> {
    return this.readList('groupEligible', signal);
  }

  listGroupActive(signal?: AbortSignal): Promise<ActiveRole[]> {
    return this.readList('groupActive', signal);
  }

  listMyGroupRequests(signal?: AbortSignal): Promise<RoleRequest[]> {
    return this.readList('groupRequests', signal);
  }

  async getGroupPolicy(groupId: string, accessId: string, signal?: AbortSignal): Promise<ActivationPolicy> {
    assertId(groupId, 'group id');
    const access = assertAccessId(accessId);
    return this.getPolicy({ scopeId: groupId, scopeType: 'Group', roleDefinitionId: access }, signal);
  }

  async activateGroup(input: GroupActivationInput, claims?: string, signal?: AbortSignal): Promise<RoleRequest> {
    assertId(input.groupId, 'group id');
    assertAccessId(input.accessId);
    const item = await this.post(`${GROUP_BASE}/assignmentScheduleRequests`, groupActivationBody(input, this.now()), claims, signal);
    return this.readRequest(item, mapGroupRequest);
  }

  async deactivateGroup(input: GroupDeactivationInput, signal?: AbortSignal): Promise<RoleRequest> {
    assertId(input.groupId, 'group id');
    assertAccessId(input.accessId);
    const item = await this.post(`${GROUP_BASE}/assignmentScheduleRequests`, groupDeactivationBody(input), undefined, signal);
    return this.readRequest(item, mapGroupRequest);
  }

  async cancelGroupRequest(requestId: string, signal?: AbortSignal): Promise<void> {
    assertRequestId(requestId);
    await this.post(`${GROUP_BASE}/assignmentScheduleRequests/${encodeURIComponent(requestId)}/cancel`, undefined, undefined, signal);
  }

  // ----- Plumbing

  /**
   * The policy assignment for a role (Entra) or an access (group), with its policy and rules expanded: the item that
   * names this scope and role, never simply the first of the list the filter asked for.
   */
  private async getPolicy(target: { scopeId: string; scopeType: string; roleDefinitionId: string }, signal: AbortSignal | undefined): Promise<ActivationPolicy> {
    const filter = `scopeId eq '${target.scopeId}' and scopeType eq '${target.scopeType}' and roleDefinitionId eq '${target.roleDefinitionId}'`;
    const path = `/policies/roleManagementPolicyAssignments?$filter=${encodeURIComponent(filter)}&$expand=${encodeURIComponent('policy($expand=rules)')}`;
    const body = asObject(await this.send('GET', path, undefined, undefined, signal));
    const same = (item: JsonObject, key: 'scopeId' | 'roleDefinitionId'): boolean => readString(item, key)?.toLowerCase() === target[key].toLowerCase();
    const assignment = asArray(body?.value)
      .map(asObject)
      .find((item) => item !== undefined && same(item, 'scopeId') && same(item, 'roleDefinitionId'));
    if (!assignment) {
      throw new PimError({ kind: 'notFound', message: 'No management policy is assigned to this role.' });
    }
    return parseGraphPolicy(assignment);
  }

  private readRequest(item: unknown, map: (item: JsonObject, tenantId: string) => RoleRequest | undefined): RoleRequest {
    const object = asObject(item);
    const request = object && map(object, this.tenantId);
    if (!request) {
      throw new PimError({ kind: 'malformedResponse', message: 'The request was sent, but the answer could not be read.' });
    }
    return request;
  }

  private post(path: string, body: unknown, claims: string | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    return this.send('POST', path, body, claims, signal);
  }

  private listPath(name: GraphListName): string {
    return LIST_PATHS[name];
  }

  private async readList<K extends GraphListName>(name: K, signal: AbortSignal | undefined): Promise<GraphLists[K]> {
    return this.mapList(name, await this.listAll(this.listPath(name), signal));
  }

  /** One list from its batch answer (and the pages after it); what the batch could not answer is sent on its own. */
  private async fromBatch<K extends GraphListName>(name: K, answer: BatchAnswer | undefined, signal: AbortSignal | undefined): Promise<GraphLists[K]> {
    if (!answer || REDIRECT_STATUSES.has(answer.status)) {
      return this.readList(name, signal);
    }
    if (RESENT_ALONE.has(answer.status)) {
      // As the RetryHandler would: wait what the service asked for (reported), unless that is past the bound.
      const waitMs = requestedWaitMs((header) => answer.headers[header]);
      if (waitMs !== undefined) {
        if (waitMs > (this.options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS)) {
          throw classifyGraphError(answer.status, answer.body, answer.headers);
        }
        this.waits.fire({ waitMs, status: answer.status });
        await sleep(waitMs, signal);
      }
      return this.readList(name, signal);
    }
    if (answer.status < 200 || answer.status > 299) {
      throw classifyGraphError(answer.status, answer.body, answer.headers);
    }
    const items: JsonObject[] = [];
    const next = this.takePage(answer.body, items);
    return this.mapList(name, next === undefined ? items : [...items, ...(await this.listAll(next, signal))]);
  }

  private mapList<K extends GraphListName>(name: K, items: readonly JsonObject[]): GraphLists[K] {
    const tenantId = this.tenantId;
    const lists: { readonly [P in GraphListName]: () => GraphLists[P] } = {
      entraEligible: () => items.flatMap((item) => mapEntraEligibility(item, tenantId) ?? []),
      entraActive: () => items.flatMap((item) => mapEntraAssignment(item, tenantId) ?? []),
      entraRequests: () => newestFirst(items.flatMap((item) => mapEntraRequest(item, tenantId) ?? [])),
      groupEligible: () => items.flatMap((item) => mapGroupEligibility(item, tenantId) ?? []),
      groupActive: () => items.flatMap((item) => mapGroupAssignment(item, tenantId) ?? []),
      groupRequests: () => newestFirst(items.flatMap((item) => mapGroupRequest(item, tenantId) ?? [])),
    };
    return lists[name]();
  }

  /** GETs a collection and follows @odata.nextLink, but only on the configured Graph endpoint. */
  private async listAll(pathAndQuery: string, signal: AbortSignal | undefined): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    let next: string | undefined = pathAndQuery;
    for (let page = 0; next !== undefined && page < MAX_PAGES; page++) {
      next = this.takePage(await this.send('GET', next, undefined, undefined, signal), items);
    }
    return items;
  }

  /** Adds a page's items to `items`; returns the path of the next page, if any. */
  private takePage(response: unknown, items: JsonObject[]): string | undefined {
    const body = asObject(response);
    if (!body || !Array.isArray(body.value)) {
      throw new PimError({ kind: 'malformedResponse', message: 'Microsoft Graph answered with a list in an unexpected shape.' });
    }
    for (const item of body.value) {
      const object = asObject(item);
      if (object) {
        items.push(object);
      }
    }
    const nextLink = body['@odata.nextLink'];
    return typeof nextLink === 'string' && nextLink !== '' ? this.relativeNextLink(nextLink) : undefined;
  }

  /**
   * The SDK only parses absolute https URLs in api(), so a next link is turned back into a path under the
   * versioned base. A link to another origin is refused (the token stays with the endpoint), and so is one
   * outside the version: following neither would leave the list silently incomplete.
   */
  private relativeNextLink(nextLink: string): string {
    const base = new URL(`${this.endpoint}/${GRAPH_API_VERSION}/`);
    const url = sameOriginNextLink(nextLink, base.href, 'Microsoft Graph');
    if (!url.pathname.startsWith(base.pathname)) {
      throw new PimError({ kind: 'malformedResponse', message: `Microsoft Graph answered with a next-page link outside ${base.pathname}: ${url.pathname}` });
    }
    return `/${url.pathname.slice(base.pathname.length)}${url.search}`;
  }

  private async send(method: Method, pathAndQuery: string, body: unknown, claims: string | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    const state = new GraphRequestState(claims);
    const request = this.client.api(pathAndQuery).middlewareOptions([state]);
    if (signal) {
      request.option('signal', signal);
    }
    try {
      const answer = method === 'GET' ? request.get() : method === 'PATCH' ? request.patch(body ?? {}) : request.post(body ?? {});
      return (await answer) as unknown;
    } catch (error) {
      const where = `${method} ${pathAndQuery.split('?')[0] ?? ''}`;
      throw (
        connectionProblem(state.transportError, { url: this.endpoint, service: 'Microsoft Graph', proxy: this.options.proxy?.() }) ??
        pimErrorOfGraphCall(error, state, where, signal)
      );
    }
  }
}

function pimErrorOfGraphCall(error: unknown, state: GraphRequestState, where: string, signal: AbortSignal | undefined): PimError {
  if (state.error) {
    return state.error;
  }
  if (isPimError(error)) {
    return error;
  }
  if (signal?.aborted) {
    return new PimError({ kind: 'cancelled', message: `${where} was cancelled.`, cause: error });
  }
  if (state.timedOut) {
    return new PimError({ kind: 'timeout', message: `${where} timed out. Check your connection and try again.`, cause: error });
  }
  if (error instanceof GraphError && error.statusCode > 0) {
    return classifyGraphError(error.statusCode, errorBody(error.body), headersOf(error.headers));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PimError({ kind: 'network', message: `Could not reach Microsoft Graph for ${where}: ${message}`, cause: error });
}

/** GraphError.body is the JSON text of the `error` object (or the raw body when it was not Graph-shaped). */
function errorBody(body: unknown): unknown {
  if (typeof body !== 'string') {
    return body;
  }
  try {
    const parsed = JSON.parse(body) as unknown;
    const object = asObject(parsed);
    return object && !('error' in object) ? { error: object } : parsed;
  } catch {
    return body;
  }
}

function headersOf(headers: Headers | undefined): Record<string, string | undefined> {
  return headers ? Object.fromEntries(headers.entries()) : {};
}

function newestFirst(requests: RoleRequest[]): RoleRequest[] {
  return requests.sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
}

/** Ids go into OData filters and paths: only GUIDs are accepted. */
function assertId(value: string, what: string): void {
  if (!isGuid(value)) {
    throw new PimError({ kind: 'unknown', message: `Not a valid ${what}: ${value.slice(0, 100)}` });
  }
}

function assertAccessId(value: string): GroupAccessId {
  const access = groupAccessId(value);
  if (!access) {
    throw new PimError({ kind: 'unknown', message: `Group access must be "member" or "owner", got ${value.slice(0, 50)}` });
  }
  return access;
}

function assertRequestId(value: string): void {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) {
    throw new PimError({ kind: 'unknown', message: `Not a Graph request id: ${value.slice(0, 100)}` });
  }
}
