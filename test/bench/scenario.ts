// A large, deterministic tenant for the benchmark, generated in code (no JSON file to keep in sync):
// 50 subscriptions in 4 management groups plus a 5th management group with no direct subscriptions,
// 300 eligibilities over management group / subscription / resource group / resource scopes (one in five
// through a group), 20 active assignments (16 JIT activations, 4 permanent), 20 Entra roles, 20 groups.
import { validateScenario, type Scenario, type ScenarioAssignment, type ScenarioEligibility } from '../emulator';

export const BENCH_TENANT = '33333333-3333-4333-8333-333333333333';
export const BENCH_USER = 'aaaaaaaa-0000-4000-8000-0000000000b1';

export interface BenchScenarioOptions {
  /** Items per page on list calls (the emulator's default is 100). */
  readonly pageSize: number;
  /** Delay before an activation shows in the instance list (the real service: 10–30 s). */
  readonly provisioningDelaySeconds: number;
  /** Server-side delay of every API call. */
  readonly latencyMs: number;
}

export interface BenchScenario {
  readonly scenario: Scenario;
  readonly counts: {
    readonly subscriptions: number;
    readonly managementGroups: number;
    readonly eligibilities: Record<'managementGroup' | 'subscription' | 'resourceGroup' | 'resource' | 'total' | 'viaGroup', number>;
    readonly assignments: { readonly activated: number; readonly assigned: number };
    readonly entraRoles: number;
    readonly groups: number;
  };
  /** The management group that holds no subscription directly (a naive per-subscription client cannot see it). */
  readonly emptyManagementGroup: string;
  /** A subscription-scoped, directly eligible Contributor with the plain "standard" policy, not active: activated by the bench. */
  readonly activationTarget: { readonly scope: string; readonly roleName: string };
}

const SUBSCRIPTIONS = 50;
const ROLES = ['Owner', 'Contributor', 'Reader', 'Key Vault Administrator', 'User Access Administrator', 'Key Vault Contributor', 'Key Vault Secrets User'];
const RESOURCE_GROUPS = ['rg-app', 'rg-data', 'rg-network'];
const POLICIES = ['standard', 'short', 'ticket', 'approval', 'mfa'] as const;

