// Countdown text for active roles, and the one timer that keeps every countdown up to date.
//
// Display scheme (the unit shown decides how often the text changes):
//   1 day or more   "1d 3h"     changes every hour
//   1 hour or more  "3h 05m"    changes every minute
//   1 minute or more "12m"      changes every minute
//   under a minute  "45s"       changes every second
//   nothing left    "expired"
// Seconds are rounded up, so "1s" is shown until the very end and "expired" never early.

import * as l10n from '@vscode/l10n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Added to every computed delay so the timer fires just after a boundary, never just before. */
export const TICK_SLACK_MS = 20;

export type CountdownSeverity = 'normal' | 'warning' | 'error' | 'expired';

export interface SeverityThresholds {
  /** At or below this many minutes left the countdown is a warning. */
  readonly warningMinutes: number;
  /** At or below this many minutes left the countdown is an error. */
  readonly errorMinutes: number;
}

export function formatRemaining(endsAt: Date, now: Date): string {
  return formatRemainingMs(endsAt.getTime() - now.getTime());
}

export function formatRemainingMs(remainingMs: number): string {
  if (!(remainingMs > 0)) {
    return l10n.t('expired');
  }
  const totalSeconds = Math.ceil(remainingMs / SECOND);
  if (totalSeconds < 60) {
    return l10n.t('{0}s', totalSeconds);
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) {
    return l10n.t('{0}m', totalMinutes);
  }
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) {
    return l10n.t('{0}h {1}m', totalHours, String(totalMinutes % 60).padStart(2, '0'));
  }
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours === 0 ? l10n.t('{0}d', days) : l10n.t('{0}d {1}h', days, hours);
}

export function countdownSeverity(remainingMs: number, thresholds: SeverityThresholds): CountdownSeverity {
  if (!(remainingMs > 0)) {
    return 'expired';
  }
  if (remainingMs <= thresholds.errorMinutes * MINUTE) {
    return 'error';
  }
  if (remainingMs <= thresholds.warningMinutes * MINUTE) {
    return 'warning';
  }
  return 'normal';
}

/** True once when a countdown enters the warning window; `alreadyWarned` makes it one-shot. */
export function shouldWarn(remainingMs: number, warnBeforeMinutes: number, alreadyWarned: boolean): boolean {
  return (
    !alreadyWarned &&
    Number.isFinite(warnBeforeMinutes) &&
    warnBeforeMinutes > 0 &&
    remainingMs > 0 &&
    remainingMs <= warnBeforeMinutes * MINUTE
  );
}

export interface TickOptions {
  /**
   * Minute marks where something other than the text changes (severity thresholds, the warning
   * time): the timer also fires when a countdown crosses one of them.
   */
  readonly thresholdsMinutes?: readonly number[];
  /** Never wait longer than this (default one minute), so clock jumps are caught up quickly. */
  readonly maxDelayMs?: number;
}

/**
 * Milliseconds until the text or severity of any countdown changes, so one timer can drive them
 * all; undefined when nothing is counting down (no timer needed).
 */
export function nextTickDelay(endsAt: readonly Date[], now: Date, options: TickOptions = {}): number | undefined {
  const maxDelay = options.maxDelayMs ?? MINUTE;
  const thresholds = (options.thresholdsMinutes ?? []).filter((m) => Number.isFinite(m) && m > 0).map((m) => m * MINUTE);
  let best: number | undefined;
  for (const end of endsAt) {
    const remaining = end.getTime() - now.getTime();
    if (!(remaining > 0)) {
      continue;
    }
    let delay = remaining - lastMsOfCurrentText(remaining);
    for (const threshold of thresholds) {
      if (remaining > threshold) {
        delay = Math.min(delay, remaining - threshold);
      }
    }
    best = best === undefined ? delay : Math.min(best, delay);
  }
  return best === undefined ? undefined : Math.min(maxDelay, best + TICK_SLACK_MS);
}

/** The largest remaining time (in ms) that shows a different text from `remainingMs`. */
function lastMsOfCurrentText(remainingMs: number): number {
  const totalSeconds = Math.ceil(remainingMs / SECOND);
  const unitSeconds = totalSeconds >= DAY / SECOND ? 3600 : totalSeconds >= 60 ? 60 : 1;
  // The text changes when the rounded-up seconds drop below the start of the current unit.
  const unitStart = Math.floor(totalSeconds / unitSeconds) * unitSeconds;
  return (unitStart - 1) * SECOND;
}
