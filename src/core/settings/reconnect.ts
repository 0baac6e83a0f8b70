// Which settings changes need the tenants reconnected (new clients, fresh policies): the ones that decide where
// tokens come from and go to, and which tenants are shown. The rest (durations, status bar, patterns) only need a
// redraw. Pure: tested in plain mocha.

/** The settings that shape a connection (src/config.ts Settings has them all). */
export interface ConnectionSettings {
  readonly cloud: {
    readonly resourceManagerEndpoint: string;
    readonly resourceManagerScope: string;
    readonly authProviderId: string;
    readonly microsoftGraphEndpoint: string;
    readonly microsoftGraphResource: string;
  };
  readonly graphClientId: string;
  readonly tenants: readonly string[];
}

export function needsReconnect(previous: ConnectionSettings, next: ConnectionSettings): boolean {
  return (
    previous.cloud.resourceManagerEndpoint !== next.cloud.resourceManagerEndpoint ||
    previous.cloud.resourceManagerScope !== next.cloud.resourceManagerScope ||
    previous.cloud.authProviderId !== next.cloud.authProviderId ||
    previous.cloud.microsoftGraphEndpoint !== next.cloud.microsoftGraphEndpoint ||
    previous.cloud.microsoftGraphResource !== next.cloud.microsoftGraphResource ||
    previous.graphClientId !== next.graphClientId ||
    previous.tenants.join() !== next.tenants.join()
  );
}
