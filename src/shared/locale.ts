// The display language for lists, dates and times. Set from VS Code's display language (vscode.env.language)
// in activate(), and from the init message in the webview; until then, and for a tag Intl does not accept,
// the runtime's default is used. Words come from the l10n bundle; only the patterns around them come from Intl.

let displayLocale: string | undefined;

/** The canonical form of a BCP 47 tag ("en-us" → "en-US"), or undefined for anything else. */
export function canonicalLocale(language: unknown): string | undefined {
  if (typeof language !== 'string' || language === '') {
    return undefined;
  }
  try {
    return Intl.getCanonicalLocales(language)[0];
  } catch {
    return undefined;
  }
}

export function setDisplayLocale(language: unknown): void {
  displayLocale = canonicalLocale(language);
}

export function getDisplayLocale(): string | undefined {
  return displayLocale;
}

/**
 * A list in the display language: 'unit' is a plain list ("a, b, c"), 'conjunction' ends with "and",
 * 'disjunction' with "or" (any one of them).
 */
export function formatList(items: readonly string[], type: 'unit' | 'conjunction' | 'disjunction' = 'unit'): string {
  return new Intl.ListFormat(displayLocale, { type, style: type === 'unit' ? 'short' : 'long' }).format(items);
}

/** Date and time in the display language, e.g. "25 Nov 2026, 14:05" or "Nov 25, 2026, 2:05 PM". */
export function formatDateTime(date: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return date.toLocaleString(displayLocale, options);
}

export interface TimeFormat {
  readonly locale?: string;
  readonly timeZone?: string;
}

/**
 * Hours and minutes on a 24-hour clock ("14:05"), in the display language unless `locale` is given, and in
 * local time unless `timeZone` is (tests pin both).
 */
export function formatTime(date: Date, options: TimeFormat = {}): string {
  return new Intl.DateTimeFormat(options.locale ?? displayLocale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: options.timeZone }).format(date);
}

export function formatDate(date: Date): string {
  return date.toLocaleDateString(displayLocale, { dateStyle: 'medium' });
}
