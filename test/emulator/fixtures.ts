// Response examples from the published API references, used by the conformance tests to check shapes.
// Values are kept as documented (only long rule lists are cut down to one rule per kind).

/** Azure/azure-rest-api-specs: specification/authorization/resource-manager/Microsoft.Authorization/stable/2020-10-01/examples/GetRoleEligibilityScheduleInstancesByScope.json */
export const ARM_ELIGIBILITY_INSTANCE = {
  properties: {
    scope: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f',
    roleDefinitionId: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c',
    principalId: 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea',
    principalType: 'User',
    status: 'Provisioned',
    roleEligibilityScheduleId: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/RoleEligibilitySchedules/b1477448-2cc6-4ceb-93b4-54a202a89413',
    startDateTime: '2020-09-10T00:32:36.86Z',
    endDateTime: '2021-09-10T00:31:41.477Z',
    memberType: 'Direct',
    createdOn: '2020-09-10T00:32:36.86Z',
    condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:ContainerName] StringEqualsIgnoreCase 'foo_storage_container'",
    conditionVersion: '1.0',
    expandedProperties: {
      scope: { id: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f', displayName: 'Pay-As-You-Go', type: 'subscription' },
      roleDefinition: {
        id: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/c8d4ff99-41c3-41a8-9f60-21dfdad59608',
        displayName: 'Contributor',
        type: 'BuiltInRole',
      },
      principal: { id: 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea', displayName: 'User Account', email: 'user@my-tenant.com', type: 'User' },
    },
  },
  name: '21e4b59a-0499-4fe0-a3c3-43a3055b773a',
  id: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/RoleEligibilityScheduleInstances/21e4b59a-0499-4fe0-a3c3-43a3055b773a',
  type: 'Microsoft.Authorization/RoleEligibilityScheduleInstances',
};

/** Same folder: GetRoleAssignmentScheduleInstancesByScope.json */
export const ARM_ASSIGNMENT_INSTANCE = {
  properties: {
    originRoleAssignmentId: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleAssignments/ed9b8180-cef7-4c77-a63c-b8566ecfc412',
    linkedRoleEligibilityScheduleId: 'b1477448-2cc6-4ceb-93b4-54a202a89413',
    linkedRoleEligibilityScheduleInstanceId: '21e4b59a-0499-4fe0-a3c3-43a3055b773a',
    assignmentType: 'Assigned',
    scope: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f',
    roleDefinitionId: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/c8d4ff99-41c3-41a8-9f60-21dfdad59608',
    principalId: 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea',
    principalType: 'User',
    status: 'Accepted',
    roleAssignmentScheduleId: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/RoleAssignmentSchedules/c9e264ff-3133-4776-a81a-ebc7c33c8ec6',
    startDateTime: '2020-09-09T21:35:27.91Z',
    endDateTime: '2020-09-10T05:35:17.91Z',
    memberType: 'Direct',
    createdOn: '2020-09-09T21:35:27.91Z',
    condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:ContainerName] StringEqualsIgnoreCase 'foo_storage_container'",
    conditionVersion: '1.0',
    expandedProperties: ARM_ELIGIBILITY_INSTANCE.properties.expandedProperties,
  },
  name: 'ed9b8180-cef7-4c77-a63c-b8566ecfc412',
  id: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/RoleAssignmentScheduleInstances/ed9b8180-cef7-4c77-a63c-b8566ecfc412',
  type: 'Microsoft.Authorization/RoleAssignmentScheduleInstances',
};

/** Same folder: PutRoleAssignmentScheduleRequest.json (201 body; GetRoleAssignmentScheduleRequestByScope.json items match). */
export const ARM_REQUEST = {
  properties: {
    targetRoleAssignmentScheduleId: 'c9e264ff-3133-4776-a81a-ebc7c33c8ec6',
    targetRoleAssignmentScheduleInstanceId: null,
    scope: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f',
    roleDefinitionId: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/c8d4ff99-41c3-41a8-9f60-21dfdad59608',
    principalId: 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea',
    principalType: 'User',
    requestType: 'SelfActivate',
    status: 'Provisioned',
    approvalId: null,
    scheduleInfo: { startDateTime: '2020-09-09T21:35:27.91Z', expiration: { type: 'AfterDuration', endDateTime: null, duration: 'PT8H' } },
    ticketInfo: { ticketNumber: null, ticketSystem: null },
    justification: null,
    requestorId: 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea',
    createdOn: '2020-09-09T21:35:27.91Z',
    condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:ContainerName] StringEqualsIgnoreCase 'foo_storage_container'",
    conditionVersion: '1.0',
    expandedProperties: ARM_ELIGIBILITY_INSTANCE.properties.expandedProperties,
  },
  name: 'fea7a502-9a96-4806-a26f-eee560e52045',
  id: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/fea7a502-9a96-4806-a26f-eee560e52045',
  type: 'Microsoft.Authorization/RoleAssignmentScheduleRequests',
};

