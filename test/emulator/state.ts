// The mutable world behind both API surfaces: eligibilities, active assignments, requests, group memberships.
import { createHash } from 'node:crypto';
import { MINUTE_MS, parseDurationMs } from './duration';
import {
  acrsChallengeMessage,
  evaluateActivation,
  policyRulesFailedMessage,
  toEffectivePolicy,
  type EffectivePolicy,
} from './policy';
import {
  BUILT_IN_ROLES,
  type DuplicateRequestNameMode,
  type GroupAccess,
  type Scenario,
  type ScenarioEligibility,
  type ScenarioEntraRole,
  type ScenarioGroup,
  type ScenarioManagementGroup,
  type ScenarioPolicy,
  type ScenarioSubscription,
  type ScenarioTenant,
} from './scenario';
import { normalizeScope, recordedShape } from './scopes';

export { normalizeScope } from './scopes';

/** An error the API answers with; the surface decides the envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A deterministic GUID from a seed, so scenario objects keep their ids across runs and resets. */
export function stableGuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface PrincipalInfo {
  id: string;
  displayName: string;
  email: string | null;
  type: 'User' | 'Group';
}

export interface Eligibility {
  name: string;
  scheduleName: string;
  tenantId: string;
  roleGuid: string;
  scope: string;
  principal: PrincipalInfo;
  start: number;
  end: number | null;
  createdOn: number;
  policyName?: string;
  /** realisticIds: ids with the Microsoft.Subscription prefix (recorded form). */
  prefixedIds: boolean;
  /** Azure ABAC condition and its version (null = none). */
  condition: string | null;
  conditionVersion: string | null;
}

export type Surface = 'arm' | 'entra' | 'group';

/** The thing a request or an assignment is about, per surface. */
export type Target =
  | { surface: 'arm'; scope: string; roleGuid: string }
  | { surface: 'entra'; roleDefinitionId: string; directoryScopeId: string }
  | { surface: 'group'; groupId: string; accessId: GroupAccess };

export interface ActiveAssignment {
  name: string;
  scheduleName: string;
  originName: string;
  tenantId: string;
  target: Target;
  principal: PrincipalInfo;
  assignmentType: 'Assigned' | 'Activated';
  memberType: 'Direct' | 'Group' | 'Inherited';
  start: number;
  end: number | null;
  createdOn: number;
  visibleAt: number;
  linkedEligibility?: Eligibility;
  prefixedIds: boolean;
  /** The condition of the request that created it (null = none). */
  condition: string | null;
  conditionVersion: string | null;
}

export type RequestStatus = 'Provisioned' | 'Granted' | 'PendingApproval' | 'Denied' | 'Canceled' | 'PendingRevocation' | 'Revoked' | 'TimedOut';

/** An approver's decision on a request's (single) approval stage. */
export interface ApprovalReview {
  reviewerId: string;
  reviewerName: string;
  reviewerUpn: string;
  result: 'Approve' | 'Deny';
  justification: string;
  at: number;
}

/** "Delegated approvers have 24 hours to approve requests ... The 24 hour approval time window isn't configurable." */
export const APPROVAL_WINDOW_MS = 24 * 60 * 60_000;

export interface ScheduleInfo {
  startDateTime: string | null;
  expiration: { type: string; endDateTime: string | null; duration: string | null };
}

export interface PimRequest {
  name: string;
  tenantId: string;
  target: Target;
  principalId: string;
  requestorId: string;
  requestType: 'SelfActivate' | 'SelfDeactivate';
  status: RequestStatus;
  approvalId: string | null;
  scheduleInfo: ScheduleInfo;
  justification: string | null;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null };
  createdOn: number;
  completedOn: number | null;
  linkedEligibilityScheduleId: string | null;
  roleDefinitionIdAsSent: string | null;
  targetScheduleName: string;
  targetInstanceName: string | null;
  approverIds: string[];
  /** The approver's decision, once made (through the approval API or the test-only /_emulator/approve). */
  review: ApprovalReview | null;
  /** Canonical request body, to tell an idempotent retry from a conflicting reuse of the name. */
  bodyKey: string;
  durationMs: number | undefined;
  startAt: number;
  linkedEligibility?: Eligibility;
  prefixedIds: boolean;
  /** PendingRevocation: when it becomes Revoked. */
  revokeAt: number | null;
  condition: string | null;
  conditionVersion: string | null;
}

