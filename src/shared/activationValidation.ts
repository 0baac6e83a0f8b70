// Pure rules for an activation request, run by the form before sending and by the host again at
// the boundary (a policy may have loaded or changed in between). Imports nothing from `vscode`.
// Messages go through @vscode/l10n: the extension host configures it with VS Code's bundle in activate().
// The webview bundle runs this file too but is not configured (yet), so there l10n.t returns the English text;
// passing the bundle to the webview is a later step.
import * as l10n from '@vscode/l10n';
import {
  PROTOCOL_LIMITS as LIMITS,
  type ActivationRequestData,
  type FormPolicy,
  type JustificationVerdict,
  type ValidationIssue,
} from './protocol';
import { durationChoices as stepChoices } from './durationSteps';

export type { ValidationField, ValidationIssue } from './protocol';

export interface ActivationValidationOptions {
  /**
   * The organisation pattern's verdict on the trimmed justification. The host gives its evaluator
   * (src/core/flows/justificationPattern.ts); the form gives the host's last answer, `undefined` while none is known
   * (the host checks again on submit). Absent: no pattern.
   */
  readonly justificationVerdict?: (justification: string) => JustificationVerdict | undefined;
  readonly now: Date;
  /** Human names per role id ("Owner on Prod") for messages; the id is used when missing. */
  readonly roleLabels?: ReadonlyMap<string, string>;
}

const MINUTE_MS = 60_000;
/** A start a little in the past is fine: the user clicked "Activate" a moment ago. */
const PAST_GRACE_MS = MINUTE_MS;
const PORTAL_STEP_MINUTES = 30;

/** "30 minutes", "1 hour", "1 hour 30 minutes", "8 hours". */
export function formatMinutes(minutes: number): string {
  const total = Number.isFinite(minutes) ? Math.max(0, Math.round(minutes)) : 0;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) {
    return rest === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', rest);
  }
  if (rest === 0) {
    return hours === 1 ? l10n.t('1 hour') : l10n.t('{0} hours', hours);
  }
  if (hours === 1) {
    return rest === 1 ? l10n.t('1 hour 1 minute') : l10n.t('1 hour {0} minutes', rest);
  }
  return rest === 1 ? l10n.t('{0} hours 1 minute', hours) : l10n.t('{0} hours {1} minutes', hours, rest);
}

/** Durations to offer, like the portal: 30-minute steps up to `maxMinutes`, plus the maximum itself. */
export function durationChoices(maxMinutes: number): number[] {
  const max = Number.isFinite(maxMinutes)
    ? Math.min(LIMITS.maxDurationMinutes, Math.max(LIMITS.minDurationMinutes, Math.floor(maxMinutes)))
    : LIMITS.maxDurationMinutes;
  return stepChoices(max, PORTAL_STEP_MINUTES);
}

/** The strictest maximum among the given roles' loaded policies, or undefined when none is loaded. */
export function smallestMaximum(
  roleIds: readonly string[],
  policies: ReadonlyMap<string, FormPolicy | undefined>,
): { readonly roleId: string; readonly minutes: number } | undefined {
  let smallest: { roleId: string; minutes: number } | undefined;
  for (const roleId of roleIds) {
    const policy = policies.get(roleId);
    if (policy && (!smallest || policy.maximumDurationMinutes < smallest.minutes)) {
      smallest = { roleId, minutes: policy.maximumDurationMinutes };
    }
  }
  return smallest;
}

/** What the form shows next to the justification for a verdict; `undefined` when the justification matches. */
export function justificationVerdictMessage(verdict: JustificationVerdict): string | undefined {
  // A broken, slow or oversized pattern is the configuration's fault, not the user's text: say where to fix it.
  switch (verdict.kind) {
    case 'matches':
      return undefined;
    case 'mismatch': {
      const hint = verdict.hint.trim();
      return hint
        ? l10n.t('The justification must follow the organisation format: {0}', hint)
        : l10n.t('The justification does not follow the organisation format.');
    }
    case 'invalidPattern':
      return l10n.t(
        "The organisation's justification pattern is not a valid regular expression; ask your administrator to fix azurePim.activation.justificationPattern.",
      );
    case 'tooSlow':
      return l10n.t(
        "The organisation's justification pattern is too slow to check (it can backtrack catastrophically); ask your administrator to simplify azurePim.activation.justificationPattern.",
      );
    case 'tooLong':
      return l10n.t(
        "The organisation's justification pattern is longer than {0} characters; ask your administrator to shorten azurePim.activation.justificationPattern.",
        LIMITS.maxPatternLength,
      );
  }
}

