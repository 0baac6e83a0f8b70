// PIM role management policy: the rules the service returns and the checks it makes on self-activation.
import { parseDurationMs } from './duration';
import type { ScenarioApprover, ScenarioPolicy } from './scenario';

export interface EffectivePolicy {
  maximumDuration: string;
  requireJustification: boolean;
  requireTicket: boolean;
  requireMfa: boolean;
  approvers: ScenarioApprover[];
  authenticationContext?: string;
  readForbidden: boolean;
}

/** Used when the scenario names no policy: PIM's out-of-the-box activation settings, minus MFA. */
export const BUILT_IN_DEFAULT_POLICY: EffectivePolicy = {
  maximumDuration: 'PT8H',
  requireJustification: true,
  requireTicket: false,
  requireMfa: false,
  approvers: [],
  readForbidden: false,
};

export function toEffectivePolicy(policy: ScenarioPolicy | undefined): EffectivePolicy {
  if (!policy) {
    return BUILT_IN_DEFAULT_POLICY;
  }
  return {
    maximumDuration: policy.maximumDuration ?? BUILT_IN_DEFAULT_POLICY.maximumDuration,
    requireJustification: policy.requireJustification ?? false,
    requireTicket: policy.requireTicket ?? false,
    requireMfa: policy.requireMfa ?? false,
    approvers: policy.approvers ?? [],
    authenticationContext: policy.authenticationContext,
    readForbidden: policy.readForbidden ?? false,
  };
}

export interface ActivationInput {
  durationMs: number | undefined; // undefined = NoExpiration
  justification: string | undefined;
  ticketNumber: string | undefined;
  ticketSystem: string | undefined;
  amr: readonly string[];
  acrs: readonly string[];
}

export type ActivationVerdict =
  | { kind: 'rulesFailed'; rules: string[] }
  | { kind: 'acrsRequired'; claimValue: string }
  | { kind: 'ok'; approvalRequired: boolean };

/** Rule names as the service reports them in RoleAssignmentRequestPolicyValidationFailed. */
export function evaluateActivation(policy: EffectivePolicy, input: ActivationInput): ActivationVerdict {
  const failed: string[] = [];
  const maxMs = parseDurationMs(policy.maximumDuration) ?? Number.POSITIVE_INFINITY;
  if (input.durationMs === undefined || input.durationMs <= 0 || input.durationMs > maxMs) {
    failed.push('ExpirationRule');
  }
  if (policy.requireJustification && !input.justification?.trim()) {
    failed.push('JustificationRule');
  }
  if (policy.requireTicket && (!input.ticketNumber?.trim() || !input.ticketSystem?.trim())) {
    failed.push('TicketingRule');
  }
  if (policy.requireMfa && !policy.authenticationContext && !input.amr.includes('mfa')) {
    failed.push('MfaRule');
  }
  if (failed.length > 0) {
    return { kind: 'rulesFailed', rules: failed };
  }
  if (policy.authenticationContext && !input.acrs.includes(policy.authenticationContext)) {
    return { kind: 'acrsRequired', claimValue: policy.authenticationContext };
  }
  return { kind: 'ok', approvalRequired: policy.approvers.length > 0 };
}

export function policyRulesFailedMessage(rules: readonly string[]): string {
  return `The following policy rules failed: ${JSON.stringify(rules)}`;
}

/**
 * The claims challenge as PIM puts it in the error message: URL-encoded, with a space after the comma
 * (as captured in Azure/azure-powershell#25421).
 */
export function acrsChallengeMessage(claimValue: string): string {
  const claims = `{"access_token":{"acrs":{"essential":true, "value":"${claimValue}"}}}`;
  return `&claims=${encodeURIComponent(claims)}`;
}

type RuleLevel = 'Eligibility' | 'Assignment';
type RuleCaller = 'Admin' | 'EndUser';

interface RuleSpec {
  id: string;
  kind: 'Enablement' | 'Expiration' | 'Notification' | 'Approval' | 'AuthenticationContext';
  caller: RuleCaller;
  level: RuleLevel;
  fields: Record<string, unknown>;
}

