// "Elevate before deploy": the roles a workspace declares (azurePim.workspaceRoles, an azure-pim task, or another
// extension through the API) are matched to the store's rows, what is missing is activated in one go, what is
// already active or pending is reported, and optionally we wait until Azure RBAC applies the access.
// Pure: no `vscode` import; tested against the emulator in plain mocha.
import * as l10n from '@vscode/l10n';
import { activateRow, type FollowOptions } from './activation';
import { describePolicyRule, isPimError, PimError } from '../errors/errors';
import type { RoleKind } from '../model/model';
import type { ActivationPolicy } from '../../shared/policyShape';
import { pollUntil, type PollBackoff } from '../api/retry';
import { rowKind, type RoleRow } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';
import { ACTIVATION_LIMITS, isActivationMinutes } from '../../shared/limits';
import { formatDateTime, formatList, formatTime } from '../../shared/locale';
import { nameText } from '../../shared/inertText';

/** One role a workspace needs (the shape of `azurePim.workspaceRoles` items and of the task's `roles`). */
export interface DeclaredRole {
  /** Role name ("Contributor", case-insensitive) or role definition id (full ARM id, its GUID, or the Entra id). */
  readonly role: string;
  /** ARM scope id, "/" for the Entra directory, or the group id for PIM for Groups. */
  readonly scope: string;
  /** Default "azure". */
  readonly kind?: RoleKind;
  readonly durationMinutes?: number;
  readonly justification?: string;
  /** Needed only when the same role and scope exist in several signed-in tenants. */
  readonly tenantId?: string;
}

const KINDS: readonly RoleKind[] = ['azure', 'entra', 'group'];
const MAX_DECLARED = 50;
const MAX_TEXT = 500;

/**
 * Reads declared roles from untrusted JSON (settings, tasks.json, another extension): keeps the valid entries and
 * says what is wrong with the others, so one typo does not hide the rest.
 */
export function parseDeclaredRoles(value: unknown, where = 'azurePim.workspaceRoles'): { roles: DeclaredRole[]; problems: string[] } {
  const roles: DeclaredRole[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) {
    return { roles, problems };
  }
  if (!Array.isArray(value)) {
    return { roles, problems: [l10n.t('{0} must be an array of { role, scope } objects.', where)] };
  }
  value.slice(0, MAX_DECLARED).forEach((item: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(l10n.t('{0} must be an object with "role" and "scope".', at));
      return;
    }
    const entry = item as Record<string, unknown>;
    const role = typeof entry.role === 'string' ? entry.role.trim() : '';
    const scope = typeof entry.scope === 'string' ? entry.scope.trim() : '';
    if (!role || role.length > MAX_TEXT || !scope || scope.length > MAX_TEXT) {
      problems.push(l10n.t('{0} needs a "role" (name or role definition id) and a "scope".', at));
      return;
    }
    if (entry.kind !== undefined && !KINDS.includes(entry.kind as RoleKind)) {
      problems.push(l10n.t('{0}.kind must be "azure", "entra" or "group".', at));
      return;
    }
    const duration = entry.durationMinutes;
    if (duration !== undefined && !isActivationMinutes(duration)) {
      problems.push(l10n.t('{0}.durationMinutes must be a number of minutes between {1} and {2}.', at, ACTIVATION_LIMITS.minMinutes, ACTIVATION_LIMITS.maxMinutes));
      return;
    }
    if (entry.justification !== undefined && (typeof entry.justification !== 'string' || entry.justification.length > MAX_TEXT)) {
      problems.push(l10n.t('{0}.justification must be a text of at most {1} characters.', at, MAX_TEXT));
      return;
    }
    if (entry.tenantId !== undefined && (typeof entry.tenantId !== 'string' || !/^[0-9a-f-]{36}$/i.test(entry.tenantId))) {
      problems.push(l10n.t('{0}.tenantId must be a tenant id (GUID).', at));
      return;
    }
    roles.push({
      role,
      scope,
      ...(entry.kind !== undefined ? { kind: entry.kind as RoleKind } : {}),
      ...(typeof duration === 'number' ? { durationMinutes: Math.round(duration) } : {}),
      ...(typeof entry.justification === 'string' && entry.justification.trim() ? { justification: entry.justification.trim() } : {}),
      ...(typeof entry.tenantId === 'string' ? { tenantId: entry.tenantId.toLowerCase() } : {}),
    });
  });
  if (value.length > MAX_DECLARED) {
    problems.push(l10n.t('{0} lists more than {1} roles; only the first {1} are used.', where, MAX_DECLARED));
  }
  return { roles, problems };
}

/** "Contributor on /subscriptions/…" for messages. */
export function declaredLabel(declared: DeclaredRole): string {
  return l10n.t('{0} on {1}', nameText(declared.role), nameText(declared.scope));
}

