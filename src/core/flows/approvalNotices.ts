// Tells an approver about requests that newly wait for them. After each sign-in it asks once per tenant, for Azure
// roles (ARM) and for PIM for Groups (Graph), whether the user is an approver there at all (any approval, open or
// decided, lists them); only those lists are polled, at a modest interval, and a user who approves nothing is never
// polled. Pure: timers are injected.
import { listPendingDecisionsOn, type ApprovalSurface, type PendingDecision } from './approvalDecisions';
import { SYSTEM_TIMERS, type Timers } from '../store/timers';
import type { TenantConnection } from '../store/roleStore';

/** Five minutes: approvers have 24 hours, and every poll is one read per tenant and list the user approves in. */
export const APPROVAL_POLL_INTERVAL_MS = 5 * 60_000;

export interface ApprovalNoticeOptions {
  /** Requests not told before (by approval id), oldest first. */
  readonly onNew: (requests: readonly PendingDecision[]) => void;
  readonly timers?: Timers;
  readonly intervalMs?: number;
  readonly log?: (message: string) => void;
}

export class ApprovalNotices {
  private connections: readonly TenantConnection[] = [];
  private polled: readonly TenantConnection[] = [];
  private readonly surfaces = new Map<TenantConnection, readonly ApprovalSurface[]>();
  private readonly told = new Set<string>();
  private timer: unknown;
  private generation = 0;
  private readonly timers: Timers;

  constructor(private readonly options: ApprovalNoticeOptions) {
    this.timers = options.timers ?? SYSTEM_TIMERS;
  }

  /** The tenants in which polling happens now (for tests and the log). */
  get pollingTenants(): readonly string[] {
    return this.polled.map((connection) => connection.tenantId);
  }

  /** A new set of connections (sign-in, sign-out, settings): decides again where to poll. Same set: nothing. */
  async setConnections(connections: readonly TenantConnection[]): Promise<void> {
    if (connections.length === this.connections.length && connections.every((connection, index) => connection === this.connections[index])) {
      return;
    }
    this.stop();
    const generation = ++this.generation;
    this.connections = [...connections];
    this.told.clear();
    const approverIn = await Promise.all(connections.map((connection) => approverSurfaces(connection)));
    if (generation !== this.generation) {
      return;
    }
    this.polled = connections.filter((_, index) => (approverIn[index]?.length ?? 0) > 0);
    connections.forEach((connection, index) => this.surfaces.set(connection, approverIn[index] ?? []));
    this.options.log?.(`Approvals: ${this.polled.length} of ${connections.length} tenant(s) name you as an approver${this.polled.length > 0 ? '; checking for new requests every few minutes' : ''}.`);
    if (this.polled.length === 0) {
      return;
    }
    await this.poll(generation);
    if (generation === this.generation) {
      this.timer = this.timers.setInterval(() => void this.poll(generation), this.options.intervalMs ?? APPROVAL_POLL_INTERVAL_MS);
    }
  }

  private async poll(generation: number): Promise<void> {
    try {
      const listed = await listPendingDecisionsOn(this.polled, (connection) => this.surfaces.get(connection) ?? []);
      if (generation !== this.generation) {
        return;
      }
      const fresh = listed.requests.filter((entry) => !this.told.has(entry.approvalId.toLowerCase()));
      fresh.forEach((entry) => this.told.add(entry.approvalId.toLowerCase()));
      if (fresh.length > 0) {
        this.options.onNew(fresh);
      }
    } catch (error) {
      this.options.log?.(`Approvals: could not check for new requests: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private stop(): void {
    if (this.timer !== undefined) {
      this.timers.clearInterval(this.timer);
      this.timer = undefined;
    }
    this.polled = [];
    this.surfaces.clear();
  }

  dispose(): void {
    this.generation++;
    this.stop();
  }
}

/** The approval lists in which the user is an approver (each asked once; a failure counts as not). */
async function approverSurfaces(connection: TenantConnection): Promise<ApprovalSurface[]> {
  const graph = connection.graph;
  const [azure, groups] = await Promise.all([
    connection.arm.approvals.isApprover().catch(() => false),
    graph ? graph.approvals.isApprover().catch(() => false) : Promise.resolve(false),
  ]);
  return [...(azure ? (['azure'] as const) : []), ...(groups ? (['groups'] as const) : [])];
}