export interface CallerContext {
  tenantId: string;
  oid: string;
  amr: readonly string[];
  acrs: readonly string[];
}

export interface SelfRequestInput {
  requestName?: string; // ARM: the PUT name; Graph: generated
  target: Target;
  principalId: string;
  requestType: 'SelfActivate' | 'SelfDeactivate';
  justification: string | null;
  ticketNumber: string | null;
  ticketSystem: string | null;
  scheduleInfo: ScheduleInfo | undefined;
  linkedEligibilityScheduleId: string | null;
  roleDefinitionIdAsSent: string | null;
  bodyKey: string;
  condition?: string | null;
  conditionVersion?: string | null;
}

export class TenantState {
  readonly roleById = new Map<string, string>();
  readonly roleByName = new Map<string, string>();
  readonly subscriptions = new Map<string, ScenarioSubscription>();
  readonly managementGroups = new Map<string, ScenarioManagementGroup>();
  readonly groups = new Map<string, ScenarioGroup>();
  readonly entraRoles = new Map<string, ScenarioEntraRole>();
  readonly eligibilities: Eligibility[] = [];
  readonly assignments: ActiveAssignment[] = [];
  readonly requests: PimRequest[] = [];

  constructor(
    /** Replaced (never changed in place) by a rename: reset() rebuilds the state from the scenario's own objects. */
    public config: ScenarioTenant,
    private readonly world: WorldState,
  ) {
    for (const role of [...BUILT_IN_ROLES, ...(config.roleDefinitions ?? [])]) {
      this.roleById.set(role.id.toLowerCase(), role.name);
      this.roleByName.set(role.name.toLowerCase(), role.id.toLowerCase());
    }
    config.subscriptions.forEach((s) => this.subscriptions.set(s.subscriptionId.toLowerCase(), s));
    (config.managementGroups ?? []).forEach((mg) => this.managementGroups.set(mg.id.toLowerCase(), mg));
    (config.groups ?? []).forEach((g) => this.groups.set(g.id.toLowerCase(), g));
    (config.entraRoles ?? []).forEach((r) => this.entraRoles.set(r.roleDefinitionId.toLowerCase(), r));
    const now = world.now();
    (config.eligibilities ?? []).forEach((e) => this.addEligibility(e));
    (config.assignments ?? []).forEach((a, i) => {
      const seed = `${config.id}:assignment:${i}`;
      const shape = recordedShape(world.realisticIds, i);
      const start = a.start ? Date.parse(a.start) : now - 24 * 60 * MINUTE_MS;
      const principal = this.principalFor(a.principal);
      this.assignments.push({
        name: guidCase(stableGuid(`${seed}:instance`), shape.upperCase),
        scheduleName: guidCase(stableGuid(`${seed}:schedule`), shape.upperCase),
        originName: stableGuid(`${seed}:origin`),
        tenantId: config.id,
        target: { surface: 'arm', scope: normalizeScope(a.scope), roleGuid: this.resolveRole(a.role) },
        principal,
        assignmentType: a.type,
        memberType: principal.type === 'Group' ? 'Group' : 'Direct',
        start,
        end: a.end ? Date.parse(a.end) : null,
        createdOn: start,
        visibleAt: start,
        prefixedIds: shape.prefixedIds,
        condition: null,
        conditionVersion: null,
      });
    });
  }

  get id(): string {
    return this.config.id;
  }

