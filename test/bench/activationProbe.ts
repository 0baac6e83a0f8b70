// Runs in a fresh Node process (bundled by the bench with esbuild, so no TypeScript loader skews the
// timings). Usage: node probe.cjs extension <dist/extension.js> <extensionRoot>
//                  node probe.cjs require <bundle.js>
// Prints one JSON line: { requireMs, activateMs?, ... }.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { createExtensionContext, installVscodeStub } from '../support/vscodeStub';

export interface ProbeResult {
  readonly requireMs: number;
  readonly activateMs?: number;
  readonly subscriptions?: number;
  readonly calls?: Record<string, number>;
  readonly fallbacks?: string[];
  readonly error?: string;
}

function main(): ProbeResult {
  const [mode, file, root] = process.argv.slice(2);
  if (!file || (mode !== 'extension' && mode !== 'require')) {
    throw new Error('usage: probe extension <file> <root> | probe require <file>');
  }
  const load = createRequire(__filename);
  if (mode === 'require') {
    const started = performance.now();
    load(file);
    return { requireMs: performance.now() - started };
  }
  const record = installVscodeStub();
  const started = performance.now();
  const extension = load(file) as { activate(context: unknown): unknown };
  const required = performance.now();
  const context = createExtensionContext(root ?? process.cwd(), record);
  const before = performance.now();
  const returned = extension.activate(context);
  const activateMs = performance.now() - before;
  if (returned !== undefined && typeof (returned as { then?: unknown }).then === 'function') {
    throw new Error('activate() returned a promise: VS Code would wait for it');
  }
  return {
    requireMs: required - started,
    activateMs,
    subscriptions: context.subscriptions.length,
    calls: record.counts,
    fallbacks: [...record.fallbacks],
  };
}

let result: ProbeResult;
try {
  result = main();
} catch (error) {
  result = { requireMs: Number.NaN, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
// Timers the extension started (status bar, periodic refresh) must not keep the probe alive.
process.exit(0);
