// One emulator for a mocha `describe`: started before its tests, closed after them, and (by default) reset before
// each test. Call it at the top of a describe; what it returns is read inside the tests and hooks.
import type { TokenCredential } from '@azure/core-auth';
import { startEmulator, type RunningEmulator, type Scenario } from '../emulator';
import { e2eScenario, E2E } from '../emulator/testing';
import { RoleStore, type TenantConnection } from '../../src/core/store/roleStore';
import { emulatorConnection, quietLog, type EmulatorConnection, type EmulatorConnectionOptions } from './emulatorConnection';
import type { EmulatorCredential } from './emulatorCredential';

export interface WithEmulatorOptions {
  /** Default: scenarios/e2e.json. */
  readonly scenario?: () => Scenario;
  /** Reset the emulator's state (roles, clock, faults, request log) before each test. Default true. */
  readonly resetBeforeEach?: boolean;
}

export interface EmulatorFixture {
  /** The running emulator (inside tests and hooks). */
  readonly emulator: RunningEmulator;
  /** The product's ARM (and, when asked, Graph) clients on the emulator, for Contoso unless told otherwise. */
  connect(options: Partial<EmulatorConnectionOptions> & { readonly credential: TokenCredential }): EmulatorConnection<TokenCredential>;
  connect(options?: Partial<EmulatorConnectionOptions>): EmulatorConnection<EmulatorCredential>;
  /** A RoleStore on the emulator's clock, loaded with these connections; disposed after the test. */
  loadStore(...connections: TenantConnection[]): Promise<RoleStore>;
}

export function withEmulator(options: WithEmulatorOptions = {}): EmulatorFixture {
  let running: RunningEmulator | undefined;
  const stores: RoleStore[] = [];
  const emulator = (): RunningEmulator => {
    if (!running) {
      throw new Error('withEmulator: the emulator is only there inside tests and hooks of its describe');
    }
    return running;
  };

  before(async () => {
    running = await startEmulator({ scenario: (options.scenario ?? e2eScenario)(), port: 0 });
  });
  after(async () => {
    await running?.close();
    running = undefined;
  });
  if (options.resetBeforeEach ?? true) {
    beforeEach(() => emulator().reset());
  }
  afterEach(() => {
    stores.splice(0).forEach((store) => store.dispose());
  });

  return {
    get emulator() {
      return emulator();
    },
    connect: (connectionOptions: Partial<EmulatorConnectionOptions> = {}) => emulatorConnection(emulator().url, { tenantId: E2E.contoso, ...connectionOptions }),
    loadStore: async (...connections) => {
      const store = new RoleStore(() => emulator().clock.now(), quietLog);
      stores.push(store);
      await store.setConnections(connections);
      return store;
    },
  };
}
