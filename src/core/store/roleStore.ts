// Holds what the signed-in user can see per tenant and reloads it. The tree, the status bar and the
// form all read from here; nothing in this file knows about VS Code.
import { setMaxListeners } from 'node:events';
import type { ArmPimClient } from '../api/armPimClient';
import { PimError, type PimErrorKind } from '../errors/errors';
import { EventSource, type Disposable } from '../model/events';
import type { GraphListName, GraphLists, GraphPimClient } from '../api/graphPimClient';
import { roleKeyString, type ActiveRole, type EligibleRole, type RoleKind, type RoleRequest } from '../model/model';
import { buildRoleRows, isOpenActivationRequest, subscriptionNamesFromRows, type RoleRow, type RoleState } from '../model/roleRows';
import type { ServiceWait } from '../api/throttling';
import { SYSTEM_TIMERS, type Timers } from './timers';
import { LOAD_BUDGET_MS, outOfTime, SUPERSEDED, untilAborted } from './loadLimits';

export { LOAD_BUDGET_MS } from './loadLimits';

export interface TenantConnection {
  readonly tenantId: string;
  readonly displayName: string;
  readonly arm: ArmPimClient;
  /** Microsoft Entra roles and PIM for Groups; absent = Azure roles only. */
  readonly graph?: GraphPimClient;
  /** The signed-in user's object id in this tenant (from the token). */
  callerObjectId(): Promise<string>;
  /** Now on PIM's clock (learnt from the Date of its answers, core/store/serviceClock.ts); absent = the local clock. */
  readonly serviceNow?: () => Date;
}

/** Now on the tenant's service clock: what PIM's start and end times are compared with. */
export function serviceNowOf(connection: Pick<TenantConnection, 'serviceNow'>): Date {
  return connection.serviceNow?.() ?? new Date();
}

export type TenantStatus = 'loading' | 'ready' | 'error';

/**
 * The lists a refresh reads (an identifier for logs and the tree; the tree shows a translated sentence per
 * list, see problemText in presentation.ts). "Azure roles" and GRAPH_SURFACES_NAME stand for several lists.
 */
export type ListName =
  | 'eligible roles'
  | 'active roles'
  | 'your requests'
  | 'eligible Entra roles'
  | 'active Entra roles'
  | 'your Entra role requests'
  | 'eligible groups'
  | 'active groups'
  | 'your group requests'
  | 'Azure roles'
  | typeof GRAPH_SURFACES_NAME;

/** Something that could not be read for a tenant. */
export interface TenantProblem {
  readonly what: ListName;
  readonly error: PimError;
  /** The section it belongs to; absent = the whole tenant (e.g. Graph permissions for Entra roles and groups). */
  readonly kind?: RoleKind;
  /** When the list was last read: its rows from then are still shown, marked stale. Absent: never read. */
  readonly lastGoodAt?: Date;
}

/** Graph failures that are about the sign-in, the app's permissions or the way to the host, not about one list: shown once. */
const GRAPH_ACCESS_PROBLEMS: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>([
  'graphPermissionMissing',
  'authentication',
  'authorization',
  'untrustedEndpoint',
  'untrustedCertificate',
  'proxyAuthentication',
]);
/** What one sign-in, one confirmed endpoint, one trusted certificate or proxy credentials fix for every ARM list at once. */
const ARM_ACCESS_PROBLEMS: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>(['authentication', 'untrustedEndpoint', 'untrustedCertificate', 'proxyAuthentication']);

/** What the tree calls the Graph surfaces when one problem stands for all of them. */
export const GRAPH_SURFACES_NAME = 'Entra roles and groups';

export interface TenantSnapshot {
  readonly tenantId: string;
  readonly displayName: string;
  readonly status: TenantStatus;
  readonly rows: readonly RoleRow[];
  readonly requests: readonly RoleRequest[];
  readonly subscriptionNames: ReadonlyMap<string, string>;
  /** What could not be read this time; the rest of the tenant is still shown, and so is the last data of these lists. */
  readonly problems: readonly TenantProblem[];
  readonly loadedAt?: Date;
  /** Every call failed for want of a network: what is shown is the last known state. */
  readonly offline?: boolean;
  /** When the store tries again by itself (a list failed for a passing reason); absent = no retry planned. */
  readonly retryAt?: Date;
  /** The service asked to wait until then (429/503 with Retry-After); the next try comes after it. */
  readonly throttledUntil?: Date;
}

