// Holds what the signed-in user can see per tenant and reloads it. The tree, the status bar and the
// form all read from here; nothing in this file knows about VS Code.
import type { ArmPimClient } from '../api/armPimClient';
import { PimError, type PimErrorKind } from '../errors/errors';
import { EventSource, type Disposable } from '../model/events';
import type { GraphPimClient } from '../api/graphPimClient';
import { roleKeyString, type ActiveRole, type EligibleRole, type RoleKind, type RoleRequest } from '../model/model';
import { buildRoleRows, subscriptionNamesFromRows, type RoleRow } from '../model/roleRows';

export interface TenantConnection {
  readonly tenantId: string;
  readonly displayName: string;
  readonly arm: ArmPimClient;
  /** Microsoft Entra roles and PIM for Groups; absent = Azure roles only. */
  readonly graph?: GraphPimClient;
  /** The signed-in user's object id in this tenant (from the token). */
  callerObjectId(): Promise<string>;
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
}

/** Graph failures that are about the sign-in or the app's permissions, not about one list: shown once. */
const GRAPH_ACCESS_PROBLEMS: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>(['graphPermissionMissing', 'authentication', 'authorization', 'untrustedEndpoint']);
/** What one sign-in or one confirmed endpoint fixes for every ARM list at once. */
const ARM_ACCESS_PROBLEMS: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>(['authentication', 'untrustedEndpoint']);

/** What the tree calls the Graph surfaces when one problem stands for all of them. */
export const GRAPH_SURFACES_NAME = 'Entra roles and groups';

export interface TenantSnapshot {
  readonly tenantId: string;
  readonly displayName: string;
  readonly status: TenantStatus;
  readonly rows: readonly RoleRow[];
  readonly requests: readonly RoleRequest[];
  readonly subscriptionNames: ReadonlyMap<string, string>;
  /** What could not be read this time; the rest of the tenant is still shown. */
  readonly problems: readonly TenantProblem[];
  readonly loadedAt?: Date;
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

export class RoleStore implements Disposable {
  private connections: TenantConnection[] = [];
  private snapshots = new Map<string, TenantSnapshot>();
  private inFlight = new Map<string, Promise<void>>();
  private generation = 0;
  private readonly lastWarnings = new Map<string, string>();
  private readonly changed = new EventSource<void>();
  readonly onDidChange = this.changed.event;
  private readonly expired = new EventSource<readonly RowRef[]>();
  /** Activations that just ended on the local clock (from recomputeExpired, which the role clock, core/store/clock.ts, calls). */
  readonly onDidExpire = this.expired.event;