function normalizeScope(scope: string): string {
  const trimmed = scope.trim().toLowerCase();
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
}

/** The GUID at the end of a role definition id ("…/roleDefinitions/<guid>"), or the text itself. */
function roleDefinitionTail(id: string): string {
  return (id.split('/').pop() ?? id).toLowerCase();
}

function keyOf(row: RoleRow) {
  return (row.eligible ?? row.active ?? row.pending)?.key;
}

/** Whether two role texts (name, role definition id or its GUID) name the same role; case-insensitive. */
function sameRoleText(wanted: string, candidate: string): boolean {
  const a = wanted.trim().toLowerCase();
  const b = candidate.trim().toLowerCase();
  if (a === b) {
    return true;
  }
  // "/providers/Microsoft.Authorization/roleDefinitions/<guid>" and the bare GUID name the same Azure role.
  return /^[0-9a-f-]{36}$/.test(roleDefinitionTail(a)) && roleDefinitionTail(a) === roleDefinitionTail(b);
}

/** The parts of a role that matching compares: kind, tenant, scope and the role's name or definition id. */
function sameRole(declared: DeclaredRole, candidate: { kind: RoleKind; tenantId?: string; scope: string; roleTexts: readonly string[] }): boolean {
  if ((declared.kind ?? 'azure') !== candidate.kind) {
    return false;
  }
  if (declared.tenantId && candidate.tenantId && declared.tenantId.toLowerCase() !== candidate.tenantId.toLowerCase()) {
    return false;
  }
  return normalizeScope(candidate.scope) === normalizeScope(declared.scope) && candidate.roleTexts.some((text) => sameRoleText(declared.role, text));
}

/** Whether a row is the declared role: same kind, role name or role definition id, scope (case-insensitive), tenant. */
export function rowMatches(declared: DeclaredRole, ref: RowRef): boolean {
  const key = keyOf(ref.row);
  return (
    key !== undefined &&
    sameRole(declared, { kind: rowKind(ref.row), tenantId: ref.connection.tenantId, scope: key.scope, roleTexts: [ref.row.roleName, key.roleDefinitionId] })
  );
}

/**
 * Whether `requested` asks for a role that `declared` covers, by the rules rowMatches applies to rows: same kind, scope
 * and role text (name or definition id, as written, any case); a declaration bound to a tenant covers requests for
 * that tenant or for none in particular.
 */
export function declares(declared: DeclaredRole, requested: DeclaredRole): boolean {
  return sameRole(declared, { kind: requested.kind ?? 'azure', tenantId: requested.tenantId, scope: requested.scope, roleTexts: [requested.role] });
}

export type PlanStep =
  | { readonly action: 'activate'; readonly declared: DeclaredRole; readonly ref: RowRef }
  | { readonly action: 'alreadyActive'; readonly declared: DeclaredRole; readonly ref: RowRef }
  | { readonly action: 'pendingApproval' | 'scheduled'; readonly declared: DeclaredRole; readonly ref: RowRef }
  | { readonly action: 'unknown' | 'ambiguous'; readonly declared: DeclaredRole; readonly message: string };

/** Decides, per declared role, what to do with the rows known now. Never guesses: no match or several = a problem. */
export function planElevation(declared: readonly DeclaredRole[], refs: readonly RowRef[]): PlanStep[] {
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
        return { action: 'alreadyActive', declared: role, ref };
      case 'pendingApproval':
        return { action: 'pendingApproval', declared: role, ref };
      case 'scheduled':
        return { action: 'scheduled', declared: role, ref };
      case 'eligible':
        return { action: 'activate', declared: role, ref };
    }
  });
}

export type EnsureOutcome = 'active' | 'alreadyActive' | 'pendingApproval' | 'scheduled' | 'policyViolation' | 'failed' | 'unknown' | 'ambiguous' | 'accessNotEffective';

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

export type ProgressState = 'activating' | 'active' | 'alreadyActive' | 'pendingApproval' | 'scheduled' | 'waitingForAccess' | 'accessEffective' | 'failed';

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
  /** Passed to activateRow (how to watch an activation appear). */
  readonly follow?: Pick<FollowOptions, 'pollIntervalsMs' | 'pollTimeoutMs'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ElevationProgress) => void;
  /** Rewrites the justification just before sending, after the policy check (e.g. to say the API asked). */
  readonly annotateJustification?: (justification: string) => string;
}

const DEFAULT_DURATION_MINUTES = 60;

/**
 * Makes the declared roles active: loads nothing itself but the store's refresh, activates every eligible one
 * in parallel, reports the rest, and optionally waits for effective access.
 */
