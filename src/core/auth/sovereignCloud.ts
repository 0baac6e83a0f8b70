// Azure US Government and Azure China sign in through VS Code's `microsoft-sovereign-cloud` provider, which only
// serves the cloud its own setting names: `microsoft-sovereign-cloud.environment` = "USGovernment" or "ChinaCloud"
// (microsoft-authentication's package.json; its activation maps them to @azure/ms-rest-azure-env's
// Environment.USGovernment / ChinaCloud, whose authorities are login.microsoftonline.us and login.chinacloudapi.cn).
import type { CloudName } from '../api/cloud';

export type SovereignEnvironment = 'USGovernment' | 'ChinaCloud';

export function sovereignEnvironmentFor(cloud: CloudName): SovereignEnvironment | undefined {
  switch (cloud) {
    case 'AzureUSGovernment':
      return 'USGovernment';
    case 'AzureChinaCloud':
      return 'ChinaCloud';
    default:
      return undefined;
  }
}

/** What the sovereign provider's setting must become for this cloud, or undefined when it already fits (or none is needed). */
export function sovereignSettingToFix(cloud: CloudName, configured: unknown): SovereignEnvironment | undefined {
  const expected = sovereignEnvironmentFor(cloud);
  return expected !== undefined && configured !== expected ? expected : undefined;
}
