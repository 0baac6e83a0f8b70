// A TenantConnection to the PIM emulator made of the product's own ARM and Graph clients, for the flow
// tests and the benchmark: what AccountManager builds inside VS Code, with the emulator's tokens.
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { ServiceTime } from '../../src/core/api/http';
import type { TokenGate } from '../../src/core/api/tokenDestinations';
import { ArmPimClient } from '../../src/core/api/armPimClient';
import { GraphPimClient, graphScopes } from '../../src/core/api/graphPimClient';
import { readCaller } from '../../src/core/auth/jwt';
import type { TenantConnection } from '../../src/core/store/roleStore';
import { EmulatorCredential } from './emulatorCredential';
import { trustingDestinations } from './tokenDestinations';

export const ARM_SCOPE = 'https://management.azure.com/.default';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

/** For RoleStore in tests: nothing logged. */
export const quietLog = { info: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

export interface EmulatorConnectionOptions {
  readonly tenantId: string;
  readonly displayName?: string;
  /** Default: an EmulatorCredential for the tenant. */
  readonly credential?: TokenCredential;
  /** Adds a Graph client; `null` = Graph with `.default` (no app registration), a string = that client id. */
  readonly graphClientId?: string | null;
  /** Retry and time-out settings; by default retries are fast (10–50 ms) so fault tests stay quick. */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  /** The benchmark keeps the client's default retry delays. */
  readonly defaultRetryDelays?: boolean;
  /** Ask the credential for the caller's object id once (what the benchmark measures), not on every call. */
  readonly rememberCaller?: boolean;
  /** Default: the emulator's origin counts as confirmed by the user. */
  readonly tokenDestinations?: TokenGate;
  /** Learns the service's time from the answers (the product's ServiceClock). */
  readonly serviceTime?: ServiceTime;
  /** Longest Retry-After a call waits for. */
  readonly maxRetryAfterMs?: number;
  /** The ARM client's HTTP client (default: the pipeline's own), e.g. one that holds answers back. */
  readonly httpClient?: HttpClient;
}

export interface EmulatorConnection<C extends TokenCredential> {
  readonly connection: TenantConnection;
  readonly arm: ArmPimClient;
  readonly credential: C;
}

export function emulatorConnection(emulatorUrl: string, options: EmulatorConnectionOptions & { credential: TokenCredential }): EmulatorConnection<TokenCredential>;
export function emulatorConnection(emulatorUrl: string, options: EmulatorConnectionOptions): EmulatorConnection<EmulatorCredential>;
export function emulatorConnection(emulatorUrl: string, options: EmulatorConnectionOptions): EmulatorConnection<TokenCredential> {
  const credential = options.credential ?? new EmulatorCredential(emulatorUrl, options.tenantId);
  const common = {
    endpoint: emulatorUrl,
    tenantId: options.tenantId,
    credential,
    tokenDestinations: options.tokenDestinations ?? trustingDestinations(emulatorUrl),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.serviceTime ? { serviceTime: options.serviceTime } : {}),
    ...(options.maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs: options.maxRetryAfterMs }),
  };
  const arm = new ArmPimClient({
    ...common,
    scopes: [ARM_SCOPE],
    ...(options.defaultRetryDelays ? {} : { retryDelayMs: 10, maxRetryDelayMs: 50 }),
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  });
  const graph =
    options.graphClientId === undefined
      ? undefined
      : new GraphPimClient({
          ...common,
          scopes: graphScopes(GRAPH_RESOURCE, options.graphClientId ?? undefined),
          ...(options.defaultRetryDelays ? {} : { retryDelaySeconds: 0 }),
        });
  const readObjectId = async (): Promise<string> => readCaller((await credential.getToken(ARM_SCOPE))?.token ?? '')?.objectId ?? '';
  let remembered: string | undefined;
  const serviceTime = options.serviceTime;
  const connection: TenantConnection = {
    tenantId: options.tenantId,
    displayName: options.displayName ?? 'Contoso',
    arm,
    ...(graph ? { graph } : {}),
    ...(serviceTime ? { serviceNow: () => serviceTime.now() } : {}),
    callerObjectId: options.rememberCaller ? async () => (remembered ??= await readObjectId()) : readObjectId,
  };
  return { connection, arm, credential };
}
