// Which roles grant a denied operation, and which one to offer first: the matcher against the built-in role
// definitions as Microsoft Learn publishes them (the emulator keeps that copy, test/emulator/roleDefinitions.ts), and
// the ranking of adviseElevation with stand-in rows.
import * as assert from 'node:assert/strict';
import { bestReason, breadthText, lowerRankReason, noneFitsText } from '../../src/core/permissions/adviceText';
import { adviseElevation, type AdviceSources } from '../../src/core/permissions/elevationAdvice';
import { toFailingScope } from '../../src/core/permissions/failingScope';
import { grantBreadth, grantingEntry, operationMatches } from '../../src/core/permissions/permissionMatching';
import { mapRoleDefinition, type RoleDefinition } from '../../src/core/permissions/roleDefinition';
import { RoleDefinitionCache } from '../../src/core/permissions/roleDefinitionCache';
import type { RoleState } from '../../src/core/model/roleRows';
import type { ScopeType } from '../../src/core/model/model';
import type { RowRef } from '../../src/core/store/roleStore';
import { BUILT_IN_ROLES } from '../emulator';
import { builtInRoleDefinition } from '../emulator/roleDefinitions';

const GUIDS = Object.fromEntries(BUILT_IN_ROLES.map((role) => [role.name, role.id]));

function builtIn(name: string): RoleDefinition {
  const guid = GUIDS[name] ?? '';
  const definition = builtInRoleDefinition(guid);
  assert.ok(definition, name);
  return { guid, roleName: name, roleType: 'BuiltInRole', permissions: definition.permissions };
}

const ALL_BUILT_INS = BUILT_IN_ROLES.map((role) => builtIn(role.name));
const custom = (guid: string, roleName: string, actions: string[], notActions: string[] = []): RoleDefinition => ({
  guid,
  roleName,
  roleType: 'CustomRole',
  permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
});

const SUB = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const RG = `${SUB}/resourceGroups/rg-app`;
const SITE = `${RG}/providers/Microsoft.Web/sites/app-e2e`;
const TENANT = '11111111-1111-4111-8111-111111111111';