  /**
   * Adds an eligibility as the scenario's `eligibilities` would (the next index, so its ids are stable too). Also
   * test-only through RunningEmulator.addEligibility: a spec adds what it needs without changing the shared scenario;
   * reset() forgets it.
   */
  addEligibility(e: ScenarioEligibility): void {
    const i = this.eligibilities.length;
    const now = this.world.now();
    const seed = `${this.config.id}:eligibility:${i}`;
    const shape = recordedShape(this.world.realisticIds, i);
    this.eligibilities.push({
      name: guidCase(stableGuid(`${seed}:instance`), shape.upperCase),
      scheduleName: guidCase(stableGuid(`${seed}:schedule`), shape.upperCase),
      tenantId: this.config.id,
      roleGuid: this.resolveRole(e.role),
      scope: normalizeScope(e.scope),
      principal: this.principalFor(e.principal),
      start: e.start ? Date.parse(e.start) : now - 30 * 24 * 60 * MINUTE_MS,
      end: e.end ? Date.parse(e.end) : null,
      createdOn: e.start ? Date.parse(e.start) : now - 30 * 24 * 60 * MINUTE_MS,
      policyName: e.policy,
      prefixedIds: shape.prefixedIds,
      condition: e.condition ?? null,
      conditionVersion: e.condition ? (e.conditionVersion ?? '2.0') : null,
    });
  }

  get user(): PrincipalInfo {
    const u = this.config.user;
    return { id: u.id, displayName: u.displayName, email: u.userPrincipalName, type: 'User' };
  }

  resolveRole(role: string): string {
    const lower = role.toLowerCase();
    return this.roleById.has(lower) ? lower : (this.roleByName.get(lower) ?? lower);
  }

  roleName(roleGuid: string): string {
    return this.roleById.get(roleGuid.toLowerCase()) ?? roleGuid;
  }

  private principalFor(principal: string | undefined): PrincipalInfo {
    if (!principal || principal === 'user') {
      return this.user;
    }
    const group = this.groups.get(principal.toLowerCase());
    return { id: principal, displayName: group?.displayName ?? principal, email: null, type: 'Group' };
  }

  /** Test-only (Emulator.enforceMfa): every policy asks for MFA (MfaRule), and/or ARM writes need an MFA token. */
  enforcedMfa: { policies: boolean; armWrites: boolean } = { policies: false, armWrites: false };

  policy(name: string | undefined): EffectivePolicy {
    const policies = this.config.policies ?? {};
    const fallback: ScenarioPolicy | undefined =
      typeof this.config.defaultPolicy === 'string' ? policies[this.config.defaultPolicy] : this.config.defaultPolicy;
    const effective = toEffectivePolicy(name && policies[name] ? policies[name] : fallback);
    return this.enforcedMfa.policies ? { ...effective, requireMfa: true } : effective;
  }

  /** Policy for an Azure role at a scope: the one named by an eligibility there, else the tenant default. */
  armPolicyFor(scope: string, roleGuid: string): EffectivePolicy {
    const named = this.eligibilities.find((e) => sameScope(e.scope, scope) && e.roleGuid === roleGuid && e.policyName);
    return this.policy(named?.policyName);
  }

  policyForTarget(target: Target): EffectivePolicy {
    switch (target.surface) {
      case 'arm':
        return this.armPolicyFor(target.scope, target.roleGuid);
      case 'entra':
        return this.policy(this.entraRoles.get(target.roleDefinitionId.toLowerCase())?.policy);
      case 'group':
        return this.policy(this.groups.get(target.groupId.toLowerCase())?.policy);
    }
  }

  /** Groups the user is in right now: permanent members plus active PIM-for-Groups memberships. */
  effectiveGroupIds(now: number): Set<string> {
    const ids = new Set<string>();
    for (const group of this.groups.values()) {
      if ((group.members ?? []).some((m) => m.toLowerCase() === this.user.id.toLowerCase())) {
        ids.add(group.id.toLowerCase());
      }
    }
    for (const a of this.assignments) {
      if (a.target.surface === 'group' && a.target.accessId === 'member' && isLive(a, now) && a.visibleAt <= now) {
        ids.add(a.target.groupId.toLowerCase());
      }
    }
    return ids;
  }

  appliesToUser(principal: PrincipalInfo, now: number): boolean {
    if (principal.type === 'User') {
      return principal.id.toLowerCase() === this.user.id.toLowerCase();
    }
    return this.effectiveGroupIds(now).has(principal.id.toLowerCase());
  }

