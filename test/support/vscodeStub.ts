// A stand-in for the `vscode` module, for plain Node: the host code's unit tests (src/ui, commands, status bar, the
// settings notice) and the benchmark's activate() probe. It records what reaches VS Code (messages, pickers, log lines,
// status bar items, executed commands), answers messages and pickers as a test says, and serves settings, workspace
// folders and files a test puts in. A member it does not define is recorded as a "fallback" and answered with a no-op,
// so the bench can report when the stand-in falls behind the product. authentication.getSession never settles:
// activate() must not wait for the network.
import Module from 'node:module';
import * as path from 'node:path';
import { EventSource as EventEmitter, type Disposable } from '../../src/core/model/events';

export interface WindowCall {
  readonly api: string;
  readonly args: unknown[];
}

export interface StubStatusBarItem {
  readonly id: string;
  text: string;
  tooltip: unknown;
  command: unknown;
  name: string | undefined;
  backgroundColor: unknown;
  accessibilityInformation: unknown;
  visible: boolean;
  disposed: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

/** A webview panel: what the host posted to the page, and the page's side (messages to the host, closing the tab). */
export interface StubWebviewPanel {
  readonly viewType: string;
  readonly title: string;
  /** Messages the host posted to the page, oldest first. */
  readonly posted: unknown[];
  disposed: boolean;
  /** The page sends a message to the host. */
  receive(message: unknown): void;
  /** The user closes the tab. */
  close(): void;
}

/** A setting as `WorkspaceConfiguration.inspect` reports it. */
export interface StubSetting {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

export interface StubRecord {
  /** Every window call (messages, pickers, progress, status bar messages) and log line (`log.info`, …), oldest first. */
  readonly calls: WindowCall[];
  /** What a message, quick pick or input box answers (a function gets the shown items or options). */
  answer: (api: string, args: unknown[]) => unknown;
  /** Status bar items in the order they were created. */
  readonly statusBarItems: StubStatusBarItem[];
  /** Webview panels in the order they were created. */
  readonly webviewPanels: StubWebviewPanel[];
  /** Commands run through vscode.commands.executeCommand. */
  readonly executedCommands: WindowCall[];
  /** Handlers given to vscode.commands.registerCommand, by command id. */
  readonly registeredCommands: Map<string, (...args: unknown[]) => unknown>;
  /** Settings by full key ("azurePim.tenants"), as inspect() reports them. */
  readonly settings: Map<string, StubSetting>;
  /** Full keys the code read through get() or inspect(), set or not. */
  readonly settingReads: Set<string>;
  /** Files the workspace holds, by path (workspace.fs). */
  readonly files: Map<string, string>;
  workspace: { trusted: boolean; folders: string[]; workspaceFile?: string };
  /** Calls per API, e.g. "authentication.getSession": 1. */
  readonly counts: Record<string, number>;
  /** Members read that the stand-in does not define. */
  readonly fallbacks: Set<string>;
  /** Tools registered with lm.registerTool, by name. */
  readonly languageModelTools: Map<string, unknown>;
  /** What env.clipboard holds. */
  clipboard: string;
  /** The active editor's selected text; undefined = no editor (window.activeTextEditor). */
  selection?: string;
  /** Providers given to window.registerTerminalLinkProvider. */
  readonly terminalLinkProviders: unknown[];
}

class LanguageModelTextPart {
  constructor(readonly value: string) {}
}

class LanguageModelToolResult {
  constructor(readonly content: unknown[]) {}
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
    record.counts[name] = (record.counts[name] ?? 0) + 1;
    return fn(...args);
  };
}

const event = (): ((listener: unknown) => Disposable) => () => new StubDisposable();

function emptyRecord(): StubRecord {
  return {
    calls: [],
    answer: () => undefined,
    statusBarItems: [],
    webviewPanels: [],
    executedCommands: [],
    registeredCommands: new Map(),
    settings: new Map(),
    settingReads: new Set(),
    files: new Map(),
    workspace: { trusted: true, folders: [] },
    counts: {},
    fallbacks: new Set(),
    languageModelTools: new Map(),
    clipboard: '',
    terminalLinkProviders: [],
  };
}

function createVscodeStub(record: StubRecord): Record<string, unknown> {
  const shown = (api: string, args: unknown[]): unknown => {
    record.calls.push({ api, args });
    return record.answer(api, args);
  };
  const logChannel = (name: string): object => {
    const log = (method: string) => (...args: unknown[]) => void record.calls.push({ api: `log.${method}`, args });
    const methods = ['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace', 'clear', 'show', 'hide', 'dispose'];
    return recording('LogOutputChannel', { name, logLevel: 2, onDidChangeLogLevel: event(), ...Object.fromEntries(methods.map((method) => [method, log(method)])) }, record);
  };
  const statusBarItem = (id: string): StubStatusBarItem => {
    const item: StubStatusBarItem = {
      id,
      text: '',
      tooltip: undefined,
      command: undefined,
      name: undefined,
      backgroundColor: undefined,
      accessibilityInformation: undefined,
      visible: false,
      disposed: false,
      show: () => void (item.visible = true),
      hide: () => void (item.visible = false),
      dispose: () => {
        item.visible = false;
        item.disposed = true;
      },
    };
    record.statusBarItems.push(item);
    return recording('StatusBarItem', item, record);
  };
  const webviewPanel = (viewType: string, title: string): object => {
    const messages = new EventEmitter<unknown>();
    const disposed = new EventEmitter<void>();
    const page: StubWebviewPanel = {
      viewType,
      title,
      posted: [],
      disposed: false,
      receive: (message) => messages.fire(message),
      close: () => panel.dispose(),
    };
    const webview = recording(
      'Webview',
      {
        html: '',
        options: {},
        cspSource: 'vscode-resource:',
        asWebviewUri: (uri: Uri) => uri,
        onDidReceiveMessage: messages.event,
        postMessage: (message: unknown) => {
          if (page.disposed) {
            throw new Error('Webview is disposed');
          }
          page.posted.push(message);
          return Promise.resolve(true);
        },
      },
      record,
    );
    const panel = recording(
      'WebviewPanel',
      {
        viewType,
        title,
        webview,
        iconPath: undefined,
        visible: true,
        onDidDispose: disposed.event,
        onDidChangeViewState: event(),
        reveal: () => undefined,
        dispose: () => {
          if (!page.disposed) {
            page.disposed = true;
            disposed.fire();
          }
        },
      },
      record,
    );
    record.webviewPanels.push(page);
    return panel;
  };
  const window = recording(
    'window',
    {
      createWebviewPanel: counted(record, 'window.createWebviewPanel', (viewType: string, title: string) => webviewPanel(viewType, title)),
      state: { focused: true, active: true },
      onDidChangeWindowState: event(),
      createOutputChannel: counted(record, 'window.createOutputChannel', (name: string, options?: unknown) => {
        record.calls.push({ api: 'createOutputChannel', args: [name, options] });
        return logChannel(name);
      }),
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
      createStatusBarItem: counted(record, 'window.createStatusBarItem', (id: string) => statusBarItem(id)),
      registerTerminalLinkProvider: counted(record, 'window.registerTerminalLinkProvider', (provider: unknown) => {
        record.terminalLinkProviders.push(provider);
        return new StubDisposable(() => record.terminalLinkProviders.splice(record.terminalLinkProviders.indexOf(provider), 1));
      }),
      get activeTextEditor() {
        const text = record.selection;
        return text === undefined ? undefined : { selection: { isEmpty: text === '' }, document: { getText: () => text } };
      },
      showInformationMessage: (...args: unknown[]) => Promise.resolve(shown('showInformationMessage', args)),
      showWarningMessage: (...args: unknown[]) => Promise.resolve(shown('showWarningMessage', args)),
      showErrorMessage: (...args: unknown[]) => Promise.resolve(shown('showErrorMessage', args)),
      showQuickPick: (...args: unknown[]) => Promise.resolve(shown('showQuickPick', args)),
      showInputBox: (...args: unknown[]) => Promise.resolve(shown('showInputBox', args)),
      setStatusBarMessage: (...args: unknown[]) => {
        shown('setStatusBarMessage', args);
        return new StubDisposable();
      },
      withProgress: (options: unknown, task: (progress: { report(value: unknown): void }, token: unknown) => unknown) => {
        shown('withProgress', [options]);
        return Promise.resolve(task({ report: (value) => void record.calls.push({ api: 'progress.report', args: [value] }) }, { isCancellationRequested: false, onCancellationRequested: event() }));
      },
    },
    record,
  );
  const configuration = (section: string | undefined): object =>
    recording(
      'WorkspaceConfiguration',
      {
        get: <T>(key: string, fallback?: T) => {
          record.settingReads.add(section ? `${section}.${key}` : key);
          const setting = record.settings.get(section ? `${section}.${key}` : key);
          return setting?.workspaceFolderValue ?? setting?.workspaceValue ?? setting?.globalValue ?? setting?.defaultValue ?? fallback;
        },
        has: (key: string) => record.settings.has(section ? `${section}.${key}` : key),
        inspect: (key: string) => {
          record.settingReads.add(section ? `${section}.${key}` : key);
          const setting = record.settings.get(section ? `${section}.${key}` : key);
          return setting && { key, ...setting };
        },
        update: () => Promise.resolve(),
      },
      record,
    );
  const notFound = (uri: Uri): Error => Object.assign(new Error(`EntryNotFound (FileSystemError): ${uri.path}`), { code: 'FileNotFound' });
  const workspace = recording(
    'workspace',
    {
      getConfiguration: counted(record, 'workspace.getConfiguration', (section?: string) => configuration(section)),
      onDidChangeConfiguration: event(),
      onDidChangeWorkspaceFolders: event(),
      onDidGrantWorkspaceTrust: event(),
      createFileSystemWatcher: () => recording('FileSystemWatcher', { onDidCreate: event(), onDidChange: event(), onDidDelete: event(), dispose: () => undefined }, record),
      get isTrusted() {
        return record.workspace.trusted;
      },
      get workspaceFolders() {
        return record.workspace.folders.length === 0 ? undefined : record.workspace.folders.map((folder, index) => ({ uri: Uri.file(folder), name: path.basename(folder), index }));
      },
      get workspaceFile() {
        return record.workspace.workspaceFile === undefined ? undefined : Uri.file(record.workspace.workspaceFile);
      },
      fs: {
        stat: (uri: Uri) => {
          const content = record.files.get(uri.path);
          return content === undefined ? Promise.reject(notFound(uri)) : Promise.resolve({ type: 1, ctime: 0, mtime: 0, size: Buffer.byteLength(content) });
        },
        readFile: (uri: Uri) => {
          const content = record.files.get(uri.path);
          return content === undefined ? Promise.reject(notFound(uri)) : Promise.resolve(new TextEncoder().encode(content));
        },
      },
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
      registerCommand: counted(record, 'commands.registerCommand', (id: string, handler: (...args: unknown[]) => unknown) => {
        record.registeredCommands.set(id, handler);
        return new StubDisposable(() => record.registeredCommands.delete(id));
      }),
      executeCommand: counted(record, 'commands.executeCommand', (command: string, ...args: unknown[]) => {
        record.executedCommands.push({ api: command, args });
        return Promise.resolve(undefined);
      }),
    },
    record,
  );
  const tasks = recording(
    'tasks',
    {
      registerTaskProvider: counted(record, 'tasks.registerTaskProvider', () => new StubDisposable()),
      onDidStartTask: new EventEmitter<unknown>().event,
      onDidEndTask: new EventEmitter<unknown>().event,
      onDidEndTaskProcess: new EventEmitter<unknown>().event,
    },
    record,
  );
  const lm = recording(
    'lm',
    {
      registerTool: counted(record, 'lm.registerTool', (name: string, tool: unknown) => {
        record.languageModelTools.set(name, tool);
        return new StubDisposable();
      }),
    },
    record,
  );
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
      lm,
      extensions,
      env: recording(
        'env',
        {
          language: 'en',
          appName: 'Visual Studio Code',
          uriScheme: 'vscode',
          clipboard: {
            readText: () => Promise.resolve(record.clipboard),
            writeText: (text: string) => {
              record.clipboard = text;
              return Promise.resolve();
            },
          },
        },
        record,
      ),
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
      LanguageModelToolResult,
      LanguageModelTextPart,
      QuickPickItemKind: { Separator: -1, Default: 0 },
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

/** Makes `require('vscode')` return the stand-in in this process (once); returns its record. */
export function installVscodeStub(): StubRecord {
  if (installed) {
    return installed;
  }
  const record = emptyRecord();
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

/** The stand-in installed, with everything it recorded or was given forgotten (for a test's beforeEach). */
export function freshVscodeStub(): StubRecord {
  const record = installVscodeStub();
  Object.assign(record, { answer: () => undefined, workspace: { trusted: true, folders: [] }, clipboard: '', selection: undefined });
  for (const list of [record.calls, record.statusBarItems, record.webviewPanels, record.executedCommands, record.terminalLinkProviders]) {
    list.length = 0;
  }
  record.registeredCommands.clear();
  record.languageModelTools.clear();
  record.settings.clear();
  record.settingReads.clear();
  record.files.clear();
  return record;
}
