// The one list of requests waiting for my approval that every approver surface reads (the "Requests to approve"
// section of the Roles view, the Review… quick pick, the notifications), so they never disagree and none of them
// calls PIM on its own. After each sign-in it asks once per tenant whether any approval lists the user at all; only
// those tenants are ever read again, so a user who approves nothing sees no section and is never polled.
// Pure: no `vscode` import; tested against the emulator in plain mocha.
import type { ApprovalDecision } from '../api/armApprovals';
import { decide, listPendingDecisions, type ApprovalSurface, type DecisionResult, type PendingDecision } from '../flows/approvalDecisions';
import { isPimError } from '../errors/errors';
import { EventSource, type Disposable } from '../model/events';
import type { TenantConnection } from './roleStore';

export interface ApprovalInboxOptions {
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

export interface RefreshOptions {
  /** Reads again only when the last read is older than this (the Review… command right after a notification). */
  readonly ifOlderThanMs?: number;
}

/** What the inbox needs of the role store: its tenants' connections, and when they change. */
export interface ConnectionSource {
  readonly tenants: readonly { readonly tenantId: string }[];
  connection(tenantId: string): TenantConnection | undefined;
  readonly onDidChange: (listener: () => void) => Disposable;
}

/** One list of approvals of a tenant: Azure roles (ARM) or PIM for Groups (Graph, when the tenant has it). */
interface ApprovalList {
  readonly connection: TenantConnection;
  readonly surface: ApprovalSurface;
}

export class ApprovalInbox implements Disposable {
  private connections: readonly TenantConnection[] = [];
  /** Lists where an approval names me (the only ones read), and those whose check failed (asked again on refresh). */
  private approverIn: readonly ApprovalList[] = [];
  private uncheckedIn: readonly ApprovalList[] = [];
  private listed: readonly PendingDecision[] = [];
  private listProblems: readonly string[] = [];
  private lastReadAt: Date | undefined;
  private running: Promise<void> | undefined;
  /** Bumped by every new set of connections: an answer for the tenants before is dropped. */
  private generation = 0;
  /** Bumped by every check and read: says whether the one that ends is still the one under way. */
  private task = 0;
  private readonly changed = new EventSource<void>();
  readonly onDidChange = this.changed.event;
  private readonly now: () => Date;

