// The delegated Microsoft Graph permissions Azure PIM asks for (with an app registration) and names in its advice.

/** Delegated Graph permissions the Entra-role and PIM-for-Groups features need. */
export const GRAPH_PIM_PERMISSIONS: readonly string[] = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'RoleManagementPolicy.Read.Directory',
  'RoleManagementPolicy.Read.AzureADGroup',
];
