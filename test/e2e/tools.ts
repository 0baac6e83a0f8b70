import * as fs from 'node:fs';
import * as path from 'node:path';
import { envWithoutNpmVariables, exec, pathWithFirst } from './exec';
import { chromiumPath, toolsDir } from './paths';

/**
 * The real editor used by the e2e tests: code-server (VS Code in a browser) from the npm registry,
 * run on its own Node 24 (code-server refuses other majors) while the project stays on Node 20.
 */
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_FOR_CODE_SERVER_VERSION = '24.9.0';

export interface CodeServerTools {
  /** Folder holding the Node 24 `node` binary; put it first on PATH for code-server only. */
  node24BinDir: string;
  node24Bin: string;
  codeServerBin: string;
  /** `<code-server>/lib/vscode/extensions`: the built-in extensions (e.g. microsoft-authentication). */
  builtinExtensionsDir: string;
}

function log(message: string): void {
  console.log(`[e2e tools] ${message}`);
}

function toolPaths(): CodeServerTools {
  const binDir = path.join(toolsDir, 'node_modules', '.bin');
  return {
    node24BinDir: binDir,
    node24Bin: path.join(binDir, 'node'),
    codeServerBin: path.join(binDir, 'code-server'),
    builtinExtensionsDir: path.join(toolsDir, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions'),
  };
}

function installedVersion(packageName: string): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(toolsDir, 'node_modules', packageName, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version;
  } catch {
    return undefined;
  }
}

function isNodeInstalled(): boolean {
  return installedVersion('node') === NODE_FOR_CODE_SERVER_VERSION && fs.existsSync(toolPaths().node24Bin);
}

/** True when code-server and its native modules (built by its postinstall) are all there. */
export function isCodeServerInstalled(): boolean {
  const vscodeDir = path.join(toolsDir, 'node_modules', 'code-server', 'lib', 'vscode');
  return (
    isNodeInstalled() &&
    installedVersion('code-server') === CODE_SERVER_VERSION &&
    fs.existsSync(toolPaths().codeServerBin) &&
    fs.existsSync(path.join(vscodeDir, 'out', 'server-main.js')) &&
    fs.existsSync(path.join(vscodeDir, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'))
  );
}

async function isDebianPackageInstalled(name: string): Promise<boolean> {
  try {
    const { stdout } = await exec('dpkg-query', ['-W', '-f=${Status}', name]);
    return stdout.includes('install ok installed');
  } catch {
    return false;
  }
}

async function hasCommand(name: string): Promise<boolean> {
  try {
    await exec('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Chromium renders the workbench; libkrb5-dev and a C++ toolchain are needed only to build
 * code-server's native `kerberos` module, i.e. only until code-server is installed.
 * Installs what is missing with apt-get when running as root (CI), otherwise says what to install.
 */
export async function ensureSystemPackages(): Promise<void> {
  const missing: string[] = [];
  if (!fs.existsSync(chromiumPath)) {
    if (process.env.PIM_CHROMIUM_PATH) {
      throw new Error(`PIM_CHROMIUM_PATH points to ${chromiumPath}, which does not exist. Unset it to use /usr/bin/chromium.`);
    }
    missing.push('chromium');
  }
  if (!isCodeServerInstalled()) {
    if (!fs.existsSync('/usr/include/krb5.h') && !(await isDebianPackageInstalled('libkrb5-dev'))) {
      missing.push('libkrb5-dev');
    }
    if (!(await hasCommand('g++')) || !(await hasCommand('make'))) {
      missing.push('build-essential');
    }
    if (!(await hasCommand('python3'))) {
      missing.push('python3');
    }
  }
  if (missing.length === 0) {
    return;
  }
  const installCommand = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The e2e tests need these system packages: ${missing.join(', ')}.\n` +
        `Install them once (Debian/Ubuntu): sudo sh -c '${installCommand}'\n` +
        `(chromium renders VS Code; libkrb5-dev and a C++ toolchain build code-server's native modules.)`,
    );
  }
  log(`installing system packages: ${missing.join(' ')} (apt-get, about a minute)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await exec('apt-get', ['update'], { env, inheritOutput: true, timeoutMs: 10 * 60_000 });
  await exec('apt-get', ['install', '-y', ...missing], { env, inheritOutput: true, timeoutMs: 15 * 60_000 });
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`apt-get installed chromium but ${chromiumPath} is still missing; set PIM_CHROMIUM_PATH to the Chromium binary.`);
  }
}

function writeToolsManifest(): void {
  fs.mkdirSync(toolsDir, { recursive: true });
  const manifestPath = path.join(toolsDir, 'package.json');
  if (!fs.existsSync(manifestPath)) {
    // `allowScripts` + `.npmrc`: npm 11 skips dependency install scripts by default, but both
    // `node` (links the binary) and code-server (installs and builds VS Code's modules) need theirs.
    const manifest = { name: 'pim-e2e-tools', private: true, allowScripts: { node: true, 'code-server': true } };
    fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  fs.writeFileSync(path.join(toolsDir, '.npmrc'), 'dangerously-allow-all-scripts=true\nfund=false\naudit=false\n');
}

/**
 * Installs node@24 and code-server into the tools folder (git-ignored `.vscode-test/tools`, or PIM_TOOLS_DIR)
 * unless they are already there. First run: about 2-3 minutes and 600 MB; later runs: instant.
 */
export async function ensureCodeServer(): Promise<CodeServerTools> {
  const paths = toolPaths();
  if (isCodeServerInstalled()) {
    return paths;
  }
  writeToolsManifest();
  const started = Date.now();
  if (!isNodeInstalled()) {
    log(`installing node@${NODE_FOR_CODE_SERVER_VERSION} for code-server into ${toolsDir}`);
    await exec('npm', ['install', '--save-exact', `node@${NODE_FOR_CODE_SERVER_VERSION}`], {
      cwd: toolsDir,
      env: envWithoutNpmVariables(),
      inheritOutput: true,
      timeoutMs: 10 * 60_000,
    });
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${toolsDir} (about 2 minutes, 600 MB, builds native modules)`);
  // npm must itself run on Node 24: code-server's postinstall checks the Node version in npm's user agent.
  try {
    await exec('npm', ['install', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: toolsDir,
      env: { ...envWithoutNpmVariables(), PATH: pathWithFirst(paths.node24BinDir) },
      inheritOutput: true,
      timeoutMs: 15 * 60_000,
    });
  } catch (error) {
    // A half-finished install (missing files, unbuilt native modules) breaks the next attempt; start clean then.
    fs.rmSync(path.join(toolsDir, 'node_modules'), { recursive: true, force: true });
    fs.rmSync(path.join(toolsDir, 'package-lock.json'), { force: true });
    throw new Error(
      `Installing code-server failed (the partial install in ${toolsDir} was removed; the next run starts over).\n` +
        `Native modules need libkrb5-dev, python3 and a C++ toolchain; npm needs the registry.\n${(error as Error).message}`,
    );
  }
  if (!isCodeServerInstalled()) {
    throw new Error(
      `code-server@${CODE_SERVER_VERSION} was installed into ${toolsDir} but looks incomplete ` +
        `(missing lib/vscode/out/server-main.js or the kerberos native module). ` +
        `Check the npm output above (libkrb5-dev and a C++ toolchain are needed), delete ${toolsDir} and run again.`,
    );
  }
  log(`tools ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return paths;
}
