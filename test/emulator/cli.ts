// npx tsx test/emulator/cli.ts --scenario test/emulator/scenarios/demo.json [--port 8765] [--host 127.0.0.1] [--quiet]
import { resolve } from 'node:path';
import { loadScenario, startEmulator } from './index';

interface CliOptions {
  scenario: string;
  port: number;
  host: string;
  quiet: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { scenario: resolve(__dirname, 'scenarios/demo.json'), port: 8765, host: '127.0.0.1', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) {
        throw new Error(`${arg} needs a value`);
      }
      return next;
    };
    switch (arg) {
      case '--scenario':
        options.scenario = value();
        break;
      case '--port':
        options.port = Number.parseInt(value(), 10);
        if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
          throw new Error('--port must be 0-65535');
        }
        break;
      case '--host':
        options.host = value();
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log('Usage: pim-emulator --scenario <file.json> [--port 8765] [--host 127.0.0.1] [--quiet]');
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${arg} (try --help)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const scenario = loadScenario(options.scenario);
  const emulator = await startEmulator({
    scenario,
    port: options.port,
    host: options.host,
    log: options.quiet ? undefined : (line) => console.log(line),
  });
  console.log(`PIM emulator listening on ${emulator.url}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`${signal} received, stopping PIM emulator`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
