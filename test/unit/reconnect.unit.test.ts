// Which settings changes reconnect the tenants (core/settings/reconnect.ts).
import * as assert from 'node:assert/strict';
import { resolveCloud } from '../../src/core/api/cloud';
import { needsReconnect, type ConnectionSettings } from '../../src/core/settings/reconnect';

const noCustom = { resourceManagerEndpoint: '', microsoftGraphEndpoint: '', resourceManagerAudience: '' };
const base: ConnectionSettings = { cloud: resolveCloud('AzureCloud', noCustom), graphClientId: '', tenants: ['t1'] };

describe('reconnect decision', () => {
  it('reconnects when where tokens go, the Graph app or the tenants change', () => {
    const changes: ConnectionSettings[] = [
      { ...base, cloud: resolveCloud('AzureUSGovernment', noCustom) },
      { ...base, cloud: resolveCloud('Custom', { ...noCustom, resourceManagerEndpoint: 'http://127.0.0.1:8765' }) },
      { ...base, cloud: resolveCloud('Custom', { ...noCustom, resourceManagerEndpoint: 'https://management.azure.com', resourceManagerAudience: 'https://other/' }) },
      { ...base, cloud: { ...base.cloud, microsoftGraphEndpoint: 'https://graph.example' } },
      { ...base, cloud: { ...base.cloud, microsoftGraphResource: 'https://graph.microsoft.us/' } },
      { ...base, graphClientId: '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11' },
      { ...base, tenants: ['t1', 't2'] },
      { ...base, tenants: [] },
    ];
    for (const next of changes) {
      assert.equal(needsReconnect(base, next), true, JSON.stringify(next));
    }
  });

  it('does not reconnect for the same values in new objects, or for settings outside the connection', () => {
    assert.equal(needsReconnect(base, { cloud: resolveCloud('AzureCloud', noCustom), graphClientId: '', tenants: ['t1'] }), false);
    const withOthers = { ...base, defaultDurationMinutes: 120, statusBarMode: 'off' };
    assert.equal(needsReconnect(base, withOthers), false);
  });
});