  /** Eligibilities the user holds now, optionally as seen from a scope (ancestors show as Inherited). */
  myEligibilities(now: number, atScope?: string): { eligibility: Eligibility; memberType: 'Direct' | 'Group' | 'Inherited' }[] {
    return this.eligibilities
      .filter((e) => e.start <= now && (e.end === null || e.end > now) && this.appliesToUser(e.principal, now))
      .flatMap((e): { eligibility: Eligibility; memberType: 'Direct' | 'Group' | 'Inherited' }[] => {
        const own: 'Direct' | 'Group' | 'Inherited' = e.principal.type === 'Group' ? 'Group' : 'Direct';
        if (atScope === undefined || this.isWithin(e.scope, atScope)) {
          return [{ eligibility: e, memberType: own }];
        }
        return this.isWithin(atScope, e.scope) ? [{ eligibility: e, memberType: 'Inherited' as const }] : [];
      });
  }

  myAssignments(surface: Surface, now: number, atScope?: string): { assignment: ActiveAssignment; memberType: ActiveAssignment['memberType'] }[] {
    return this.assignments
      .filter((a) => a.target.surface === surface && isLive(a, now) && a.visibleAt <= now && this.appliesToUser(a.principal, now))
      .flatMap((a) => {
        if (atScope === undefined || a.target.surface !== 'arm' || this.isWithin(a.target.scope, atScope)) {
          return [{ assignment: a, memberType: a.memberType }];
        }
        if (this.isWithin(atScope, a.target.scope)) {
          return [{ assignment: a, memberType: 'Inherited' as const }];
        }
        return [];
      });
  }

  /** True when `scope` equals `container` or lies below it (management group -> subscription -> group -> resource). */
  isWithin(scope: string, container: string): boolean {
    const s = scope.toLowerCase();
    const c = container.toLowerCase();
    if (s === c || s.startsWith(`${c}/`)) {
      return true;
    }
    const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(c);
    const sub = /^\/subscriptions\/([^/]+)/.exec(s);
    if (mg && sub) {
      return (this.managementGroups.get(mg[1])?.subscriptions ?? []).some((id) => id.toLowerCase() === sub[1]);
    }
    return false;
  }

