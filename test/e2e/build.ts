import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { exec } from './exec';
import { repoRoot, suitesOutDir, vscodeTestDir } from './paths';

const suitesSourceDir = path.join(repoRoot, 'test', 'suite');
const fixturesSourceDir = path.join(repoRoot, 'test', 'fixtures');

/** The test-only extensions in test/fixtures, packed next to the tools cache. */
export const fixtureExtensions = ['fake-auth', 'test-harness', 'language-pack-de'] as const;
export type FixtureExtension = (typeof fixtureExtensions)[number];

export function fixtureVsixPath(name: FixtureExtension): string {
  return path.join(vscodeTestDir, `${name}.vsix`);
}

const nodeBundle: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Bundles test/suite/index.ts (with mocha) to out/test/suite/index.js and every test/suite/*.test.ts
 * to its own out/test/suite/<name>.test.js, which index.js finds at run time.
 */
export async function buildSuites(): Promise<string> {
  const testFiles = fs
    .readdirSync(suitesSourceDir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(suitesSourceDir, name));
  fs.rmSync(suitesOutDir, { recursive: true, force: true });
  await esbuild.build({
    ...nodeBundle,
    entryPoints: [path.join(suitesSourceDir, 'index.ts')],
    outfile: path.join(suitesOutDir, 'index.js'),
    // mocha's parallel mode (unused here) resolves its worker files by path.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  if (testFiles.length > 0) {
    await esbuild.build({ ...nodeBundle, entryPoints: testFiles, outdir: suitesOutDir });
  }
  return path.join(suitesOutDir, 'index.js');
}

/**
 * Builds one fixture extension into a staging folder (.vscode-test/fixtures/<name>) and packs it with vsce,
 * so nothing generated lands next to its sources.
 */
async function packFixture(name: FixtureExtension): Promise<string> {
  const sourceDir = path.join(fixturesSourceDir, name);
  const stageDir = path.join(vscodeTestDir, 'fixtures', name);
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  fs.copyFileSync(path.join(sourceDir, 'package.json'), path.join(stageDir, 'package.json'));
  const manifest = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8')) as { displayName: string; description: string };
  fs.writeFileSync(path.join(stageDir, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  fs.writeFileSync(path.join(stageDir, 'LICENSE'), 'MIT License. Test fixture of the Azure PIM for VS Code project.\n');
  const entry = path.join(sourceDir, 'src', 'extension.ts');
  if (fs.existsSync(entry)) {
    await esbuild.build({ ...nodeBundle, entryPoints: [entry], outfile: path.join(stageDir, 'dist', 'extension.js') });
  }
  const translations = path.join(sourceDir, 'translations');
  if (fs.existsSync(translations)) {
    fs.cpSync(translations, path.join(stageDir, 'translations'), { recursive: true });
  }

  const vsix = fixtureVsixPath(name);
  const vsceCli = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await exec(process.execPath, [vsceCli, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: stageDir });
  return vsix;
}

export async function buildFixtures(): Promise<Record<FixtureExtension, string>> {
  const packed = await Promise.all(fixtureExtensions.map(async (name) => [name, await packFixture(name)] as const));
  return Object.fromEntries(packed) as Record<FixtureExtension, string>;
}
