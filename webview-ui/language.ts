// The form speaks VS Code's display language: the host puts its l10n bundle on #app (data-l10n) and the
// language on <html lang>. Configured before the form builds anything, so every label is translated.
import * as l10n from '@vscode/l10n';
import { asObject, type JsonObject } from '../src/shared/json';
import { setDisplayLocale } from '../src/shared/locale';

/** The bundle from data-l10n: a JSON object of strings, else undefined (the form stays in English). */
export function parseBundle(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) {
    return undefined;
  }
  let value: JsonObject | undefined;
  try {
    value = asObject(JSON.parse(raw));
  } catch {
    return undefined;
  }
  if (!value) {
    return undefined;
  }
  const bundle: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, text] of Object.entries(value)) {
    if (typeof text === 'string') {
      bundle[key] = text;
    }
  }
  return bundle;
}

export function configureLanguage(root: HTMLElement): void {
  const bundle = parseBundle(root.dataset['l10n']);
  if (bundle) {
    l10n.config({ contents: bundle });
  }
  setDisplayLocale(document.documentElement.lang);
}
