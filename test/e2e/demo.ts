// `npm run demo`: the extension working in a real VS Code (code-server) in your browser, against the
// PIM emulator with the demo tenant. Sign-in is the test-only `microsoft` provider backed by the emulator.
// Options (environment): PIM_DEMO_PORT (code-server, default random), PIM_DEMO_EMULATOR_PORT (default 8765),
// PIM_DEMO_SCENARIO (default test/emulator/scenarios/demo.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenario, startEmulator } from '../emulator/index';
import { buildFixtures } from './build';
import { startCodeServer } from './codeServer';
import { exec } from './exec';
import { portFromEnvironment } from './ports';
import { productVsix, repoRoot, vscodeTestDir } from './paths';
import { ensureCodeServer, ensureSystemPackages } from './tools';

async function main(): Promise<void> {
  // Read first, so a wrong value stops the demo before the slow steps.
  const codeServerPort = portFromEnvironment(process.env, 'PIM_DEMO_PORT');
  const emulatorPort = portFromEnvironment(process.env, 'PIM_DEMO_EMULATOR_PORT', 8765);
  const scenarioFile = path.resolve(process.env.PIM_DEMO_SCENARIO ?? path.join(repoRoot, 'test', 'emulator', 'scenarios', 'demo.json'));
  console.log('[demo] checking system packages and editor tools (the first run installs them, about 2 minutes)…');
  await ensureSystemPackages();
  const tools = await ensureCodeServer();
  console.log('[demo] packaging the extension…');
  await exec('npm', ['run', 'package'], { cwd: repoRoot, timeoutMs: 180_000 });
  const fixtures = await buildFixtures();

  const emulator = await startEmulator({ scenario: loadScenario(scenarioFile), port: emulatorPort });
  console.log(`[demo] PIM emulator on ${emulator.url} (scenario ${path.relative(repoRoot, scenarioFile)})`);

  const runDir = path.join(vscodeTestDir, 'demo');
  const workspaceFolder = path.join(runDir, 'workspace');
  fs.mkdirSync(workspaceFolder, { recursive: true });
  const codeServer = await startCodeServer({
    tools,
    runDir,
    workspaceFolder,
    vsixFiles: [productVsix, fixtures['fake-auth']],
    settings: {
      'azurePim.cloud': 'Custom',
      'azurePim.customCloud.resourceManagerEndpoint': emulator.url,
      'azurePim.customCloud.microsoftGraphEndpoint': emulator.url,
      'workbench.colorTheme': 'Default Dark Modern',
    },
    env: { PIM_EMULATOR_URL: emulator.url },
    logFile: path.join(runDir, 'code-server.log'),
    ...(codeServerPort === undefined ? {} : { port: codeServerPort }),
  });
  fs.mkdirSync(workspaceFolder, { recursive: true });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('\n[demo] stopping…');
    await codeServer.stop();
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log('');
  console.log(`  Open ${codeServer.workbenchUrl}`);
  console.log('  Click the Azure PIM shield in the activity bar, then Sign In (allow "Microsoft (test)").');
  console.log(`  Confirm the custom endpoint ${emulator.url} when asked: it is the emulator.`);
  console.log(`  Emulator controls: curl -X POST ${emulator.url}/_emulator/clock/advance -d '{"seconds":3600}'`);
  console.log('  Ctrl-C stops everything.');
  console.log('');
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
