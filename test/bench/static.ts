// Size and start-up figures: a production build (the project's own esbuild.mjs, run in a scratch tree so
// the shared dist/ is left alone), the .vsix, the cost of require() + activate() in a fresh Node process,
// and what the generated @azure/arm-authorization SDK would add.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { ProbeResult } from './activationProbe';

const run = promisify(execFile);

export interface FileSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function fileSize(file: string, label = file): FileSize {
  const content = readFileSync(file);
  return { file: label, bytes: content.length, gzipBytes: gzipSync(content).length };
}

export interface BuildResult {
  readonly extension: FileSize;
  readonly webview: FileSize;
  readonly extensionFile: string;
  readonly treeDir: string;
  /** npm package name -> bytes it contributes to dist/extension.js. */
  readonly extensionPackages: Record<string, number>;
  readonly buildMs: number;
}

/** Runs `node esbuild.mjs --production --metafile` in a scratch tree that links to the repo's sources. */
export async function productionBuild(repoRoot: string, workDir: string): Promise<BuildResult> {
  const tree = path.join(workDir, 'build');
  mkdirSync(tree, { recursive: true });
  for (const entry of ['src', 'webview-ui', 'node_modules', 'package.json', 'tsconfig.json', 'tsconfig.base.json']) {
    symlinkSync(path.join(repoRoot, entry), path.join(tree, entry));
  }
  cpSync(path.join(repoRoot, 'esbuild.mjs'), path.join(tree, 'esbuild.mjs'));
  const started = Date.now();
  await run(process.execPath, ['esbuild.mjs', '--production', '--metafile'], { cwd: tree, timeout: 120_000 });
  const buildMs = Date.now() - started;
  const extensionFile = path.join(tree, 'dist/extension.js');
  const metafiles = JSON.parse(readFileSync(path.join(tree, 'dist/meta.json'), 'utf8')) as esbuild.Metafile[];
  const extensionMeta = metafiles.find((meta) => Object.keys(meta.outputs).some((out) => out.endsWith('extension.js')));
  return {
    extension: fileSize(extensionFile, 'dist/extension.js'),
    webview: fileSize(path.join(tree, 'dist/webview/main.js'), 'dist/webview/main.js'),
    extensionFile,
    treeDir: tree,
    extensionPackages: extensionMeta ? bytesByPackage(extensionMeta, 'extension.js') : {},
    buildMs,
  };
}

export interface VsixResult {
  readonly size?: FileSize;
  readonly source: 'built from this build' | 'existing dist/azure-pim-vscode.vsix' | 'none';
  readonly note?: string;
}

/** Packages the build with vsce the way `npm run package` does, in a scratch folder. */
export async function packageVsix(repoRoot: string, build: BuildResult, workDir: string): Promise<VsixResult> {
  const tree = path.join(workDir, 'package');
  try {
    mkdirSync(path.join(tree, 'dist/webview'), { recursive: true });
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) {
      if (existsSync(path.join(repoRoot, file))) {
        cpSync(path.join(repoRoot, file), path.join(tree, file));
      }
    }
    cpSync(path.join(repoRoot, 'media'), path.join(tree, 'media'), { recursive: true });
    cpSync(build.extensionFile, path.join(tree, 'dist/extension.js'));
    cpSync(path.join(build.treeDir, 'dist/webview/main.js'), path.join(tree, 'dist/webview/main.js'));
    const out = path.join(tree, 'azure-pim-vscode.vsix');
    const vsce = (extra: string[]) => run(path.join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out, ...extra], { cwd: tree, timeout: 120_000 });
    try {
      await vsce([]);
      return { size: fileSize(out, 'azure-pim-vscode.vsix'), source: 'built from this build' };
    } catch (error) {
      // `npm run package` itself fails the same way; still measure, with base URLs for README links.
      await vsce(['--baseContentUrl', 'https://example.invalid/', '--baseImagesUrl', 'https://example.invalid/']);
      return {
        size: fileSize(out, 'azure-pim-vscode.vsix'),
        source: 'built from this build',
        note: `plain \`vsce package\` (as in npm run package) failed: ${vsceMessage(error)}; measured with --baseContentUrl/--baseImagesUrl`,
      };
    }
  } catch (error) {
    const existing = path.join(repoRoot, 'dist/azure-pim-vscode.vsix');
    const note = `vsce failed: ${firstLine(error)}`;
    if (existsSync(existing)) {
      return { size: fileSize(existing, 'dist/azure-pim-vscode.vsix'), source: 'existing dist/azure-pim-vscode.vsix', note: `${note}; built ${statSync(existing).mtime.toISOString()}` };
    }
    return { source: 'none', note };
  }
}

