// `npm run test:e2e`: the extension in a real VS Code (code-server + headless Chromium) against the PIM emulator.
//  1. system packages and tools (node@24, code-server) — installed on first run, cached after;
//  2. `npm run package` (the product .vsix) and the test fixtures (fake Microsoft sign-in, test harness);
//  3. emulator (scenario e2e.json) and code-server with the three extensions installed;
//  4. extension-host suites (test/suite/*.test.ts) through the harness, then browser specs (test/e2e/specs/*.e2e.ts).
// Ends with `exthost: N passed, N failed` and `e2e: N passed, N failed`; exits non-zero on any failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { loadScenario, startEmulator, type RunningEmulator } from '../emulator/index';
import type { HarnessResult } from '../fixtures/test-harness/src/extension';
import { plainMochaOutput } from '../support/plainMocha';
import { writeAnimatedPng } from './animate';
import { buildFixtures, buildSuites } from './build';
import { startCodeServer, type CodeServerOptions, type RunningCodeServer } from './codeServer';
import { readAuthRequests, setE2EContext, type E2EContext } from './context';
import { exec } from './exec';
import { productVsix, repoRoot, screenshotsDir, testResultsDir, vscodeTestDir } from './paths';
import { trustEmulatorIfAsked } from './pim';
import { ensureCodeServer, ensureSystemPackages } from './tools';
import { confirmToolInvocationIfAsked } from './toolConfirmations';
import { launchChromium, Workbench } from './workbench';

const runDir = path.join(vscodeTestDir, 'e2e-run');
const logsDir = path.join(testResultsDir, 'e2e');
const workspaceFolder = path.join(runDir, 'workspace');
const specsDir = path.join(repoRoot, 'test', 'e2e', 'specs');
const scenarioFile = path.resolve(process.env.PIM_E2E_SCENARIO ?? path.join(repoRoot, 'test', 'emulator', 'scenarios', 'e2e.json'));
const exthostResultsFile = path.join(logsDir, 'exthost-results.json');
const exthostDialogsFile = path.join(logsDir, 'exthost-tool-confirmations.jsonl');
const fakeAuthLog = path.join(logsDir, 'fake-auth-requests.json');
const EXTHOST_TIMEOUT_MS = Number(process.env.PIM_EXTHOST_TIMEOUT_MS ?? 180_000);

interface Counts {
  passed: number;
  failed: number;
}

