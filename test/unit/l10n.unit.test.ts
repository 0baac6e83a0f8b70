// The code against l10n/bundle.l10n.json: every vscode.l10n.t message (VS Code layer) and every l10n.t message
// from @vscode/l10n (src/core, src/shared) is a plain string literal and a key of the bundle, the bundle holds
// nothing else, and no notification shows untranslated literal text. `npm run l10n` (@vscode/l10n-dev) rewrites the
// bundle from the sources.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The layer that imports `vscode` and uses vscode.l10n.t. */
const VSCODE_LAYER = [
  'src/extension.ts',
  'src/commands',
  'src/views',
  'src/statusBar',
  'src/webview/activationPanel.ts',
  'src/webview/reactivationChoice.ts',
  'src/auth',
  'src/workspace',
  'src/favorites',
  'src/approvals',
  'src/terminal',
];

/**
 * The layers without `vscode`: they use l10n.t from @vscode/l10n, configured with the same bundle in activate(),
 * and in the webview from the bundle the panel puts on the page (webview-ui/language.ts).
 */
const CORE_LAYER = ['src/core', 'src/shared', 'webview-ui'];

function tsFiles(relative: string): string[] {
  const full = path.join(root, relative);
  if (fs.statSync(full).isFile()) {
    return [full];
  }
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(path.join(relative, entry.name)) : entry.name.endsWith('.ts') ? [path.join(full, entry.name)] : [],
  );
}

function read(layer: readonly string[]): { file: string; text: string }[] {
  return layer.flatMap(tsFiles).map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }));
}

const vscodeSources = read(VSCODE_LAYER);
const coreSources = read(CORE_LAYER);
const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;

/** A JS string literal's value (the sources only escape quotes and backslashes). */
function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

interface Call {
  readonly file: string;
  readonly line: number;
  readonly firstArgument: string;
}

/** Each call of `name(` in the sources, with the start of its first argument. */
function calls(pattern: RegExp, sources = vscodeSources): Call[] {
  return sources.flatMap(({ file, text }) =>
    [...text.matchAll(pattern)].map((match) => {
      const index = (match.index ?? 0) + match[0].length;
      return { file, line: text.slice(0, index).split('\n').length, firstArgument: text.slice(index).trimStart() };
    }),
  );
}

const STRING_LITERAL = /^('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/;

describe('l10n bundle', () => {
  const vscodeCalls = calls(/\bvscode\.l10n\.t\(/g);
  const coreCalls = calls(/(?<![\w.])l10n\.t\(/g, coreSources);
  const l10nCalls = [...vscodeCalls, ...coreCalls];
  const messages = l10nCalls.flatMap((call) => {
    const literal = STRING_LITERAL.exec(call.firstArgument)?.[1];
    return literal ? [unquote(literal)] : [];
  });

  it('finds the localised strings', () => {
    assert.ok(vscodeCalls.length > 50, `only ${vscodeCalls.length} vscode.l10n.t calls found`);
    assert.ok(coreCalls.length > 50, `only ${coreCalls.length} l10n.t calls found in src/core and src/shared`);
  });

  it('src/core, src/shared and webview-ui take l10n from @vscode/l10n, never from vscode', () => {
    const bad = coreSources
      .filter(({ text }) => /\bfrom 'vscode'|require\('vscode'\)/.test(text) || (/(?<![\w.])l10n\.t\(/.test(text) && !text.includes("import * as l10n from '@vscode/l10n';")))
      .map(({ file }) => file);
    assert.deepEqual(bad, []);
  });

  it('every l10n.t message is a plain string literal (no template, no variable)', () => {
    const bad = l10nCalls.filter((call) => !STRING_LITERAL.test(call.firstArgument)).map((call) => `${call.file}:${call.line}`);
    assert.deepEqual(bad, []);
  });

  it('every message is a key of l10n/bundle.l10n.json with its English text', () => {
    const missing = messages.filter((message) => bundle[message] !== message);
    assert.deepEqual([...new Set(missing)], [], 'run `npm run l10n` to update l10n/bundle.l10n.json');
  });

  it('the bundle has no unused keys', () => {
    const used = new Set(messages);
    assert.deepEqual(Object.keys(bundle).filter((key) => !used.has(key)), [], 'run `npm run l10n` to update l10n/bundle.l10n.json');
  });

  it('no notification shows a literal string (it goes through vscode.l10n.t)', () => {
    const literal = calls(/\bshow(?:Information|Warning|Error)Message\(/g)
      .filter((call) => /^['"`]/.test(call.firstArgument))
      .map((call) => `${call.file}:${call.line}`);
    assert.deepEqual(literal, []);
  });

  it('the manifest points VS Code at the bundle, and the package ships it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!l10n/*.json'), '.vscodeignore must keep l10n/*.json');
  });
});