export interface RowRef {
  readonly tenant: TenantSnapshot;
  readonly connection: TenantConnection;
  readonly row: RoleRow;
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

/**
 * `fresh` (the default): the refresh resolves with a load that started after it was asked for, so what an activation
 * or a deactivation just changed is in it; a load already running is replaced. `shared`: a load already running will
 * do. `light` (the check after an expiry): like `shared`, and it reads only what can change without the user doing
 * anything here (see KEPT_BY_LIGHT_REFRESH). `periodic` (the periodic refresh): `light` for the tenants the user can
 * see; the others wait until they are seen again (see readsWhileHidden).
 */
export type RefreshMode = 'fresh' | 'shared' | 'light' | 'periodic';

/** Which tenants the user can see in the Roles view (core/views/tenantVisibility.ts). */
export interface TenantsInView {
  /** `alone`: the only tenant, shown without a node of its own. */
  seen(tenant: TenantSnapshot, alone: boolean): boolean;
  readonly onDidChange: (listener: () => void) => Disposable;
}

/**
 * What a light refresh does not read again once read: the request history changes only through the user's own requests
 * (after which the store is refreshed `fresh`), except while one of them still waits for approval or its start; then
 * that list is read again. Subscription names only label scopes. Azure eligibilities change only when an administrator
 * changes them, and may take several pages: they are read again once they are ELIGIBLE_MAX_AGE_MS old. So a light
 * refresh with nothing open costs two requests per tenant (Azure active roles, and one Graph batch with the Entra and
 * group eligibilities and activations), and every fifth one at the default 120 s also the Azure eligibility pages.
 */
const KEPT_BY_LIGHT_REFRESH: ReadonlySet<string> = new Set<string>(['eligible roles', 'your requests', 'your Entra role requests', 'your group requests', 'subscription names']);
export const ELIGIBLE_MAX_AGE_MS = 10 * 60_000;

/** Row states whose outcome the user waits for, out of view too (notices, the status bar): see readsWhileHidden. */
const WAITED_FOR: ReadonlySet<RoleState> = new Set<RoleState>(['pendingApproval', 'scheduled', 'activating', 'deactivating']);

/** The Graph lists of a load, by the name the store gives each. */
const GRAPH_LISTS: { readonly [P in GraphListName]: ListName } = {
  entraEligible: 'eligible Entra roles',
  entraActive: 'active Entra roles',
  entraRequests: 'your Entra role requests',
  groupEligible: 'eligible groups',
  groupActive: 'active groups',
  groupRequests: 'your group requests',
};

export interface RoleStoreOptions {
  readonly timers?: Timers;
  /** Longest one tenant's load may take; lists not read by then keep their last data, marked stale. Default 90 s. */
  readonly loadBudgetMs?: number;
  /** The store's own retries after a passing failure: first delay, doubled per failed load up to `maxMs`. */
  readonly retryBackoff?: { readonly firstMs: number; readonly maxMs: number };
  /** Which tenants the periodic refresh reads; absent = every tenant. */
  readonly inView?: TenantsInView;
}

const RETRY_BACKOFF = { firstMs: 15_000, maxMs: 5 * 60_000 };
/** A Retry-After longer than this is not believed: the store tries again then. */
const MAX_SCHEDULED_WAIT_MS = 5 * 60_000;

interface RunningLoad {
  readonly controller: AbortController;
  done: Promise<void>;
}

/** One tenant's connection and what the store remembers about reading it. */
interface TenantState {
  readonly connection: TenantConnection;
  /** The last answer of every list that was ever read, with when: shown while that list fails. */
  readonly lastGood: Map<string, { readonly value: unknown; readonly at: Date }>;
  /** The lists whose last read failed: a light refresh reads them again. */
  readonly failedLastTime: Set<string>;
  load?: RunningLoad;
  /** Loads in a row that ended with a passing failure (for the back-off). */
  failures: number;
  retryTimer?: unknown;
  throttledUntil?: Date;
  /** A periodic refresh passed this tenant by while it was out of view: it is read (light) as soon as it is seen. */
  due: boolean;
  readonly listeners: Disposable[];
}

export class RoleStore implements Disposable {
  private connections: TenantConnection[] = [];
  private snapshots = new Map<string, TenantSnapshot>();
  private states = new Map<string, TenantState>();
  private generation = 0;
  private readonly lastWarnings = new Map<string, string>();
  private readonly changed = new EventSource<void>();
  readonly onDidChange = this.changed.event;
  private readonly expired = new EventSource<readonly RowRef[]>();
  /** Activations that just ended on the local clock (from recomputeExpired, which the role clock, core/store/clock.ts, calls). */
  readonly onDidExpire = this.expired.event;
  private readonly timers: Timers;
  private readonly loadBudgetMs: number;
  private readonly retryBackoff: { readonly firstMs: number; readonly maxMs: number };
  private readonly inView?: TenantsInView;
  private readonly inViewChanged?: Disposable;

