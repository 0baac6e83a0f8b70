// "Wait for access": after an activation, the permissions API at the failing scope is polled until one of its blocks
// permits the denied operation; then the user is told to re-run. A virtual clock stands in for the waiting.
import * as assert from 'node:assert/strict';
import { waitUntilPermitted, type PermissionsReader } from '../../src/core/permissions/effectiveAccess';
import { toFailingScope, type FailingScope } from '../../src/core/permissions/failingScope';
import type { PermissionBlock } from '../../src/core/permissions/roleDefinition';

const SITE = '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e';
const READER: PermissionBlock = { actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] };
const WEBSITE_CONTRIBUTOR: PermissionBlock = { actions: ['Microsoft.Web/sites/*'], notActions: [], dataActions: [], notDataActions: [] };
const NO_SITE_WRITES: PermissionBlock = { actions: ['*'], notActions: ['Microsoft.Web/sites/write'], dataActions: [], notDataActions: [] };

function scope(id: string): FailingScope {
  const parsed = toFailingScope(id);
  assert.ok(parsed, id);
  return parsed;
}

/** Answers the n-th call with answers[n] (the last one repeats), on a clock that only moves when the poller sleeps. */
function replay(answers: readonly (readonly PermissionBlock[])[]): { reader: PermissionsReader; asked: string[]; clock: { now: () => number; sleep: (ms: number) => Promise<void> } } {
  const asked: string[] = [];
  let time = 0;
  return {
    asked,
    reader: {
      listPermissions: (at) => {
        asked.push(at);
        return Promise.resolve([...(answers[Math.min(asked.length - 1, answers.length - 1)] ?? [])]);
      },
    },
    clock: {
      now: () => time,
      sleep: (ms) => {
        time += ms;
        return Promise.resolve();
      },
    },
  };
}

describe('wait for access: until Azure applies the role', () => {
  it('polls the failing scope until a block permits the operation, and says how long it took', async () => {
    const { reader, asked, clock } = replay([[READER], [READER, NO_SITE_WRITES], [READER, WEBSITE_CONTRIBUTOR]]);
    const result = await waitUntilPermitted(reader, scope(SITE), 'Microsoft.Web/sites/write', 'action', { intervalsMs: [2000], timeoutMs: 60_000, ...clock });
    assert.deepEqual(result, { outcome: 'effective', elapsedMs: 4000 });
    assert.equal(asked.length, 3, 'Reader, then a block whose NotActions take the write away, then Website Contributor');
    assert.ok(asked.every((at) => at === SITE), 'asked at the resource that failed');
  });

  it('gives up at the deadline when nothing permits it', async () => {
    const { reader, asked, clock } = replay([[READER]]);
    const result = await waitUntilPermitted(reader, scope(SITE), 'Microsoft.Web/sites/write', 'action', { intervalsMs: [5000], timeoutMs: 20_000, ...clock });
    assert.equal(result.outcome, 'timedOut');
    assert.ok(asked.length >= 4 && asked.length <= 6, `${asked.length} checks in 20 s every 5 s`);
  });

  it('data actions are checked against DataActions', async () => {
    const secretsUser: PermissionBlock = { actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'], notDataActions: [] };
    const { reader, clock } = replay([[NO_SITE_WRITES], [secretsUser]]);
    const vault = '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv';
    const result = await waitUntilPermitted(reader, scope(`${vault}/secrets/db`), 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'dataAction', { intervalsMs: [1000], timeoutMs: 10_000, ...clock });
    assert.deepEqual(result, { outcome: 'effective', elapsedMs: 1000 }, 'an Actions "*" grants no data action');
  });

  it('a management group or the tenant root cannot be asked: says so without a call', async () => {
    const { reader, asked } = replay([[WEBSITE_CONTRIBUTOR]]);
    for (const at of ['/providers/Microsoft.Management/managementGroups/contoso', '/']) {
      assert.deepEqual(await waitUntilPermitted(reader, scope(at), 'Microsoft.Web/sites/write', 'action'), { outcome: 'cannotCheck' });
    }
    assert.equal(asked.length, 0);
  });
});
