// The HTTP server: control endpoints, token minting, auth checks, faults, latency, routing to ARM or Graph.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { handleArm, wrongTenant } from './arm';
import { AdjustableClock, type EmulatorClock } from './clock';
import { errorResponse, plainErrorResponse, statusFaultResponse, throttledResponse, type RequestIds, type Surface } from './errorBodies';
import { FaultInjector, latencyFor, nextLinkElsewhere, redirectElsewhere } from './faults';
import { handleGraph } from './graph';
import type { ApiRequest, ApiResponse, Caller } from './http';
import { DEFAULT_SIGNING_KEY, ScenarioError, validateFaultRule, type FaultRule, type LatencyConfig, type Scenario, type ScenarioEligibility } from './scenario';
import { collapsePath } from './scopes';
import { ApiError, WorldState, type TenantState } from './state';
import { ARM_AUDIENCE, decodeToken, isArmAudience, isGraphAudience, mintToken, resourceOfScope, verifyToken, type TokenClaims } from './token';

export interface StartOptions {
  scenario: Scenario;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Serve HTTPS with this PEM key and certificate chain instead of plain HTTP (tests of private certificate authorities). */
  tls?: { key: string; cert: string };
  /**
   * The host name in `url` instead of the bound address, e.g. a name that only a test's proxy resolves. With `tls`,
   * next-page links and `@odata.context` name the host each request was addressed to, so one emulator can stand
   * behind several names.
   */
  publicHost?: string;
}

export interface LoggedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  /** 0 when the emulator dropped or never answered the call. */
  status: number;
  /** Emulator-clock time the call arrived. */
  timestamp: string;
  /** When the bearer token it carried was issued (its `iat`, emulator clock), if it carried one; never the token. */
  tokenIssuedAt?: string;
  /** That token's tenant (`tid`). */
  tokenTenantId?: string;
  /** The object id of the token's user, once the call was authenticated (who approved what). */
  callerOid?: string;
}

export interface RunningEmulator {
  readonly url: string;
  readonly clock: EmulatorClock;
  readonly requests: readonly LoggedRequest[];
  setFaults(faults: FaultRule[]): void;
  setLatency(latency: LatencyConfig): void;
  approve(requestName: string): void;
  deny(requestName: string): void;
  /** Test-only: gives a tenant, subscription, role, group, Entra role or approver a new display name (hostile-input tests). */
  rename(request: RenameRequest): void;
  /** Test-only: one more eligibility for the tenant's user (default: the first tenant), as a scenario entry; reset() forgets it. */
  addEligibility(eligibility: ScenarioEligibility, tenantId?: string): void;
  /** The signature part of every token minted since start (never reset): lets tests look for leaked tokens. */
  readonly mintedTokenSignatures: readonly string[];
  /**
   * Test-only, until reset: in `tenantId`, `policies` makes every role's policy ask for MFA (PIM's MfaRule) and
   * `armWrites` makes ARM refuse writes with a token without MFA (Azure's mandatory MFA for Resource Manager writes).
   */
  enforceMfa(tenantId: string, enforce: { policies?: boolean; armWrites?: boolean }): void;
  /** Test-only, until reset: a PIM for Groups group takes the named policy of its tenant (e.g. one that asks for approval). */
  setGroupPolicy(groupId: string, policy: string): void;
  /** Clears the API call log. */
  clearRequests(): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Exactly one target, and the new display name. `tenantId` limits it to one tenant (default: every tenant that has
 * it); on its own it is the target: the tenant's display name.
 */
export interface RenameRequest {
  subscriptionId?: string;
  /** A role definition GUID or current role name (Azure roles). */
  role?: string;
  groupId?: string;
  entraRoleDefinitionId?: string;
  /** An approver of any policy (the approver's id). */
  approverId?: string;
  displayName: string;
  tenantId?: string;
}

export interface TokenRequest {
  scopes: string[];
  tenantId?: string;
  claims?: string;
  userId?: string;
}

export interface TokenResponse {
  accessToken: string;
  expiresOn: string;
  tenantId: string;
  account: { id: string; label: string };
}

const MAX_BODY_BYTES = 1024 * 1024;
const TIMEOUT_FAULT_MAX_MS = 60_000;
const NON_RESOURCE_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export class Emulator implements RunningEmulator {
  readonly clock: AdjustableClock;
  private world: WorldState;
  private readonly faults = new FaultInjector();
  private latency: LatencyConfig;
  private readonly log: LoggedRequest[] = [];
  private readonly minted: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  private baseUrl = '';

  constructor(
    private readonly scenario: Scenario,
    private readonly writeLog: (line: string) => void,
    private readonly tls?: StartOptions['tls'],
  ) {
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((error: unknown) => this.crash(res, error));
    };
    this.server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, listener) : createServer(listener);
    const start = scenario.clockStart ? Date.parse(scenario.clockStart) : undefined;
    this.clock = new AdjustableClock(start, scenario.freezeClock ?? false);
    this.world = new WorldState(scenario, () => this.clock.now().getTime());
    this.faults.set(scenario.faults ?? []);
    this.latency = scenario.latency ?? {};
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  get requests(): readonly LoggedRequest[] {
    return this.log;
  }