export function validateActivation(
  request: ActivationRequestData,
  policies: ReadonlyMap<string, FormPolicy | undefined>,
  options: ActivationValidationOptions,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const label = (roleId: string): string => options.roleLabels?.get(roleId) ?? roleId;
  const selected = [...new Set(request.roleIds)];
  const selectedPolicies = selected.flatMap((roleId) => {
    const policy = policies.get(roleId);
    return policy ? [{ roleId, policy }] : [];
  });

  if (selected.length === 0) {
    issues.push({ field: 'roles', message: l10n.t('Select at least one role to activate.') });
  } else if (selected.length > LIMITS.maxRoleIds) {
    issues.push({ field: 'roles', message: l10n.t('Select at most {0} roles at a time.', LIMITS.maxRoleIds) });
  }

  const duration = request.durationMinutes;
  const strictest = smallestMaximum(selected, policies);
  if (!Number.isInteger(duration) || duration < LIMITS.minDurationMinutes) {
    issues.push({ field: 'duration', message: l10n.t('Choose a duration of at least {0} minutes.', LIMITS.minDurationMinutes) });
  } else if (strictest && duration > strictest.minutes) {
    issues.push({
      field: 'duration',
      message: l10n.t('{0} allows at most {1}.', label(strictest.roleId), formatMinutes(strictest.minutes)),
    });
  } else if (duration > LIMITS.maxDurationMinutes) {
    issues.push({ field: 'duration', message: l10n.t('PIM activates for at most {0}.', formatMinutes(LIMITS.maxDurationMinutes)) });
  }

  validateJustification(request.justification, selectedPolicies, options, label, issues);
  validateTicket(request, selectedPolicies, label, issues);
  validateStart(request.startAt, options.now, issues);
  return issues;
}

type SelectedPolicy = { readonly roleId: string; readonly policy: FormPolicy };

function validateJustification(
  justification: string,
  selected: readonly SelectedPolicy[],
  options: ActivationValidationOptions,
  label: (roleId: string) => string,
  issues: ValidationIssue[],
): void {
  const text = justification.trim();
  if (justification.length > LIMITS.maxJustificationLength) {
    issues.push({
      field: 'justification',
      message: l10n.t('Keep the justification to {0} characters or fewer.', LIMITS.maxJustificationLength),
    });
    return;
  }
  const requiring = selected.find(({ policy }) => policy.requiresJustification);
  if (requiring && text === '') {
    issues.push({ field: 'justification', message: l10n.t('{0} requires a justification.', label(requiring.roleId)) });
    return;
  }
  const verdict = options.justificationVerdict?.(text);
  const message = verdict && justificationVerdictMessage(verdict);
  if (message) {
    issues.push({ field: 'justification', message });
  }
}

function validateTicket(
  request: ActivationRequestData,
  selected: readonly SelectedPolicy[],
  label: (roleId: string) => string,
  issues: ValidationIssue[],
): void {
  for (const field of ['ticketNumber', 'ticketSystem'] as const) {
    if (request[field].length > LIMITS.maxTicketLength) {
      issues.push({ field, message: l10n.t('Keep this to {0} characters or fewer.', LIMITS.maxTicketLength) });
    }
  }
  const requiring = selected.find(({ policy }) => policy.requiresTicket);
  if (!requiring) {
    return;
  }
  if (request.ticketNumber.trim() === '') {
    issues.push({ field: 'ticketNumber', message: l10n.t('{0} requires a ticket number.', label(requiring.roleId)) });
  }
  if (request.ticketSystem.trim() === '') {
    issues.push({ field: 'ticketSystem', message: l10n.t('{0} requires a ticket system.', label(requiring.roleId)) });
  }
}

function validateStart(startAt: string | undefined, now: Date, issues: ValidationIssue[]): void {
  if (startAt === undefined) {
    return;
  }
  const start = Date.parse(startAt);
  if (!Number.isFinite(start)) {
    issues.push({ field: 'startAt', message: l10n.t('Enter a valid start date and time.') });
  } else if (start < now.getTime() - PAST_GRACE_MS) {
    issues.push({ field: 'startAt', message: l10n.t('The start time is in the past.') });
  } else if (start > now.getTime() + LIMITS.maxStartAheadDays * 24 * 60 * MINUTE_MS) {
    issues.push({ field: 'startAt', message: l10n.t('The start time must be within {0} days.', LIMITS.maxStartAheadDays) });
  }
}