  constructor(
    private readonly now: () => Date,
    private readonly log: Logger,
    options: RoleStoreOptions = {},
  ) {
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.loadBudgetMs = options.loadBudgetMs ?? LOAD_BUDGET_MS;
    this.retryBackoff = options.retryBackoff ?? RETRY_BACKOFF;
    this.inView = options.inView;
    this.inViewChanged = options.inView?.onDidChange(() => this.refreshDueInView());
  }

  /** Replaces the set of tenants (after sign-in, sign-out or a settings change) and reloads them. */
  async setConnections(connections: readonly TenantConnection[]): Promise<void> {
    this.generation++;
    this.connections = [...connections];
    const previous = this.states;
    this.states = new Map(connections.map((connection) => [connection.tenantId, this.stateFor(connection, previous.get(connection.tenantId))]));
    for (const state of previous.values()) {
      if (this.states.get(state.connection.tenantId) !== state) {
        this.forget(state);
      }
    }
    this.snapshots = new Map(
      connections.map((connection) => [
        connection.tenantId,
        this.snapshots.get(connection.tenantId) ?? emptySnapshot(connection, 'loading'),
      ]),
    );
    this.changed.fire();
    await this.refresh();
  }

  get tenants(): readonly TenantSnapshot[] {
    return this.connections.flatMap((connection) => this.snapshots.get(connection.tenantId) ?? []);
  }

  get hasConnections(): boolean {
    return this.connections.length > 0;
  }

  connection(tenantId: string): TenantConnection | undefined {
    return this.connections.find((connection) => connection.tenantId === tenantId);
  }

  /**
   * Reloads one tenant or all. `fresh` (default): the answer reflects everything done before the call (a running
   * load is replaced); `shared`: a load already under way will do. Tenants load independently: a slow one never
   * holds up another's rows.
   */
  async refresh(tenantId?: string, mode: RefreshMode = 'fresh'): Promise<void> {
    const targets = [...this.states.values()].filter((state) => !tenantId || state.connection.tenantId === tenantId);
    await Promise.all(
      targets.map((state) => {
        if (mode !== 'periodic') {
          return this.refreshTenant(state, mode);
        }
        if (this.readsWhileHidden(state) || this.isSeen(state)) {
          return this.refreshTenant(state, 'light');
        }
        state.due = true;
        return Promise.resolve();
      }),
    );
  }

  findRow(rowId: string): RowRef | undefined {
    return this.allRows().find((ref) => ref.row.id === rowId);
  }

  allRows(): RowRef[] {
    const refs: RowRef[] = [];
    for (const connection of this.connections) {
      const tenant = this.snapshots.get(connection.tenantId);
      for (const row of tenant?.rows ?? []) {
        refs.push({ tenant: tenant as TenantSnapshot, connection, row });
      }
    }
    return refs;
  }