  constructor(
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  /** Replaces the set of tenants (after sign-in, sign-out or a settings change) and reloads them. */
  async setConnections(connections: readonly TenantConnection[]): Promise<void> {
    this.generation++;
    this.connections = [...connections];
    this.inFlight.clear();
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

  /** Reloads one tenant or all; concurrent calls for the same tenant share one load. */
  async refresh(tenantId?: string): Promise<void> {
    const targets = tenantId ? this.connections.filter((c) => c.tenantId === tenantId) : this.connections;
    await Promise.all(targets.map((connection) => this.refreshTenant(connection)));
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

  private refreshTenant(connection: TenantConnection): Promise<void> {
    const running = this.inFlight.get(connection.tenantId);
    if (running) {
      return running;
    }
    const generation = this.generation;
    const load = this.loadTenant(connection)
      .then((snapshot) => {
        if (generation === this.generation) {
          this.snapshots.set(connection.tenantId, snapshot);
          this.changed.fire();
        }
      })
      .finally(() => {
        if (this.inFlight.get(connection.tenantId) === load) {
          this.inFlight.delete(connection.tenantId);
        }
      });
    this.inFlight.set(connection.tenantId, load);
    const previous = this.snapshots.get(connection.tenantId);
    if (previous && previous.status !== 'loading') {
      this.snapshots.set(connection.tenantId, { ...previous, status: 'loading' });
      this.changed.fire();
    }
    return load;
  }

  private async loadTenant(connection: TenantConnection): Promise<TenantSnapshot> {
    const started = Date.now();
    const graph = connection.graph;
    const none = <T>(): Promise<T[]> => Promise.resolve([]);
    // Every surface is read in parallel; one failing never hides the others.
    const [eligible, active, requests, subscriptions, entraEligible, entraActive, entraRequests, groupEligible, groupActive, groupRequests] =
      await Promise.allSettled([
        connection.arm.listEligible(),
        connection.arm.listActive(),
        connection.arm.listMyRequests(),
        connection.arm.listSubscriptionNames(),
        graph ? graph.listEntraEligible() : none<EligibleRole>(),
        graph ? graph.listEntraActive() : none<ActiveRole>(),
        graph ? graph.listMyEntraRequests() : none<RoleRequest>(),
        graph ? graph.listGroupEligible() : none<EligibleRole>(),
        graph ? graph.listGroupActive() : none<ActiveRole>(),
        graph ? graph.listMyGroupRequests() : none<RoleRequest>(),
      ]);
    const problems: TenantProblem[] = [];
    const graphAccess: { what: ListName; error: PimError }[] = [];
    const armAccess: { what: ListName; error: PimError }[] = [];
    const take = <T>(result: PromiseSettledResult<T>, what: ListName, kind: RoleKind, fallback: T): T => {
      if (result.status === 'fulfilled') {
        return result.value;
      }
      const error = PimError.from(result.reason);
      if (kind !== 'azure' && GRAPH_ACCESS_PROBLEMS.has(error.kind)) {
        graphAccess.push({ what, error });
      } else if (kind === 'azure' && ARM_ACCESS_PROBLEMS.has(error.kind)) {
        armAccess.push({ what, error });
      } else {
        problems.push({ what, error, kind });
        this.warnOnce(connection, what, `could not read ${what}: ${error.message}`);
      }
      return fallback;
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
      problems.push({ what: 'Azure roles', error: firstArmAccessProblem.error, kind: 'azure' });
      this.warnOnce(connection, 'Azure roles', `could not read Azure roles: ${firstArmAccessProblem.error.message}`);
    }
    const firstAccessProblem = graphAccess[0];
    if (firstAccessProblem) {
      // Permissions and sign-in are the same for every Graph list: one problem, not six.
      problems.push({ what: GRAPH_SURFACES_NAME, error: firstAccessProblem.error });
      this.warnOnce(connection, GRAPH_SURFACES_NAME, `could not read ${GRAPH_SURFACES_NAME} (${graphAccess.map((p) => p.what).join(', ')}): ${firstAccessProblem.error.message}`);
    }
    // Subscription names only improve labels: a failure there is not worth a warning in the tree.
    const names = subscriptions.status === 'fulfilled' ? subscriptions.value : new Map<string, string>();
    // The previous load tells an activation PIM has just accepted (row "activating") from one that ended long ago.
    const rows = buildRoleRows({ tenantId: connection.tenantId, eligible: eligibleRoles, active: activeRoles, pending: myRequests }, this.now(), previousLoad(this.snapshots.get(connection.tenantId)));
    for (const [id, name] of subscriptionNamesFromRows(rows)) {
      if (!names.has(id)) {
        names.set(id, name);
      }
    }
    const armFailed = eligible.status === 'rejected' && active.status === 'rejected';
    const graphFailed = !graph || [entraEligible, entraActive, groupEligible, groupActive].every((result) => result.status === 'rejected');
    this.log.info(`${connection.displayName}: ${rows.length} roles loaded in ${Date.now() - started} ms`);
    return {
      tenantId: connection.tenantId,
      displayName: connection.displayName,
      status: armFailed && graphFailed ? 'error' : 'ready',
      rows,
      requests: myRequests,
      subscriptionNames: names,
      problems,
      loadedAt: this.now(),
    };
  }
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
