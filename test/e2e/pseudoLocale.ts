// Pseudo-translations for the display-language spec: every message of the product's l10n bundle and
// package.nls.json wrapped in ⟦…⟧, written next to the installed extension as a translator's files would be
// (l10n/bundle.l10n.<language>.json, package.nls.<language>.json). Text on screen that is not inside ⟦…⟧
// did not go through the bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';

const PRODUCT_FOLDER_PREFIX = 'azure-pim-tools.azure-pim-vscode-';

export function pseudo(text: string): string {
  return `⟦${text}⟧`;
}

function pseudoFile(source: string, target: string): number {
  const messages = JSON.parse(fs.readFileSync(source, 'utf8')) as Record<string, string>;
  const translated = Object.fromEntries(Object.entries(messages).map(([key, text]) => [key, pseudo(text)]));
  fs.writeFileSync(target, JSON.stringify(translated, null, 2));
  return Object.keys(translated).length;
}

/** Adds the pseudo-translations to the product installed in `extensionsDir`. */
export function writePseudoTranslations(extensionsDir: string, language: string): void {
  const folder = fs.readdirSync(extensionsDir).find((name) => name.startsWith(PRODUCT_FOLDER_PREFIX));
  if (!folder) {
    throw new Error(`The product is not installed in ${extensionsDir}.`);
  }
  const root = path.join(extensionsDir, folder);
  const messages = pseudoFile(path.join(root, 'l10n', 'bundle.l10n.json'), path.join(root, 'l10n', `bundle.l10n.${language}.json`));
  const manifest = pseudoFile(path.join(root, 'package.nls.json'), path.join(root, `package.nls.${language}.json`));
  console.log(`[e2e] pseudo-translated ${messages} messages and ${manifest} manifest strings into ${language}`);
}

/** What is left of `text` once every ⟦…⟧ (nested too) is taken out: the untranslated part. */
export function untranslated(text: string): string {
  let rest = text;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, '');
  }
  return rest;
}
