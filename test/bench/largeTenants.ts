// Issue #15 target 4: 20 large tenants, each with 300 Azure, 50 Microsoft Entra and 50 group eligibilities, for the
// in-editor bench (test/bench/editor.ts) and the browser spec that checks they all show (test/e2e/specs/25-*).
// Built from the network bench's tenant (test/bench/scenario.ts: 300 Azure eligibilities, 16 of them active, 4
// permanent assignments), with more Entra roles and groups, copied under other ids, each copy with its own name.
import type { Scenario } from '../emulator';
import { buildBenchScenario, withTenantCopies } from './scenario';

export const LARGE_TENANTS = 20;
export const ENTRA_ELIGIBILITIES = 50;
export const GROUP_ELIGIBILITIES = 50;
/** The Graph app registration the scenario's organisations consented to (set as azurePim.graph.clientId). */
export const LARGE_TENANTS_GRAPH_CLIENT = '5d1c2a52-3f0e-4b7a-9a51-2c5d8e0f6a25';
/** Tenants are listed by name: "Contoso Large 01" … "Contoso Large 20". */
export const largeTenantName = (index: number): string => `Contoso Large ${String(index + 1).padStart(2, '0')}`;
/** The one Entra role whose name only the n-th tenant has (the filter looks for it). */
export const uniqueRoleName = (index: number): string => `Incident Responder ${String(index + 1).padStart(2, '0')}`;

export interface LargeTenants {
  readonly scenario: Scenario;
  /** Rows the tree shows per tenant: eligibilities, plus the permanent assignments (activations share their eligibility's row). */
  readonly rowsPerTenant: number;
  readonly azureEligibilities: number;
  readonly listPages: number;
}

const guid = (prefix: string, n: number): string => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function buildLargeTenants(options: { latencyMs: number; pageSize: number }): LargeTenants {
  const bench = buildBenchScenario({ pageSize: options.pageSize, provisioningDelaySeconds: 0, latencyMs: options.latencyMs });
  const tenant = bench.scenario.tenants[0];
  if (!tenant) {
    throw new Error('no bench tenant');
  }
  const existingGroups = tenant.groups ?? [];
  // The bench tenant's first 10 groups hold the user (its Azure eligibilities through a group name them): kept as they are.
  const groups = Array.from({ length: GROUP_ELIGIBILITIES }, (_, g) => ({
    ...(existingGroups[g] ?? { id: guid('9b000000', g + 1), displayName: `pim-group-${String(g + 1).padStart(2, '0')}`, members: [], policy: 'standard' }),
    eligible: ['member' as const],
  }));
  const entraRoles = Array.from({ length: ENTRA_ELIGIBILITIES }, (_, r) => ({
    roleDefinitionId: guid('e0000000', r + 1),
    displayName: `Entra Role ${String(r + 1).padStart(2, '0')}`,
    eligible: true,
    policy: 'standard',
  }));
  const one: Scenario = {
    ...bench.scenario,
    graph: { consentedClients: { [LARGE_TENANTS_GRAPH_CLIENT]: ['RoleEligibilitySchedule.Read.Directory', 'RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagementPolicy.Read.Directory', 'PrivilegedEligibilitySchedule.Read.AzureADGroup', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'RoleManagementPolicy.Read.AzureADGroup'] } },
    tenants: [{ ...tenant, groups, entraRoles }],
  };
  const copies = withTenantCopies(one, LARGE_TENANTS);
  const tenants = copies.tenants.map((copy, index) => ({
    ...copy,
    displayName: largeTenantName(index),
    defaultDomain: `contosolarge${index + 1}.onmicrosoft.com`,
    entraRoles: (copy.entraRoles ?? []).map((role, r) => (r === 0 ? { ...role, displayName: uniqueRoleName(index) } : role)),
  }));
  const permanent = (tenant.assignments ?? []).filter((assignment) => assignment.type === 'Assigned').length;
  const azureEligibilities = bench.counts.eligibilities.total;
  return {
    scenario: { ...copies, tenants },
    rowsPerTenant: azureEligibilities + permanent + ENTRA_ELIGIBILITIES + GROUP_ELIGIBILITIES,
    azureEligibilities,
    listPages: Math.ceil(azureEligibilities / options.pageSize),
  };
}
