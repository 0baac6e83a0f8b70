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
   * A second code-server (same emulator, product and fake sign-in, plus a German language pack fixture) in a new
   * page: for specs about another display language. `prepareExtensions` runs after install, before start.
   */
  startAnotherWorkbench(options: { name: string; locale?: string; prepareExtensions?: (extensionsDir: string) => void }): Promise<E2EContext & { close(): Promise<void> }>;
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
