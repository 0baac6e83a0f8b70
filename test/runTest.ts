// `npm run test:electron`: the extension-host suites (test/suite/*.test.ts) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (or set PIM_VSCODE_EXECUTABLE to an installed one).
// Same suites and emulator as `npm run test:e2e`; VS Code's own Microsoft sign-in is disabled and the fake
// `microsoft` provider (test/fixtures/fake-auth) installed instead. Sign-in consent prompts are not answered here,
// so suites that need `createIfNone` sessions belong to `npm run test:e2e`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveCliArgsFromVSCodeExecutablePath, downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { loadScenario, startEmulator } from './emulator/index';
import { buildFixtures, buildSuites } from './e2e/build';
import { quietTestSettings } from './e2e/codeServer';
import { exec } from './e2e/exec';
import { repoRoot, vscodeTestDir } from './e2e/paths';

async function main(): Promise<number> {
  console.log('[test:electron] building the extension, the suites and the fake sign-in extension');
  await exec('npm', ['run', 'build'], { cwd: repoRoot });
  const [suitesBundle, fixtures] = await Promise.all([buildSuites(), buildFixtures()]);

  const runDir = path.join(vscodeTestDir, 'electron-run');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspaceFolder = path.join(runDir, 'workspace');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(workspaceFolder, { recursive: true });

  const emulator = await startEmulator({ scenario: loadScenario(path.join(repoRoot, 'test', 'emulator', 'scenarios', 'e2e.json')), port: 0, host: '127.0.0.1' });
  try {
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify(
        {
          ...quietTestSettings,
          'azurePim.cloud': 'Custom',
          'azurePim.customCloud.resourceManagerEndpoint': emulator.url,
          'azurePim.customCloud.microsoftGraphEndpoint': emulator.url,
        },
        null,
        2,
      ),
    );

    const vscodeExecutablePath = process.env.PIM_VSCODE_EXECUTABLE ?? (await downloadAndUnzipVSCode(process.env.PIM_VSCODE_VERSION ?? 'stable'));
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    await exec(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', fixtures['fake-auth'], '--force']);

    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suitesBundle,
      extensionTestsEnv: { PIM_EMULATOR_URL: emulator.url },
      launchArgs: [
        workspaceFolder,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--disable-extension',
        'vscode.microsoft-authentication',
        '--disable-workspace-trust',
      ],
    });
    return 0;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test:electron] ${error instanceof Error ? error.message : String(error)}`);
    console.error('No network to download VS Code? Set PIM_VSCODE_EXECUTABLE to an installed VS Code, or run `npm run test:e2e` (code-server).');
    process.exit(1);
  },
);