/** Bundles the probe that runs in fresh Node processes (plain JS: no TypeScript loader in the timings). */
export async function bundleProbe(workDir: string): Promise<string> {
  const outfile = path.join(workDir, 'probe.cjs');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'activationProbe.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}

export async function runProbe(probe: string, args: readonly string[]): Promise<ProbeResult> {
  const { stdout } = await run(process.execPath, [probe, ...args], { timeout: 30_000 });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as ProbeResult;
}

export interface SdkVariant {
  readonly label: string;
  /** The extension alone, built the same way (the baseline for the deltas). */
  readonly extension: FileSize;
  readonly extensionFile: string;
  /** The extension with the SDK in it. */
  readonly combined: FileSize;
  readonly combinedFile: string;
  /** Packages (and builds: esm / commonjs) in the combined bundle that the extension alone does not contain. */
  readonly addedPackages: Record<string, number>;
}

export interface SdkResult {
  readonly measured: boolean;
  readonly note: string;
  readonly version?: string;
  /** The one-line entry alone. */
  readonly bundle?: FileSize;
  readonly bundleFile?: string;
  /** As esbuild.mjs bundles today (mainFields main,module for Node), and with ESM builds preferred. */
  readonly variants?: readonly SdkVariant[];
}

/**
 * Bundles `export { AuthorizationManagementClient } from '@azure/arm-authorization'` minified for Node,
 * alone and together with the extension (same options as esbuild.mjs --production). The SDK is installed
 * outside the repo (default /tmp/sdkprobe, or PIM_BENCH_SDK_DIR); when missing, one `npm install` is tried there.
 */
export async function bundleSdk(repoRoot: string, workDir: string): Promise<SdkResult> {
  const sdkDir = process.env.PIM_BENCH_SDK_DIR ?? '/tmp/sdkprobe';
  const pkgJson = path.join(sdkDir, 'node_modules/@azure/arm-authorization/package.json');
  if (!existsSync(pkgJson)) {
    try {
      mkdirSync(sdkDir, { recursive: true });
      if (!existsSync(path.join(sdkDir, 'package.json'))) {
        writeFileSync(path.join(sdkDir, 'package.json'), '{"name":"sdkprobe","private":true}\n');
      }
      await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '@azure/arm-authorization@9'], { cwd: sdkDir, timeout: 180_000 });
    } catch (error) {
      return { measured: false, note: `@azure/arm-authorization not installed in ${sdkDir} and npm install failed: ${firstLine(error)}` };
    }
  }
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: string }).version;
  const options: esbuild.BuildOptions = {
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    external: ['vscode'],
    metafile: true,
    logLevel: 'silent',
  };
  const outfile = path.join(workDir, 'sdk-bundle.js');
  await esbuild.build({
    ...options,
    stdin: { contents: "export { AuthorizationManagementClient } from '@azure/arm-authorization';\n", resolveDir: sdkDir, loader: 'js' },
    outfile,
  });
  const variants: SdkVariant[] = [];
  for (const [label, mainFields] of [
    ['as esbuild.mjs bundles (ESM first: mainFields module,main)', ['module', 'main']],
    ["with esbuild's Node defaults (CommonJS main first)", undefined],
  ] as const) {
    const tag = mainFields ? 'esm' : 'default';
    const build = async (contents: string, file: string): Promise<esbuild.Metafile> =>
      (
        await esbuild.build({
          ...options,
          ...(mainFields ? { mainFields: [...mainFields] } : {}),
          stdin: { contents, resolveDir: sdkDir, loader: 'ts' },
          outfile: file,
          plugins: [preferRepoPackages(repoRoot)],
        })
      ).metafile ?? { inputs: {}, outputs: {} };
    const entry = `export { activate, deactivate } from ${JSON.stringify(path.join(repoRoot, 'src/extension.ts'))};`;
    const extensionFile = path.join(workDir, `extension-${tag}.js`);
    const combinedFile = path.join(workDir, `extension-with-sdk-${tag}.js`);
    const extensionPackages = bytesByPackage(await build(entry, extensionFile), path.basename(extensionFile), true);
    const combinedPackages = bytesByPackage(
      await build(`${entry}\nexport { AuthorizationManagementClient } from '@azure/arm-authorization';`, combinedFile),
      path.basename(combinedFile),
      true,
    );
    variants.push({
      label,
      extension: fileSize(extensionFile, `extension (${tag})`),
      extensionFile,
      combined: fileSize(combinedFile, `extension + SDK (${tag})`),
      combinedFile,
      addedPackages: Object.fromEntries(
        Object.entries(combinedPackages).flatMap(([name, size]) => {
          const added = size - (extensionPackages[name] ?? 0);
          return added > 512 ? [[name, added]] : [];
        }),
      ),
    });
  }
  return {
    measured: true,
    note: `@azure/arm-authorization ${version ?? '?'} from ${sdkDir}`,
    ...(version ? { version } : {}),
    bundle: fileSize(outfile, 'arm-authorization bundle'),
    bundleFile: outfile,
    variants,
  };
}

/** Resolves a package the repo already has from the repo's node_modules, so the SDK shares them (no second copy). */
function preferRepoPackages(repoRoot: string): esbuild.Plugin {
  return {
    name: 'prefer-repo-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'repo') {
          return undefined;
        }
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
        if (name === '@azure/arm-authorization' || name === 'vscode' || !existsSync(path.join(repoRoot, 'node_modules', name, 'package.json'))) {
          return undefined;
        }
        const resolved = await build.resolve(args.path, { resolveDir: repoRoot, kind: args.kind, pluginData: 'repo' });
        return resolved.errors.length > 0 ? undefined : resolved;
      });
    },
  };
}

/** Groups a bundle's bytes by the npm package they come from ("(own code)" for the rest); `withBuild` keeps dist/esm vs dist/commonjs apart. */
function bytesByPackage(meta: esbuild.Metafile, outputSuffix: string, withBuild = false): Record<string, number> {
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith(outputSuffix))?.[1];
  const totals: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const normalized = input.replace(/\\/g, '/');
    const at = normalized.lastIndexOf('node_modules/');
    const match = at >= 0 ? /^node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:(dist\/(?:esm|commonjs|browser|react-native)|dist-esm)\/)?/.exec(normalized.slice(at)) : null;
    const name = match ? `${match[1] ?? ''}${withBuild && match[2] ? ` (${match[2].replace('dist/', '')})` : ''}` : '(own code)';
    totals[name] = (totals[name] ?? 0) + bytesInOutput;
  }
  return totals;
}

/** vsce prints its reason on stderr (" ERROR  ..."), the exception only says "Command failed". */
function vsceMessage(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr : firstLine(error);
  return text.replace(/\s+/g, ' ').replace(/^ ?ERROR ?/, '').trim().slice(0, 240);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}
