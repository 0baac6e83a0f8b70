import * as assert from 'node:assert/strict';
import { formContentSecurityPolicy, renderFormHtml } from '../../src/webview/formHtml';
import { createNonce } from '../../src/webview/nonce';

const CSP_SOURCE = 'https://*.vscode-cdn.net';

function render(overrides: Partial<Parameters<typeof renderFormHtml>[0]> = {}): { html: string; nonce: string } {
  const nonce = createNonce();
  const html = renderFormHtml({
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/form.css',
    title: 'Activate roles',
    language: 'en',
    loadingText: 'Loading…',
    ...overrides,
  });
  return { html, nonce };
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match?.[1], 'CSP meta tag present');
  return match[1].replace(/&#39;/g, "'");
}

describe('createNonce', () => {
  it('returns 32 base64url characters, different each time', () => {
    const a = createNonce();
    assert.match(a, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(a, createNonce());
  });
});

describe('renderFormHtml', () => {
  it('declares a strict CSP before any resource', () => {
    const { html, nonce } = render();
    const csp = cspOf(html);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [CSP_SOURCE, `'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('font-src'), [CSP_SOURCE]);
    assert.deepEqual(directives.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*(?!\.vscode-cdn)|https:(?!\/\/)/);
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'CSP precedes the stylesheets');
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'CSP precedes the script');
  });

  it('puts the nonce on every script and stylesheet tag', () => {
    const { html, nonce } = render({ codiconsUri: 'https://x.vscode-cdn.net/codicon.css' });
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    for (const tag of scripts) {
      assert.ok(tag.includes(`nonce="${nonce}"`), tag);
      assert.ok(tag.includes('type="module"'), tag);
    }
    const links = html.match(/<link\b[^>]*>/g) ?? [];
    assert.equal(links.length, 2);
    for (const tag of links) {
      assert.ok(tag.includes(`nonce="${nonce}"`), tag);
    }
    assert.ok(html.includes('id="vscode-codicon-stylesheet"'));
  });

  it('has no inline scripts, inline handlers or inline styles', () => {
    const { html } = render({ title: 'x" onload="alert(1)' });
    assert.doesNotMatch(html, /<script\b(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(html, /<style\b/i);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    assert.ok(tags.length > 5);
    for (const tag of tags) {
      assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, tag);
      assert.doesNotMatch(tag, /\sstyle\s*=/i, tag);
      assert.doesNotMatch(tag, /javascript:/i, tag);
    }
  });

  it('escapes the title and the URIs', () => {
    const { html } = render({
      title: '<script>alert("x")</script> & \'Owner\'',
      scriptUri: 'https://x/main.js"><script>alert(1)</script>',
    });
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Owner&#39;</title>'));
    assert.ok(html.includes('src="https://x/main.js&quot;&gt;&lt;script&gt;'));
  });

  it('refuses a nonce or cspSource that could smuggle in CSP directives', () => {
    assert.throws(() => render({ nonce: "abc'; script-src *" }));
    assert.throws(() => render({ nonce: 'short' }));
    assert.throws(() => render({ cspSource: "https://x; script-src 'unsafe-inline'" }));
    assert.throws(() => render({ cspSource: '' }));
    assert.throws(() => render({ cspSource: "'self' 'unsafe-inline'" }));
    assert.throws(() => render({ cspSource: '*' }));
    assert.throws(() => render({ cspSource: "'self' https://x,script-src" }));
  });

  it("accepts VS Code's multi-source cspSource", () => {
    const { html } = render({ cspSource: "'self' https://*.vscode-cdn.net" });
    assert.match(html, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net &#39;nonce-/);
    assert.doesNotThrow(() => render({ cspSource: 'vscode-webview-resource:' }));
    assert.doesNotThrow(() => render({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net' }));
  });

  it('leaves out frame-ancestors, which browsers ignore in a meta CSP', () => {
    assert.doesNotMatch(formContentSecurityPolicy(CSP_SOURCE, createNonce()), /frame-ancestors/);
  });

  it('speaks the display language: lang, loading text and the bundle, all escaped', () => {
    const bundle = { 'Activate': 'Aktivieren', '{0} on {1}': '{0} für "{1}" </main><script>x</script>' };
    const { html } = render({ language: 'de', loadingText: 'Wird geladen <…>', l10nBundle: bundle });
    assert.match(html, /<html lang="de">/);
    assert.ok(html.includes('<p id="loading">Wird geladen &lt;…&gt;</p>'));
    const attribute = /<main id="app" aria-busy="true" data-l10n="([^"]*)">/.exec(html)?.[1];
    assert.ok(attribute, 'data-l10n on #app');
    assert.ok(!html.includes('<script>x'));
    const decoded = attribute.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), bundle);
  });

  it('falls back to lang="en" and no bundle attribute for English or a malformed language', () => {
    const { html } = render({ language: 'not a tag"><script>' });
    assert.match(html, /<html lang="en">/);
    assert.doesNotMatch(html, /data-l10n/);
    assert.match(render({ language: 'pt-br' }).html, /<html lang="pt-BR">/);
  });
});
