// What a screen reader says for a role in the tree and for the status-bar countdown: whole words in one sentence
// ("Contributor on Contoso Dev, Subscription, active, 42 minutes left"), no "42m" or "·". Words come from the l10n
// bundle, the list patterns from Intl. Pure, so it is unit-tested.
import * as l10n from '@vscode/l10n';
import type { ActivationPolicy } from '../../shared/policyShape';
import { SCOPE_TYPE_LABELS } from './presentation';
import type { RoleRow } from './roleRows';
import { formatDateTime, formatList } from '../../shared/locale';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function minutesText(minutes: number): string {
  return minutes === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', minutes);
}

function hoursText(hours: number): string {
  return hours === 1 ? l10n.t('1 hour') : l10n.t('{0} hours', hours);
}

function daysText(days: number): string {
  return days === 1 ? l10n.t('1 day') : l10n.t('{0} days', days);
}

/** Whole minutes in words, largest units first: "2 hours and 5 minutes", "1 day and 3 hours", "45 minutes". */
export function spokenMinutes(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / (DAY / MINUTE));
  const hours = Math.floor((totalMinutes % (DAY / MINUTE)) / 60);
  const minutes = totalMinutes % 60;
  const parts =
    days > 0
      ? [daysText(days), ...(hours > 0 ? [hoursText(hours)] : [])]
      : hours > 0
        ? [hoursText(hours), ...(minutes > 0 ? [minutesText(minutes)] : [])]
        : [minutesText(minutes)];
  return formatList(parts, 'conjunction');
}

/** Time left to the minute, as the tree shows it ("42m" is "42 minutes left"). */
export function spokenTimeLeft(remainingMs: number): string {
  if (!(remainingMs > 0)) {
    return l10n.t('expired');
  }
  // Like the visible countdown: seconds round up, minutes round down (59:59.5 is "59 minutes").
  const totalMinutes = Math.floor(Math.ceil(remainingMs / 1000) / 60);
  return totalMinutes === 0 ? l10n.t('less than a minute left') : l10n.t('{0} left', spokenMinutes(totalMinutes));
}

/**
 * Time left in steps that grow with it, for text that changes while the user may be on it (the status-bar item):
 * every minute in the last 10, every 5 minutes up to an hour, every 15 minutes up to a day, then every hour.
 * Rounded down, so it never promises more time than there is; under a minute it stays still.
 */
export function announcedTimeLeft(remainingMs: number): string {
  if (!(remainingMs > 0)) {
    return l10n.t('expired');
  }
  const totalMinutes = Math.floor(Math.ceil(remainingMs / 1000) / 60);
  if (totalMinutes === 0) {
    return l10n.t('less than a minute left');
  }
  if (totalMinutes < 10) {
    return l10n.t('{0} left', spokenMinutes(totalMinutes));
  }
  const step = totalMinutes < 60 ? 5 : totalMinutes < DAY / MINUTE ? 15 : 60;
  return l10n.t('about {0} left', spokenMinutes(totalMinutes - (totalMinutes % step)));
}

export interface CountdownAnnouncement {
  readonly roleName: string;
  readonly scopeName: string;
  readonly remainingMs: number;
  /** Other active roles counted down by the same item. */
  readonly others: number;
}

/** The status-bar countdown's accessible label: "Azure PIM: Contributor on Contoso Dev, about 40 minutes left". */
export function countdownLabel({ roleName, scopeName, remainingMs, others }: CountdownAnnouncement): string {
  const left = announcedTimeLeft(remainingMs);
  if (others === 0) {
    return l10n.t('Azure PIM: {0} on {1}, {2}', roleName, scopeName, left);
  }
  return others === 1
    ? l10n.t('Azure PIM: {0} on {1}, {2}, and 1 more active role', roleName, scopeName, left)
    : l10n.t('Azure PIM: {0} on {1}, {2}, and {3} more active roles', roleName, scopeName, left, others);
}

function stateWords(row: RoleRow, policy: ActivationPolicy | undefined, now: Date): string[] {
  switch (row.state) {
    case 'active':
      return row.endsAt ? [l10n.t('active'), spokenTimeLeft(row.endsAt.getTime() - now.getTime())] : [l10n.t('active')];
    case 'assigned':
      return [row.endsAt ? l10n.t('assigned until {0}', formatDateTime(row.endsAt)) : l10n.t('assigned permanently')];
    case 'pendingApproval':
      return [l10n.t('pending approval')];
    case 'scheduled':
      return [row.pending?.startDateTime ? l10n.t('scheduled to start {0}', formatDateTime(row.pending.startDateTime)) : l10n.t('scheduled')];
    case 'eligible':
      return [l10n.t('eligible'), ...(policy ? policyWords(policy) : [])];
    case 'activating':
      return [l10n.t('being activated')];
    case 'deactivating':
      return [l10n.t('being deactivated')];
  }
}

function policyWords(policy: ActivationPolicy): string[] {
  const words = [l10n.t('up to {0}', spokenMinutes(policy.maximumDurationMinutes))];
  if (policy.requiresApproval) {
    words.push(l10n.t('needs approval'));
  }
  if (policy.requiresMfa || policy.authenticationContext) {
    words.push(l10n.t('needs multi-factor authentication'));
  }
  if (policy.requiresTicket) {
    words.push(l10n.t('needs a ticket'));
  }
  return words;
}

/** The tree row's sentence: "Contributor on Contoso Dev, Subscription, active, 42 minutes left". */
export function roleSentence(row: RoleRow, policy: ActivationPolicy | undefined, now: Date): string {
  const parts = [l10n.t('{0} on {1}', row.roleName, row.scope.displayName), SCOPE_TYPE_LABELS[row.scope.type], ...stateWords(row, policy, now)];
  if (row.viaGroup) {
    parts.push(l10n.t('through group {0}', row.viaGroup));
  }
  return formatList(parts, 'unit');
}
