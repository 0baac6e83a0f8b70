// Token gates for tests: the product's own TokenDestinations, with the confirmed origins kept in memory.
import { TokenDestinations, type ConfirmOrigin, type TrustedOriginStore } from '../../src/core/api/tokenDestinations';

/** What globalState keeps in VS Code, in memory; `origins` shows what was remembered. */
export class MemoryTrustStore implements TrustedOriginStore {
  origins: string[];
  constructor(origins: readonly string[] = []) {
    this.origins = [...origins];
  }
  get(): readonly string[] {
    return this.origins;
  }
  set(origins: readonly string[]): Promise<void> {
    this.origins = [...origins];
    return Promise.resolve();
  }
}

/** A gate where these endpoints (the emulator) were confirmed earlier; any question fails the call. */
export function trustingDestinations(...endpoints: string[]): TokenDestinations {
  const noQuestions: ConfirmOrigin = (origin) => Promise.reject(new Error(`unexpected question about ${origin}`));
  return new TokenDestinations(new MemoryTrustStore(endpoints.map((endpoint) => new URL(endpoint).origin)), noQuestions);
}