  /** Rows whose state changed because time passed (an activation ended): recompute without a network call. */
  recomputeExpired(): boolean {
    const now = this.now();
    let changed = false;
    const ended: RowRef[] = [];
    for (const [tenantId, snapshot] of this.snapshots) {
      if (snapshot.rows.some((row) => row.endsAt && row.endsAt.getTime() <= now.getTime())) {
        const connection = this.connection(tenantId);
        const rows = snapshot.rows.flatMap((row) => {
          if (!row.endsAt || row.endsAt.getTime() > now.getTime()) {
            return [row];
          }
          if (connection) {
            ended.push({ tenant: snapshot, connection, row });
          }
          if (!row.eligible) {
            return [];
          }
          const { active: _active, endsAt: _endsAt, ...rest } = row;
          return [{ ...rest, state: 'eligible' as const }];
        });
        this.snapshots.set(tenantId, { ...snapshot, rows });
        changed = true;
      }
    }
    if (changed) {
      this.changed.fire();
    }
    if (ended.length > 0) {
      this.expired.fire(ended);
    }
    return changed;
  }

  dispose(): void {
    this.inViewChanged?.dispose();
    this.generation++;
    for (const state of this.states.values()) {
      this.forget(state);
    }
    this.states.clear();
    this.changed.dispose();
    this.expired.dispose();
  }

  /** The same problem on every periodic refresh would flood the log: say it again only when it changes. */
  private warnOnce(connection: TenantConnection, what: string, message: string): void {
    const key = `${connection.tenantId}|${what}`;
    if (this.lastWarnings.get(key) !== message) {
      this.lastWarnings.set(key, message);
      this.log.warn(`${connection.displayName}: ${message}`);
    }
  }

  /** The state of a tenant kept across setConnections only for the very same connection (same sign-in, same clients). */
  private stateFor(connection: TenantConnection, previous: TenantState | undefined): TenantState {
    if (previous?.connection === connection) {
      return previous;
    }
    const state: TenantState = { connection, lastGood: new Map(), failedLastTime: new Set(), failures: 0, due: false, listeners: [] };
    const waited = (wait: ServiceWait): void => this.serviceWaits(state, wait);
    state.listeners.push(connection.arm.onDidWait(waited));
    if (connection.graph) {
      state.listeners.push(connection.graph.onDidWait(waited));
    }
    return state;
  }

  private forget(state: TenantState): void {
    const load = state.load;
    state.load = undefined;
    load?.controller.abort(SUPERSEDED);
    this.cancelRetry(state);
    state.listeners.splice(0).forEach((listener) => listener.dispose());
  }

  /** A call of this tenant waits because the service asked it to: the tree says so until the wait is over. */
  private serviceWaits(state: TenantState, wait: ServiceWait): void {
    const until = new Date(this.now().getTime() + wait.waitMs);
    if (state.throttledUntil && state.throttledUntil.getTime() >= until.getTime()) {
      return;
    }
    state.throttledUntil = until;
    const tenantId = state.connection.tenantId;
    const snapshot = this.snapshots.get(tenantId);
    if (snapshot && this.states.get(tenantId) === state) {
      // The service answered: whatever the last load said, the network is there.
      const { offline: _offline, ...rest } = snapshot;
      this.snapshots.set(tenantId, { ...rest, throttledUntil: until });
      this.changed.fire();
    }
  }

  private isSeen(state: TenantState): boolean {
    const snapshot = this.snapshots.get(state.connection.tenantId);
    return !this.inView || !snapshot || this.inView.seen(snapshot, this.connections.length === 1);
  }

  /**
   * What keeps the status bar, the countdowns and the approval notices true for a tenant out of view. Countdowns and
   * the status bar run on the end times the store holds (no read needed), and when one ends the expiry check reads every
   * tenant, seen or not (light). The periodic refresh still reads a hidden tenant while something of the user's waits on
   * the service: a request waiting for approval or a later start, a role being activated or deactivated. The rest
   * (eligibilities, an activation made or changed elsewhere, e.g. in the portal) waits until the tenant is seen again, or
   * for Refresh or the next expiry check. Never held back by the view: a refresh the user asks for, the read after the
   * user's own activation or deactivation (fresh, that tenant), the retry after a passing failure, the reload after a clock jump.
   */
  private readsWhileHidden(state: TenantState): boolean {
    const snapshot = this.snapshots.get(state.connection.tenantId);
    if (!snapshot?.loadedAt) {
      return true;
    }
    const now = this.now();
    return snapshot.rows.some((row) => WAITED_FOR.has(row.state)) || snapshot.requests.some((request) => isOpenActivationRequest(request, now));
  }

