// "Elevate before deploy": the declared roles (declaredRoles.ts) are matched to the store's rows, what is missing is
// activated in one go, what is already active or pending is reported, and optionally we wait until Azure RBAC applies
// the access. Pure: no `vscode` import; tested against the emulator in plain mocha.
import * as l10n from '@vscode/l10n';
import { activateRow, deactivateRow, waitForActivation, waitUntilEnded, type FollowOptions } from './activation';
import { endsTooSoon, renewalProblem, tooSoonText, type TimeBudget } from './timeBudget';
import { declaredLabel, isAtOrAbove, rowMatches, type DeclaredRole } from './declaredRoles';
import { pollUntil, type PollBackoff } from '../api/retry';
import { waitForApproval, type ApprovalWaitOutcome, type ApprovalWaitResult, type RequestWatch } from './approvalWait';
import { describePolicyRule, isPimError, PimError } from '../errors/errors';
import { parseArmScope } from '../api/armMapping';
import type { RoleKind } from '../model/model';
import { endedRow, rowKind } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';
import { nameText } from '../../shared/inertText';
import { formatDateTime, formatList, formatTime } from '../../shared/locale';
import type { ActivationPolicy } from '../../shared/policyShape';

export type PlanStep =
  | { readonly action: 'activate'; readonly declared: DeclaredRole; readonly ref: RowRef }
  | { readonly action: 'alreadyActive'; readonly declared: DeclaredRole; readonly ref: RowRef }
  /** Active, but ends before the time budget runs out: activated again (timeBudget.ts). */
  | { readonly action: 'renew'; readonly declared: DeclaredRole; readonly ref: RowRef }
  | { readonly action: 'pendingApproval' | 'scheduled'; readonly declared: DeclaredRole; readonly ref: RowRef }
  /** PIM accepted an activation it does not list yet (wait for it), or is revoking one (never activated again meanwhile). */
  | { readonly action: 'activating' | 'deactivating'; readonly declared: DeclaredRole; readonly ref: RowRef }
  | { readonly action: 'unknown' | 'ambiguous'; readonly declared: DeclaredRole; readonly message: string };

/** Decides, per declared role, what to do with the rows known now. Never guesses: no match or several = a problem. */
export function planElevation(declared: readonly DeclaredRole[], refs: readonly RowRef[], budget?: TimeBudget): PlanStep[] {
  return declared.map((role): PlanStep => {
    const matches = refs.filter((ref) => rowMatches(role, ref));
    if (matches.length === 0) {
      return {
        action: 'unknown',
        declared: role,
        message: l10n.t(
          '{0}: you are not eligible for this role at this scope (or it is not loaded yet). Check the role name and the scope id.',
          declaredLabel(role),
        ),
      };
    }
    const tenants = new Set(matches.map((ref) => ref.connection.tenantId));
    if (tenants.size > 1) {
      return { action: 'ambiguous', declared: role, message: l10n.t('{0} exists in several tenants; add "tenantId" to say which.', declaredLabel(role)) };
    }
    const ref = matches.find((candidate) => candidate.row.state === 'active' || candidate.row.state === 'assigned') ?? matches[0];
    switch (ref.row.state) {
      case 'active':
      case 'assigned':
        return endsTooSoon(ref, budget) ? { action: 'renew', declared: role, ref } : { action: 'alreadyActive', declared: role, ref };
      case 'pendingApproval':
        return { action: 'pendingApproval', declared: role, ref };
      case 'scheduled':
        return { action: 'scheduled', declared: role, ref };
      case 'activating':
        return { action: 'activating', declared: role, ref };
      case 'deactivating':
        return { action: 'deactivating', declared: role, ref };
      case 'eligible':
        return { action: 'activate', declared: role, ref };
    }
  });
}

export type EnsureOutcome =
  | 'active'
  | 'alreadyActive'
  | 'pendingApproval'
  | 'denied'
  | 'approvalExpired'
  | 'scheduled'
  | 'policyViolation'
  | 'failed'
  | 'unknown'
  | 'ambiguous'
  | 'accessNotEffective';