  scopeInfo(scope: string): { id: string; displayName: string; type: string } {
    const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
    if (mg) {
      return { id: scope, displayName: this.managementGroups.get(mg[1].toLowerCase())?.displayName ?? mg[1], type: 'managementgroup' };
    }
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/(.+))?)?$/i.exec(scope);
    if (m?.[3]) {
      return { id: scope, displayName: m[3].split('/').pop() ?? scope, type: 'resource' };
    }
    if (m?.[2]) {
      return { id: scope, displayName: m[2], type: 'resourcegroup' };
    }
    if (m) {
      return { id: scope, displayName: this.subscriptions.get(m[1].toLowerCase())?.displayName ?? m[1], type: 'subscription' };
    }
    return { id: scope, displayName: scope, type: 'unknown' };
  }

  /**
   * Applies a SelfActivate / SelfDeactivate from the signed-in user, enforcing policy. With `commit: false` (the
   * ARM validate operation) it makes every check and answers what the request would be, changing nothing.
   */
  submitSelfRequest(caller: CallerContext, input: SelfRequestInput, commit = true): { request: PimRequest; created: boolean } {
    const now = this.world.now();
    const name = input.requestName ?? this.world.nextGuid();
    const existing = this.requests.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (existing) {
      if (this.world.duplicateRequestName === 'idempotent' && existing.bodyKey === input.bodyKey) {
        return { request: existing, created: false };
      }
      throw new ApiError(400, 'RoleAssignmentRequestExists', `A role assignment request with Id: ${name} already exists.`);
    }
    if (input.principalId.toLowerCase() !== caller.oid.toLowerCase()) {
      throw new ApiError(
        403,
        'AuthorizationFailed',
        `The client '${caller.oid}' with object id '${caller.oid}' does not have authorization to perform a ${input.requestType} for principal '${input.principalId}'. Self-service requests must name the signed-in user.`,
      );
    }
    if (caller.oid.toLowerCase() !== this.user.id.toLowerCase()) {
      // Only the scenario's signed-in user holds eligibilities; other identities (approvers) have none.
      throw input.requestType === 'SelfActivate'
        ? new ApiError(400, 'RoleAssignmentRequestPolicyValidationFailed', policyRulesFailedMessage(['EligibilityRule']))
        : new ApiError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
    }
    // A validation draws its ids from its own name, so it leaves the runtime id sequence (and reset()) untouched.
    let drawn = 0;
    const newGuid = commit ? (): string => this.world.nextGuid() : (): string => stableGuid(`validation:${this.id}:${name}:${++drawn}`);
    const request =
      input.requestType === 'SelfActivate' ? this.activate(caller, input, name, now, newGuid, commit) : this.deactivate(input, name, now, newGuid, commit);
    if (commit) {
      this.requests.push(request);
    }
    return { request, created: true };
  }

  private findEligibility(input: SelfRequestInput, now: number): Eligibility | undefined {
    const target = input.target;
    if (target.surface !== 'arm') {
      return undefined;
    }
    const linked = input.linkedEligibilityScheduleId?.split('/').pop()?.toLowerCase();
    // An eligibility with an ABAC condition is activated with that condition (Learn's SelfActivate example sends the
    // condition and its version); a request without it, or with another, matches no eligibility (a guess: not documented).
    return this.myEligibilities(now)
      .map((x) => x.eligibility)
      .find(
        (e) =>
          sameScope(e.scope, target.scope) &&
          e.roleGuid === target.roleGuid &&
          (!linked || e.scheduleName.toLowerCase() === linked || e.name.toLowerCase() === linked) &&
          (input.condition ?? null) === e.condition &&
          (e.condition === null || (input.conditionVersion ?? null) === e.conditionVersion),
      );
  }

  private isEligible(target: Target, input: SelfRequestInput, now: number): { ok: boolean; eligibility?: Eligibility } {
    switch (target.surface) {
      case 'arm': {
        const eligibility = this.findEligibility(input, now);
        return { ok: Boolean(eligibility), eligibility };
      }
      case 'entra':
        return { ok: this.entraRoles.get(target.roleDefinitionId.toLowerCase())?.eligible === true && target.directoryScopeId === '/' };
      case 'group':
        return { ok: (this.groups.get(target.groupId.toLowerCase())?.eligible ?? []).includes(target.accessId) };
    }
  }

  private activate(caller: CallerContext, input: SelfRequestInput, name: string, now: number, newGuid: () => string, commit: boolean): PimRequest {
    const { ok, eligibility } = this.isEligible(input.target, input, now);
    if (!ok) {
      throw new ApiError(400, 'RoleAssignmentRequestPolicyValidationFailed', policyRulesFailedMessage(['EligibilityRule']));
    }
    const live = this.assignments.find((a) => sameTarget(a.target, input.target) && isLive(a, now) && this.isCallersOwn(a));
    if (live) {
      throw new ApiError(400, 'RoleAssignmentExists', 'The Role assignment already exists.');
    }
    const pending = this.requests.find(
      (r) => sameTarget(r.target, input.target) && r.status === 'PendingApproval' && r.principalId.toLowerCase() === caller.oid.toLowerCase(),
    );
    if (pending) {
      throw new ApiError(400, 'PendingRoleAssignmentRequest', 'There already exists a pending role assignment request for this principal and role.');
    }
    const schedule = input.scheduleInfo;
    const requestedStart = schedule?.startDateTime ? Date.parse(schedule.startDateTime) : Number.NaN;
    // The service moves a start in the past to its own time (R1: sent 16:20:33-08:00, answered 00:20:37Z); a client
    // whose clock is behind the service's still gets the whole duration.
    const startAt = Number.isNaN(requestedStart) ? now : Math.max(requestedStart, now);
    const durationMs = requestedDurationMs(schedule, startAt);
    const policy = this.policyForTarget(input.target);
    const verdict = evaluateActivation(policy, {
      durationMs,
      justification: input.justification ?? undefined,
      ticketNumber: input.ticketNumber ?? undefined,
      ticketSystem: input.ticketSystem ?? undefined,
      amr: caller.amr,
      acrs: caller.acrs,
    });
    if (verdict.kind === 'rulesFailed') {
      throw new ApiError(400, 'RoleAssignmentRequestPolicyValidationFailed', policyRulesFailedMessage(verdict.rules));
    }
    if (verdict.kind === 'acrsRequired') {
      throw new ApiError(400, 'RoleAssignmentRequestAcrsValidationFailed', acrsChallengeMessage(verdict.claimValue));
    }
    const request = this.newRequest(input, name, now, startAt, durationMs, newGuid, eligibility);
    if (verdict.approvalRequired) {
      request.status = 'PendingApproval';
      request.approvalId = `/providers/Microsoft.Authorization/roleAssignmentApprovals/${newGuid()}`;
      request.approverIds = policy.approvers.map((a) => a.id);
      request.completedOn = null;
      return request;
    }
    this.grant(request, now, newGuid, commit);
    return request;
  }

  private deactivate(input: SelfRequestInput, name: string, now: number, newGuid: () => string, commit: boolean): PimRequest {
    const active = this.assignments.find(
      (a) => sameTarget(a.target, input.target) && a.assignmentType === 'Activated' && isLive(a, now) && this.isCallersOwn(a),
    );
    if (!active) {
      throw new ApiError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
    }
    if (this.requests.some((r) => r.status === 'PendingRevocation' && r.targetInstanceName === active.name)) {
      throw new ApiError(400, 'PendingRoleAssignmentRequest', 'There already exists a pending role assignment request for this principal and role.');
    }
    if (now - active.start < 5 * MINUTE_MS) {
      throw new ApiError(400, 'ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.');
    }
    const request = this.newRequest(input, name, now, now, undefined, newGuid, active.linkedEligibility);
    const delay = input.target.surface === 'arm' ? this.world.revocationDelayMs : 0;
    request.targetScheduleName = active.scheduleName;
    request.targetInstanceName = active.name;
    if (delay > 0) {
      request.status = 'PendingRevocation';
      request.revokeAt = now + delay;
      request.completedOn = null;
    } else {
      request.status = 'Revoked';
    }
    if (commit) {
      // Still listed (and still live) until the revocation completes.
      active.end = now + delay;
    }
    return request;
  }

  /**
   * Cancel (ARM and Graph): a request waiting for approval, or a Granted one whose start is still ahead (its
   * scheduled assignment goes too). Anything else is "not in cancellable state".
   */
  cancel(request: PimRequest, now: number): void {
    if (request.status === 'Granted' && request.startAt > now) {
      const index = this.assignments.findIndex((a) => a.name === request.targetInstanceName);
      if (index >= 0) {
        this.assignments.splice(index, 1);
      }
    } else if (request.status !== 'PendingApproval') {
      throw new ApiError(400, 'RequestCannotBeCancelled', 'Request is not in cancellable state.');
    }
    request.status = 'Canceled';
    request.completedOn = now;
  }

  /** Time-driven status changes: a pending revocation completes, a scheduled activation starts. */
  settle(now: number): void {
    for (const request of this.requests) {
      if (request.status === 'PendingRevocation' && request.revokeAt !== null && request.revokeAt <= now) {
        request.status = 'Revoked';
        request.completedOn = request.revokeAt;
      } else if (request.status === 'PendingApproval' && request.createdOn + APPROVAL_WINDOW_MS <= now) {
        request.status = 'TimedOut';
        request.completedOn = request.createdOn + APPROVAL_WINDOW_MS;
      } else if (request.status === 'Granted' && request.startAt <= now) {
        request.status = 'Provisioned';
      }
    }
  }

  private isCallersOwn(a: ActiveAssignment): boolean {
    return a.principal.type === 'User' && a.principal.id.toLowerCase() === this.user.id.toLowerCase();
  }

  private newRequest(
    input: SelfRequestInput,
    name: string,
    now: number,
    startAt: number,
    durationMs: number | undefined,
    newGuid: () => string,
    eligibility?: Eligibility,
  ): PimRequest {
    const realistic = this.world.realisticIds;
    return {
      name,
      tenantId: this.id,
      target: input.target,
      principalId: input.principalId,
      requestorId: input.principalId,
      requestType: input.requestType,
      status: 'Provisioned',
      approvalId: null,
      scheduleInfo: input.scheduleInfo ?? { startDateTime: null, expiration: { type: 'AfterDuration', endDateTime: null, duration: null } },
      justification: input.justification,
      ticketInfo: { ticketNumber: input.ticketNumber, ticketSystem: input.ticketSystem },
      createdOn: now,
      completedOn: now,
      linkedEligibilityScheduleId: input.linkedEligibilityScheduleId,
      roleDefinitionIdAsSent: input.roleDefinitionIdAsSent,
      // Recorded traffic (R1): the target schedule takes the request's name.
      targetScheduleName: realistic ? name : newGuid(),
      targetInstanceName: null,
      approverIds: [],
      review: null,
      bodyKey: input.bodyKey,
      durationMs,
      startAt,
      linkedEligibility: eligibility,
      prefixedIds: input.target.surface === 'arm' && this.prefixedIdsAt(input.target.scope),
      revokeAt: null,
      condition: input.condition ?? null,
      conditionVersion: input.conditionVersion ?? null,
    };
  }

  /**
   * realisticIds: requests (and the activations they create) and policies at or below the tenant's first
   * subscription have ids with the Microsoft.Subscription prefix.
   */
  prefixedIdsAt(scope: string): boolean {
    const first = this.config.subscriptions[0]?.subscriptionId;
    return this.world.realisticIds && first !== undefined && this.isWithin(scope, `/subscriptions/${first}`);
  }

  /** Turns an approved or policy-clean activation into an active assignment (with `commit: false`, only the status). */
  grant(request: PimRequest, now: number, newGuid: () => string = () => this.world.nextGuid(), commit = true): void {
    const start = request.status === 'PendingApproval' ? Math.max(now, request.startAt) : request.startAt;
    const end = request.durationMs === undefined ? null : start + request.durationMs;
    request.status = start > now + MINUTE_MS ? 'Granted' : 'Provisioned';
    request.completedOn = now;
    const visibleAt = Math.max(start, now + this.world.provisioningDelayMs);
    const assignment: ActiveAssignment = {
      name: newGuid(),
      scheduleName: request.targetScheduleName,
      originName: newGuid(),
      tenantId: this.id,
      target: request.target,
      principal: this.user,
      assignmentType: 'Activated',
      memberType: 'Direct',
      start,
      end,
      createdOn: now,
      visibleAt,
      linkedEligibility: request.linkedEligibility,
      prefixedIds: request.prefixedIds,
      condition: request.condition,
      conditionVersion: request.conditionVersion,
    };
    request.targetInstanceName = assignment.name;
    if (commit) {
      this.assignments.push(assignment);
    }
  }
}