describe('permission matching: how Azure evaluates role definitions', () => {
  it('"*" matches any run of characters, across "/", in any case', () => {
    assert.ok(operationMatches('*', 'Microsoft.Web/sites/write'));
    assert.ok(operationMatches('*/read', 'Microsoft.Web/sites/config/read'));
    assert.ok(!operationMatches('*/read', 'Microsoft.Web/sites/write'));
    assert.ok(operationMatches('Microsoft.Web/*', 'microsoft.web/SITES/write'));
    assert.ok(operationMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/read'));
    assert.ok(!operationMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/write'));
    assert.ok(operationMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write'));
    assert.ok(!operationMatches('Microsoft.Web/sites/write', 'Microsoft.Web/sites/writeX'));
    assert.ok(operationMatches('a*b*c', 'aXbYbZc'));
  });

  it('built-in roles: Actions minus NotActions, as published', () => {
    const grants = (role: string, operation: string): boolean => grantingEntry(builtIn(role).permissions, operation, 'action') !== undefined;
    assert.ok(grants('Owner', 'Microsoft.Authorization/roleAssignments/write'));
    assert.ok(grants('Contributor', 'Microsoft.Web/sites/write'));
    assert.ok(!grants('Contributor', 'Microsoft.Authorization/roleAssignments/write'), 'NotActions Microsoft.Authorization/*/Write');
    assert.ok(!grants('Contributor', 'Microsoft.Authorization/elevateAccess/Action'));
    assert.ok(grants('Contributor', 'Microsoft.Authorization/roleAssignments/read'));
    assert.ok(grants('Reader', 'Microsoft.Web/sites/read'));
    assert.ok(!grants('Reader', 'Microsoft.Web/sites/write'));
    assert.ok(grants('User Access Administrator', 'Microsoft.Authorization/roleAssignments/write'));
    assert.ok(!grants('User Access Administrator', 'Microsoft.Web/sites/write'));
    assert.ok(grants('Website Contributor', 'Microsoft.Web/sites/slots/write'));
    assert.ok(!grants('Website Contributor', 'Microsoft.Web/serverFarms/write'));
    assert.ok(grants('Key Vault Contributor', 'Microsoft.KeyVault/vaults/write'));
    assert.ok(!grants('Key Vault Contributor', 'Microsoft.KeyVault/locations/deletedVaults/purge/action'));
    assert.equal(grantingEntry(builtIn('Website Contributor').permissions, 'Microsoft.Web/sites/write', 'action'), 'Microsoft.Web/sites/*');
  });

  it('data actions are their own list: DataActions minus NotDataActions, never Actions', () => {
    const grantsData = (role: string, operation: string): boolean => grantingEntry(builtIn(role).permissions, operation, 'dataAction') !== undefined;
    assert.ok(grantsData('Key Vault Administrator', 'Microsoft.KeyVault/vaults/secrets/getSecret/action'));
    assert.ok(grantsData('Key Vault Secrets User', 'Microsoft.KeyVault/vaults/secrets/getSecret/action'));
    assert.ok(!grantsData('Key Vault Secrets User', 'Microsoft.KeyVault/vaults/keys/read'));
    assert.ok(!grantsData('Owner', 'Microsoft.KeyVault/vaults/secrets/getSecret/action'), 'Owner has no data actions');
    assert.equal(grantingEntry(builtIn('Key Vault Administrator').permissions, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', 'action'), undefined);
    const blob = [{ actions: [], notActions: [], dataActions: ['Microsoft.Storage/*'], notDataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'] }];
    assert.ok(grantingEntry(blob, 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read', 'dataAction'));
    assert.equal(grantingEntry(blob, 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete', 'dataAction'), undefined);
  });

  it('a NotActions entry takes away from its own permission block only', () => {
    const blocks = [
      { actions: ['Microsoft.Web/*'], notActions: ['Microsoft.Web/sites/write'], dataActions: [], notDataActions: [] },
      { actions: ['Microsoft.Web/sites/*'], notActions: [], dataActions: [], notDataActions: [] },
    ];
    assert.equal(grantingEntry(blocks, 'Microsoft.Web/sites/write', 'action'), 'Microsoft.Web/sites/*');
    assert.equal(grantingEntry(blocks.slice(0, 1), 'Microsoft.Web/sites/write', 'action'), undefined);
  });

  it('breadth orders roles by how much they grant: Website Contributor < Reader < Contributor < Owner', () => {
    const breadth = (role: string): number => grantBreadth(builtIn(role));
    assert.ok(breadth('Key Vault Secrets User') < breadth('Website Contributor'));
    assert.ok(breadth('Website Contributor') < breadth('Reader'));
    assert.ok(breadth('Reader') < breadth('Contributor'));
    assert.ok(breadth('Contributor') < breadth('Owner'), 'NotActions make Contributor less than Owner');
    assert.equal(breadthText(builtIn('Contributor')), 'every action except 8');
    assert.equal(breadthText(builtIn('Website Contributor')), '12 permission entries');
  });

  it('reads a definition as RoleDefinitions - Get answers it, and drops what is malformed', () => {
    const item = {
      properties: { roleName: 'Website Contributor', type: 'BuiltInRole', permissions: [{ actions: ['Microsoft.Web/sites/*', 42], notActions: [], dataActions: [], notDataActions: [] }] },
      id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/DE139F84-1756-47AE-9BE6-808FBBE84772`,
      type: 'Microsoft.Authorization/roleDefinitions',
      name: 'DE139F84-1756-47AE-9BE6-808FBBE84772',
    };
    assert.deepEqual(mapRoleDefinition(item), {
      guid: 'de139f84-1756-47ae-9be6-808fbbe84772',
      roleName: 'Website Contributor',
      roleType: 'BuiltInRole',
      permissions: [{ actions: ['Microsoft.Web/sites/*'], notActions: [], dataActions: [], notDataActions: [] }],
    });
    assert.equal(mapRoleDefinition({ ...item, name: 'not-a-guid', id: 'x' }), undefined);
    assert.equal(mapRoleDefinition({ ...item, properties: { roleName: 'x' } }), undefined);
  });
});

interface RowSpec {
  readonly definition: RoleDefinition;
  readonly scope: string;
  readonly type: ScopeType;
  readonly state?: RoleState;
  readonly tenantId?: string;
  readonly approval?: boolean;
  readonly pinned?: boolean;
}

/** A stand-in RowRef with what the advice reads: the row (role, scope, state, key) and the tenant's subscriptions. */
function row(spec: RowSpec, index: number): RowRef {
  const tenantId = spec.tenantId ?? TENANT;
  const key = { kind: 'azure' as const, tenantId, scope: spec.scope, roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${spec.definition.guid}` };
  const id = `azure|${tenantId}|${spec.scope.toLowerCase()}|${spec.definition.guid}|${index}`;
  const scope = { id: spec.scope, displayName: spec.scope.split('/').pop() ?? spec.scope, type: spec.type };
  const state = spec.state ?? 'eligible';
  const role = { key, id, roleName: spec.definition.roleName, scope, principalId: 'p', memberType: 'Direct' as const };
  return {
    tenant: { tenantId, subscriptionNames: new Map(tenantId === TENANT ? [['a0000000-0000-4000-8000-00000000000a', 'Contoso Dev']] : []) },
    connection: { tenantId },
    row: {
      id,
      roleName: spec.definition.roleName,
      scope,
      state,
      ...(state === 'active' ? { active: { ...role, assignmentType: 'Activated' as const } } : { eligible: { ...role, eligibilityScheduleId: 's' } }),
    },
  } as unknown as RowRef;
}

function sources(specs: readonly RowSpec[], options: { unreadable?: string[]; builtIns?: RoleDefinition[] } = {}): AdviceSources {
  const refs = specs.map(row);
  const byId = new Map(refs.map((ref, index) => [ref.row.id, specs[index]]));
  return {
    rows: refs,
    definition: (ref) => {
      const spec = byId.get(ref.row.id);
      return spec && !options.unreadable?.includes(spec.definition.roleName) ? Promise.resolve(spec.definition) : Promise.reject(new Error('403'));
    },
    builtIns: () => Promise.resolve(options.builtIns ?? ALL_BUILT_INS),
    requiresApproval: (ref) => Promise.resolve(byId.get(ref.row.id)?.approval ?? false),
    isPinned: (rowId) => byId.get(rowId)?.pinned ?? false,
  };
}

const writeSite = { operation: 'Microsoft.Web/sites/write', kind: 'action' as const, scope: toFailingScope(SITE) };
const names = (candidates: readonly { ref: RowRef }[]): string[] => candidates.map((candidate) => `${candidate.ref.row.roleName}@${candidate.ref.row.scope.displayName}`);

describe('elevation advice: the right role, with reasons', () => {
  it('offers the roles that grant the operation at a scope holding the failing one, least privilege first', async () => {
    const advice = await adviseElevation(
      writeSite,
      sources([
        { definition: builtIn('Owner'), scope: SUB, type: 'subscription', approval: true },
        { definition: builtIn('Contributor'), scope: SUB, type: 'subscription' },
        { definition: builtIn('Reader'), scope: RG, type: 'resourceGroup' },
        { definition: builtIn('Website Contributor'), scope: RG, type: 'resourceGroup' },
        { definition: builtIn('Key Vault Administrator'), scope: SUB, type: 'subscription' },
        { definition: builtIn('Contributor'), scope: '/subscriptions/b0000000-0000-4000-8000-00000000000b', type: 'subscription' },
      ]),
    );
    assert.deepEqual(names(advice.eligible), ['Website Contributor@rg-app', 'Contributor@a0000000-0000-4000-8000-00000000000a', 'Owner@a0000000-0000-4000-8000-00000000000a']);
    assert.equal(advice.eligible[0]?.grant, 'Microsoft.Web/sites/*');
    assert.equal(
      bestReason(advice),
      'Grants Microsoft.Web/sites/write on app-e2e through "Microsoft.Web/sites/*". Contributor would also, but grants every action except 8.',
    );
    const [best, contributor, owner] = advice.eligible;
    assert.ok(best && contributor && owner);
    assert.equal(lowerRankReason(contributor, best), 'Would also grant it, but grants more: every action except 8.');
    assert.equal(lowerRankReason(owner, best), 'Would also grant it, but grants more: every action.');
  });

  it('least privilege comes before the narrowest scope', async () => {
    const advice = await adviseElevation(
      writeSite,
      sources([
        { definition: builtIn('Owner'), scope: SUB, type: 'subscription' },
        { definition: builtIn('Contributor'), scope: RG, type: 'resourceGroup' },
        { definition: builtIn('Website Contributor'), scope: SUB, type: 'subscription' },
        { definition: builtIn('Contributor'), scope: SUB, type: 'subscription' },
      ]),
    );
    assert.deepEqual(names(advice.eligible), [
      'Website Contributor@a0000000-0000-4000-8000-00000000000a',
      'Contributor@rg-app',
      'Contributor@a0000000-0000-4000-8000-00000000000a',
      'Owner@a0000000-0000-4000-8000-00000000000a',
    ]);
  });

  it('then the narrowest scope, then no approval, then pinned', async () => {
    const a = custom('10000000-0000-4000-8000-00000000000a', 'Site Writer A', ['Microsoft.Web/sites/write']);
    const b = custom('10000000-0000-4000-8000-00000000000b', 'Site Writer B', ['Microsoft.Web/sites/write']);
    const c = custom('10000000-0000-4000-8000-00000000000c', 'Site Writer C', ['Microsoft.Web/sites/write']);
    const narrow = await adviseElevation(writeSite, sources([{ definition: builtIn('Contributor'), scope: SUB, type: 'subscription' }, { definition: builtIn('Contributor'), scope: RG, type: 'resourceGroup' }]));
    assert.deepEqual(names(narrow.eligible), ['Contributor@rg-app', 'Contributor@a0000000-0000-4000-8000-00000000000a']);
    const approval = await adviseElevation(writeSite, sources([{ definition: a, scope: RG, type: 'resourceGroup', approval: true }, { definition: b, scope: RG, type: 'resourceGroup' }]));
    assert.deepEqual(names(approval.eligible), ['Site Writer B@rg-app', 'Site Writer A@rg-app']);
    const [first, second] = approval.eligible;
    assert.ok(first && second);
    assert.equal(lowerRankReason(second, first), 'Would also grant it, but needs approval.');
    const pinned = await adviseElevation(writeSite, sources([{ definition: b, scope: RG, type: 'resourceGroup' }, { definition: c, scope: RG, type: 'resourceGroup', pinned: true }]));
    assert.deepEqual(names(pinned.eligible), ['Site Writer C@rg-app', 'Site Writer B@rg-app']);
  });

  it('a management group may hold the subscription: offered, but after roles known to hold it', async () => {
    const mg = '/providers/Microsoft.Management/managementGroups/platform';
    const advice = await adviseElevation(
      writeSite,
      sources([
        { definition: builtIn('Website Contributor'), scope: mg, type: 'managementGroup' },
        { definition: builtIn('Contributor'), scope: SUB, type: 'subscription' },
        { definition: builtIn('Owner'), scope: mg, type: 'managementGroup', tenantId: '22222222-2222-4222-8222-222222222222' },
      ]),
    );
    assert.deepEqual(names(advice.eligible), ['Contributor@a0000000-0000-4000-8000-00000000000a', 'Website Contributor@platform'], "another tenant's management group cannot hold a Contoso subscription");
    assert.equal(advice.eligible[1]?.containment, 'uncertain');
  });

  it('an active role that grants it is reported, not offered again', async () => {
    const advice = await adviseElevation(writeSite, sources([{ definition: builtIn('Contributor'), scope: SUB, type: 'subscription', state: 'active' }, { definition: builtIn('Website Contributor'), scope: RG, type: 'resourceGroup' }]));
    assert.deepEqual(names(advice.active), ['Contributor@a0000000-0000-4000-8000-00000000000a']);
    assert.deepEqual(names(advice.eligible), ['Website Contributor@rg-app']);
  });

  it('when nothing fits: the smallest built-in role that would, and the roles that could not be read', async () => {
    const advice = await adviseElevation(writeSite, sources([{ definition: builtIn('Reader'), scope: RG, type: 'resourceGroup' }, { definition: builtIn('Owner'), scope: SUB, type: 'subscription' }], { unreadable: ['Owner'] }));
    assert.deepEqual(advice.eligible, []);
    assert.equal(advice.builtIn?.roleName, 'Website Contributor');
    assert.equal(advice.unreadable.length, 1);
    assert.equal(
      noneFitsText(advice),
      'None of your eligible roles grants Microsoft.Web/sites/write on app-e2e. The built-in role Website Contributor would, assigned at rg-app: ask your administrator to make you eligible for it. (1 role definitions could not be read.)',
    );
    const secret = await adviseElevation({ operation: 'Microsoft.KeyVault/vaults/secrets/getSecret/action', kind: 'dataAction', scope: toFailingScope(`${RG}/providers/Microsoft.KeyVault/vaults/kv/secrets/s`) }, sources([]));
    assert.equal(secret.builtIn?.roleName, 'Key Vault Secrets User', 'the smallest built-in that grants the data action');
    const none = await adviseElevation({ operation: 'Microsoft.Nothing/x/write', kind: 'action', scope: toFailingScope(SITE) }, sources([], { builtIns: [builtIn('Reader')] }));
    assert.equal(none.builtIn, undefined);
    assert.match(noneFitsText(none), /no built-in role was found/);
  });

  it('with no usable scope, every role that grants it anywhere is offered, and the reason says so', async () => {
    const advice = await adviseElevation({ operation: 'Microsoft.Web/sites/write', kind: 'action' }, sources([{ definition: builtIn('Website Contributor'), scope: RG, type: 'resourceGroup' }, { definition: builtIn('Reader'), scope: RG, type: 'resourceGroup' }]));
    assert.deepEqual(names(advice.eligible), ['Website Contributor@rg-app']);
    assert.match(bestReason(advice), /the error names no scope/);
  });

  it('reads each role definition once per GUID, and asks again after a failure', async () => {
    const cache = new RoleDefinitionCache();
    let calls = 0;
    let fail = true;
    const reader = {
      getRoleDefinition: () => {
        calls++;
        return fail ? Promise.reject(new Error('throttled')) : Promise.resolve(builtIn('Reader'));
      },
      listBuiltInRoleDefinitions: () => Promise.resolve([]),
    };
    const id = (scope: string): string => `${scope}/providers/Microsoft.Authorization/roleDefinitions/${GUIDS.Reader ?? ''}`;
    await assert.rejects(cache.definition(reader, id(SUB)));
    fail = false;
    await cache.definition(reader, id(SUB));
    await cache.definition(reader, id('/subscriptions/b0000000-0000-4000-8000-00000000000b'));
    await cache.definition(reader, id(''));
    assert.equal(calls, 2, 'one failed read, then one read for every form of the same GUID');
  });
});