export interface EnsureRoleResult {
  readonly role: string;
  readonly scope: string;
  readonly kind: RoleKind;
  readonly tenantId?: string;
  /** The row's display names once matched. */
  readonly roleName?: string;
  readonly scopeDisplayName?: string;
  readonly outcome: EnsureOutcome;
  /** true when the role is usable now (active, already active, and effective when asked to wait). */
  readonly ok: boolean;
  readonly message: string;
  /** End of the activation (ISO 8601); absent = no end or not active. */
  readonly endsAt?: string;
  /** Policy rules the request broke (e.g. "JustificationRule"), when the outcome is policyViolation. */
  readonly failedRules?: readonly string[];
}

export interface EnsureResult {
  /** true when every declared role is usable now. */
  readonly ok: boolean;
  readonly roles: readonly EnsureRoleResult[];
  /** One line for a notification: "2 activated, 1 already active, 1 failed". */
  readonly summary: string;
}

export type ProgressState =
  | 'activating'
  | 'active'
  | 'alreadyActive'
  | 'pendingApproval'
  | 'waitingForApproval'
  | 'approved'
  | 'scheduled'
  | 'waitingForAccess'
  | 'accessEffective'
  | 'failed';

export interface ElevationProgress {
  readonly label: string;
  readonly state: ProgressState;
  readonly message: string;
  readonly endsAt?: Date;
}

/** What the orchestration needs of the RoleStore. */
export interface RowSource {
  allRows(): RowRef[];
  refresh(tenantId?: string): Promise<void>;
}

export interface EnsureOptions {
  /** Used when a declared role has no justification of its own. */
  readonly defaultJustification?: string;
  /** Used when a declared role has no duration of its own (capped at the policy maximum). */
  readonly defaultDurationMinutes?: number;
  /** The role's policy, or undefined when it cannot be read (PIM still checks it). */
  readonly policyFor?: (ref: RowRef) => Promise<ActivationPolicy | undefined>;
  /** Also wait until Azure RBAC grants the access (permissions API), for Azure roles. */
  readonly waitForAccess?: boolean;
  /** How long to wait for effective access. Default 10 minutes. */
  readonly accessTimeoutMs?: number;
  /** Waits between permission checks. Default 2 s doubling up to 30 s. */
  readonly accessBackoff?: PollBackoff | readonly number[];
  /** Watch an Azure role's request that waits for an approver (new or already pending) until it is decided. */
  readonly waitForApproval?: boolean;
  /** How long to wait for an approver. Default 10 minutes. */
  readonly approvalTimeoutMs?: number;
  /** Waits between reads of the request. Default approvalWait.ts APPROVAL_POLL_BACKOFF (5 s growing to 60 s). */
  readonly approvalBackoff?: PollBackoff | readonly number[];
  /** Passed to activateRow (how to watch an activation appear). */
  readonly follow?: Pick<FollowOptions, 'pollIntervalsMs' | 'pollTimeoutMs'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ElevationProgress) => void;
  /** Rewrites the justification just before sending, after the policy check (e.g. to say the API asked). */
  readonly annotateJustification?: (justification: string) => string;
  /** The work needs each role at least this long: one that ends sooner is activated again first (timeBudget.ts). */
  readonly timeBudget?: TimeBudget;
}

const DEFAULT_DURATION_MINUTES = 60;

/**
 * Makes the declared roles active: loads nothing itself but the store's refresh, activates every eligible one
 * in parallel, reports the rest, and optionally waits for effective access.
 */
export async function ensureRoles(source: RowSource, declared: readonly DeclaredRole[], options: EnsureOptions = {}): Promise<EnsureResult> {
  const progress = options.onProgress ?? (() => undefined);
  const plan = planElevation(declared, source.allRows(), options.timeBudget);
  const results = await Promise.all(plan.map((step) => runStep(step, options, progress)));
  if (
    plan.some(
      (step) => step.action === 'activate' || step.action === 'activating' || step.action === 'renew' || (options.waitForApproval && step.action === 'pendingApproval'),
    )
  ) {
    await source.refresh();
  }
  // End times come from the service's instance list, now refreshed.
  const withEnds = results.map((result, index): EnsureRoleResult => {
    const step = plan[index];
    if (!step || !('ref' in step) || (result.outcome !== 'active' && result.outcome !== 'alreadyActive')) {
      return result;
    }
    const current = source.allRows().find((ref) => ref.row.id === step.ref.row.id);
    const endsAt = current?.row.endsAt;
    return endsAt ? { ...result, endsAt: endsAt.toISOString() } : result;
  });
  let final = withEnds;
  if (options.waitForAccess) {
    final = await Promise.all(withEnds.map((result, index) => waitForEffectiveAccess(source, plan[index], result, options, progress)));
  }
  for (const result of final) {
    if (result.ok && (result.outcome === 'active' || result.outcome === 'alreadyActive')) {
      progress({
        label: labelOf(result),
        state: result.outcome,
        message: finalText(result.outcome, result.endsAt),
        ...(result.endsAt ? { endsAt: new Date(result.endsAt) } : {}),
      });
    }
  }
  return { ok: final.every((result) => result.ok), roles: final, summary: summarize(final) };
}

