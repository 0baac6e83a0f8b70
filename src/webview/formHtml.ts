// The activation form's HTML shell. Pure (no `vscode` import) so the CSP can be unit tested.
import { canonicalLocale } from '../shared/locale';

export interface FormHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** From createNonce(); one per rendered page. */
  readonly nonce: string;
  /** `webview.asWebviewUri(...)` of dist/webview/main.js, as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(...)` of media/form.css, as a string. */
  readonly styleUri: string;
  /** codicon.css; vscode-icon looks for a <link id="vscode-codicon-stylesheet">. */
  readonly codiconsUri?: string;
  readonly title: string;
  /** VS Code's display language (`vscode.env.language`): the page's lang, and the form's lists and dates. */
  readonly language: string;
  /** Shown until the form script starts. */
  readonly loadingText: string;
  /** `vscode.l10n.bundle`: the form's translations (undefined for English). */
  readonly l10nBundle?: Readonly<Record<string, string>>;
}

const NONCE_SHAPE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
/**
 * `webview.cspSource`: one or more source expressions separated by spaces (VS Code 1.139 gives
 * `'self' https://*.vscode-cdn.net`). Keywords must be quoted 'self'; nothing may add a directive (`;`, `,`)
 * or loosen the policy ('unsafe-inline', 'unsafe-eval', *).
 */
const SOURCE_EXPRESSION = /^(?:'self'|[a-z][a-z0-9+.-]*:(?:\/\/[^\s;,'"*][^\s;,'"]*|\/\/\*\.[^\s;,'"]+)?)$/i;

function isSourceList(value: string): boolean {
  const parts = value.trim().split(/\s+/);
  return value.trim() !== '' && parts.every((part) => SOURCE_EXPRESSION.test(part));
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The Content-Security-Policy for the form.
 *
 * - Scripts: only our bundle, by nonce. No 'unsafe-eval', no inline handlers.
 * - Styles: our stylesheet and codicons come from `cspSource`; the nonce also admits a nonce'd
 *   <style>. No 'unsafe-inline': @vscode-elements/elements (Lit) styles its shadow roots with
 *   constructable stylesheets (adoptedStyleSheets), and it sets dynamic styles through CSSOM
 *   (`.style` property bindings, see its stylePropertyMap directive), and CSP governs neither.
 *   Lit only falls back to <style> elements in browsers without adoptedStyleSheets, which VS Code's
 *   Chromium is not. Verified in headless Chromium: no securitypolicyviolation with this policy.
 * - `frame-ancestors` is left out on purpose: browsers ignore it in a <meta> CSP (and log an
 *   error), and VS Code already controls which frame hosts the webview.
 */
export function formContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function renderFormHtml(options: FormHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, codiconsUri, title, loadingText, l10nBundle } = options;
  if (!NONCE_SHAPE.test(nonce)) {
    throw new Error('renderFormHtml: the nonce must be base64 or base64url (use createNonce).');
  }
  if (!isSourceList(cspSource)) {
    throw new Error('renderFormHtml: cspSource must be a list of CSP source expressions.');
  }
  const attr = escapeHtml;
  const codicons =
    codiconsUri === undefined
      ? ''
      : `\n    <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(codiconsUri)}" nonce="${attr(nonce)}">`;
  return `<!DOCTYPE html>
<html lang="${attr(canonicalLocale(options.language) ?? 'en')}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(formContentSecurityPolicy(cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${attr(styleUri)}" nonce="${attr(nonce)}">${codicons}
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <main id="app" aria-busy="true"${l10nBundle === undefined ? '' : ` data-l10n="${attr(JSON.stringify(l10nBundle))}"`}>
      <h1 id="formTitle">${escapeHtml(title)}</h1>
      <p id="loading">${escapeHtml(loadingText)}</p>
    </main>
    <script type="module" nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
  </body>
</html>
`;
}
