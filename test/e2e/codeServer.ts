import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { envWithoutNpmVariables, exec, pathWithFirst } from './exec';
import type { CodeServerTools } from './tools';

export interface CodeServerOptions {
  tools: CodeServerTools;
  /** Scratch folder for this run: user data, extensions, logs. Emptied first. */
  runDir: string;
  /** The folder VS Code opens. */
  workspaceFolder: string;
  /** .vsix files installed into the run's extensions folder before starting. */
  vsixFiles: readonly string[];
  /** User settings (merged over quiet test defaults). */
  settings?: Record<string, unknown>;
  /** Extra environment for the server; its extension host inherits it (PIM_EMULATOR_URL, harness variables). */
  env?: Record<string, string>;
  /** code-server's own output goes here. */
  logFile: string;
  /** Display language (`--locale`); needs a language pack for it among `vsixFiles`. */
  locale?: string;
  /**
   * Workspace trust on: VS Code asks on start whether to trust the folder, and Restricted Mode is real. Off by
   * default (`--disable-workspace-trust`), so the other specs never see the prompt.
   */
  workspaceTrust?: boolean;
  /** Runs after the .vsix files are installed, before the server starts (e.g. to add translations). */
  prepareExtensions?: (extensionsDir: string) => void;
  startTimeoutMs?: number;
  /** The port to listen on (default: a free one). */
  port?: number;
}

export interface RunningCodeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The workbench with `workspaceFolder` open. */
  workbenchUrl: string;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic under test. */
export const quietTestSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  // The DOM renderer: specs read what a task printed from the terminal's rows.
  'terminal.integrated.gpuAcceleration': 'off',
};

function log(message: string): void {
  console.log(`[code-server] ${message}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('Could not find a free TCP port.'))));
    });
  });
}

/**
 * While VS Code's built-in Microsoft sign-in is present, no other extension can register the `microsoft`
 * provider. Moves it out of this (test-only) code-server install; idempotent, never restored.
 */
export function disableBuiltinMicrosoftAuthentication(tools: CodeServerTools): void {
  const builtin = path.join(tools.builtinExtensionsDir, 'microsoft-authentication');
  if (!fs.existsSync(builtin)) {
    return;
  }
  const parkingDir = path.join(tools.builtinExtensionsDir, '..', 'extensions-disabled-for-tests');
  const parked = path.join(parkingDir, 'microsoft-authentication');
  fs.mkdirSync(parkingDir, { recursive: true });
  fs.rmSync(parked, { recursive: true, force: true });
  fs.renameSync(builtin, parked);
  log(`moved the built-in microsoft-authentication extension to ${parked} so the fake provider can own 'microsoft'`);
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

interface LocalizationContribution {
  languageId: string;
  localizedLanguageName?: string;
  translations: { id: string; path: string }[];
}

/**
 * Writes user-data/languagepacks.json for the installed language pack of `locale`, as VS Code does once the
 * workbench has asked for the installed languages. code-server reads that file when it starts an extension host;
 * without it the first start of a fresh user-data folder would still run in English.
 */
function registerLanguagePack(userDataDir: string, extensionsDir: string, locale: string): void {
  for (const folder of fs.readdirSync(extensionsDir)) {
    const manifestFile = path.join(extensionsDir, folder, 'package.json');
    if (!fs.existsSync(manifestFile)) {
      continue;
    }
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      name: string;
      publisher: string;
      version: string;
      contributes?: { localizations?: LocalizationContribution[] };
    };
    const localization = manifest.contributes?.localizations?.find((entry) => entry.languageId === locale);
    if (!localization) {
      continue;
    }
    const translations = Object.fromEntries(localization.translations.map((entry) => [entry.id, path.join(extensionsDir, folder, entry.path)]));
    const pack = {
      hash: `${manifest.publisher}.${manifest.name}-${manifest.version}`,
      extensions: [{ extensionIdentifier: { id: `${manifest.publisher}.${manifest.name}` }, version: manifest.version }],
      translations,
      label: localization.localizedLanguageName ?? locale,
    };
    fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }, null, 2));
    return;
  }
  throw new Error(`No installed language pack contributes "${locale}" (install one with vsixFiles).`);
}

/**
 * Starts code-server in its own process group (so stopping it also stops its extension host and helpers),
 * with a fresh user-data and extensions folder, the given .vsix files installed and the given settings.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const { tools, runDir } = options;
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const trustSettings = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' } : {};
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietTestSettings, ...trustSettings, ...options.settings }, null, 2));
  // An empty config file keeps code-server from creating ~/.config/code-server/config.yaml (with a password).
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, '');
  disableBuiltinMicrosoftAuthentication(tools);

  const env: NodeJS.ProcessEnv = {
    ...envWithoutNpmVariables(),
    // code-server needs Node 24; the rest of the project runs on the machine's Node.
    PATH: pathWithFirst(tools.node24BinDir),
    // Keep code-server's own logs and state inside the run folder.
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    ...options.env,
  };
  delete env.NODE_OPTIONS; // a loader meant for our Node (tsx) must not reach code-server's

  const commonArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.vsixFiles) {
    if (!fs.existsSync(vsix)) {
      throw new Error(`Cannot install ${vsix}: the file does not exist (was it built?).`);
    }
  }
  log(`installing ${options.vsixFiles.map((file) => path.basename(file)).join(', ')}`);
  await exec(tools.codeServerBin, [...commonArgs, '--force', ...options.vsixFiles.flatMap((file) => ['--install-extension', file])], {
    env,
    timeoutMs: 120_000,
  });

  options.prepareExtensions?.(extensionsDir);
  if (options.locale) {
    registerLanguagePack(userDataDir, extensionsDir, options.locale);
  }

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    ...commonArgs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(options.locale ? ['--locale', options.locale] : []),
    options.workspaceFolder,
  ];
  const logFd = fs.openSync(options.logFile, 'w');
  const child = spawn(tools.codeServerBin, args, { env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`Could not start ${tools.codeServerBin}; see ${options.logFile}.`);
  }
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.once('error', () => (exited = true));

  // Last resort if our process dies without calling stop(): synchronous, so it works in 'exit'.
  const killGroupNow = (): void => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroupNow);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killGroupNow);
    if (exited) {
      return;
    }
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)));
    await Promise.race([exitedPromise, gaveUp]);
    clearTimeout(timer);
    killGroupNow(); // helpers that ignored SIGTERM
  };

  log(`starting on ${url} (pid ${pid}, log ${options.logFile})`);
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await answers(`${url}/healthz`))) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited during startup. Last lines of ${options.logFile}:\n${tail(options.logFile)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${options.startTimeoutMs ?? 60_000} ms. Last lines of ${options.logFile}:\n${tail(options.logFile)}`);
    }
    await delay(250);
  }
  const workbenchUrl = `${url}/?folder=${encodeURIComponent(options.workspaceFolder)}`;
  return { url, workbenchUrl, pid, userDataDir, extensionsDir, logFile: options.logFile, stop };
}
