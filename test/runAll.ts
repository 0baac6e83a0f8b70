// `npm test`: every check and every test layer, in order, with one summary at the end.
//   typecheck (tsc -b: extension, webview and test projects) → lint (eslint, zero warnings) → unit (mocha: the product)
//   → emulator (mocha: the PIM emulator's own tests, test/unit/emulator) → editor + browser (test/e2e/run.ts)
// The emulator's tests check the test double against Microsoft's documents, not the product: they are their own layer,
// never counted as product tests. Each layer's own output is shown as it runs; the last line is `all: N passed, N failed`.
// PIM_SKIP_E2E=1 runs only the fast layers (for a quick local loop; CI never sets it).
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
/** The emulator's own tests: their own mocha config; the root .mocharc.json covers test/unit/** and the unit layer skips them. */
const EMULATOR_TESTS = 'test/unit/emulator/**';

interface Layer {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Pulls `passed`/`failed` out of the layer's output; checks without counts report 1 passed or 1 failed. */
  readonly count?: (output: string) => { passed: number; failed: number } | undefined;
}

const mochaCounts = (output: string) => {
  const passing = /^\s*(\d+) passing/m.exec(output);
  if (!passing) {
    return undefined;
  }
  const failing = /^\s*(\d+) failing/m.exec(output);
  const pending = /^\s*(\d+) pending/m.exec(output);
  return { passed: Number(passing[1]), failed: Number(failing?.[1] ?? 0) + Number(pending?.[1] ?? 0) };
};

const summaryLine = (label: string) => (output: string) => {
  const matches = [...output.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'gm'))];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
};

const layers: Layer[] = [
  { name: 'typecheck', command: bin('tsc'), args: ['-b'] },
  { name: 'lint', command: bin('eslint'), args: ['--max-warnings', '0', '.'] },
  { name: 'unit', command: bin('mocha'), args: ['--no-color', '--ignore', EMULATOR_TESTS], count: mochaCounts },
  { name: 'emulator', command: bin('mocha'), args: ['--no-color', '--config', 'test/unit/emulator/.mocharc.json'], count: mochaCounts },
  ...(process.env.PIM_SKIP_E2E === '1'
    ? []
    : [
        {
          name: 'e2e',
          command: bin('tsx'),
          args: ['test/e2e/run.ts'],
          count: (output: string) => {
            const exthost = summaryLine('exthost')(output);
            const e2e = summaryLine('e2e')(output);
            if (!exthost && !e2e) {
              return undefined;
            }
            return { passed: (exthost?.passed ?? 0) + (e2e?.passed ?? 0), failed: (exthost?.failed ?? 0) + (e2e?.failed ?? 0) };
          },
        },
      ]),
];

function run(layer: Layer): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    console.log(`\n=== ${layer.name} ===`);
    const child = spawn(layer.command, [...layer.args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      output += String(error);
      resolve({ code: 1, output });
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<void> {
  const results: { name: string; passed: number; failed: number; code: number }[] = [];
  for (const layer of layers) {
    const { code, output } = await run(layer);
    const counted = layer.count?.(output);
    const passed = counted?.passed ?? (code === 0 ? 1 : 0);
    // A layer that exits non-zero without counting a failure still failed (e.g. it could not start).
    const failed = counted ? counted.failed + (code !== 0 && counted.failed === 0 ? 1 : 0) : code === 0 ? 0 : 1;
    results.push({ name: layer.name, passed, failed, code });
  }
  console.log('\n=== summary ===');
  for (const result of results) {
    console.log(`${result.name}: ${result.passed} passed, ${result.failed} failed`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`all: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0;
}

void main();