/** Same folder: ValidateRoleAssignmentScheduleRequestByName.json: its 200 body has the keys of the PUT's 201 body. */
export const ARM_VALIDATED_REQUEST = ARM_REQUEST;

const ARM_TARGET = { caller: 'EndUser', operations: ['All'], level: 'Assignment', targetObjects: null, inheritableSettings: null, enforcedSettings: null };

/** One rule of each kind, from GetRoleManagementPolicyByName.json (same folder). */
export const ARM_RULES: Record<string, Record<string, unknown>> = {
  RoleManagementPolicyEnablementRule: { enabledRules: ['MultiFactorAuthentication', 'Justification', 'Ticketing'], id: 'Enablement_EndUser_Assignment', ruleType: 'RoleManagementPolicyEnablementRule', target: ARM_TARGET },
  RoleManagementPolicyExpirationRule: { isExpirationRequired: true, maximumDuration: 'PT7H', id: 'Expiration_EndUser_Assignment', ruleType: 'RoleManagementPolicyExpirationRule', target: ARM_TARGET },
  RoleManagementPolicyNotificationRule: {
    notificationType: 'Email',
    recipientType: 'Admin',
    isDefaultRecipientsEnabled: false,
    notificationLevel: 'Critical',
    notificationRecipients: ['admin_enduser_member@test.com'],
    id: 'Notification_Admin_EndUser_Assignment',
    ruleType: 'RoleManagementPolicyNotificationRule',
    target: ARM_TARGET,
  },
  RoleManagementPolicyApprovalRule: {
    setting: {
      isApprovalRequired: true,
      isApprovalRequiredForExtension: false,
      isRequestorJustificationRequired: true,
      approvalMode: 'SingleStage',
      approvalStages: [
        {
          approvalStageTimeOutInDays: 1,
          isApproverJustificationRequired: true,
          escalationTimeInMinutes: 0,
          primaryApprovers: [{ id: '2385b0f3-5fa9-43cf-8ca4-b01dc97298cd', description: 'amansw_new_group', isBackup: false, userType: 'Group' }],
          isEscalationEnabled: false,
          escalationApprovers: null,
        },
      ],
    },
    id: 'Approval_EndUser_Assignment',
    ruleType: 'RoleManagementPolicyApprovalRule',
    target: ARM_TARGET,
  },
  RoleManagementPolicyAuthenticationContextRule: { isEnabled: false, claimValue: '', id: 'AuthenticationContext_EndUser_Assignment', ruleType: 'RoleManagementPolicyAuthenticationContextRule', target: ARM_TARGET },
};

/** Rule ids present in GetRoleManagementPolicyByName.json. */
export const ARM_RULE_IDS = [
  'Enablement_Admin_Eligibility',
  'Expiration_Admin_Eligibility',
  'Notification_Admin_Admin_Eligibility',
  'Notification_Requestor_Admin_Eligibility',
  'Notification_Approver_Admin_Eligibility',
  'Enablement_Admin_Assignment',
  'Expiration_Admin_Assignment',
  'Notification_Admin_Admin_Assignment',
  'Notification_Requestor_Admin_Assignment',
  'Notification_Approver_Admin_Assignment',
  'Approval_EndUser_Assignment',
  'AuthenticationContext_EndUser_Assignment',
  'Enablement_EndUser_Assignment',
  'Expiration_EndUser_Assignment',
  'Notification_Admin_EndUser_Assignment',
  'Notification_Requestor_EndUser_Assignment',
  'Notification_Approver_EndUser_Assignment',
];

