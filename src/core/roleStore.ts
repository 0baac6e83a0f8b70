// Holds what the signed-in user can see per tenant and reloads it. The tree, the status bar and the
// form all read from here; nothing in this file knows about VS Code.
import type { ArmPimClient } from './armPimClient';
import { isPimError, PimError } from './errors';
import { EventSource, type Disposable } from './events';
import type { RoleRequest } from './model';
import { buildRoleRows, subscriptionNamesFromRows, type RoleRow } from './roleRows';

export interface TenantConnection {
  readonly tenantId: string;
  readonly displayName: string;
  readonly arm: ArmPimClient;
  /** The signed-in user's object id in this tenant (from the token). */
  callerObjectId(): Promise<string>;
}

export type TenantStatus = 'loading' | 'ready' | 'error';

export interface TenantSnapshot {
  readonly tenantId: string;
  readonly displayName: string;
  readonly status: TenantStatus;
  readonly rows: readonly RoleRow[];
  readonly requests: readonly RoleRequest[];
  readonly subscriptionNames: ReadonlyMap<string, string>;
  /** What could not be read this time; the rest of the tenant is still shown. */
  readonly problems: readonly { readonly what: string; readonly error: PimError }[];
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
  private readonly changed = new EventSource<void>();
  readonly onDidChange = this.changed.event;

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
    for (const [tenantId, snapshot] of this.snapshots) {
      if (snapshot.rows.some((row) => row.endsAt && row.endsAt.getTime() <= now.getTime())) {
        const rows = snapshot.rows.flatMap((row) => {
          if (!row.endsAt || row.endsAt.getTime() > now.getTime()) {
            return [row];
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
    return changed;
  }

  dispose(): void {
    this.changed.dispose();
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
    const [eligible, active, requests, subscriptions] = await Promise.allSettled([
      connection.arm.listEligible(),
      connection.arm.listActive(),
      connection.arm.listMyRequests(),
      connection.arm.listSubscriptionNames(),
    ]);
    const problems: { what: string; error: PimError }[] = [];
    const take = <T>(result: PromiseSettledResult<T>, what: string, fallback: T): T => {
      if (result.status === 'fulfilled') {
        return result.value;
      }
      const error = toPimError(result.reason);
      problems.push({ what, error });
      this.log.warn(`${connection.displayName}: could not read ${what}: ${error.message}`);
      return fallback;
    };
    const eligibleRoles = take(eligible, 'eligible roles', []);
    const activeRoles = take(active, 'active roles', []);
    const myRequests = take(requests, 'your requests', []);
    // Subscription names only improve labels: a failure there is not worth a warning in the tree.
    const names = subscriptions.status === 'fulfilled' ? subscriptions.value : new Map<string, string>();
    const rows = buildRoleRows({ tenantId: connection.tenantId, eligible: eligibleRoles, active: activeRoles, pending: myRequests }, this.now());
    for (const [id, name] of subscriptionNamesFromRows(rows)) {
      if (!names.has(id)) {
        names.set(id, name);
      }
    }
    const roleProblems = problems.filter((problem) => problem.what !== 'your requests');
    this.log.info(`${connection.displayName}: ${rows.length} roles loaded in ${Date.now() - started} ms`);
    return {
      tenantId: connection.tenantId,
      displayName: connection.displayName,
      status: roleProblems.length === 2 ? 'error' : 'ready',
      rows,
      requests: myRequests,
      subscriptionNames: names,
      problems,
      loadedAt: this.now(),
    };
  }
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

export function toPimError(error: unknown): PimError {
  if (isPimError(error)) {
    return error;
  }
  return new PimError({ kind: 'unknown', message: error instanceof Error ? error.message : String(error), cause: error });
}