  constructor(private readonly options: ApprovalInboxOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** Whether any signed-in tenant names me as an approver: only then is there a section, a poll or a notice. */
  get isApprover(): boolean {
    return this.approverIn.length > 0;
  }

  /** The tenants read for requests (for the log and tests). */
  get approverTenants(): readonly string[] {
    return [...new Set(this.approverIn.map((list) => list.connection.tenantId))];
  }

  /** Requests waiting for me, oldest first, as of the last read. */
  get requests(): readonly PendingDecision[] {
    return this.listed;
  }

  /** Tenants whose list could not be read at the last read, one sentence each. */
  get problems(): readonly string[] {
    return this.listProblems;
  }

  /** When the list was last read; undefined before the first read. */
  get readAt(): Date | undefined {
    return this.lastReadAt;
  }

  get reading(): boolean {
    return this.running !== undefined;
  }

  /** Follows the role store's tenants (sign-in, sign-out, account or settings change). */
  follow(store: ConnectionSource): Disposable {
    const connectionsOf = (): TenantConnection[] => store.tenants.flatMap((tenant) => store.connection(tenant.tenantId) ?? []);
    void this.setConnections(connectionsOf());
    return store.onDidChange(() => void this.setConnections(connectionsOf()));
  }

  /** A new set of connections: decides again where I approve, then reads there. The same set: nothing. */
  setConnections(connections: readonly TenantConnection[]): Promise<void> {
    if (connections.length === this.connections.length && connections.every((connection, index) => connection === this.connections[index])) {
      return this.running ?? Promise.resolve();
    }
    const generation = ++this.generation;
    this.connections = [...connections];
    this.approverIn = [];
    this.uncheckedIn = [];
    this.listed = [];
    this.listProblems = [];
    this.lastReadAt = undefined;
    const task = ++this.task;
    const settling = (async () => {
      const checked = await this.checkApprover(connections.flatMap(listsOf));
      if (generation !== this.generation) {
        return;
      }
      this.approverIn = checked.approverIn;
      this.uncheckedIn = checked.uncheckedIn;
      this.options.log?.(`Approvals: ${this.approverTenants.length} of ${connections.length} tenant(s) name you as an approver.`);
      if (this.task === task) {
        this.running = undefined;
      }
      if (this.isApprover) {
        await this.read();
      } else {
        this.changed.fire();
      }
    })();
    // Review… or a Refresh while the check runs waits for it instead of finding nobody to read for.
    this.running = settling;
    this.changed.fire();
    return settling;
  }

  /**
   * Reads the list again in the tenants where I approve (and asks again where the check failed). A read already under
   * way will do; nothing to read for a user who approves nothing.
   */
  async refresh(options: RefreshOptions = {}): Promise<void> {
    if (this.running) {
      return this.running;
    }
    if (options.ifOlderThanMs !== undefined && this.lastReadAt && this.now().getTime() - this.lastReadAt.getTime() < options.ifOlderThanMs) {
      return;
    }
    if (this.uncheckedIn.length > 0) {
      const generation = this.generation;
      const checked = await this.checkApprover(this.uncheckedIn);
      if (generation !== this.generation) {
        return;
      }
      this.approverIn = [...this.approverIn, ...checked.approverIn];
      this.uncheckedIn = checked.uncheckedIn;
    }
    if (this.isApprover) {
      await this.read();
    }
  }

  /**
   * Records my decision (approvalDecisions.decide says what happened), takes a decided request off the list at once,
   * and reads the list again, so a request decided elsewhere or expired leaves it too.
   */
  async decide(pending: PendingDecision, decision: ApprovalDecision, justification: string, signal?: AbortSignal): Promise<DecisionResult> {
    const result = await decide(pending, decision, justification, signal);
    if (!justification.trim()) {
      return result;
    }
    if (result.ok) {
      const decided = pending.approvalId.toLowerCase();
      this.listed = this.listed.filter((entry) => entry.approvalId.toLowerCase() !== decided);
      this.changed.fire();
    }
    // A read under way may have started before the decision: the list is read once more after it.
    await this.running;
    await this.read();
    return result;
  }

  dispose(): void {
    this.generation++;
    this.changed.dispose();
  }

  private async checkApprover(lists: readonly ApprovalList[]): Promise<{ approverIn: ApprovalList[]; uncheckedIn: ApprovalList[] }> {
    const answers = await Promise.all(
      lists.map(({ connection, surface }) =>
        (surface === 'groups' ? (connection.graph?.approvals.isApprover() ?? Promise.resolve(false)) : connection.arm.approvals.isApprover()).then(
          (approver) => (approver ? 'approver' : 'not'),
          (error: unknown) => {
            // Without an app registration for PIM for Groups the Roles view already asks for one: not asked again.
            if (isPimError(error) && error.kind === 'graphPermissionMissing') {
              return 'not';
            }
            this.options.log?.(`Approvals: could not check whether ${connection.displayName} names you as an approver (${surface}): ${error instanceof Error ? error.message : String(error)}`);
            return 'unchecked';
          },
        ),
      ),
    );
    return {
      approverIn: lists.filter((_, index) => answers[index] === 'approver'),
      uncheckedIn: lists.filter((_, index) => answers[index] === 'unchecked'),
    };
  }

  /** One read of every approver tenant (an answer for the tenants before a sign-in or sign-out is dropped). */
  private read(): Promise<void> {
    const generation = this.generation;
    const task = ++this.task;
    const running = (async () => {
      try {
        const lists = this.approverIn;
        const connections = [...new Set(lists.map((list) => list.connection))];
        const listed = await listPendingDecisions(connections, (connection) => lists.filter((list) => list.connection === connection).map((list) => list.surface));
        if (generation !== this.generation) {
          return;
        }
        this.listed = listed.requests;
        this.listProblems = listed.problems;
        this.lastReadAt = this.now();
      } catch (error) {
        this.options.log?.(`Approvals: could not read the requests awaiting your approval: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        if (task === this.task) {
          this.running = undefined;
        }
      }
      if (generation === this.generation) {
        this.changed.fire();
      }
    })();
    this.running = running;
    this.changed.fire();
    return running;
  }
}

/** The approval lists a tenant has: Azure roles always, PIM for Groups with Graph. */
function listsOf(connection: TenantConnection): ApprovalList[] {
  return [{ connection, surface: 'azure' }, ...(connection.graph ? [{ connection, surface: 'groups' as const }] : [])];
}
