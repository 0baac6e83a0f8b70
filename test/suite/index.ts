// Mocha runner for the extension-host suites (test/suite/*.test.ts), bundled with mocha into
// out/test/suite/index.js next to one bundle per suite. Two hosts load it:
//  - @vscode/test-electron (`npm run test:electron`, desktop VS Code) calls `run()`;
//  - the test-harness extension inside code-server (`npm run test:e2e`) calls `runSuites()` for the counts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { plainMochaOutput } from '../support/plainMocha';

export interface SuiteFailure {
  title: string;
  error: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  failures: SuiteFailure[];
  /** The spec reporter's text. */
  output: string;
}

export interface RunSuitesOptions {
  /** Receives each line of the reporter's output (besides the console). */
  log?: (line: string) => void;
  /** Only run tests whose full title matches (also PIM_EXTHOST_GREP). */
  grep?: string;
}

function suiteFiles(): string[] {
  return fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(__dirname, name));
}

export async function runSuites(options: RunSuitesOptions = {}): Promise<SuiteResult> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', forbidOnly: true });
  plainMochaOutput();
  const grep = options.grep ?? process.env.PIM_EXTHOST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  const files = suiteFiles();
  if (files.length === 0) {
    throw new Error(`No *.test.js files next to ${__filename}; build the suites first (test/e2e/build.ts).`);
  }
  files.forEach((file) => mocha.addFile(file));

  // The reporter prints through Base.consoleLog; tee it so the caller gets the text too.
  const lines: string[] = [];
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const originalConsoleLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    const text = format(...args);
    lines.push(text);
    options.log?.(text);
    originalConsoleLog(...args);
  };

  const failures: SuiteFailure[] = [];
  try {
    const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 0, pending: 0 } as Mocha.Stats));
        runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), error: error.stack ?? error.message }));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    return { passed: stats.passes, failed: stats.failures, pending: stats.pending, failures, output: lines.join('\n') };
  } finally {
    base.consoleLog = originalConsoleLog;
  }
}

/** The entry point @vscode/test-electron expects: resolves when every test passed. */
export async function run(): Promise<void> {
  const result = await runSuites();
  if (result.failed > 0) {
    throw new Error(`${result.failed} extension-host test(s) failed.`);
  }
}