  /** The view shows more now (a tenant expanded, the filter cleared, the view opened): tenants passed by are read at once. */
  private refreshDueInView(): void {
    for (const state of this.states.values()) {
      if (state.due && this.isSeen(state)) {
        void this.refreshTenant(state, 'light');
      }
    }
  }

  private refreshTenant(state: TenantState, mode: RefreshMode): Promise<void> {
    state.due = false;
    if (mode !== 'fresh' && state.load) {
      return state.load.done;
    }
    state.load?.controller.abort(SUPERSEDED);
    this.cancelRetry(state);
    const controller = new AbortController();
    // Every list call of the load (and the pipeline under it) listens to this one signal.
    setMaxListeners(100, controller.signal);
    const generation = this.generation;
    const load: RunningLoad = { controller, done: Promise.resolve() };
    load.done = this.runLoad(state, load, generation, mode === 'light' || mode === 'periodic');
    state.load = load;
    const tenantId = state.connection.tenantId;
    const previous = this.snapshots.get(tenantId);
    if (previous && previous.status !== 'loading') {
      this.snapshots.set(tenantId, { ...previous, status: 'loading' });
      this.changed.fire();
    }
    return load.done;
  }

  private async runLoad(state: TenantState, load: RunningLoad, generation: number, light: boolean): Promise<void> {
    const { connection } = state;
    const budget = this.timers.setTimeout(() => load.controller.abort(outOfTime(this.loadBudgetMs)), this.loadBudgetMs);
    let snapshot: TenantSnapshot | undefined;
    try {
      snapshot = await this.loadTenant(state, load.controller.signal, light);
    } catch (error) {
      this.log.error(error instanceof Error ? error : String(error));
    } finally {
      this.timers.clearTimeout(budget);
    }
    if (state.load !== load) {
      // A newer load replaced this one: the caller gets that one's answer.
      await state.load?.done;
      return;
    }
    state.load = undefined;
    if (generation !== this.generation || this.states.get(connection.tenantId) !== state) {
      return;
    }
    const previous = this.snapshots.get(connection.tenantId);
    const settled = snapshot ?? (previous ? { ...previous, status: 'ready' as const } : emptySnapshot(connection, 'error'));
    this.snapshots.set(connection.tenantId, this.planRetry(state, settled));
    this.changed.fire();
  }

  /**
   * After a load that could not read everything for a passing reason (network, time-out, 5xx, throttling): try again by
   * itself, after what the service asked for or after a back-off that grows with every such load in a row.
   */
  private planRetry(state: TenantState, snapshot: TenantSnapshot): TenantSnapshot {
    this.cancelRetry(state);
    const passing = snapshot.problems.filter((problem) => problem.error.retryable);
    const now = this.now().getTime();
    const { throttledUntil: _wait, retryAt: _retry, ...rest } = snapshot;
    if (passing.length === 0) {
      state.failures = 0;
      state.throttledUntil = undefined;
      return rest;
    }
    state.failures++;
    const asked = Math.max(-1, ...passing.map((problem) => problem.error.retryAfterMs ?? -1));
    const backoff = Math.min(this.retryBackoff.maxMs, this.retryBackoff.firstMs * 2 ** Math.min(state.failures - 1, 30));
    const delay = asked >= 0 ? Math.min(Math.max(asked, 1000), MAX_SCHEDULED_WAIT_MS) : backoff;
    const retryAt = new Date(now + delay);
    state.throttledUntil = asked >= 0 ? retryAt : undefined;
    state.retryTimer = this.timers.setTimeout(() => {
      state.retryTimer = undefined;
      void this.refreshTenant(state, 'shared');
    }, delay);
    return { ...rest, retryAt, ...(state.throttledUntil ? { throttledUntil: state.throttledUntil } : {}) };
  }

  private cancelRetry(state: TenantState): void {
    if (state.retryTimer !== undefined) {
      this.timers.clearTimeout(state.retryTimer);
      state.retryTimer = undefined;
    }
  }

