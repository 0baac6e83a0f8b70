// A small stand-in for the `vscode` module, for unit tests of the thin VS Code-facing wrappers (src/ui): it records
// what reaches VS Code's window and log channel, and answers quick picks, input boxes and messages as told.
import Module from 'node:module';

export interface WindowCall {
  readonly api: string;
  readonly args: unknown[];
}

export interface FakeVscode {
  /** Every window call and every log line, oldest first. */
  readonly calls: WindowCall[];
  /** What the next message, quick pick or input box answers (a function gets the shown items or options). */
  answer: (api: string, args: unknown[]) => unknown;
}

const FAKE_ID = '/fake/node_modules/vscode/index.js';
let fake: FakeVscode | undefined;

class ThemeIcon {
  constructor(readonly id: string) {}
}

function channel(record: (api: string, args: unknown[]) => void): Record<string, unknown> {
  const methods = ['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace', 'clear', 'show', 'hide', 'dispose'];
  return {
    name: 'fake',
    logLevel: 1,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    ...Object.fromEntries(methods.map((method) => [method, (...args: unknown[]) => record(`log.${method}`, args)])),
  };
}

/** Installs the stand-in (once per process) and returns it with its record emptied. */
export function installFakeVscode(): FakeVscode {
  if (fake) {
    fake.calls.length = 0;
    fake.answer = () => undefined;
    return fake;
  }
  const state: FakeVscode = { calls: [], answer: () => undefined };
  const record = (api: string, args: unknown[]): unknown => {
    state.calls.push({ api, args });
    return state.answer(api, args);
  };
  const window = {
    showInformationMessage: (...args: unknown[]) => Promise.resolve(record('showInformationMessage', args)),
    showWarningMessage: (...args: unknown[]) => Promise.resolve(record('showWarningMessage', args)),
    showErrorMessage: (...args: unknown[]) => Promise.resolve(record('showErrorMessage', args)),
    showQuickPick: (...args: unknown[]) => Promise.resolve(record('showQuickPick', args)),
    showInputBox: (...args: unknown[]) => Promise.resolve(record('showInputBox', args)),
    setStatusBarMessage: (...args: unknown[]) => {
      record('setStatusBarMessage', args);
      return { dispose: () => undefined };
    },
    withProgress: (options: unknown, task: (progress: { report(value: unknown): void }, token: unknown) => unknown) => {
      record('withProgress', [options]);
      return Promise.resolve(task({ report: (value) => record('progress.report', [value]) }, { isCancellationRequested: false }));
    },
    createOutputChannel: (...args: unknown[]) => {
      record('createOutputChannel', args);
      return channel((api, lineArgs) => record(api, lineArgs));
    },
  };
  const internals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? FAKE_ID : resolve.call(this, request, ...rest);
  };
  const module = new Module(FAKE_ID);
  module.exports = { window, ThemeIcon, ProgressLocation: { Notification: 15 } };
  module.loaded = true;
  internals._cache[FAKE_ID] = module;
  fake = state;
  return state;
}
