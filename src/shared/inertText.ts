// Text from the tenant (role, scope, group, approver, tenant and account names, service error messages) or from the
// workspace (declared roles, preset names, justifications) made inert for the VS Code surface that shows it. Every
// surface interprets something different (see each helper), so each has its own helper, composed from the small
// steps below. VS Code-free: tested in plain mocha.
import { redactSecrets } from './secrets';

/** A name placed in one of our sentences is cut here, so our own words stay visible (see NOTIFICATION_MAX_LENGTH). */
export const NAME_MAX_LENGTH = 200;
/** VS Code cuts a notification at 1000 characters (before finding links) and adds "...". */
export const NOTIFICATION_MAX_LENGTH = 1000;

// Bidirectional embeddings, overrides, isolates and marks: "Dev \u202Eexe.txt" would read as "Dev txt.exe".
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// C0 and C1 controls and DEL, except TAB, LF and CR which the line helpers decide about.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
const ZERO_WIDTH_SPACE = '\u200B';
// The icon syntax VS Code renders: `$(name)` or `$(name~modifier)`.
const ICON_REFERENCE = /\$\((?=[A-Za-z0-9-]+(?:~[A-Za-z0-9-]*)?\))/g;

/** Without bidirectional controls and control characters; line breaks become "\n" or, by default, a space. */
export function stripControls(text: string, options: { keepLineBreaks?: boolean } = {}): string {
  const lines = text.replace(BIDI_CONTROLS, '').replace(CONTROLS_EXCEPT_LINE_BREAKS, '').replace(/\t/g, ' ');
  return lines.replace(LINE_BREAKS, options.keepLineBreaks ? '\n' : ' ');
}

/** At most `max` characters, the last one an ellipsis when cut. */
export function capLength(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * No `[label](target)` link and no `![alt](src)` image: a zero-width space between `]` and `(`, and between `!`
 * and `[`. Notifications, input-box prompts and markdown hovers turn `[x](command:id)` into a live command link.
 */
export function breakLinks(text: string): string {
  return text.replace(/\](?=\()/g, `]${ZERO_WIDTH_SPACE}`).replace(/!(?=\[)/g, `!${ZERO_WIDTH_SPACE}`);
}

/**
 * `https://x`, `www.x` and `dana@contoso.com` with a zero-width space in them: markdown would make a bare address a
 * link (an e-mail address a `mailto:` link).
 */
export function breakAutolinks(text: string): string {
  return text
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`)
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_SPACE}`);
}

/** `$(alert)` → `\$(alert)`: VS Code shows an escaped icon reference as the text `$(alert)`. */
export function escapeIcons(text: string): string {
  return text.replace(ICON_REFERENCE, '\\$(');
}

/**
 * `$(alert)` → `$\u200B(alert)` (a zero-width space): for text that VS Code shows once with icons stripped and once with
 * icons rendered (a progress notification and its status-bar fallback), where no escape shows right in both.
 */
export function breakIcons(text: string): string {
  return text.replace(ICON_REFERENCE, `$${ZERO_WIDTH_SPACE}(`);
}

/** A name from the tenant or the workspace, ready to be put into a sentence: one line, no controls, bounded. */
export function nameText(name: string): string {
  return capLength(stripControls(name).trim(), NAME_MAX_LENGTH);
}

/** Notification and progress text (title and message): no links, no icons, no controls, no secrets, one bounded line. */
export function notificationText(message: string): string {
  return capLength(breakIcons(breakLinks(stripControls(redactSecrets(message)))), NOTIFICATION_MAX_LENGTH);
}

/** A modal dialog's message and detail: VS Code shows them as plain text with line breaks; no controls, no secrets. */
export function modalText(message: string): string {
  return capLength(stripControls(redactSecrets(message), { keepLineBreaks: true }), NOTIFICATION_MAX_LENGTH * 4);
}

/**
 * Quick pick labels, status bar text, status bar messages, input box prompts and validation messages: icons escaped
 * (shown as typed), links broken (prompts find links), one line, no controls, no secrets.
 */
export function labelText(text: string): string {
  return breakLinks(escapeIcons(stripControls(redactSecrets(text))));
}

/**
 * A quick pick item's description and detail: as labelText, and no bare address either, since VS Code shows them
 * again in a markdown hover, where "https://…" would become a link.
 */
export function pickDetailText(text: string): string {
  return breakAutolinks(labelText(text));
}

/**
 * A line for MarkdownString.appendText (tree and status bar tooltips): appendText escapes markdown syntax, but
 * markdown still makes a bare address ("https://…", "www.…") a link; no controls, no secrets.
 */
export function tooltipText(text: string): string {
  return breakAutolinks(stripControls(redactSecrets(text)));
}

/**
 * One line for the task terminal, which interprets escape sequences (OSC 8 links, OSC 52 clipboard, OSC 99
 * notifications, cursor moves): every control character goes, ESC included, and line breaks become spaces; the
 * caller ends the line itself.
 */
export function terminalLine(text: string): string {
  return stripControls(redactSecrets(text));
}

/** One log entry: a line break in a name would start a forged entry ("\n2026-01-01 10:00:00.000 [error] …"). */
export function logLine(text: string): string {
  return redactSecrets(text)
    .replace(BIDI_CONTROLS, '')
    .replace(LINE_BREAKS, ' ⏎ ')
    .replace(CONTROLS_EXCEPT_LINE_BREAKS, (control) => `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A log call's message and extra arguments as one safe line (an Error as its stack, objects as JSON). */
export function logEntry(message: string | Error, args: readonly unknown[] = []): string {
  const parts = [message, ...args].map((part) => {
    if (part instanceof Error) {
      return part.stack ?? `${part.name}: ${part.message}`;
    }
    if (typeof part === 'string') {
      return part;
    }
    try {
      return JSON.stringify(part) ?? String(part);
    } catch {
      return String(part);
    }
  });
  return logLine(parts.join(' '));
}
