// What every browser spec (test/e2e/specs/*.e2e.ts) gets from the runner: call `e2e()` inside a test or hook.
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { RunningEmulator } from '../emulator/index';
import type { RecordedAuthRequest } from '../fixtures/fake-auth/src/extension';
import type { RunningCodeServer } from './codeServer';
import type { Workbench } from './workbench';

export type { RecordedAuthRequest };

export interface E2EContext {
  page: Page;
  workbench: Workbench;
  /** The in-process emulator (clock, approve/deny, faults, latency, recorded requests, reset). */
  emulator: RunningEmulator;
  /** `http://127.0.0.1:<port>`: ARM and Graph (`/v1.0/...`) on one origin, control endpoints under `/_emulator/`. */
  emulatorUrl: string;
  codeServer: RunningCodeServer;
  /** The folder open in the editor. */
  workspaceFolder: string;
  /** Everything the fake Microsoft provider was asked, oldest first (never tokens). */
  authRequests(): RecordedAuthRequest[];
  /** Signs out of the fake provider everywhere and clears its request log (the runner does this before each spec file). */
  resetFakeAuth(): Promise<void>;
  /**
   * A second code-server (same emulator, product and fake sign-in, the test harness, a German language pack fixture)
   * in a new page, on a fresh folder: for specs about another display language or workspace trust.
   */
  startAnotherWorkbench(options: AnotherWorkbenchOptions): Promise<E2EContext & { close(): Promise<void> }>;
}

export interface AnotherWorkbenchOptions {
  name: string;
  /** Display language (a language pack for it is installed). */
  locale?: string;
  /** Runs after install, before start. */
  prepareExtensions?: (extensionsDir: string) => void;
  /**
   * Workspace trust on: VS Code asks on start whether to trust the folder (answer with
   * `workbench.answerWorkspaceTrust`), and Restricted Mode is real.
   */
  workspaceTrust?: boolean;
  /** Written into the (emptied) workspace folder before start: relative path → JSON value, as a repository would carry them. */
  workspaceFiles?: Record<string, unknown>;
  /** User settings over the usual ones (the emulator as a Custom cloud). */
  settings?: Record<string, unknown>;
  /** Environment for the server and its extension host (e.g. PIM_HARNESS_API_DIR for the test harness's API command). */
  env?: Record<string, string>;
}

let current: E2EContext | undefined;

export function setE2EContext(context: E2EContext | undefined): void {
  current = context;
}

export function e2e(): E2EContext {
  if (!current) {
    throw new Error('The e2e context is not set: run browser specs through `npm run test:e2e` (test/e2e/run.ts), not mocha directly.');
  }
  return current;
}

export function readAuthRequests(logFile: string): RecordedAuthRequest[] {
  try {
    return JSON.parse(fs.readFileSync(logFile, 'utf8')) as RecordedAuthRequest[];
  } catch {
    return [];
  }
}