  /**
   * While a tenant shows nothing yet (its first load), its roles are shown page by page as they arrive, marked
   * loading, instead of after the last page of the slowest list. Later loads replace the rows in one go.
   */
  private showEarlyRows(state: TenantState, signal: AbortSignal): EarlyRows | undefined {
    const { connection } = state;
    if ((this.snapshots.get(connection.tenantId)?.rows.length ?? 0) > 0) {
      return undefined;
    }
    const eligible: EligibleRole[] = [];
    const active: ActiveRole[] = [];
    let planned = false;
    let closed = false;
    const showNow = (): void => {
      planned = false;
      const snapshot = this.snapshots.get(connection.tenantId);
      // Not once the load has all its answers (its own rows follow) or was replaced.
      if (closed || signal.aborted || !snapshot || this.states.get(connection.tenantId) !== state || snapshot.status !== 'loading') {
        return;
      }
      const rows = buildRoleRows({ tenantId: connection.tenantId, eligible, active, pending: [] }, this.now());
      this.snapshots.set(connection.tenantId, { ...snapshot, rows });
      this.changed.fire();
    };
    // Lists that arrive together (the Graph batch) are shown together, after the pending callbacks have run.
    const show = (): void => {
      if (!planned) {
        planned = true;
        setImmediate(showNow);
      }
    };
    return {
      eligible: <T extends EligibleRole[]>(roles: T): T => {
        eligible.push(...roles);
        show();
        return roles;
      },
      active: <T extends ActiveRole[]>(roles: T): T => {
        active.push(...roles);
        show();
        return roles;
      },
      close: () => {
        closed = true;
      },
    };
  }