function ruleSpecs(policy: EffectivePolicy): RuleSpec[] {
  const specs: RuleSpec[] = [];
  const notifications = (caller: RuleCaller, level: RuleLevel): void => {
    for (const recipientType of ['Admin', 'Requestor', 'Approver']) {
      specs.push({
        id: `Notification_${recipientType}_${caller}_${level}`,
        kind: 'Notification',
        caller,
        level,
        fields: {
          notificationType: 'Email',
          recipientType,
          isDefaultRecipientsEnabled: true,
          notificationLevel: 'All',
          notificationRecipients: [],
        },
      });
    }
  };
  specs.push({ id: 'Enablement_Admin_Eligibility', kind: 'Enablement', caller: 'Admin', level: 'Eligibility', fields: { enabledRules: [] } });
  specs.push({
    id: 'Expiration_Admin_Eligibility',
    kind: 'Expiration',
    caller: 'Admin',
    level: 'Eligibility',
    fields: { isExpirationRequired: false, maximumDuration: 'P365D' },
  });
  notifications('Admin', 'Eligibility');
  specs.push({
    id: 'Enablement_Admin_Assignment',
    kind: 'Enablement',
    caller: 'Admin',
    level: 'Assignment',
    fields: { enabledRules: ['Justification'] },
  });
  specs.push({
    id: 'Expiration_Admin_Assignment',
    kind: 'Expiration',
    caller: 'Admin',
    level: 'Assignment',
    fields: { isExpirationRequired: false, maximumDuration: 'P180D' },
  });
  notifications('Admin', 'Assignment');
  specs.push({
    id: 'Approval_EndUser_Assignment',
    kind: 'Approval',
    caller: 'EndUser',
    level: 'Assignment',
    fields: {},
  });
  specs.push({
    id: 'AuthenticationContext_EndUser_Assignment',
    kind: 'AuthenticationContext',
    caller: 'EndUser',
    level: 'Assignment',
    fields: { isEnabled: Boolean(policy.authenticationContext), claimValue: policy.authenticationContext ?? '' },
  });
  const enabledRules: string[] = [];
  if (policy.requireMfa) {
    enabledRules.push('MultiFactorAuthentication');
  }
  if (policy.requireJustification) {
    enabledRules.push('Justification');
  }
  if (policy.requireTicket) {
    enabledRules.push('Ticketing');
  }
  specs.push({ id: 'Enablement_EndUser_Assignment', kind: 'Enablement', caller: 'EndUser', level: 'Assignment', fields: { enabledRules } });
  specs.push({
    id: 'Expiration_EndUser_Assignment',
    kind: 'Expiration',
    caller: 'EndUser',
    level: 'Assignment',
    fields: { isExpirationRequired: true, maximumDuration: policy.maximumDuration },
  });
  notifications('EndUser', 'Assignment');
  return specs;
}

function approvalSetting(policy: EffectivePolicy, surface: 'arm' | 'graph'): Record<string, unknown> {
  const primaryApprovers = policy.approvers.map((a) =>
    surface === 'arm'
      ? { id: a.id, description: a.displayName, isBackup: false, userType: 'User' }
      : { '@odata.type': '#microsoft.graph.singleUser', userId: a.id, description: a.displayName },
  );
  return {
    isApprovalRequired: policy.approvers.length > 0,
    isApprovalRequiredForExtension: false,
    isRequestorJustificationRequired: true,
    approvalMode: 'SingleStage',
    approvalStages: [
      {
        approvalStageTimeOutInDays: 1,
        isApproverJustificationRequired: true,
        escalationTimeInMinutes: 0,
        primaryApprovers,
        isEscalationEnabled: false,
        escalationApprovers: surface === 'arm' ? null : [],
      },
    ],
  };
}

/** Rules shaped like GetRoleManagementPolicyByName.json (azure-rest-api-specs, 2020-10-01). */
export function armPolicyRules(policy: EffectivePolicy): Record<string, unknown>[] {
  return ruleSpecs(policy).map((spec) => ({
    ...(spec.kind === 'Approval' ? { setting: approvalSetting(policy, 'arm') } : spec.fields),
    id: spec.id,
    ruleType: `RoleManagementPolicy${spec.kind}Rule`,
    target: {
      caller: spec.caller,
      operations: ['All'],
      level: spec.level,
      targetObjects: null,
      inheritableSettings: null,
      enforcedSettings: null,
    },
  }));
}

/** Rules shaped like the Graph v1.0 policyroot-list-rolemanagementpolicyassignments example. */
export function graphPolicyRules(policy: EffectivePolicy): Record<string, unknown>[] {
  return ruleSpecs(policy).map((spec) => ({
    '@odata.type': `#microsoft.graph.unifiedRoleManagementPolicy${spec.kind}Rule`,
    id: spec.id,
    ...(spec.kind === 'Approval'
      ? { setting: approvalSetting(policy, 'graph') }
      : spec.kind === 'AuthenticationContext'
        ? { isEnabled: Boolean(policy.authenticationContext), claimValue: policy.authenticationContext ?? null }
        : spec.fields),
    target: {
      caller: spec.caller,
      operations: ['all'],
      level: spec.level,
      inheritableSettings: [],
      enforcedSettings: [],
    },
  }));
}