export async function ensureRoles(source: RowSource, declared: readonly DeclaredRole[], options: EnsureOptions = {}): Promise<EnsureResult> {
  const progress = options.onProgress ?? (() => undefined);
  const plan = planElevation(declared, source.allRows());
  const results = await Promise.all(plan.map((step) => runStep(step, options, progress)));
  if (plan.some((step) => step.action === 'activate')) {
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
    case 'pendingApproval':
      return fail('pendingApproval', l10n.t('a request is already waiting for approval; not sent again. Deploy once an approver has decided.'));
    case 'scheduled': {
      const start = (step.ref.row.pending?.startDateTime ? formatDateTime(step.ref.row.pending.startDateTime) : undefined);
      return fail(
        'scheduled',
        start ? l10n.t('a scheduled activation starts {0}; not active yet.', start) : l10n.t('a scheduled activation starts later; not active yet.'),
      );
    }
    case 'alreadyActive':
      return { ...base, outcome: 'alreadyActive', ok: true, message: l10n.t('already active') };
    case 'activate':
      break;
  }
  const { ref, declared } = step;
  const policy = options.policyFor ? await options.policyFor(ref).catch(() => undefined) : undefined;
  const justification = declared.justification ?? options.defaultJustification ?? '';
  let durationMinutes = declared.durationMinutes ?? options.defaultDurationMinutes ?? DEFAULT_DURATION_MINUTES;
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
  progress({ label, state: 'activating', message: policy?.requiresApproval ? l10n.t('activating… (needs approval)') : l10n.t('activating…') });
  try {
    const sent = options.annotateJustification ? options.annotateJustification(justification) : justification;
    const result = await activateRow(ref, { justification: sent, durationMinutes }, { ...(options.follow ?? {}), ...(options.signal ? { signal: options.signal } : {}) });
    switch (result.outcome) {
      case 'active':
        return { ...base, outcome: 'active', ok: true, message: result.message };
      case 'alreadyActive':
        return { ...base, outcome: 'alreadyActive', ok: true, message: l10n.t('already active') };
      case 'pendingApproval':
        return fail(
          'pendingApproval',
          policy?.approvers.length
            ? l10n.t('waiting for approval by {0}; access is not granted until an approver decides.', formatList(policy.approvers.map(nameText), 'disjunction'))
            : l10n.t('waiting for approval; access is not granted until an approver decides.'),
        );
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

/**
 * Azure grants access through RBAC caches some time after PIM lists an activation. The permissions API says what the
 * caller can do at the scope: one entry per role assignment that applies there. Access counts as effective once it
 * holds an entry for every active Azure role at or above the scope.
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
  const scope = ref.row.scope.id;
  const label = labelOf(result);
  const expected = (): number =>
    source
      .allRows()
      .filter(
        (candidate) =>
          candidate.connection.tenantId === ref.connection.tenantId &&
          rowKind(candidate.row) === 'azure' &&
          (candidate.row.state === 'active' || candidate.row.state === 'assigned') &&
          (normalizeScope(scope) === normalizeScope(candidate.row.scope.id) || normalizeScope(scope).startsWith(`${normalizeScope(candidate.row.scope.id)}/`)),
      ).length;
  progress({ label, state: 'waitingForAccess', message: l10n.t('waiting until Azure applies the access…') });
  try {
    const polled = await pollUntil(
      (_attempt, signal) => ref.connection.arm.listPermissions(scope, signal),
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

/** "2 activated", "1 blocked by policy": one whole phrase per outcome, so a translation can order count and words. */
function outcomeCount(outcome: EnsureOutcome, count: number): string {
  switch (outcome) {
    case 'active':
      return l10n.t('{0} activated', count);
    case 'alreadyActive':
      return l10n.t('{0} already active', count);
    case 'pendingApproval':
      return l10n.t('{0} pending approval', count);
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

/** What other extensions see of an active role (never a token). */
export interface ActiveRoleSummary {
  readonly kind: RoleKind;
  readonly tenantId: string;
  readonly roleName: string;
  readonly roleDefinitionId: string;
  readonly scope: string;
  readonly scopeDisplayName: string;
  readonly assignmentType: 'activated' | 'assigned';
  readonly endsAt?: string;
}

export function activeRoleSummaries(refs: readonly RowRef[]): ActiveRoleSummary[] {
  return refs.flatMap(({ row, connection }) => {
    const active = row.active;
    if (!active || (row.state !== 'active' && row.state !== 'assigned')) {
      return [];
    }
    return [
      {
        kind: rowKind(row),
        tenantId: connection.tenantId,
        roleName: row.roleName,
        roleDefinitionId: active.key.roleDefinitionId,
        scope: active.key.scope,
        scopeDisplayName: row.scope.displayName,
        assignmentType: row.state === 'active' ? ('activated' as const) : ('assigned' as const),
        ...(row.endsAt ? { endsAt: row.endsAt.toISOString() } : {}),
      },
    ];
  });
}