  /** Reads every list (a light refresh: what can change by itself); undefined when a newer load replaced this one. */
  private async loadTenant(state: TenantState, signal: AbortSignal, light: boolean): Promise<TenantSnapshot | undefined> {
    const { connection } = state;
    const started = Date.now();
    const graph = connection.graph;
    const none = <T>(): Promise<T[]> => Promise.resolve([]);
    const keptNow = this.now();
    const keep = (what: string): boolean => light && keepsLastAnswer(state, what, keptNow);
    const kept = new Set([...KEPT_BY_LIGHT_REFRESH].filter(keep));
    const lastAnswer = <T>(what: string): Promise<T> => Promise.resolve(state.lastGood.get(what)?.value as T);
    let sent = 0;
    // Each call ends with the load's signal: a service that never answers cannot hold the tenant past the budget.
    const arm = <T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> => {
      if (kept.has(what)) {
        return lastAnswer<T>(what);
      }
      sent++;
      return untilAborted(call(signal), signal);
    };
    // The Graph lists go in one batch (one round trip, one request).
    const graphNames = graph ? (Object.keys(GRAPH_LISTS) as GraphListName[]).filter((name) => !kept.has(GRAPH_LISTS[name])) : [];
    const batch = graph && graphNames.length > 0 ? graph.readLists(graphNames, signal) : undefined;
    const fromGraph = <K extends GraphListName>(name: K): Promise<GraphLists[K]> => {
      const list: Promise<GraphLists[K]> | undefined = batch?.[name];
      if (!list) {
        return graph ? lastAnswer<GraphLists[K]>(GRAPH_LISTS[name]) : (none() as Promise<GraphLists[K]>);
      }
      sent++;
      return untilAborted(list, signal);
    };
    const early = this.showEarlyRows(state, signal);
    // Every surface is read in parallel; one failing never hides the others.
    const results = await Promise.allSettled([
      arm('eligible roles', (s) => connection.arm.listEligible(s, early?.eligible)),
      arm('active roles', (s) => connection.arm.listActive(s, early?.active)),
      arm('your requests', (s) => connection.arm.listMyRequests(s)),
      arm('subscription names', (s) => connection.arm.listSubscriptionNames(s)),
      early ? fromGraph('entraEligible').then(early.eligible) : fromGraph('entraEligible'),
      early ? fromGraph('entraActive').then(early.active) : fromGraph('entraActive'),
      fromGraph('entraRequests'),
      early ? fromGraph('groupEligible').then(early.eligible) : fromGraph('groupEligible'),
      early ? fromGraph('groupActive').then(early.active) : fromGraph('groupActive'),
      fromGraph('groupRequests'),
    ] as const);
    early?.close();
    if (signal.reason === SUPERSEDED) {
      return undefined;
    }
    const [eligible, active, requests, subscriptions, entraEligible, entraActive, entraRequests, groupEligible, groupActive, groupRequests] = results;
    const at = this.now();
    const problems: TenantProblem[] = [];
    const failures: PimError[] = [];
    const graphAccess: TenantProblem[] = [];
    const armAccess: TenantProblem[] = [];
    /** The list's answer, or (when it failed) what it last answered, so a failed call never wipes what the user sees. */
    const take = <T>(result: PromiseSettledResult<T>, what: ListName, kind: RoleKind, fallback: T): T => {
      if (result.status === 'fulfilled') {
        if (!kept.has(what)) {
          state.lastGood.set(what, { value: result.value, at });
          state.failedLastTime.delete(what);
        }
        return result.value;
      }
      state.failedLastTime.add(what);
      const error = PimError.from(result.reason);
      failures.push(error);
      if (error.kind === 'untrustedEndpoint') {
        // The user no longer trusts where this came from: what it said earlier is not shown either.
        state.lastGood.delete(what);
      }
      const last = state.lastGood.get(what);
      const problem: TenantProblem = { what, error, kind, ...(last ? { lastGoodAt: last.at } : {}) };
      if (kind !== 'azure' && GRAPH_ACCESS_PROBLEMS.has(error.kind)) {
        graphAccess.push(problem);
      } else if (kind === 'azure' && ARM_ACCESS_PROBLEMS.has(error.kind)) {
        armAccess.push(problem);
      } else {
        problems.push(problem);
        this.warnOnce(connection, what, `could not read ${what}: ${error.message}`);
      }
      return last ? (last.value as T) : fallback;
    };
    const eligibleRoles = [
      ...take(eligible, 'eligible roles', 'azure', []),
      ...take(entraEligible, 'eligible Entra roles', 'entra', []),
      ...take(groupEligible, 'eligible groups', 'group', []),
    ];
    const activeRoles = [
      ...take(active, 'active roles', 'azure', []),
      ...take(entraActive, 'active Entra roles', 'entra', []),
      ...take(groupActive, 'active groups', 'group', []),
    ];
    const myRequests = nameRequests(
      [...take(requests, 'your requests', 'azure', []), ...take(entraRequests, 'your Entra role requests', 'entra', []), ...take(groupRequests, 'your group requests', 'group', [])],
      [...eligibleRoles, ...activeRoles],
    ).sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
    const firstArmAccessProblem = armAccess[0];
    if (firstArmAccessProblem) {
      // One sign-in (or confirming the endpoint) fixes every ARM list: one problem, not three.
      problems.push({ ...oneProblemFor(firstArmAccessProblem, armAccess, 'Azure roles'), kind: 'azure' });
      this.warnOnce(connection, 'Azure roles', `could not read Azure roles: ${firstArmAccessProblem.error.message}`);
    }
    const firstAccessProblem = graphAccess[0];
    if (firstAccessProblem) {
      // Permissions and sign-in are the same for every Graph list: one problem, not six.
      problems.push(oneProblemFor(firstAccessProblem, graphAccess, GRAPH_SURFACES_NAME));
      this.warnOnce(connection, GRAPH_SURFACES_NAME, `could not read ${GRAPH_SURFACES_NAME} (${graphAccess.map((p) => p.what).join(', ')}): ${firstAccessProblem.error.message}`);
    }
    // Subscription names only improve labels: a failure there is not worth a warning in the tree.
    const lastNames = state.lastGood.get('subscription names')?.value as Map<string, string> | undefined;
    if (subscriptions.status === 'fulfilled') {
      if (!kept.has('subscription names')) {
        state.lastGood.set('subscription names', { value: subscriptions.value, at });
        state.failedLastTime.delete('subscription names');
      }
    } else {
      state.failedLastTime.add('subscription names');
      failures.push(PimError.from(subscriptions.reason));
    }
    const names = new Map(subscriptions.status === 'fulfilled' ? subscriptions.value : (lastNames ?? []));
    // The previous load tells an activation PIM has just accepted (row "activating") from one that ended long ago.
    const rows = buildRoleRows({ tenantId: connection.tenantId, eligible: eligibleRoles, active: activeRoles, pending: myRequests }, at, previousLoad(this.snapshots.get(connection.tenantId)));
    for (const [id, name] of subscriptionNamesFromRows(rows)) {
      if (!names.has(id)) {
        names.set(id, name);
      }
    }
    const armFailed = eligible.status === 'rejected' && active.status === 'rejected';
    const graphFailed = !graph || [entraEligible, entraActive, groupEligible, groupActive].every((result) => result.status === 'rejected');
    const offline = sent > 0 && failures.length === sent && failures.every((error) => error.kind === 'network');
    this.log.info(`${connection.displayName}: ${rows.length} roles loaded in ${Date.now() - started} ms${offline ? ' (offline: last known state)' : ''}`);
    return {
      tenantId: connection.tenantId,
      displayName: connection.displayName,
      status: armFailed && graphFailed ? 'error' : 'ready',
      rows,
      requests: myRequests,
      subscriptionNames: names,
      problems,
      loadedAt: at,
      ...(offline ? { offline } : {}),
    };
  }
}

/** A light refresh may show this list's last answer again instead of reading it. */
function keepsLastAnswer(state: TenantState, what: string, now: Date): boolean {
  const last = state.lastGood.get(what);
  if (!last || !KEPT_BY_LIGHT_REFRESH.has(what) || state.failedLastTime.has(what)) {
    return false;
  }
  if (what === 'eligible roles') {
    return now.getTime() - last.at.getTime() < ELIGIBLE_MAX_AGE_MS;
  }
  // A request list whose requests still wait (approval, a later start) is read again: that changes without the user.
  return !(Array.isArray(last.value) && (last.value as RoleRequest[]).some((request) => isOpenActivationRequest(request, now)));
}

/** Several lists failing for one reason, as one problem; stale since the oldest of them was last read. */
function oneProblemFor(first: TenantProblem, problems: readonly TenantProblem[], what: ListName): TenantProblem {
  const times = problems.map((problem) => problem.lastGoodAt?.getTime());
  const known = times.filter((time): time is number => time !== undefined);
  return { what, error: first.error, ...(known.length === times.length && known.length > 0 ? { lastGoodAt: new Date(Math.min(...known)) } : {}) };
}

/**
 * Graph's request lists carry ids, not names (an Entra role definition id, a group id): take the names
 * from the eligible and active roles of the same key.
 */
function nameRequests(requests: readonly RoleRequest[], roles: readonly (EligibleRole | ActiveRole)[]): RoleRequest[] {
  const byId = new Map(roles.map((role) => [role.id, role]));
  return requests.map((request) => {
    if (request.key.kind === 'azure') {
      return request;
    }
    const known = byId.get(roleKeyString(request.key));
    return known ? { ...request, roleName: known.roleName, scope: known.scope } : request;
  });
}

/** Takes a page (or a whole list) of roles to show early, and hands it back. */
interface EarlyRows {
  readonly eligible: <T extends EligibleRole[]>(roles: T) => T;
  readonly active: <T extends ActiveRole[]>(roles: T) => T;
  /** Every list has answered: nothing more is shown early. */
  readonly close: () => void;
}

/** The tenant's last completed load, when its request lists were read (without them every Provisioned request looks new). */
function previousLoad(snapshot: TenantSnapshot | undefined): TenantSnapshot | undefined {
  const requestLists: readonly ListName[] = ['your requests', 'your Entra role requests', 'your group requests', 'Azure roles'];
  return snapshot?.loadedAt && !snapshot.problems.some((problem) => requestLists.includes(problem.what)) ? snapshot : undefined;
}

function emptySnapshot(connection: TenantConnection, status: TenantStatus): TenantSnapshot {
  return {
    tenantId: connection.tenantId,
    displayName: connection.displayName,
    status,
    rows: [],
    requests: [],
    subscriptionNames: new Map(),
    problems: [],
  };
}
