// Microsoft.Authorization/permissions (Permissions - List For Resource Group / List For Resource, api-version
// 2022-04-01): the caller's effective actions at a scope, from the role assignments at or above it. Only the documented
// scopes answer (a subscription only with permissionScopes "observed", see permissionsAndPolicyLists).
import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator';
import { E2E, EmulatorClient, errorOf, valueOf } from '../../emulator/testing';
import { withEmulator } from '../../support/withEmulator';

const V = 'api-version=2022-04-01';

describe('PIM emulator: permissions at a scope', () => {
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let client: EmulatorClient;
  let arm: string;

  beforeEach(async () => {
    emulator = fixture.emulator;
    client = new EmulatorClient(emulator);
    arm = await client.armToken();
  });

  const permissionsAt = async (scope: string) => valueOf(await client.call('GET', `${scope}/providers/Microsoft.Authorization/permissions?${V}`, { token: arm }));

  it('answers in the documented shape: value[] of actions, notActions, dataActions, notDataActions', async () => {
    // Contoso Prod has a permanent Reader assignment in the scenario; it applies to its resource groups.
    const value = await permissionsAt(E2E.rgProd);
    assert.equal(value.length, 1);
    const entry = value[0] ?? {};
    assert.deepEqual(Object.keys(entry).sort(), ['actions', 'condition', 'conditionVersion', 'dataActions', 'notActions', 'notDataActions']);
    assert.deepEqual(entry.actions, ['*/read']);
    assert.deepEqual(entry.dataActions, []);
  });

  it('lists nothing before an activation and the role actions once it is active, also on a resource group below', async () => {
    assert.deepEqual(await permissionsAt(E2E.rgData), []);
    const put = await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor });
    assert.equal(put.status, 201, put.text);
    const atRg = await permissionsAt(E2E.rgData);
    assert.equal(atRg.length, 1, 'a subscription assignment applies to its resource groups');
    assert.deepEqual(atRg[0]?.actions, ['*']);
    assert.ok((atRg[0]?.notActions as string[]).includes('Microsoft.Authorization/*/Write'));
    assert.deepEqual(await permissionsAt(E2E.rgProd).then((v) => v.length), 1, 'other subscriptions are unaffected');
  });

  it('drops the entry when the activation expires', async () => {
    await client.activate(arm, { scope: E2E.subA, role: E2E.roles.contributor, duration: 'PT1H' });
    assert.equal((await permissionsAt(E2E.rgApp)).length, 1);
    emulator.clock.advance(61 * 60_000);
    arm = await client.armToken();
    assert.deepEqual(await permissionsAt(E2E.rgApp), []);
  });

  it('rejects another api-version and a scope that is not a resource group or below', async () => {
    const wrongVersion = await client.call('GET', `${E2E.rgApp}/providers/Microsoft.Authorization/permissions?api-version=2020-10-01`, { token: arm });
    assert.equal(wrongVersion.status, 400);
    assert.equal(errorOf(wrongVersion).code, 'InvalidApiVersionParameter');
    const tenantRoot = await client.call('GET', `/providers/Microsoft.Authorization/permissions?${V}`, { token: arm });
    assert.equal(tenantRoot.status, 400);
  });
});
