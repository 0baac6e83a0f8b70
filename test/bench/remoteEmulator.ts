// The PIM emulator in a child process for the benchmark, driven through its control endpoints (/_emulator/...).
// In the bench's own process the emulator's work for each answer would run on the same thread as the client's and
// be counted as the client's: twenty parallel calls would look sequential. A real service answers from elsewhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoggedRequest, Scenario } from '../emulator';

export interface BenchEmulator {
  readonly url: string;
  /** Every API call so far (control calls are not logged). */
  requests(): Promise<LoggedRequest[]>;
  /** The emulator's clock (it runs in real time from the scenario's start, plus what was advanced). */
  now(): Date;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRemoteEmulator(scenario: Scenario): Promise<BenchEmulator> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pim-bench-emulator-'));
  const file = path.join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const cli = path.join(__dirname, '../emulator/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--scenario', file, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await listeningUrl(child);
    const control = async (method: string, route: string, body?: unknown): Promise<unknown> => {
      const response = await fetch(`${url}/_emulator/${route}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      if (!response.ok) {
        throw new Error(`${method} /_emulator/${route} answered ${response.status}`);
      }
      return response.json();
    };
    const clockNow = async (): Promise<number> => Date.parse(((await control('GET', 'clock')) as { now: string }).now);
    let offsetMs = (await clockNow()) - Date.now();
    return {
      url,
      requests: async () => (await control('GET', 'requests')) as LoggedRequest[],
      now: () => new Date(Date.now() + offsetMs),
      advance: async (ms: number) => {
        await control('POST', 'clock/advance', { seconds: ms / 1000 });
        offsetMs = (await clockNow()) - Date.now();
      },
      close: async () => {
        child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code ?? 'signal'}) before listening: ${text}`)));
  });
}