function finalText(outcome: 'active' | 'alreadyActive', endsAt: string | undefined): string {
  const until = endsAt ? formatTime(new Date(endsAt)) : undefined;
  if (outcome === 'alreadyActive') {
    return until ? l10n.t('already active until {0}', until) : l10n.t('already active');
  }
  return until ? l10n.t('active until {0}', until) : l10n.t('active');
}


function labelOf(result: EnsureRoleResult): string {
  return l10n.t('{0} on {1}', nameText(result.roleName ?? result.role), nameText(result.scopeDisplayName ?? result.scope));
}

function baseResult(step: PlanStep): Omit<EnsureRoleResult, 'outcome' | 'ok' | 'message'> {
  const ref = 'ref' in step ? step.ref : undefined;
  return {
    role: step.declared.role,
    scope: step.declared.scope,
    kind: step.declared.kind ?? 'azure',
    ...(ref ? { tenantId: ref.connection.tenantId, roleName: ref.row.roleName, scopeDisplayName: ref.row.scope.displayName } : step.declared.tenantId ? { tenantId: step.declared.tenantId } : {}),
  };
}

async function runStep(step: PlanStep, options: EnsureOptions, progress: (p: ElevationProgress) => void): Promise<EnsureRoleResult> {
  const base = baseResult(step);
  const label = labelOf({ ...base, outcome: 'failed', ok: false, message: '' });
  const fail = (outcome: EnsureOutcome, message: string, extra: Partial<EnsureRoleResult> = {}): EnsureRoleResult => {
    progress({ label, state: outcome === 'pendingApproval' ? 'pendingApproval' : 'failed', message });
    return { ...base, outcome, ok: false, message, ...extra };
  };
  switch (step.action) {
    case 'unknown':
    case 'ambiguous':
      return fail(step.action, step.message);
    case 'pendingApproval': {
      const pending = step.ref.row.pending;
      const watch = options.waitForApproval && pending ? requestWatchOf(step.ref, pending.key.kind) : undefined;
      if (watch && pending) {
        progress({ label, state: 'waitingForApproval', message: l10n.t('a request is already waiting for approval; not sent again, waiting for an approver…') });
        return awaitApproval(watch, pending.id, base, label, options, progress);
      }
      return fail('pendingApproval', l10n.t('a request is already waiting for approval; not sent again. Deploy once an approver has decided.'));
    }
    case 'scheduled': {
      const start = (step.ref.row.pending?.startDateTime ? formatDateTime(step.ref.row.pending.startDateTime) : undefined);
      return fail(
        'scheduled',
        start ? l10n.t('a scheduled activation starts {0}; not active yet.', start) : l10n.t('a scheduled activation starts later; not active yet.'),
      );
    }
    case 'alreadyActive':
      return { ...base, outcome: 'alreadyActive', ok: true, message: l10n.t('already active') };
    case 'deactivating':
      return fail('failed', l10n.t('is being deactivated; it is not activated again while PIM revokes it. Run this again once it has ended.'));
    case 'activating':
      return awaitActivation(step.ref, base, options, progress, fail);
    case 'activate':
    case 'renew':
      break;
  }
  const { ref, declared } = step;
  const policy = options.policyFor ? await options.policyFor(ref).catch(() => undefined) : undefined;
  const justification = declared.justification ?? options.defaultJustification ?? '';
  let durationMinutes = declared.durationMinutes ?? options.defaultDurationMinutes ?? DEFAULT_DURATION_MINUTES;
  const budget = options.timeBudget;
  // Why a role that ends too soon cannot be activated again here comes first: it says what the work is missing.
  const renewal = budget && step.action === 'renew' ? renewalProblem(ref, durationMinutes, policy, budget) : undefined;
  if (renewal) {
    return fail('failed', renewal);
  }
  if (policy) {
    // Checked before sending, like the form: a request PIM would reject is never sent.
    if (policy.requiresJustification && !justification.trim()) {
      return fail('policyViolation', l10n.t('policy requires a justification (JustificationRule): add "justification" to the declared role.'), {
        failedRules: ['JustificationRule'],
      });
    }
    if (policy.requiresTicket) {
      return fail('policyViolation', l10n.t('policy requires a ticket number (TicketingRule): activate it from the form (Azure PIM: Activate Role…).'), {
        failedRules: ['TicketingRule'],
      });
    }
    durationMinutes = Math.min(durationMinutes, policy.maximumDurationMinutes);
  }
  let target = ref;
  if (budget && step.action === 'renew') {
    // Every check passed: only now is the running activation ended.
    progress({ label, state: 'activating', message: l10n.t('{0}: ending it to activate it again…', tooSoonText(ref, budget)) });
    const ended = await deactivateRow(ref, options.signal);
    if (!ended.ok) {
      return fail('failed', ended.message);
    }
    // PIM accepts a deactivation and revokes it a moment later: a new request before then would find it still there.
    const gone = await waitUntilEnded(ref, { ...(options.follow ?? {}), ...(options.signal ? { signal: options.signal } : {}) });
    if (!gone.done) {
      return fail('failed', l10n.t('PIM has not ended the current activation yet, so it was not activated again; run the task again in a minute.'));
    }
    target = { ...ref, row: endedRow(ref.row) };
  } else if (budget && durationMinutes < budget.minRemainingMinutes) {
    return fail('failed', l10n.t('can be activated for at most {0} minutes here, less than the {1} minutes the work needs.', durationMinutes, budget.minRemainingMinutes));
  }
  progress({ label, state: 'activating', message: policy?.requiresApproval ? l10n.t('activating… (needs approval)') : l10n.t('activating…') });
  try {
    const sent = options.annotateJustification ? options.annotateJustification(justification) : justification;
    const result = await activateRow(target, { justification: sent, durationMinutes }, { ...(options.follow ?? {}), ...(options.signal ? { signal: options.signal } : {}) });
    switch (result.outcome) {
      case 'active':
        return { ...base, outcome: 'active', ok: true, message: step.action === 'renew' ? l10n.t('activated again: {0}', result.message) : result.message };
      case 'alreadyActive':
        if (step.action === 'renew') {
          // The old activation is still listed: it would end before the work does.
          return fail('failed', l10n.t('the current activation has not ended yet, so it was not activated again; run the task again in a minute.'));
        }
        return { ...base, outcome: 'alreadyActive', ok: true, message: l10n.t('already active') };
      case 'pendingApproval': {
        const message = policy?.approvers.length
          ? l10n.t('waiting for approval by {0}; access is not granted until an approver decides.', formatList(policy.approvers.map(nameText), 'disjunction'))
          : l10n.t('waiting for approval; access is not granted until an approver decides.');
        const watch = options.waitForApproval && result.request ? requestWatchOf(ref, result.request.key.kind) : undefined;
        if (watch && result.request) {
          progress({ label, state: 'waitingForApproval', message });
          return await awaitApproval(watch, result.request.id, base, label, options, progress);
        }
        return fail('pendingApproval', message);
      }
      case 'scheduled':
        return fail('scheduled', result.message);
      case 'policyViolation': {
        const rules = result.error?.failedRules ?? [];
        const message =
          rules.length > 0
            ? l10n.t('policy violation: {0}.', formatList(rules.map((rule) => l10n.t('{0} ({1})', rule, describePolicyRule(rule)))))
            : l10n.t('policy violation: a policy rule.');
        return fail('policyViolation', message, { failedRules: rules });
      }
      default:
        return fail('failed', result.message);
    }
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
    return fail('failed', PimError.from(error).userMessage);
  }
}