export class WorldState {
  readonly tenants: TenantState[];
  private guidCounter = 0;

  constructor(
    readonly scenario: Scenario,
    readonly now: () => number,
  ) {
    this.tenants = scenario.tenants.map((t) => new TenantState(t, this));
  }

  get provisioningDelayMs(): number {
    return (this.scenario.provisioningDelaySeconds ?? 0) * 1000;
  }

  get revocationDelayMs(): number {
    return (this.scenario.revocationDelaySeconds ?? 0) * 1000;
  }

  get realisticIds(): boolean {
    return this.scenario.realisticIds ?? false;
  }

  get duplicateRequestName(): DuplicateRequestNameMode {
    return this.scenario.duplicateRequestName ?? 'error';
  }

  /** Applies the status changes that time brings (called before every API call is handled). */
  settle(): void {
    const now = this.now();
    this.tenants.forEach((tenant) => tenant.settle(now));
  }

  get pageSize(): number {
    return this.scenario.pageSize ?? 100;
  }

  /** Deterministic ids for runtime objects: the same sequence after every reset. */
  nextGuid(): string {
    this.guidCounter += 1;
    return stableGuid(`runtime:${this.guidCounter}`);
  }

  tenant(id: string): TenantState | undefined {
    return this.tenants.find((t) => t.id.toLowerCase() === id.toLowerCase());
  }