  get mintedTokenSignatures(): readonly string[] {
    return this.minted;
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  rename(request: RenameRequest): void {
    const displayName = request.displayName as unknown;
    const named = [request.subscriptionId, request.role, request.groupId, request.entraRoleDefinitionId, request.approverId].filter((t) => t !== undefined);
    const targets = named.length === 0 && request.tenantId !== undefined ? [request.tenantId] : named;
    if (typeof displayName !== 'string' || displayName === '' || targets.length !== 1 || typeof targets[0] !== 'string') {
      throw new ScenarioError('rename needs a non-empty displayName and exactly one of subscriptionId, role, groupId, entraRoleDefinitionId, approverId, or only tenantId');
    }
    const tenants = request.tenantId ? this.world.tenants.filter((t) => t.id.toLowerCase() === request.tenantId?.toLowerCase()) : this.world.tenants;
    let renamed = 0;
    for (const tenant of tenants) {
      // Copies, never the scenario's own objects: reset() must bring the original names back.
      if (request.subscriptionId !== undefined) {
        const sub = tenant.subscriptions.get(request.subscriptionId.toLowerCase());
        if (sub) {
          tenant.subscriptions.set(sub.subscriptionId.toLowerCase(), { ...sub, displayName });
          renamed++;
        }
      } else if (request.role !== undefined) {
        const guid = tenant.resolveRole(request.role);
        const old = tenant.roleById.get(guid);
        if (old !== undefined) {
          tenant.roleById.set(guid, displayName);
          tenant.roleByName.delete(old.toLowerCase());
          tenant.roleByName.set(displayName.toLowerCase(), guid);
          renamed++;
        }
      } else if (request.groupId !== undefined) {
        const group = tenant.groups.get(request.groupId.toLowerCase());
        if (group) {
          tenant.groups.set(group.id.toLowerCase(), { ...group, displayName });
          renamed++;
        }
      } else if (request.entraRoleDefinitionId !== undefined) {
        const role = tenant.entraRoles.get(request.entraRoleDefinitionId.toLowerCase());
        if (role) {
          tenant.entraRoles.set(role.roleDefinitionId.toLowerCase(), { ...role, displayName });
          renamed++;
        }
      } else if (request.approverId !== undefined) {
        const id = request.approverId.toLowerCase();
        const policies = Object.entries(tenant.config.policies ?? {});
        if (policies.some(([, policy]) => (policy.approvers ?? []).some((approver) => approver.id.toLowerCase() === id))) {
          const renamedPolicies = policies.map(([name, policy]) => [
            name,
            { ...policy, ...(policy.approvers ? { approvers: policy.approvers.map((approver) => (approver.id.toLowerCase() === id ? { ...approver, displayName } : approver)) } : {}) },
          ]);
          tenant.config = { ...tenant.config, policies: Object.fromEntries(renamedPolicies) as typeof tenant.config.policies };
          renamed++;
        }
      } else {
        tenant.config = { ...tenant.config, displayName };
        renamed++;
      }
    }
    if (renamed === 0) {
      throw new ScenarioError(`rename: nothing matches ${JSON.stringify(targets[0])}`);
    }
  }

  async listen(port: number, host: string, publicHost?: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const hostPart = publicHost ?? (address.family === 'IPv6' ? `[${address.address}]` : address.address);
    this.baseUrl = `${this.tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
  }

  setFaults(faults: FaultRule[]): void {
    this.faults.set(faults.map((f, i) => validateFaultRule(f, `faults[${i}]`)));
  }

  setLatency(latency: LatencyConfig): void {
    this.latency = latency;
  }

  approve(requestName: string): void {
    this.world.approve(requestName);
  }

  deny(requestName: string): void {
    this.world.deny(requestName);
  }

  enforceMfa(tenantId: string, enforce: { policies?: boolean; armWrites?: boolean }): void {
    const tenant = this.world.tenant(tenantId);
    if (!tenant) {
      throw new ScenarioError(`No tenant ${tenantId} in the scenario.`);
    }
    tenant.enforcedMfa = { policies: enforce.policies ?? false, armWrites: enforce.armWrites ?? false };
  }

  setGroupPolicy(groupId: string, policy: string): void {
    let changed = 0;
    for (const tenant of this.world.tenants) {
      const group = tenant.groups.get(groupId.toLowerCase());
      if (group) {
        if (!tenant.config.policies?.[policy]) {
          throw new ScenarioError(`setGroupPolicy: no policy "${policy}" in tenant ${tenant.id}`);
        }
        // A copy, never the scenario's own object: reset() must bring the original policy back.
        tenant.groups.set(group.id.toLowerCase(), { ...group, policy });
        changed++;
      }
    }
    if (changed === 0) {
      throw new ScenarioError(`setGroupPolicy: no group ${groupId}`);
    }
  }

  addEligibility(eligibility: ScenarioEligibility, tenantId?: string): void {
    const tenant = tenantId ? this.world.tenants.find((t) => t.id.toLowerCase() === tenantId.toLowerCase()) : this.world.tenants[0];
    if (!tenant) {
      throw new ScenarioError(`addEligibility: no tenant ${tenantId ?? ''}`);
    }
    if (!tenant.roleById.has(tenant.resolveRole(eligibility.role))) {
      throw new ScenarioError(`addEligibility: unknown role "${eligibility.role}"`);
    }
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(eligibility.scope)?.[1];
    if (subscription && !tenant.subscriptions.has(subscription.toLowerCase())) {
      throw new ScenarioError(`addEligibility: subscription ${subscription} is not in tenant ${tenant.id}`);
    }
    tenant.addEligibility(eligibility);
  }

  reset(): void {
    this.clock.reset();
    this.world = new WorldState(this.scenario, () => this.clock.now().getTime());
    this.faults.set(this.scenario.faults ?? []);
    this.latency = this.scenario.latency ?? {};
    this.log.length = 0;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await closed;
  }

  /** Mints a token as the test auth provider asks for it (also served at POST /_emulator/token). */
  mintToken(request: TokenRequest): TokenResponse {
    const scopes = Array.isArray(request.scopes) ? request.scopes.filter((s): s is string => typeof s === 'string') : [];
    let tenantId = request.tenantId;
    let clientId: string | undefined;
    const resourceScopes: string[] = [];
    for (const scope of scopes) {
      if (scope.startsWith('VSCODE_TENANT:')) {
        tenantId = scope.slice('VSCODE_TENANT:'.length);
      } else if (scope.startsWith('VSCODE_CLIENT_ID:')) {
        clientId = scope.slice('VSCODE_CLIENT_ID:'.length);
      } else if (!NON_RESOURCE_SCOPES.has(scope.toLowerCase())) {
        resourceScopes.push(scope);
      }
    }
    const tenant = tenantId ? this.world.tenant(tenantId) : this.world.tenants[0];
    if (!tenant) {
      throw new ScenarioError(`Unknown tenant ${tenantId ?? ''}: the scenario has ${this.world.tenants.map((t) => t.id).join(', ')}`);
    }
    const resources = resourceScopes.map(resourceOfScope);
    const surfaces = new Set(resources.map((resource) => (resource ? `${resource.cloud} ${resource.surface}` : 'unknown')));
    const first = resources[0];
    if (resourceScopes.length === 0 || surfaces.size !== 1 || !first) {
      throw new ScenarioError(
        `Scopes must name exactly one resource (ARM or Microsoft Graph of one cloud, e.g. https://management.azure.com/... or https://graph.microsoft.com/...), got ${JSON.stringify(scopes)}`,
      );
    }
    let scp = 'user_impersonation';
    let aud = first.cloud === 'AzureCloud' ? ARM_AUDIENCE : `${first.origin}/`;
    if (first.surface === 'graph') {
      aud = first.origin;
      const granted = new Set<string>();
      for (const resource of resources) {
        const permission = resource?.rest ?? '';
        if (permission === '.default') {
          const consented = clientId ? this.scenario.graph?.consentedClients?.[clientId] : undefined;
          (consented ?? this.scenario.graph?.defaultScopes ?? []).forEach((p) => granted.add(p));
        } else {
          granted.add(permission);
        }
      }
      scp = [...granted].join(' ');
    }
    const acrs = requestedAcrs(request.claims);
    const user = tenant.config.user;
    const oid = request.userId ?? user.id;
    const isUser = oid.toLowerCase() === user.id.toLowerCase();
    const approver = Object.values(tenant.config.policies ?? {})
      .flatMap((p) => p.approvers ?? [])
      .find((a) => a.id.toLowerCase() === oid.toLowerCase());
    const name = isUser ? user.displayName : (approver?.displayName ?? oid);
    const upn = isUser ? user.userPrincipalName : `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@${tenant.config.defaultDomain}`;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const claims: TokenClaims = {
      aud,
      iss: `https://sts.windows.net/${tenant.id}/`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      tid: tenant.id,
      oid,
      upn,
      name,
      scp,
      amr: acrs.length > 0 || requestsMfa(request.claims) || (isUser && user.mfa) ? ['pwd', 'mfa'] : ['pwd'],
      ...(acrs.length > 0 ? { acrs } : {}),
      ...(clientId ? { appid: clientId } : {}),
      ver: '1.0',
    };
    const accessToken = mintToken(claims, this.signingKey);
    this.minted.push(accessToken.split('.')[2] ?? '');
    return {
      accessToken,
      expiresOn: new Date(claims.exp * 1000).toISOString(),
      tenantId: tenant.id,
      account: { id: `${oid}.${tenant.id}`, label: upn },
    };
  }