/** What the wait for an approver ended as, for the result (approved: active, once the caller refreshed). */
const AFTER_WAIT: Readonly<Record<Exclude<ApprovalWaitOutcome, 'approved'>, EnsureOutcome>> = {
  denied: 'denied',
  expired: 'approvalExpired',
  stillPending: 'pendingApproval',
  ended: 'failed',
};

/** Azure roles are watched through ARM, PIM for Groups through Graph; Entra-role approvals are not followed (beta only). */
function requestWatchOf(ref: RowRef, kind: RoleKind): RequestWatch | undefined {
  if (kind === 'azure') {
    return ref.connection.arm.approvals;
  }
  return kind === 'group' ? ref.connection.graph?.approvals : undefined;
}

/** Watches a request until an approver decides: approved is active (the caller refreshes), anything else fails. */
async function awaitApproval(
  watch: RequestWatch,
  requestId: string,
  base: Omit<EnsureRoleResult, 'outcome' | 'ok' | 'message'>,
  label: string,
  options: EnsureOptions,
  progress: (p: ElevationProgress) => void,
): Promise<EnsureRoleResult> {
  let waited: ApprovalWaitResult;
  try {
    waited = await waitForApproval(watch, requestId, {
      timeoutMs: options.approvalTimeoutMs ?? 10 * 60_000,
      ...(options.approvalBackoff ? { backoff: options.approvalBackoff } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
    waited = { outcome: 'ended', message: l10n.t('could not follow the request: {0}', PimError.from(error).userMessage) };
  }
  if (waited.outcome === 'approved') {
    progress({ label, state: 'approved', message: l10n.t('approved; activating…') });
    return { ...base, outcome: 'active', ok: true, message: waited.message };
  }
  const outcome = AFTER_WAIT[waited.outcome];
  progress({ label, state: outcome === 'pendingApproval' ? 'pendingApproval' : 'failed', message: waited.message });
  return { ...base, outcome, ok: false, message: waited.message };
}

/** A row PIM is already activating (its request was accepted): wait until PIM lists it, never send a second request. */
async function awaitActivation(
  ref: RowRef,
  base: Omit<EnsureRoleResult, 'outcome' | 'ok' | 'message'>,
  options: EnsureOptions,
  progress: (p: ElevationProgress) => void,
  fail: (outcome: EnsureOutcome, message: string) => EnsureRoleResult,
): Promise<EnsureRoleResult> {
  progress({ label: labelOf({ ...base, outcome: 'failed', ok: false, message: '' }), state: 'activating', message: l10n.t('activation already accepted; waiting for PIM to list it…') });
  try {
    const listed = await waitForActivation(ref, { ...(options.follow ?? {}), ...(options.signal ? { signal: options.signal } : {}) });
    return listed.done
      ? { ...base, outcome: 'active', ok: true, message: l10n.t('active') }
      : fail('failed', l10n.t('PIM accepted the activation but has not listed it yet; try again shortly.'));
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
    return fail('failed', PimError.from(error).userMessage);
  }
}

/**
 * Azure grants access through RBAC caches some time after PIM lists an activation. The permissions API says what the
 * caller can do at a scope: one entry per role assignment that applies there. Access counts as effective once it holds
 * an entry for every active Azure role at or above the scope it is read at (permissionProbeScope).
 */
async function waitForEffectiveAccess(
  source: RowSource,
  step: PlanStep | undefined,
  result: EnsureRoleResult,
  options: EnsureOptions,
  progress: (p: ElevationProgress) => void,
): Promise<EnsureRoleResult> {
  if (!step || !('ref' in step) || !result.ok || result.kind !== 'azure') {
    return result;
  }
  const { ref } = step;
  const label = labelOf(result);
  progress({ label, state: 'waitingForAccess', message: l10n.t('waiting until Azure applies the access…') });
  try {
    const probe = await permissionProbeScope(ref, options.signal);
    if (!probe) {
      const message = l10n.t('active; effective access was not checked: there is no resource group below this scope to check it at.');
      progress({ label, state: 'accessEffective', message });
      return { ...result, message };
    }
    const expected = (): number => {
      const applying = source
        .allRows()
        .filter(
          (candidate) =>
            candidate.connection.tenantId === ref.connection.tenantId &&
            rowKind(candidate.row) === 'azure' &&
            (candidate.row.state === 'active' || candidate.row.state === 'assigned') &&
            isAtOrAbove(candidate.row.scope.id, probe),
        );
      // A management-group role applies below it though its id is no prefix of the probe's (the probe was found below it).
      return applying.length + (applying.some((candidate) => candidate.row.id === ref.row.id) ? 0 : 1);
    };
    const polled = await pollUntil(
      (_attempt, signal) => ref.connection.arm.listPermissions(probe, signal),
      (permissions) => permissions.length > 0 && permissions.length >= expected(),
      {
        intervalsMs: options.accessBackoff ?? { baseMs: 2000, maxMs: 30_000, factor: 2 },
        timeoutMs: options.accessTimeoutMs ?? 10 * 60_000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    if (polled.done) {
      progress({ label, state: 'accessEffective', message: l10n.t('access effective after {0} s', Math.round(polled.elapsedMs / 1000)) });
      return result;
    }
    const message = l10n.t(
      'the activation is listed, but Azure did not apply the access within {0} min; try again shortly.',
      Math.round((options.accessTimeoutMs ?? 600_000) / 60_000),
    );
    progress({ label, state: 'failed', message });
    return { ...result, outcome: 'accessNotEffective', ok: false, message };
  } catch (error) {
    if (isPimError(error) && error.kind === 'cancelled') {
      throw error;
    }
    const message = l10n.t('could not check effective access: {0}', PimError.from(error).userMessage);
    progress({ label, state: 'failed', message });
    return { ...result, outcome: 'accessNotEffective', ok: false, message };
  }
}

/** How many subscriptions of a management group are tried for a resource group to read permissions at. */
const MAX_PROBED_SUBSCRIPTIONS = 5;

/**
 * Where to read the caller's permissions for a role at `ref`'s scope. Permissions - List is documented for resource
 * groups and resources only (2022-04-01: Permissions_ListForResourceGroup, Permissions_ListForResource); a subscription
 * answers in practice but is in no spec (Azure/azure-rest-api-specs#19473) and a management group not at all. A role at a
 * subscription or management group applies to every resource group below it, so it is checked at one of them, found with
 * EligibleChildResources_Get (PIM's own documented listing of the children an eligibility reaches; unlike listing resource
 * groups it needs no read access the role might not have granted yet). Undefined when there is no resource group below.
 */
async function permissionProbeScope(ref: RowRef, signal: AbortSignal | undefined): Promise<string | undefined> {
  const scope = ref.row.scope.id;
  const arm = ref.connection.arm;
  const firstResourceGroup = async (subscription: string): Promise<string | undefined> =>
    (await arm.listEligibleChildResources(subscription, 'resourcegroup', signal))[0]?.id;
  switch (parseArmScope(scope)?.type) {
    case 'resourceGroup':
    case 'resource':
      return scope;
    case 'subscription':
      return firstResourceGroup(scope);
    case 'managementGroup': {
      const subscriptions = await arm.listEligibleChildResources(scope, 'subscription', signal);
      for (const subscription of subscriptions.slice(0, MAX_PROBED_SUBSCRIPTIONS)) {
        const resourceGroup = await firstResourceGroup(subscription.id);
        if (resourceGroup) {
          return resourceGroup;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** "2 activated", "1 blocked by policy": one whole phrase per outcome, so a translation can order count and words. */
function outcomeCount(outcome: EnsureOutcome, count: number): string {
  switch (outcome) {
    case 'active':
      return l10n.t('{0} activated', count);
    case 'alreadyActive':
      return l10n.t('{0} already active', count);
    case 'pendingApproval':
      return l10n.t('{0} pending approval', count);
    case 'denied':
      return l10n.t('{0} denied', count);
    case 'approvalExpired':
      return l10n.t('{0} not approved in time', count);
    case 'scheduled':
      return l10n.t('{0} scheduled', count);
    case 'policyViolation':
      return l10n.t('{0} blocked by policy', count);
    case 'failed':
      return l10n.t('{0} failed', count);
    case 'unknown':
      return l10n.t('{0} not found', count);
    case 'ambiguous':
      return l10n.t('{0} ambiguous', count);
    case 'accessNotEffective':
      return l10n.t('{0} not yet effective', count);
  }
}

export function summarize(results: readonly EnsureRoleResult[]): string {
  if (results.length === 0) {
    return l10n.t('No roles declared.');
  }
  const counts = new Map<EnsureOutcome, number>();
  for (const result of results) {
    counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
  }
  return formatList([...counts].map(([outcome, count]) => outcomeCount(outcome, count)));
}