const started = Date.now();
function phase(message: string): void {
  console.log(`\n[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

/** Stops what was started, newest first; safe to call twice (normal end and Ctrl-C). */
class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`[e2e] stopping ${step.name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

/** The Azure-roles walk-through as one animated PNG (the README shows it). */
function writeCapture(): void {
  const frames = ['02-roles-tree', '02-activation-form', '02-activation-done', '02-status-bar', '02-approved', '02-after-expiry']
    .map((name) => path.join(screenshotsDir, `${name}.png`))
    .filter((file) => fs.existsSync(file));
  if (frames.length < 2) {
    return;
  }
  const output = path.join(screenshotsDir, 'azure-roles-walkthrough.png');
  try {
    writeAnimatedPng(frames, output, 1800);
    console.log(`[e2e] animated capture: ${path.relative(repoRoot, output)} (${frames.length} frames)`);
  } catch (error) {
    console.warn(`[e2e] could not write the animated capture: ${(error as Error).message}`);
  }
}

async function packageProduct(): Promise<void> {
  if (process.env.PIM_E2E_SKIP_PACKAGE) {
    // For iterating on specs: reuse the .vsix from an earlier `npm run package`.
    if (!fs.existsSync(productVsix)) {
      throw new Error(`PIM_E2E_SKIP_PACKAGE is set but ${productVsix} does not exist; run \`npm run package\` once.`);
    }
    console.log(`[e2e] PIM_E2E_SKIP_PACKAGE: reusing ${path.relative(repoRoot, productVsix)}`);
    return;
  }
  try {
    await exec('npm', ['run', 'package'], { cwd: repoRoot, timeoutMs: 180_000 });
    console.log(`[e2e] ${path.relative(repoRoot, productVsix)}: ${(fs.statSync(productVsix).size / 1024).toFixed(1)} KB (installed into code-server below)`);
  } catch (error) {
    throw new Error(`\`npm run package\` failed, so there is no ${path.relative(repoRoot, productVsix)} to install.\n${(error as Error).message}`);
  }
  if (!fs.existsSync(productVsix)) {
    throw new Error(`\`npm run package\` succeeded but did not produce ${productVsix}.`);
  }
}

/**
 * Waits for the harness's results. Meanwhile answers "wants to sign in" prompts with Allow, and the product's
 * question about the emulator (a custom endpoint) with Trust, standing in for the user so suites can call
 * `getSession(..., { createIfNone: true })` and sign the product in.
 */
async function waitForExthostResults(codeServer: RunningCodeServer, workbench: Workbench, emulatorUrl: string): Promise<HarnessResult> {
  const deadline = Date.now() + EXTHOST_TIMEOUT_MS;
  while (!fs.existsSync(exthostResultsFile)) {
    if (await workbench.allowAuthenticationDialog(500)) {
      console.log('[e2e] allowed a sign-in prompt for the extension-host suites');
    }
    if (await trustEmulatorIfAsked(workbench, emulatorUrl, 500)) {
      console.log('[e2e] confirmed the emulator endpoint for the extension-host suites');
    }
    if (await confirmToolInvocationIfAsked(workbench, exthostDialogsFile, 500)) {
      console.log('[e2e] confirmed a language-model tool invocation for the extension-host suites');
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The extension-host suites did not report within ${EXTHOST_TIMEOUT_MS / 1000} s (no ${exthostResultsFile}).\n` +
          `Look at the extension host log under ${path.join(codeServer.userDataDir, 'logs')} (exthost*/remoteexthost.log) and ${codeServer.logFile}; ` +
          `the "PIM Test Harness" output channel shows what the harness did. A suite that never finishes also ends up here.`,
      );
    }
  }
  return JSON.parse(fs.readFileSync(exthostResultsFile, 'utf8')) as HarnessResult;
}

/** Signs out of the fake `microsoft` provider everywhere and clears its request log (see test/fixtures/fake-auth). */
function resetFakeAuth(workbench: Workbench): Promise<void> {
  return workbench.runCommand('Sign Out Everywhere and Clear Recorded Requests');
}

/** Runs the browser specs in one mocha run; the emulator is reset before each spec file. */
async function runBrowserSpecs(emulator: RunningEmulator, workbench: Workbench): Promise<Counts> {
  const specFiles = fs
    .readdirSync(specsDir)
    .filter((name) => name.endsWith('.e2e.ts'))
    .sort()
    .map((name) => path.join(specsDir, name));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    slow: 10_000,
    // A skipped or focused test is not a passing test.
    forbidOnly: true,
    forbidPending: true,
    grep: process.env.PIM_E2E_GREP,
    rootHooks: {
      async afterEach(this: Mocha.Context) {
        const test = this.currentTest;
        if (test?.state === 'failed') {
          const shot = await workbench.screenshot(`failed-${test.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`).catch(() => undefined);
          if (shot) {
            console.log(`      screenshot: ${path.relative(repoRoot, shot)}`);
          }
        }
      },
    },
  });
  specFiles.forEach((file) => mocha.addFile(file));
  await mocha.loadFilesAsync();
  for (const specSuite of mocha.suite.suites) {
    // Each spec file starts from the same state: the scenario as loaded, nobody signed in, no notifications,
    // no dialog or editor left open by the previous file.
    // The hook must run before the file's own `before` hooks, so it goes first in mocha's hook list.
    specSuite.beforeAll('reset emulator, sign-in, notifications and editors', async () => {
      await workbench.tidyUp();
      emulator.reset();
      await resetFakeAuth(workbench);
      await workbench.clearNotifications();
    });
    const hooks = (specSuite as unknown as { _beforeAll: unknown[] })._beforeAll;
    hooks.unshift(hooks.pop());
  }
  const stats = await new Promise<Mocha.Stats | undefined>((resolve) => {
    // Plain text for CI logs: the spec reporter reads these globals, not only the `color` option.
    plainMochaOutput();
    const runner = mocha.run(() => resolve(runner.stats));
  });
  return { passed: stats?.passes ?? 0, failed: stats?.failures ?? 0 };
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  const interrupt = (signal: NodeJS.Signals): void => {
    console.error(`\n[e2e] ${signal}: stopping code-server, browser and emulator...`);
    void cleanup.runAll().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  let exthost: Counts = { passed: 0, failed: 0 };
  let browserSpecs: Counts = { passed: 0, failed: 0 };
  let infrastructureError: Error | undefined;
  try {
    fs.rmSync(logsDir, { recursive: true, force: true });
    fs.rmSync(screenshotsDir, { recursive: true, force: true });
    fs.mkdirSync(logsDir, { recursive: true });

    phase('checking system packages and tools (node@24, code-server)');
    await ensureSystemPackages();
    const tools = await ensureCodeServer();

    phase('packaging the extension (npm run package) and building the test fixtures and suites');
    const [fixtures, suitesBundle] = await Promise.all([buildFixtures(), buildSuites(), packageProduct()]);

    phase('starting the emulator and code-server');
    const emulatorLog = fs.createWriteStream(path.join(logsDir, 'emulator.log'));
    cleanup.add('emulator log', () => new Promise((resolve) => emulatorLog.end(resolve)));
    const emulator = await startEmulator({ scenario: loadScenario(scenarioFile), port: 0, host: '127.0.0.1', log: (line) => emulatorLog.write(`${line}\n`) });
    cleanup.add('emulator', () => emulator.close());

    fs.mkdirSync(workspaceFolder, { recursive: true });
    const emulatorSettings = {
      'azurePim.cloud': 'Custom',
      'azurePim.customCloud.resourceManagerEndpoint': emulator.url,
      'azurePim.customCloud.microsoftGraphEndpoint': emulator.url,
    };
    /** A code-server with the product and the fake sign-in, pointed at the emulator; `extra` adds to it. */
    const startInstance = (name: string, authLog: string, extra: Partial<CodeServerOptions> & { vsixFiles?: readonly string[] } = {}): Promise<RunningCodeServer> =>
      startCodeServer({
        tools,
        runDir: path.join(runDir, name),
        workspaceFolder,
        logFile: path.join(logsDir, `${name}.log`),
        settings: emulatorSettings,
        ...extra,
        vsixFiles: [productVsix, fixtures['fake-auth'], ...(extra.vsixFiles ?? [])],
        env: { PIM_EMULATOR_URL: emulator.url, PIM_FAKE_AUTH_LOG: authLog, ...extra.env },
      });
    const codeServer = await startInstance('code-server', fakeAuthLog, {
      vsixFiles: [fixtures['test-harness']],
      env: { PIM_EXTHOST_SUITES: suitesBundle, PIM_EXTHOST_RESULTS: exthostResultsFile, PIM_EXTHOST_DIALOGS: exthostDialogsFile },
    });
    cleanup.add('code-server', () => codeServer.stop());

    phase(`opening the workbench in Chromium (${codeServer.workbenchUrl})`);
    let browser: Browser | undefined = await launchChromium();
    cleanup.add('browser', async () => {
      await browser?.close();
      browser = undefined;
    });
    const workbench = await Workbench.open(browser, codeServer.workbenchUrl);

    phase('extension-host suites (test/suite/*.test.ts, run by the test-harness extension)');
    const harness = await waitForExthostResults(codeServer, workbench, emulator.url);
    console.log(harness.output);
    exthost = { passed: harness.passed, failed: harness.failed };
    if (harness.failed > 0 && harness.passed === 0 && harness.failures[0]?.title.startsWith('run ')) {
      console.error(harness.failures[0].error);
    }

    phase('browser specs (test/e2e/specs/*.e2e.ts)');
    const contextFor = (server: RunningCodeServer, bench: Workbench, authLog: string, folder: string): E2EContext => ({
      page: bench.page,
      workbench: bench,
      emulator,
      emulatorUrl: emulator.url,
      codeServer: server,
      workspaceFolder: folder,
      authRequests: () => readAuthRequests(authLog),
      resetFakeAuth: () => resetFakeAuth(bench),
      startAnotherWorkbench: async ({ name, locale, prepareExtensions, workspaceTrust, workspaceFiles, settings, env }) => {
        if (!browser) {
          throw new Error('The browser is closed.');
        }
        const authLog2 = path.join(logsDir, `${name}-fake-auth-requests.json`);
        const folder = path.join(runDir, `${name}-workspace`);
        fs.rmSync(folder, { recursive: true, force: true });
        fs.mkdirSync(folder, { recursive: true });
        for (const [relative, content] of Object.entries(workspaceFiles ?? {})) {
          const file = path.join(folder, relative);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, JSON.stringify(content, null, 2));
        }
        const server2 = await startInstance(name, authLog2, {
          workspaceFolder: folder,
          vsixFiles: [fixtures['language-pack-de'], fixtures['test-harness']],
          ...(locale ? { locale } : {}),
          ...(prepareExtensions ? { prepareExtensions } : {}),
          ...(workspaceTrust ? { workspaceTrust } : {}),
          ...(settings ? { settings: { ...emulatorSettings, ...settings } } : {}),
          ...(env ? { env } : {}),
        });
        try {
          const bench2 = await Workbench.open(browser, server2.workbenchUrl);
          return {
            ...contextFor(server2, bench2, authLog2, folder),
            close: async () => {
              await bench2.page.close();
              await server2.stop();
            },
          };
        } catch (error) {
          await server2.stop();
          throw error;
        }
      },
    });
    setE2EContext(contextFor(codeServer, workbench, fakeAuthLog, workspaceFolder));
    browserSpecs = await runBrowserSpecs(emulator, workbench);
  } catch (error) {
    infrastructureError = error instanceof Error ? error : new Error(String(error));
  } finally {
    setE2EContext(undefined);
    phase('stopping browser, code-server and emulator');
    await cleanup.runAll();
  }

  writeCapture();
  if (infrastructureError) {
    console.error(`\n[e2e] The test infrastructure failed before the tests could finish:\n${infrastructureError.stack ?? infrastructureError.message}`);
  }
  console.log(`\nLogs: ${path.relative(repoRoot, logsDir)}/ — screenshots: ${path.relative(repoRoot, screenshotsDir)}/ — took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`exthost: ${exthost.passed} passed, ${exthost.failed} failed`);
  console.log(`e2e: ${browserSpecs.passed} passed, ${browserSpecs.failed} failed`);
  return infrastructureError || exthost.failed > 0 || browserSpecs.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