  private get signingKey(): string {
    return this.scenario.signingKey ?? DEFAULT_SIGNING_KEY;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    // Not `new URL(rawUrl, base)`: a path starting with `//` (what Microsoft's SDK sends for the root scope) would
    // be read as a host name. Empty segments are dropped, as ARM does.
    const queryAt = rawUrl.search(/[?#]/);
    const pathname = collapsePath(queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt));
    const search = queryAt < 0 || rawUrl[queryAt] === '#' ? '' : rawUrl.slice(queryAt).replace(/#.*$/, '');
    const url = { pathname, search, searchParams: new URLSearchParams(search) };
    const method = (req.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) {
      this.handleControl(method, url.pathname, rawBody, res);
      return;
    }
    const surface: Surface = /^\/v1\.0(\/|$)/i.test(url.pathname) ? 'graph' : 'arm';
    const bearer = /^Bearer\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
    const bearerClaims = bearer ? decodeToken(bearer) : undefined;
    const issuedAt = bearerClaims?.iat;
    const entry: LoggedRequest = {
      method,
      path: rawUrl,
      status: 0,
      timestamp: this.clock.now().toISOString(),
      ...(typeof issuedAt === 'number' ? { tokenIssuedAt: new Date(issuedAt * 1000).toISOString() } : {}),
      ...(typeof bearerClaims?.tid === 'string' ? { tokenTenantId: bearerClaims.tid } : {}),
    };
    this.log.push(entry);
    const delay = latencyFor(this.latency, url.pathname);
    if (delay > 0) {
      await this.sleep(delay);
    }
    const batch = surface === 'graph' && method === 'POST' && /^\/v1\.0\/\$batch$/i.test(url.pathname);
    let fault = this.faults.take(method, rawUrl, surface);
    // A fault aimed at a request inside a batch: an answer of its own, or (the connection's fate) the whole batch's.
    const innerFaults = batch && !fault ? this.batchFaults(rawBody) : [];
    fault ??= innerFaults.find((inner) => inner !== undefined && !INNER_FAULT_KINDS.has(inner.kind));
    if (fault?.kind === 'drop') {
      this.writeLog(`${method} ${rawUrl} -> dropped (fault)`);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'timeout') {
      this.writeLog(`${method} ${rawUrl} -> held open (timeout fault)`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        req.socket.destroy();
      }, TIMEOUT_FAULT_MAX_MS);
      this.timers.add(timer);
      req.socket.once('close', () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      });
      return;
    }
    const ids: RequestIds = { requestId: randomUUID(), clientRequestId: headerValue(req, 'client-request-id') ?? headerValue(req, 'x-ms-client-request-id') ?? randomUUID() };
    const graphErrors = this.scenario.graphErrors ?? 'recorded';
    let response: ApiResponse;
    if (fault?.kind === 'status') {
      response = statusFaultResponse(surface, fault, ids, this.clock.now(), graphErrors);
    } else if (fault?.kind === 'throttled') {
      response = throttledResponse(surface, fault, ids, this.clock.now());
    } else if (fault?.kind === 'plainError') {
      response = plainErrorResponse(fault);
    } else if (fault?.kind === 'redirect') {
      response = redirectElsewhere(fault, rawUrl);
    } else if (fault?.kind === 'malformed' && method !== 'GET') {
      response = { status: 200, body: undefined };
    } else if (batch) {
      response = this.dispatchBatch(rawBody, req, ids, innerFaults, entry);
    } else {
      response = this.dispatch(surface, method, url, rawBody, req, ids, entry);
    }
    if (fault?.kind === 'foreignNextLink') {
      response = nextLinkElsewhere(fault, response, rawUrl, surface);
    }
    if (fault?.kind === 'dropAfterCommit') {
      entry.status = 0;
      this.writeLog(`${method} ${rawUrl} -> applied (${response.status}) then dropped (fault)`);
      req.socket.destroy();
      return;
    }
    entry.status = response.status;
    this.writeLog(`${method} ${rawUrl} -> ${response.status}`);
    const headers: Record<string, string> = {
      // Standard HTTP (RFC 9110 §6.6.1), recorded on ARM PIM answers: from the emulator clock, so clients can
      // measure their own clock's skew.
      Date: this.clock.now().toUTCString(),
      ...(surface === 'arm'
        ? { 'x-ms-request-id': ids.requestId, 'x-ms-correlation-request-id': headerValue(req, 'x-ms-correlation-request-id') ?? ids.requestId }
        : { 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId }),
    };
    const text = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    if (fault?.kind === 'malformed') {
      const truncated = text.length > 2 ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : '{"value":[{"id":';
      send(res, 200, truncated, { ...headers, ...(response.headers ?? {}) });
      return;
    }
    send(res, response.status, text, { ...headers, ...(response.contentType ? { 'Content-Type': response.contentType } : {}), ...(response.headers ?? {}) });
  }