/** GetRoleManagementPolicyByName.json, rules trimmed. */
export const ARM_POLICY = {
  properties: {
    scope: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368',
    displayName: null,
    description: null,
    isOrganizationDefault: false,
    lastModifiedDateTime: '2021-03-17T02:54:27.167+00:00',
    lastModifiedBy: { id: null, displayName: 'Admin', type: null, email: null },
    // Each rule is checked on its own against ARM_RULES.
    rules: [] as unknown[],
    effectiveRules: [] as unknown[],
    policyProperties: { scope: { id: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368', displayName: 'Pay-As-You-Go', type: 'subscription' } },
  },
  name: '570c3619-7688-4b34-b290-2b8bb3ccab2a',
  id: '/providers/Microsoft.Subscription/subscriptions/129ff972-28f8-46b8-a726-e497be039368/providers/Microsoft.Authorization/roleManagementPolicies/570c3619-7688-4b34-b290-2b8bb3ccab2a',
  type: 'Microsoft.Authorization/RoleManagementPolicies',
};

/** GetRoleManagementPolicyAssignmentByScope.json, effectiveRules trimmed. */
export const ARM_POLICY_ASSIGNMENT = {
  properties: {
    scope: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368',
    roleDefinitionId: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368/providers/Microsoft.Authorization/roleDefinitions/a1705bd2-3a8f-45a5-8683-466fcfd5cc24',
    policyId: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368/providers/Microsoft.Authorization/roleManagementPolicies/b959d571-f0b5-4042-88a7-01be6cb22db9',
    effectiveRules: [] as unknown[],
    policyAssignmentProperties: {
      scope: { id: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368', displayName: 'Pay-As-You-Go', type: 'subscription' },
      roleDefinition: {
        id: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368/providers/Microsoft.Authorization/roleDefinitions/a1705bd2-3a8f-45a5-8683-466fcfd5cc24',
        displayName: 'FHIR Data Converter',
        type: 'BuiltInRole',
      },
      policy: {
        id: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368/providers/Microsoft.Authorization/roleManagementPolicies/b959d571-f0b5-4042-88a7-01be6cb22db9',
        lastModifiedBy: { id: null, displayName: 'Admin', type: null, email: null },
        lastModifiedDateTime: null,
      },
    },
  },
  name: 'b959d571-f0b5-4042-88a7-01be6cb22db9_a1705bd2-3a8f-45a5-8683-466fcfd5cc24',
  id: '/subscriptions/129ff972-28f8-46b8-a726-e497be039368/providers/Microsoft.Authorization/roleManagementPolicyAssignment/b959d571-f0b5-4042-88a7-01be6cb22db9_a1705bd2-3a8f-45a5-8683-466fcfd5cc24',
  type: 'Microsoft.Authorization/RoleManagementPolicyAssignment',
};

/** GetEligibleChildResourcesByScope.json */
export const ARM_ELIGIBLE_CHILD = { name: 'RG-1', id: '/providers/Microsoft.Subscription/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/resourceGroups/RG-1', type: 'resourcegroup' };

/** specification/resources/resource-manager/Microsoft.Resources/subscriptions/stable/2022-12-01/examples/GetTenants.json */
export const ARM_TENANT = {
  countryCode: 'US',
  defaultDomain: 'auxteststagemanual.ccsctp.net',
  displayName: 'Contoso Corp.',
  domains: ['auxteststagemanual.ccsctp.net'],
  id: '/tenants/83abe5cd-bcc3-441a-bd86-e6a75360cecc',
  tenantCategory: 'Home',
  tenantId: '83abe5cd-bcc3-441a-bd86-e6a75360cecc',
  tenantType: 'AAD',
};

/** Microsoft Learn "Subscriptions - List" (rest-resources-2022-12-01) response. */
export const ARM_SUBSCRIPTION = {
  id: '/subscriptions/b5549535-3215-4868-a289-f80095c9e718',
  authorizationSource: 'RoleBased',
  managedByTenants: [],
  subscriptionId: 'b5549535-3215-4868-a289-f80095c9e718',
  tenantId: 'b5549535-3215-4868-a289-f80095c9e718',
  displayName: 'Pay-As-You-Go',
  state: 'Enabled',
  subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
};

/** microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/unifiedroleeligibilityscheduleinstance-filterbycurrentuser.md */
export const GRAPH_ROLE_ELIGIBILITY_INSTANCE = {
  '@odata.type': '#microsoft.graph.unifiedRoleEligibilityScheduleInstance',
  id: '8MYkhImhnkm70CbBdTyW1BbHHAdHgZdDpbqyEFlRzAs-1-e',
  principalId: '071cc716-8147-4397-a5ba-b2105951cc0b',
  roleDefinitionId: '8424c6f0-a189-499e-bbd0-26c1753c96d4',
  directoryScopeId: '/',
  appScopeId: null,
  startDateTime: '2022-04-12T14:44:50.287Z',
  endDateTime: '2024-04-10T00:00:00Z',
  memberType: 'Direct',
  roleEligibilityScheduleId: '77f71919-62f3-4d0c-9f88-0a0391b665cd',
};

/** Same repo: api-reference/v1.0/api/unifiedroleassignmentscheduleinstance-filterbycurrentuser.md */
export const GRAPH_ROLE_ASSIGNMENT_INSTANCE = {
  '@odata.type': '#microsoft.graph.unifiedRoleAssignmentScheduleInstance',
  id: 'lAPpYvVpN0KRkAEhdxReEJ2SvT9WjGJEhR4OuaezoqU-1',
  principalId: '3fbd929d-8c56-4462-851e-0eb9a7b3a2a5',
  roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
  directoryScopeId: '/',
  appScopeId: null,
  startDateTime: null,
  endDateTime: null,
  assignmentType: 'Assigned',
  memberType: 'Direct',
  roleAssignmentOriginId: 'lAPpYvVpN0KRkAEhdxReEJ2SvT9WjGJEhR4OuaezoqU-1',
  roleAssignmentScheduleId: 'lAPpYvVpN0KRkAEhdxReEJ2SvT9WjGJEhR4OuaezoqU-1',
};

/** Same repo: api-reference/v1.0/api/rbacapplication-post-roleassignmentschedulerequests.md, example 2 (selfActivate). */
export const GRAPH_ROLE_REQUEST = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignmentScheduleRequests/$entity',
  id: '911bab8a-6912-4de2-9dc0-2648ede7dd6d',
  status: 'Granted',
  createdDateTime: '2022-04-13T08:52:32.6485851Z',
  completedDateTime: '2022-04-14T00:00:00Z',
  approvalId: null,
  customData: null,
  action: 'selfActivate',
  principalId: '071cc716-8147-4397-a5ba-b2105951cc0b',
  roleDefinitionId: '8424c6f0-a189-499e-bbd0-26c1753c96d4',
  directoryScopeId: '/',
  appScopeId: null,
  isValidationOnly: false,
  targetScheduleId: '911bab8a-6912-4de2-9dc0-2648ede7dd6d',
  justification: 'I need access to the Attribute Administrator role to manage attributes to be assigned to restricted AUs',
  createdBy: { application: null, device: null, user: { displayName: null, id: '071cc716-8147-4397-a5ba-b2105951cc0b' } },
  scheduleInfo: { startDateTime: '2022-04-14T00:00:00Z', recurrence: null, expiration: { type: 'afterDuration', endDateTime: null, duration: 'PT5H' } },
  ticketInfo: { ticketNumber: 'CONTOSO:Normal-67890', ticketSystem: 'MS Project' },
};

/** Same repo: api-reference/v1.0/api/privilegedaccessgroupeligibilityscheduleinstance-filterbycurrentuser.md */
export const GRAPH_GROUP_ELIGIBILITY_INSTANCE = {
  '@odata.type': '#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance',
  id: '8MYkhImhnkm70CbBdTyW1BbHHAdHgZdDpbqyEFlRzAs-1-e',
  startDateTime: '2022-04-12T14:44:50.287Z',
  endDateTime: '2024-04-10T00:00:00Z',
  memberType: 'Direct',
  principalId: '3cce9d87-3986-4f19-8335-7ed075408ca2',
  accessId: 'member',
  groupId: '2b5ed229-4072-478d-9504-a047ebd4b07d',
  eligibilityScheduleId: '77f71919-62f3-4d0c-9f88-0a0391b665cd',
};

/** Same repo: api-reference/v1.0/api/privilegedaccessgroupassignmentscheduleinstance-filterbycurrentuser.md */
export const GRAPH_GROUP_ASSIGNMENT_INSTANCE = {
  '@odata.type': '#microsoft.graph.privilegedAccessGroupAssignmentScheduleInstance',
  id: 'lAPpYvVpN0KRkAEhdxReEJ2SvT9WjGJEhR4OuaezoqU-1',
  startDateTime: null,
  endDateTime: null,
  accessId: 'member',
  principalId: '3cce9d87-3986-4f19-8335-7ed075408ca2',
  groupId: '2b5ed229-4072-478d-9504-a047ebd4b07d',
  memberType: 'Direct',
  assignmentType: 'Assigned',
  assignmentScheduleId: 'lAPpYvVpN0KRkAEhdxReEJ2SvT9WjGJEhR4OuaezoqU-1',
};

/** Same repo: api-reference/v1.0/api/privilegedaccessgroup-post-assignmentschedulerequests.md, example 2 (selfActivate). */
export const GRAPH_GROUP_REQUEST = {
  id: '6aacaee8-4089-4048-9510-3119367fc943',
  status: 'Provisioned',
  completedDateTime: '2023-02-07T07:05:55.3404527Z',
  createdDateTime: '2023-02-07T07:05:53.7895614Z',
  approvalId: null,
  customData: null,
  createdBy: { user: { id: '3cce9d87-3986-4f19-8335-7ed075408ca2' } },
  action: 'selfActivate',
  isValidationOnly: false,
  justification: 'Activate assignment.',
  scheduleInfo: { startDateTime: '2023-02-07T07:05:55.3404527Z', expiration: { type: 'afterDuration', duration: 'PT2H' } },
  ticketInfo: { ticketNumber: null, ticketSystem: null },
  accessId: 'member',
  principalId: '3cce9d87-3986-4f19-8335-7ed075408ca2',
  groupId: '2b5ed229-4072-478d-9504-a047ebd4b07d',
  targetScheduleId: '2b5ed229-4072-478d-9504-a047ebd4b07d_member_6aacaee8-4089-4048-9510-3119367fc943',
};

const GRAPH_TARGET = { caller: 'EndUser', operations: ['all'], level: 'Assignment', inheritableSettings: [], enforcedSettings: [] };

/** Same repo: api-reference/v1.0/api/policyroot-list-rolemanagementpolicyassignments.md, example 2 (expanded policy and rules). */
export const GRAPH_POLICY_ASSIGNMENT = {
  id: 'DirectoryRole_cab01047-8ad9-4792-8e42-569340767f1b_70c808b5-0d35-4863-a0ba-07888e99d448_62e90394-69f5-4237-9190-012177145e10',
  policyId: 'DirectoryRole_cab01047-8ad9-4792-8e42-569340767f1b_70c808b5-0d35-4863-a0ba-07888e99d448',
  scopeId: '/',
  scopeType: 'DirectoryRole',
  roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
  policy: {
    id: 'DirectoryRole_cab01047-8ad9-4792-8e42-569340767f1b_70c808b5-0d35-4863-a0ba-07888e99d448',
    displayName: 'DirectoryRole',
    description: 'DirectoryRole',
    isOrganizationDefault: false,
    scopeId: '/',
    scopeType: 'DirectoryRole',
    lastModifiedDateTime: null,
    lastModifiedBy: { displayName: null, id: null },
    rules: [] as unknown[],
  },
};

export const GRAPH_RULES: Record<string, Record<string, unknown>> = {
  '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule': {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
    id: 'Expiration_EndUser_Assignment',
    isExpirationRequired: true,
    maximumDuration: 'PT8H',
    target: GRAPH_TARGET,
  },
  '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule': {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule',
    id: 'Enablement_EndUser_Assignment',
    enabledRules: ['MultiFactorAuthentication', 'Justification'],
    target: GRAPH_TARGET,
  },
  '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule': {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
    id: 'Approval_EndUser_Assignment',
    target: GRAPH_TARGET,
    setting: {
      isApprovalRequired: false,
      isApprovalRequiredForExtension: false,
      isRequestorJustificationRequired: true,
      approvalMode: 'SingleStage',
      approvalStages: [
        {
          approvalStageTimeOutInDays: 1,
          isApproverJustificationRequired: true,
          escalationTimeInMinutes: 0,
          isEscalationEnabled: false,
          primaryApprovers: [],
          escalationApprovers: [],
        },
      ],
    },
  },
  '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule': {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
    id: 'AuthenticationContext_EndUser_Assignment',
    isEnabled: false,
    claimValue: null,
    target: GRAPH_TARGET,
  },
  '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule': {
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule',
    id: 'Notification_Admin_EndUser_Assignment',
    notificationType: 'Email',
    recipientType: 'Admin',
    notificationLevel: 'All',
    isDefaultRecipientsEnabled: true,
    notificationRecipients: [],
    target: GRAPH_TARGET,
  },
};
