// Azure US Government and Azure China (issue #20 point 5): the product asks for the cloud's own Resource Manager and
// Graph audiences, and an emulator playing that cloud accepts those tokens and refuses the public cloud's.
import * as assert from 'node:assert/strict';
import { ArmPimClient } from '../../src/core/api/armPimClient';
import { resolveCloud, type CloudName } from '../../src/core/api/cloud';
import { GraphPimClient, graphScopes } from '../../src/core/api/graphPimClient';
import { SessionCredential } from '../../src/core/auth/sessionCredential';
import { E2E, e2eScenario } from '../emulator/testing';
import { EmulatorSessions } from '../support/emulatorSessions';
import { trustingDestinations } from '../support/tokenDestinations';
import { withEmulator } from '../support/withEmulator';

const NO_CUSTOM = { resourceManagerEndpoint: '', microsoftGraphEndpoint: '', resourceManagerAudience: '' };

for (const cloudName of ['AzureUSGovernment', 'AzureChinaCloud'] as const satisfies readonly CloudName[]) {
  describe(`${cloudName} against an emulator of that cloud`, function () {
    this.timeout(20_000);
    const fixture = withEmulator({ scenario: () => ({ ...e2eScenario(), cloud: cloudName }) });
    const cloud = resolveCloud(cloudName, NO_CUSTOM);

    function clients(armScope: string) {
      const url = fixture.emulator.url;
      const credential = new SessionCredential(new EmulatorSessions(() => url), { providerId: cloud.authProviderId, tenantId: E2E.contoso });
      const common = { endpoint: url, tenantId: E2E.contoso, credential, tokenDestinations: trustingDestinations(url), maxRetries: 0 };
      return {
        arm: new ArmPimClient({ ...common, scopes: [armScope] }),
        graph: new GraphPimClient({ ...common, scopes: graphScopes(cloud.microsoftGraphResource, E2E.graphClient) }),
      };
    }

    it("reads Azure roles with a token for the cloud's Resource Manager audience, and Entra roles with its Graph", async () => {
      const { arm, graph } = clients(cloud.resourceManagerScope);
      assert.ok((await arm.listEligible()).length > 0);
      assert.ok((await graph.listEntraEligible()).length > 0);
    });

    it("a public-cloud token is refused there: the audience is the cloud's, not management.azure.com", async () => {
      const { arm } = clients(resolveCloud('AzureCloud', NO_CUSTOM).resourceManagerScope);
      await assert.rejects(arm.listEligible(), (error: Error & { kind?: string; code?: string }) => error.code === 'InvalidAuthenticationTokenAudience');
    });
  });
}