  tenantOfSubscription(subscriptionId: string): TenantState | undefined {
    return this.tenants.find((t) => t.subscriptions.has(subscriptionId.toLowerCase()));
  }

  findRequest(name: string): { tenant: TenantState; request: PimRequest } | undefined {
    for (const tenant of this.tenants) {
      const request = tenant.requests.find((r) => r.name.toLowerCase() === name.toLowerCase());
      if (request) {
        return { tenant, request };
      }
    }
    return undefined;
  }

  approve(requestName: string): void {
    const found = this.pendingRequest(requestName);
    found.tenant.grant(found.request, this.now());
  }

  deny(requestName: string): void {
    const found = this.pendingRequest(requestName);
    found.request.status = 'Denied';
    found.request.completedOn = this.now();
  }

  private pendingRequest(requestName: string): { tenant: TenantState; request: PimRequest } {
    const found = this.findRequest(requestName);
    if (!found) {
      throw new Error(`No request named ${requestName}`);
    }
    if (found.request.status !== 'PendingApproval') {
      throw new Error(`Request ${requestName} is ${found.request.status}, not PendingApproval`);
    }
    return found;
  }

  /** Compact view for test assertions (GET /_emulator/state). */
  summary(): unknown {
    this.settle();
    const now = this.now();
    return {
      now: new Date(now).toISOString(),
      tenants: this.tenants.map((t) => ({
        id: t.id,
        displayName: t.config.displayName,
        groupMemberships: [...t.effectiveGroupIds(now)],
        activeAssignments: t.assignments
          .filter((a) => isLive(a, now))
          .map((a) => ({
            surface: a.target.surface,
            ...describeTarget(t, a.target),
            instanceName: a.name,
            principalId: a.principal.id,
            assignmentType: a.assignmentType,
            startDateTime: new Date(a.start).toISOString(),
            endDateTime: a.end === null ? null : new Date(a.end).toISOString(),
            visible: a.visibleAt <= now,
          })),
        requests: t.requests.map((r) => ({
          name: r.name,
          surface: r.target.surface,
          ...describeTarget(t, r.target),
          requestType: r.requestType,
          status: r.status,
          createdOn: new Date(r.createdOn).toISOString(),
        })),
      })),
    };
  }
}