  private dispatch(
    surface: Surface,
    method: string,
    url: { pathname: string; search: string; searchParams: URLSearchParams },
    rawBody: string,
    req: IncomingMessage,
    ids: RequestIds,
    entry: LoggedRequest,
  ): ApiResponse {
    try {
      const caller = this.authenticate(req, surface);
      entry.callerOid = caller.claims.oid;
      let body: unknown;
      if (rawBody.trim().length > 0) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          throw new ApiError(400, surface === 'arm' ? 'InvalidRequestContent' : 'BadRequest', 'The request content was invalid and could not be deserialized.');
        }
      }
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        path = url.pathname;
      }
      // Handlers build next links from rawUrl: the collapsed path, the query as sent; over TLS, on the host the request named.
      const baseUrl = this.tls && req.headers.host ? `https://${req.headers.host}` : this.baseUrl;
      const apiRequest: ApiRequest = { method, path, query: url.searchParams, baseUrl, rawUrl: `${url.pathname}${url.search}`, body, headers: req.headers };
      if (surface === 'arm' && method !== 'GET' && caller.tenant.enforcedMfa.armWrites && !(caller.claims.amr ?? []).includes('mfa')) {
        throw mfaRequiredForWrites(caller.claims.tid);
      }
      this.world.settle();
      const ctx = { world: this.world, caller, now: this.clock.now().getTime() };
      return surface === 'arm' ? handleArm(apiRequest, ctx) : handleGraph(apiRequest, ctx);
    } catch (error) {
      if (error instanceof ApiError) {
        return errorResponse(surface, error, ids, this.clock.now(), this.scenario.graphErrors ?? 'recorded');
      }
      throw error;
    }
  }

  /** The fault each request of a batch body would meet if sent alone (consuming its hits). */
  private batchFaults(rawBody: string): (FaultRule | undefined)[] {
    return batchRequests(rawBody).map((inner) => (inner ? this.faults.take(inner.method, `/v1.0${inner.url}`, 'graph') : undefined));
  }

  /**
   * Graph JSON batching (learn.microsoft.com/graph/json-batching): each request is answered as if sent alone with the
   * batch's Authorization, inside `{"responses":[{id, status, headers, body}]}`; the batch itself answers 200.
   */
  private dispatchBatch(rawBody: string, req: IncomingMessage, ids: RequestIds, innerFaults: readonly (FaultRule | undefined)[], entry: LoggedRequest): ApiResponse {
    const graphErrors = this.scenario.graphErrors ?? 'recorded';
    try {
      this.authenticate(req, 'graph');
      const requests = batchRequests(rawBody);
      if (requests.length === 0 || requests.length > 20 || requests.some((inner) => inner === undefined)) {
        throw new ApiError(400, 'BadRequest', 'Invalid batch payload format.');
      }
      const responses = requests.map((inner, index) => {
        const { id, method, url, body } = inner as BatchRequest;
        const queryAt = url.indexOf('?');
        const pathname = collapsePath(`/v1.0${queryAt < 0 ? url : url.slice(0, queryAt)}`);
        const search = queryAt < 0 ? '' : url.slice(queryAt);
        const innerIds = { requestId: randomUUID(), clientRequestId: ids.clientRequestId };
        const fault = innerFaults[index];
        let answer =
          fault?.kind === 'status'
            ? statusFaultResponse('graph', fault, innerIds, this.clock.now(), graphErrors)
            : fault?.kind === 'throttled'
              ? throttledResponse('graph', fault, innerIds, this.clock.now())
              : this.dispatch('graph', method, { pathname, search, searchParams: new URLSearchParams(search) }, body === undefined ? '' : JSON.stringify(body), req, innerIds, entry);
        if (fault?.kind === 'foreignNextLink') {
          answer = nextLinkElsewhere(fault, answer, `${pathname}${search}`, 'graph');
        }
        this.writeLog(`  [batch ${id}] ${method} ${url} -> ${answer.status}`);
        return { id, status: answer.status, headers: { 'Content-Type': 'application/json', ...(answer.headers ?? {}) }, body: answer.body ?? null };
      });
      return { status: 200, body: { responses } };
    } catch (error) {
      if (error instanceof ApiError) {
        return errorResponse('graph', error, ids, this.clock.now(), graphErrors);
      }
      throw error;
    }
  }

  private authenticate(req: IncomingMessage, surface: Surface): Caller {
    const header = headerValue(req, 'authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw unauthorized(surface, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", undefined);
    }
    const check = verifyToken(match[1], this.signingKey, this.clock.now());
    if (!check.ok) {
      const tid = check.claims?.tid;
      if (check.reason === 'expired' && check.claims) {
        const expiry = new Date(check.claims.exp * 1000).toISOString();
        throw surface === 'arm'
          ? unauthorized(
              surface,
              'ExpiredAuthenticationToken',
              `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${this.clock.now().toISOString()}'.`,
              tid,
              'The access token has expired.',
            )
          : unauthorized(surface, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.', tid);
      }
      throw unauthorized(
        surface,
        'InvalidAuthenticationToken',
        surface === 'arm' ? 'The access token is invalid.' : 'Access token validation failure. Invalid signature.',
        tid,
      );
    }
    const claims = check.claims;
    const cloud = this.scenario.cloud ?? 'AzureCloud';
    const audienceOk = surface === 'arm' ? isArmAudience(claims.aud, cloud) : isGraphAudience(claims.aud, cloud);
    if (!audienceOk) {
      throw surface === 'arm'
        ? unauthorized(
            surface,
            'InvalidAuthenticationTokenAudience',
            `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
            claims.tid,
          )
        : unauthorized(surface, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', claims.tid);
    }
    const tenant: TenantState | undefined = this.world.tenant(claims.tid);
    if (!tenant) {
      if (surface === 'arm') {
        throw wrongTenant(claims.tid, this.world.tenants[0].id);
      }
      throw unauthorized(surface, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.', claims.tid);
    }
    return { claims, tenant };
  }

  private handleControl(method: string, path: string, rawBody: string, res: ServerResponse): void {
    const reply = (status: number, body?: unknown): void => send(res, status, body === undefined ? '' : JSON.stringify(body), {});
    try {
      const body: unknown = rawBody.trim() ? JSON.parse(rawBody) : {};
      const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      const route = `${method} ${path.replace(/\/+$/, '')}`;
      switch (route) {
        case 'POST /_emulator/token':
          reply(200, this.mintToken(record as unknown as TokenRequest));
          return;
        case 'POST /_emulator/clock/advance': {
          const seconds = Number(record.seconds ?? 0) + Number(record.minutes ?? 0) * 60;
          this.clock.advance(seconds * 1000);
          reply(200, { now: this.clock.now().toISOString() });
          return;
        }
        case 'GET /_emulator/clock':
          reply(200, { now: this.clock.now().toISOString() });
          return;
        case 'GET /_emulator/requests':
          reply(200, this.log);
          return;
        case 'DELETE /_emulator/requests':
          this.clearRequests();
          reply(204);
          return;
        case 'POST /_emulator/rename':
          this.rename(record as unknown as RenameRequest);
          reply(200, { ok: true });
          return;
        case 'GET /_emulator/tokens':
          reply(200, { signatures: this.minted });
          return;
        case 'POST /_emulator/faults':
          this.setFaults(Array.isArray(body) ? (body as FaultRule[]) : ((record.faults ?? []) as FaultRule[]));
          reply(200, { ok: true });
          return;
        case 'POST /_emulator/latency':
          this.setLatency(record);
          reply(200, { ok: true });
          return;
        case 'POST /_emulator/approve':
        case 'POST /_emulator/deny': {
          const name = record.requestName;
          if (typeof name !== 'string') {
            reply(400, { error: { code: 'BadRequest', message: 'requestName is required' } });
            return;
          }
          if (route.endsWith('approve')) {
            this.approve(name);
          } else {
            this.deny(name);
          }
          reply(200, { ok: true });
          return;
        }
        case 'POST /_emulator/reset':
          this.reset();
          reply(200, { ok: true });
          return;
        case 'GET /_emulator/state':
          reply(200, this.world.summary());
          return;
        default:
          reply(404, { error: { code: 'NotFound', message: `No control endpoint ${route}` } });
      }
    } catch (error) {
      reply(400, { error: { code: 'BadRequest', message: (error as Error).message } });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private crash(res: ServerResponse, error: unknown): void {
    this.writeLog(`emulator error: ${(error as Error).stack ?? String(error)}`);
    if (!res.headersSent) {
      send(res, 500, JSON.stringify({ error: { code: 'InternalServerError', message: (error as Error).message } }), {});
    } else {
      res.destroy();
    }
  }
}

export async function startEmulator(options: StartOptions): Promise<RunningEmulator> {
  const emulator = new Emulator(options.scenario, options.log ?? (() => undefined), options.tls);
  await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1', options.publicHost);
  return emulator;
}

/** A claims request naming `mfa` in `amr` ({"access_token":{"amr":{"values":["mfa"]}}}) gets an MFA sign-in. */
function requestsMfa(claims: string | undefined): boolean {
  if (!claims) {
    return false;
  }
  try {
    const amr = (JSON.parse(claims) as { access_token?: { amr?: { value?: unknown; values?: unknown } } }).access_token?.amr;
    return amr?.value === 'mfa' || (Array.isArray(amr?.values) && amr.values.includes('mfa'));
  } catch {
    return false;
  }
}

function requestedAcrs(claims: string | undefined): string[] {
  if (!claims) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    throw new ScenarioError(`claims must be a JSON claims request, got ${claims}`);
  }
  const acrs = (parsed as { access_token?: { acrs?: { value?: unknown; values?: unknown } } }).access_token?.acrs;
  const values = [acrs?.value, ...(Array.isArray(acrs?.values) ? (acrs.values as unknown[]) : [])];
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * Azure's mandatory MFA for Resource Manager writes: a 401 whose WWW-Authenticate carries a claims challenge for the
 * `p1` authentication context class (the challenge azure-cli's tests quote, `{"access_token":{"acrs":{"essential":true,
 * "values":["p1"]}}}`, in its tests of _generate_login_command). Code and message are not documented.
 */
function mfaRequiredForWrites(tenantId: string): ApiError {
  const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}', 'utf8').toString('base64');
  const challenge = `Bearer authorization_uri="https://login.microsoftonline.com/${tenantId}", error="insufficient_claims", error_description="Multifactor authentication is required for this operation.", claims="${claims}"`;
  return new ApiError(401, 'InvalidAuthenticationToken', 'Multifactor authentication is required for this operation. Sign in with multifactor authentication.', {
    'WWW-Authenticate': challenge,
  });
}

function unauthorized(surface: Surface, code: string, message: string, tenantId: string | undefined, description = message): ApiError {
  const authority = `https://login.microsoftonline.com/${tenantId ?? 'common'}`;
  const challenge =
    surface === 'arm'
      ? `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description}"`
      : `Bearer realm="", authorization_uri="${authority}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`;
  return new ApiError(401, code, message, { 'WWW-Authenticate': challenge });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, {
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache',
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Inner fault kinds a batch answers per request; every other kind is the fate of the whole batch's connection or answer. */
const INNER_FAULT_KINDS: ReadonlySet<string> = new Set(['status', 'throttled', 'foreignNextLink']);

interface BatchRequest {
  readonly id: string;
  readonly method: string;
  /** Relative to the version, with a leading slash. */
  readonly url: string;
  readonly body?: unknown;
}

/** The requests of a batch body; undefined for an entry that is not a request (id, method and url strings). */
function batchRequests(rawBody: string): (BatchRequest | undefined)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return [];
  }
  const list = typeof parsed === 'object' && parsed !== null ? (parsed as { requests?: unknown }).requests : undefined;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.map((entry: unknown) => {
    const { id, method, url, body } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof method !== 'string' || typeof url !== 'string' || url === '') {
      return undefined;
    }
    return { id, method: method.toUpperCase(), url: url.startsWith('/') ? url : `/${url}`, ...(body === undefined ? {} : { body }) };
  });
}