function guid(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function subscriptionId(i: number): string {
  return guid('5b000000', i + 1);
}

export function buildBenchScenario(options: BenchScenarioOptions): BenchScenario {
  const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({
    subscriptionId: subscriptionId(i),
    displayName: `contoso-${['platform', 'corp', 'online', 'sandbox'][i % 4] ?? 'x'}-${String(i + 1).padStart(2, '0')}`,
    resourceGroups: [...RESOURCE_GROUPS],
  }));
  const mgNames = ['mg-platform', 'mg-corp', 'mg-online', 'mg-sandbox', 'mg-landingzones'];
  const managementGroups = mgNames.map((id, m) => ({
    id,
    displayName: id.replace('mg-', 'MG ').replace(/\b\w/g, (c) => c.toUpperCase()),
    // The 5th group only has child management groups in a real hierarchy: no direct subscription.
    subscriptions: m < 4 ? subscriptions.filter((_, i) => i % 4 === m).map((s) => s.subscriptionId) : [],
  }));
  const emptyManagementGroup = `/providers/Microsoft.Management/managementGroups/${mgNames[4]}`;

  const groups = Array.from({ length: 20 }, (_, g) => ({
    id: guid('9b000000', g + 1),
    displayName: `pim-group-${String(g + 1).padStart(2, '0')}`,
    // The first 10 hold the user permanently (their Azure eligibilities apply to the user: memberType Group).
    members: g < 10 ? [BENCH_USER] : [],
    eligible: g % 3 === 0 ? (['member', 'owner'] as ('member' | 'owner')[]) : (['member'] as ('member' | 'owner')[]),
    policy: 'standard',
  }));
  const memberGroups = groups.slice(0, 10).map((g) => g.id);

  const eligibilities: ScenarioEligibility[] = [];
  const counts = { managementGroup: 0, subscription: 0, resourceGroup: 0, resource: 0, total: 0, viaGroup: 0 };
  const add = (kind: keyof typeof counts, role: string, scope: string): void => {
    const n = eligibilities.length;
    // One in five through a group, never the activation target (index 0 of the subscription block).
    const viaGroup = n % 5 === 4;
    eligibilities.push({
      role,
      scope,
      policy: POLICIES[n % POLICIES.length],
      ...(viaGroup ? { principal: memberGroups[n % memberGroups.length] } : {}),
      // A few eligibilities end (the tree shows the eligibility end date); most are permanent.
      ...(n % 7 === 3 ? { end: new Date(Date.now() + (30 + n) * 24 * 3600_000).toISOString() } : {}),
    });
    counts[kind]++;
    counts.total++;
    if (viaGroup) {
      counts.viaGroup++;
    }
  };
  const subScope = (i: number): string => `/subscriptions/${subscriptionId(i)}`;
  // Subscription scope first so that the activation target is eligibilities[0]: Contributor, direct, "standard".
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    add('subscription', i === 0 ? 'Contributor' : ROLES[(i * 2) % ROLES.length] ?? 'Reader', subScope(i));
    add('subscription', i === 0 ? 'Owner' : ROLES[(i * 2 + 1) % ROLES.length] ?? 'Reader', subScope(i));
  }
  for (let i = 0; i < 40; i++) {
    RESOURCE_GROUPS.forEach((rg, r) => add('resourceGroup', ROLES[(i + r) % ROLES.length] ?? 'Reader', `${subScope(i)}/resourceGroups/${rg}`));
  }
  for (let i = 0; i < 30; i++) {
    const n = String(i + 1).padStart(2, '0');
    add('resource', 'Key Vault Administrator', `${subScope(i)}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app-${n}`);
    add('resource', 'Contributor', `${subScope(i)}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdata${n}`);
  }
  for (const mg of mgNames) {
    for (const role of ['Owner', 'Contributor', 'Reader', 'User Access Administrator']) {
      add('managementGroup', role, `/providers/Microsoft.Management/managementGroups/${mg}`);
    }
  }
  // The policy of the activation target must be plain (no approval, ticket or MFA) so the activation is granted.
  const target = eligibilities[0];
  if (!target || target.policy !== 'standard' || target.principal) {
    throw new Error('bench scenario: the activation target is not a plain direct eligibility');
  }

  // 16 JIT activations of existing eligibilities (not the target), 4 permanent assignments.
  const assignments: ScenarioAssignment[] = [];
  const now = Date.now();
  for (let k = 0; k < 16; k++) {
    const e = eligibilities[10 + k * 17];
    if (e) {
      assignments.push({
        role: e.role,
        scope: e.scope,
        type: 'Activated',
        start: new Date(now - 20 * 60_000).toISOString(),
        end: new Date(now + (30 + k * 15) * 60_000).toISOString(),
      });
    }
  }
  for (let k = 0; k < 4; k++) {
    assignments.push({ role: 'Reader', scope: `${subScope(40 + k)}/resourceGroups/rg-network`, type: 'Assigned', end: null });
  }

  const entraRoles = Array.from({ length: 20 }, (_, r) => ({
    roleDefinitionId: guid('e0000000', r + 1),
    displayName: `Entra Role ${String(r + 1).padStart(2, '0')}`,
    eligible: r % 4 !== 3,
    policy: POLICIES[r % POLICIES.length],
  }));

  const scenario: Scenario = {
    pageSize: options.pageSize,
    provisioningDelaySeconds: options.provisioningDelaySeconds,
    latency: { defaultMs: options.latencyMs },
    tenants: [
      {
        id: BENCH_TENANT,
        displayName: 'Contoso Large',
        defaultDomain: 'contosolarge.onmicrosoft.com',
        user: { id: BENCH_USER, displayName: 'Bench User', userPrincipalName: 'bench@contosolarge.onmicrosoft.com' },
        managementGroups,
        subscriptions,
        policies: {
          standard: { maximumDuration: 'PT8H', requireJustification: true },
          short: { maximumDuration: 'PT2H', requireJustification: true },
          ticket: { maximumDuration: 'PT8H', requireJustification: true, requireTicket: true },
          approval: {
            maximumDuration: 'PT4H',
            requireJustification: true,
            approvers: [{ id: 'cccccccc-0000-4000-8000-0000000000b2', displayName: 'Alice Approver' }],
          },
          mfa: { maximumDuration: 'PT4H', requireJustification: true, requireMfa: true },
        },
        defaultPolicy: 'standard',
        eligibilities,
        assignments,
        groups,
        entraRoles,
      },
    ],
  };
  validateScenario(scenario);
  return {
    scenario,
    counts: {
      subscriptions: SUBSCRIPTIONS,
      managementGroups: managementGroups.length,
      eligibilities: counts,
      assignments: { activated: assignments.filter((a) => a.type === 'Activated').length, assigned: assignments.filter((a) => a.type === 'Assigned').length },
      entraRoles: entraRoles.length,
      groups: groups.length,
    },
    emptyManagementGroup,
    activationTarget: { scope: target.scope, roleName: target.role },
  };
}

/**
 * The same tenant `count` times under other ids (tenant, user, subscriptions, management groups, groups), for the
 * refresh cost of many tenants. Every copy is generated from the first, so each holds the same roles.
 */
export function withTenantCopies(scenario: Scenario, count: number): Scenario {
  const first = scenario.tenants[0];
  if (!first) {
    throw new Error('no tenant to copy');
  }
  const text = JSON.stringify(first);
  const copies = Array.from({ length: count - 1 }, (_, index) => {
    const n = (index + 1).toString(16).padStart(2, '0');
    // Every generated id starts with a fixed 8-hex prefix (see guid() above); the copy number goes into its last two digits.
    const copy = text.replace(BENCH_TENANT, benchTenantCopy(index + 1)).replace(/"([0-9a-f]{6})[0-9a-f]{2}-(0000-4000-8000-[0-9a-f]{12})"/gi, `"$1${n}-$2"`).replace(/(\/subscriptions\/[0-9a-f]{6})[0-9a-f]{2}/gi, `$1${n}`).replace(/mg-/g, `mg${n}-`);
    return JSON.parse(copy) as Scenario['tenants'][number];
  });
  return validateScenario({ ...scenario, tenants: [first, ...copies] });
}

/** The id of the n-th copy of the bench tenant (0 = the bench tenant itself). */
export function benchTenantCopy(n: number): string {
  return n === 0 ? BENCH_TENANT : `${BENCH_TENANT.slice(0, -2)}${n.toString(16).padStart(2, '0')}`;
}
