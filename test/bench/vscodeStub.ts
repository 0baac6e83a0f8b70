// A minimal stand-in for the `vscode` module: just what the extension's activate() and the Roles tree
// touch, so their cost can be measured in plain Node. Anything else that is read is recorded as a
// "fallback" (and answered with a no-op) so the bench can report when the stub falls behind the product.
// authentication.getSession never settles: activate() must not wait for the network.
import Module from 'node:module';
import * as path from 'node:path';
import { EventSource as EventEmitter, type Disposable } from '../../src/core/model/events';

export interface StubRecord {
  /** Calls per API, e.g. "authentication.getSession": 1. */
  readonly calls: Record<string, number>;
  /** Members read that the stub does not define. */
  readonly fallbacks: Set<string>;
}

class StubDisposable implements Disposable {
  constructor(private readonly callOnDispose: () => unknown = () => undefined) {}
  static from(...items: Disposable[]): StubDisposable {
    return new StubDisposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  constructor(
    public value = '',
    readonly supportThemeIcons = false,
  ) {}
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
  appendText(text: string): this {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!]/g, '\\$&');
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

class TreeItem {
  constructor(
    public label: unknown,
    public collapsibleState = 0,
  ) {}
}

class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', fsPath);
  }
  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(url.protocol.replace(/:$/, ''), url.pathname);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

const NOT_FALLBACK = new Set<string | symbol>(['then', '__esModule', 'default', 'toJSON', 'constructor', 'prototype']);

/** Wraps `target` so that unknown members are recorded and answered with a no-op function. */
function recording<T extends object>(name: string, target: T, record: StubRecord): T {
  return new Proxy(target, {
    get(object, prop, receiver) {
      if (typeof prop === 'symbol' || prop in object || NOT_FALLBACK.has(prop)) {
        return Reflect.get(object, prop, receiver) as unknown;
      }
      record.fallbacks.add(`${name}.${prop}`);
      return () => new StubDisposable();
    },
  });
}

function counted<A extends unknown[], R>(record: StubRecord, name: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    record.calls[name] = (record.calls[name] ?? 0) + 1;
    return fn(...args);
  };
}

const event = (): ((listener: unknown) => Disposable) => () => new StubDisposable();

export function createVscodeStub(record: StubRecord): Record<string, unknown> {
  const logChannel = (name: string): object =>
    recording(
      'LogOutputChannel',
      {
        name,
        logLevel: 2,
        onDidChangeLogLevel: event(),
        trace: () => undefined,
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
        append: () => undefined,
        appendLine: () => undefined,
        replace: () => undefined,
        clear: () => undefined,
        show: () => undefined,
        hide: () => undefined,
        dispose: () => undefined,
      },
      record,
    );
  const window = recording(
    'window',
    {
      state: { focused: true, active: true },
      onDidChangeWindowState: event(),
      createOutputChannel: counted(record, 'window.createOutputChannel', (name: string) => logChannel(name)),
      createTreeView: counted(record, 'window.createTreeView', () =>
        recording(
          'TreeView',
          {
            selection: [],
            visible: true,
            message: undefined,
            title: undefined,
            description: undefined,
            badge: undefined,
            onDidChangeSelection: event(),
            onDidChangeVisibility: event(),
            onDidExpandElement: event(),
            onDidCollapseElement: event(),
            onDidChangeCheckboxState: event(),
            reveal: () => Promise.resolve(),
            dispose: () => undefined,
          },
          record,
        ),
      ),
      createStatusBarItem: counted(record, 'window.createStatusBarItem', () =>
        recording('StatusBarItem', { text: '', tooltip: undefined, command: undefined, name: undefined, backgroundColor: undefined, show: () => undefined, hide: () => undefined, dispose: () => undefined }, record),
      ),
      showInformationMessage: () => Promise.resolve(undefined),
      showWarningMessage: () => Promise.resolve(undefined),
      showErrorMessage: () => Promise.resolve(undefined),
      showQuickPick: () => Promise.resolve(undefined),
      showInputBox: () => Promise.resolve(undefined),
      withProgress: <T>(_options: unknown, task: (progress: { report(): void }) => Promise<T>) => task({ report: () => undefined }),
    },
    record,
  );
  const configuration = recording(
    'WorkspaceConfiguration',
    {
      get: <T>(_key: string, fallback?: T) => fallback,
      has: () => false,
      inspect: () => undefined,
      update: () => Promise.resolve(),
    },
    record,
  );
  const workspace = recording(
    'workspace',
    {
      getConfiguration: counted(record, 'workspace.getConfiguration', () => configuration),
      onDidChangeConfiguration: event(),
      workspaceFolders: undefined,
    },
    record,
  );
  const authentication = recording(
    'authentication',
    {
      // Never settles: proves activate() does not wait on sign-in or the network.
      getSession: counted(record, 'authentication.getSession', () => new Promise<never>(() => undefined)),
      onDidChangeSessions: event(),
    },
    record,
  );
  const commands = recording(
    'commands',
    {
      registerCommand: counted(record, 'commands.registerCommand', () => new StubDisposable()),
      executeCommand: counted(record, 'commands.executeCommand', () => Promise.resolve(undefined)),
    },
    record,
  );
  const tasks = recording('tasks', { registerTaskProvider: counted(record, 'tasks.registerTaskProvider', () => new StubDisposable()) }, record);
  const extensions = recording('extensions', { getExtension: () => undefined, all: [] }, record);
  return recording(
    'vscode',
    {
      version: '1.105.0',
      window,
      workspace,
      authentication,
      commands,
      tasks,
      extensions,
      env: recording('env', { language: 'en', appName: 'Visual Studio Code', uriScheme: 'vscode' }, record),
      // English: no bundle, messages are the source text with their {0} placeholders filled.
      l10n: recording(
        'l10n',
        {
          bundle: undefined,
          uri: undefined,
          t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (match, index: string) => (index in args ? String(args[Number(index)]) : match)),
        },
        record,
      ),
      EventEmitter,
      Disposable: StubDisposable,
      ThemeIcon,
      ThemeColor,
      MarkdownString,
      TreeItem,
      CancellationError,
      Uri,
      TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
      StatusBarAlignment: { Left: 1, Right: 2 },
      ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
      ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
      ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
      ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    },
    record,
  );
}

/** A Memento that keeps values in memory. */
function memento(): object {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? values.get(key) : fallback),
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
    setKeysForSync: () => undefined,
  };
}

/** An ExtensionContext with what activate() reads. */
export function createExtensionContext(extensionRoot: string, record: StubRecord): { subscriptions: Disposable[] } & Record<string, unknown> {
  return recording(
    'ExtensionContext',
    {
      subscriptions: [] as Disposable[],
      extensionUri: Uri.file(extensionRoot),
      extensionPath: extensionRoot,
      globalState: memento(),
      workspaceState: memento(),
      extensionMode: 1,
      asAbsolutePath: (relative: string) => path.join(extensionRoot, relative),
    },
    record,
  );
}

const STUB_ID = '\0vscode-stub';
let installed: StubRecord | undefined;

/** Makes `require('vscode')` return the stub in this process (idempotent). */
export function installVscodeStub(): StubRecord {
  if (installed) {
    return installed;
  }
  const record: StubRecord = { calls: {}, fallbacks: new Set() };
  const internals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? STUB_ID : resolve.call(this, request, ...rest);
  };
  const stubModule = new Module(STUB_ID);
  stubModule.exports = createVscodeStub(record);
  stubModule.loaded = true;
  internals._cache[STUB_ID] = stubModule;
  installed = record;
  return record;
}
