// ISO 8601 durations as PIM writes them (PT30M, PT8H, P1DT2H), converted to whole minutes.
// Years and months are rejected: their length depends on the calendar, and PIM never uses them
// for activations.

import * as l10n from '@vscode/l10n';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const ISO_DURATION = new RegExp(
  String.raw`^P(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);

/**
 * Minutes in an ISO 8601 duration, rounded to the nearest minute, or undefined when the text is
 * not a duration we can trust (garbage, negative, years or months, an empty "P" or "PT").
 */
export function parseIsoDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const trimmed = text.trim();
  const match = ISO_DURATION.exec(trimmed);
  if (!match) {
    return undefined;
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) {
    return undefined;
  }
  // "P1DT" has a time designator with nothing after it.
  if (/T$/i.test(trimmed)) {
    return undefined;
  }
  const totalMinutes =
    toNumber(weeks) * 7 * MINUTES_PER_DAY +
    toNumber(days) * MINUTES_PER_DAY +
    toNumber(hours) * MINUTES_PER_HOUR +
    toNumber(minutes) +
    toNumber(seconds) / 60;
  return Number.isFinite(totalMinutes) ? Math.round(totalMinutes) : undefined;
}

function toNumber(part: string | undefined): number {
  return part === undefined ? 0 : Number(part.replace(',', '.'));
}

/** `PT8H`, `PT1H30M`, `PT45M` (hours only, never days: PIM activations are at most 24 hours). */
export function formatIsoDuration(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Not a duration in minutes: ${minutes}`);
  }
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / MINUTES_PER_HOUR);
  const rest = whole % MINUTES_PER_HOUR;
  if (hours === 0) {
    return `PT${rest}M`;
  }
  return rest === 0 ? `PT${hours}H` : `PT${hours}H${rest}M`;
}

/** "45m", "2h", "1h 30m", "1d 2h": zero parts are left out; 0 or less is "0m". */
export function formatMinutesShort(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) {
    return l10n.t('{0}m', 0);
  }
  const whole = Math.round(minutes);
  const days = Math.floor(whole / MINUTES_PER_DAY);
  const hours = Math.floor((whole % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  const rest = whole % MINUTES_PER_HOUR;
  const parts: string[] = [];
  if (days > 0) parts.push(l10n.t('{0}d', days));
  if (hours > 0) parts.push(l10n.t('{0}h', hours));
  if (rest > 0) parts.push(l10n.t('{0}m', rest));
  return parts.length > 0 ? parts.join(' ') : l10n.t('{0}m', 0);
}
