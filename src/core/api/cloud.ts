// Endpoints and auth provider per Azure cloud. Pure: the VS Code layer reads the settings.

export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud' | 'Custom';

export interface CloudEndpoints {
  readonly name: CloudName;
  readonly resourceManagerEndpoint: string;
  readonly microsoftGraphEndpoint: string;
  /** Scope asked of the auth provider for ARM tokens. */
  readonly resourceManagerScope: string;
  /** Resource prefix of Graph scopes, e.g. https://graph.microsoft.com/. */
  readonly microsoftGraphResource: string;
  /** `microsoft` for the public cloud, `microsoft-sovereign-cloud` for the others. */
  readonly authProviderId: string;
  /** The cloud's Microsoft Entra sign-in host (authority without the tenant), e.g. https://login.microsoftonline.us. */
  readonly activeDirectoryEndpoint: string;
  /** The cloud's Azure portal (portal.azure.com, portal.azure.us, portal.azure.cn): where to activate by hand. */
  readonly portalEndpoint: string;
}

export interface CustomCloudSettings {
  readonly resourceManagerEndpoint: string;
  readonly microsoftGraphEndpoint: string;
  readonly resourceManagerAudience: string;
  /** Sign-in host of the custom cloud; empty = the public cloud's. */
  readonly activeDirectoryEndpoint?: string;
  /** Token audience (resource) for the custom cloud's Graph; empty = https://graph.microsoft.com/. */
  readonly microsoftGraphAudience?: string;
}

// Hosts as Microsoft Learn lists them: Graph service roots in https://learn.microsoft.com/graph/deployments
// (graph.microsoft.com, graph.microsoft.us, microsoftgraph.chinacloudapi.cn); Azure Resource Manager in
// https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure (management.azure.com,
// management.usgovcloudapi.net) and https://learn.microsoft.com/azure/china/resources-developer-guide
// (management.chinacloudapi.cn). Sign-in hosts (authorities) as VS Code's Microsoft sign-in uses them
// (@azure/ms-rest-azure-env activeDirectoryEndpointUrl, bundled in extensions/microsoft-authentication):
// login.microsoftonline.com, login.microsoftonline.us, login.chinacloudapi.cn. Portals: portal.azure.us and
// portal.azure.cn in the same two Learn pages.
const KNOWN: Record<Exclude<CloudName, 'Custom'>, Omit<CloudEndpoints, 'name'>> = {
  AzureCloud: {
    resourceManagerEndpoint: 'https://management.azure.com',
    microsoftGraphEndpoint: 'https://graph.microsoft.com',
    resourceManagerScope: 'https://management.azure.com/.default',
    microsoftGraphResource: 'https://graph.microsoft.com/',
    authProviderId: 'microsoft',
    activeDirectoryEndpoint: 'https://login.microsoftonline.com',
    portalEndpoint: 'https://portal.azure.com',
  },
  AzureUSGovernment: {
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    microsoftGraphEndpoint: 'https://graph.microsoft.us',
    resourceManagerScope: 'https://management.usgovcloudapi.net/.default',
    microsoftGraphResource: 'https://graph.microsoft.us/',
    authProviderId: 'microsoft-sovereign-cloud',
    activeDirectoryEndpoint: 'https://login.microsoftonline.us',
    portalEndpoint: 'https://portal.azure.us',
  },
  AzureChinaCloud: {
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    microsoftGraphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    resourceManagerScope: 'https://management.chinacloudapi.cn/.default',
    microsoftGraphResource: 'https://microsoftgraph.chinacloudapi.cn/',
    authProviderId: 'microsoft-sovereign-cloud',
    activeDirectoryEndpoint: 'https://login.chinacloudapi.cn',
    portalEndpoint: 'https://portal.azure.cn',
  },
};

/** The ARM and Graph origins of the Microsoft clouds above: tokens go there without asking (see tokenDestinations.ts). */
export const MICROSOFT_CLOUD_ORIGINS: ReadonlySet<string> = new Set(
  Object.values(KNOWN).flatMap((cloud) => [new URL(cloud.resourceManagerEndpoint).origin, new URL(cloud.microsoftGraphEndpoint).origin]),
);

export function resolveCloud(name: string, custom: CustomCloudSettings): CloudEndpoints {
  if (name === 'Custom') {
    if (!custom.resourceManagerEndpoint) {
      throw new Error('azurePim.cloud is Custom but azurePim.customCloud.resourceManagerEndpoint is empty.');
    }
    const audience = custom.resourceManagerAudience || 'https://management.azure.com/';
    return {
      name: 'Custom',
      resourceManagerEndpoint: trimSlash(custom.resourceManagerEndpoint),
      microsoftGraphEndpoint: trimSlash(custom.microsoftGraphEndpoint || custom.resourceManagerEndpoint),
      resourceManagerScope: `${audience.replace(/\/?$/, '/')}.default`,
      microsoftGraphResource: (custom.microsoftGraphAudience || KNOWN.AzureCloud.microsoftGraphResource).replace(/\/?$/, '/'),
      authProviderId: 'microsoft',
      activeDirectoryEndpoint: trimSlash(custom.activeDirectoryEndpoint || KNOWN.AzureCloud.activeDirectoryEndpoint),
      portalEndpoint: KNOWN.AzureCloud.portalEndpoint,
    };
  }
  const known = KNOWN[name as Exclude<CloudName, 'Custom'>] ?? KNOWN.AzureCloud;
  return { name: name in KNOWN ? (name as CloudName) : 'AzureCloud', ...known };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