function describeTarget(tenant: TenantState, target: Target): Record<string, string> {
  switch (target.surface) {
    case 'arm':
      return { scope: target.scope, role: tenant.roleName(target.roleGuid), roleDefinitionId: target.roleGuid };
    case 'entra':
      return { scope: target.directoryScopeId, role: tenant.entraRoles.get(target.roleDefinitionId)?.displayName ?? target.roleDefinitionId, roleDefinitionId: target.roleDefinitionId };
    case 'group':
      return { scope: target.groupId, role: target.accessId, group: tenant.groups.get(target.groupId.toLowerCase())?.displayName ?? target.groupId };
  }
}

export function isLive(a: { start: number; end: number | null }, now: number): boolean {
  return a.end === null || a.end > now;
}

function guidCase(guid: string, upperCase: boolean): string {
  return upperCase ? guid.toUpperCase() : guid;
}

export function sameScope(a: string, b: string): boolean {
  return normalizeScope(a).toLowerCase() === normalizeScope(b).toLowerCase();
}

export function sameTarget(a: Target, b: Target): boolean {
  if (a.surface === 'arm' && b.surface === 'arm') {
    return sameScope(a.scope, b.scope) && a.roleGuid === b.roleGuid;
  }
  if (a.surface === 'entra' && b.surface === 'entra') {
    return a.roleDefinitionId.toLowerCase() === b.roleDefinitionId.toLowerCase();
  }
  if (a.surface === 'group' && b.surface === 'group') {
    return a.groupId.toLowerCase() === b.groupId.toLowerCase() && a.accessId === b.accessId;
  }
  return false;
}

function requestedDurationMs(schedule: ScheduleInfo | undefined, startAt: number): number | undefined {
  const expiration = schedule?.expiration;
  const type = expiration?.type?.toLowerCase();
  if (!expiration || type === 'noexpiration') {
    return undefined;
  }
  if (type === 'afterdatetime' && expiration.endDateTime) {
    return Date.parse(expiration.endDateTime) - startAt;
  }
  return expiration.duration ? parseDurationMs(expiration.duration) : undefined;
}
