// Where settings may come from: a workspace never chooses where the sign-in token goes or how often it is sent;
// the justification pattern comes from a workspace only when it is trusted.
import * as assert from 'node:assert/strict';
import {
  ignoredWorkspaceSettings,
  keysInSettingsFile,
  refreshIntervalSeconds,
  setByWorkspace,
  trustedWorkspaceValue,
  USER_ONLY_SETTINGS,
  userValue,
  type InspectedSetting,
} from '../../src/core/settings/settingSources';

const LISTENER = 'http://127.0.0.1:9999';

describe('setting sources', () => {
  describe('user-only settings', () => {
    it('ignore the workspace and every folder: the user value counts, else the default', () => {
      const attacked: InspectedSetting = {
        defaultValue: '',
        globalValue: 'https://management.contoso.example',
        workspaceValue: LISTENER,
        workspaceFolderValues: [undefined, LISTENER],
      };
      assert.equal(userValue(attacked), 'https://management.contoso.example');
      assert.equal(userValue({ defaultValue: 'AzureCloud', workspaceValue: 'Custom' }), 'AzureCloud');
      assert.equal(userValue({ defaultValue: 'AzureCloud', workspaceFolderValues: ['Custom'] }), 'AzureCloud');
      assert.deepEqual(userValue({ defaultValue: [], globalValue: ['t1'], workspaceValue: ['t2'] }), ['t1']);
      assert.equal(userValue(undefined), undefined);
    });

    it('cover every endpoint, the audience, the cloud (auth provider), the client id, the tenants and the refresh', () => {
      assert.deepEqual([...USER_ONLY_SETTINGS].sort(), [
        'cloud',
        'customCloud.activeDirectoryEndpoint',
        'customCloud.microsoftGraphAudience',
        'customCloud.microsoftGraphEndpoint',
        'customCloud.resourceManagerAudience',
        'customCloud.resourceManagerEndpoint',
        'graph.clientId',
        'refreshIntervalSeconds',
        'tenants',
      ]);
    });
  });

  describe('trusted-workspace settings (the justification pattern)', () => {
    const pattern: InspectedSetting = { defaultValue: '', globalValue: '^USER-\\d+$', workspaceValue: '^C\\d{5}[A-Z]$' };
    it('use the workspace value only when the workspace is trusted', () => {
      assert.equal(trustedWorkspaceValue(pattern, true), '^C\\d{5}[A-Z]$');
      assert.equal(trustedWorkspaceValue(pattern, false), '^USER-\\d+$');
      assert.equal(trustedWorkspaceValue({ defaultValue: '', workspaceValue: '.*' }, false), '');
      assert.equal(trustedWorkspaceValue({ defaultValue: '', globalValue: '^A$' }, true), '^A$');
    });
  });

  describe('what the workspace tried to set', () => {
    it('sees the workspace value and any folder value (multi-root)', () => {
      assert.equal(setByWorkspace({ defaultValue: '', globalValue: 'x' }), false);
      assert.equal(setByWorkspace({ workspaceValue: LISTENER }), true);
      assert.equal(setByWorkspace({ workspaceFolderValues: [undefined, undefined, LISTENER] }), true);
      assert.equal(setByWorkspace({ workspaceFolderValues: [undefined] }), false);
      // false and 0 are values too.
      assert.equal(setByWorkspace({ workspaceValue: 0 }), true);
    });

    it('reads dotted and nested keys from a settings file, skipping language blocks', () => {
      const keys = keysInSettingsFile({
        'azurePim.cloud': 'Custom',
        azurePim: { customCloud: { resourceManagerEndpoint: LISTENER }, 'graph.clientId': 'x' },
        '[json]': { 'azurePim.tenants': ['t'] },
      });
      assert.ok(keys.has('azurePim.cloud'));
      assert.ok(keys.has('azurePim.customCloud.resourceManagerEndpoint'));
      assert.ok(keys.has('azurePim.graph.clientId'));
      assert.ok(!keys.has('azurePim.tenants'));
      assert.deepEqual([...keysInSettingsFile(undefined)], []);
      assert.deepEqual([...keysInSettingsFile(['azurePim.cloud'])], []);
    });

    it('reports the ignored keys in manifest order, from inspect() or from the files, and never a value', () => {
      const inspected: Record<string, InspectedSetting> = {
        'customCloud.resourceManagerEndpoint': { defaultValue: '', workspaceFolderValues: [LISTENER] },
        refreshIntervalSeconds: { defaultValue: 120, workspaceValue: 1 },
        'graph.clientId': { defaultValue: '', globalValue: 'mine' },
        workspaceRoles: { defaultValue: [], workspaceValue: [{ role: 'Owner', scope: '/' }] },
        'activation.justificationPattern': { defaultValue: '', workspaceValue: '.*' },
      };
      const fileKeys = new Set(['azurePim.cloud', 'azurePim.tenants', 'editor.fontSize']);
      const untrusted = ignoredWorkspaceSettings(inspected, fileKeys, { section: 'azurePim', trusted: false });
      assert.deepEqual(untrusted.userOnly, ['azurePim.cloud', 'azurePim.customCloud.resourceManagerEndpoint', 'azurePim.tenants', 'azurePim.refreshIntervalSeconds']);
      assert.deepEqual(untrusted.restricted, ['azurePim.workspaceRoles', 'azurePim.activation.justificationPattern']);
      assert.doesNotMatch(JSON.stringify(untrusted), /9999|Owner|\.\*/);

      const trusted = ignoredWorkspaceSettings(inspected, fileKeys, { section: 'azurePim', trusted: true });
      assert.deepEqual(trusted.userOnly, untrusted.userOnly, 'trust does not let a workspace choose where tokens go');
      assert.deepEqual(trusted.restricted, []);

      assert.deepEqual(ignoredWorkspaceSettings({}, new Set(), { section: 'azurePim', trusted: false }), { userOnly: [], restricted: [] });
    });
  });

  describe('refresh interval', () => {
    it('is 0 (only on demand) or at least 30 seconds', () => {
      assert.equal(refreshIntervalSeconds(0), 0);
      assert.equal(refreshIntervalSeconds(-5), 0);
      assert.equal(refreshIntervalSeconds(1), 30);
      assert.equal(refreshIntervalSeconds(29.6), 30);
      assert.equal(refreshIntervalSeconds(45), 45);
      assert.equal(refreshIntervalSeconds(10_000_000), 86_400);
      assert.equal(refreshIntervalSeconds('1'), 120);
      assert.equal(refreshIntervalSeconds(Number.NaN), 120);
      assert.equal(refreshIntervalSeconds(undefined), 120);
    });
  });
});
