// Turns a role management policy (ARM or Microsoft Graph) into what a self-activation must satisfy.
// The input is untrusted: every missing or odd field falls back to DEFAULT_POLICY, and nothing throws.

import type { ActivationPolicy } from '../../shared/policyShape';
import { parseIsoDuration } from '../model/duration';
import { isJsonObject, stripBidiControls, type JsonObject } from '../../shared/json';

/**
 * Used for whatever a policy does not say (or when it cannot be read).
 * - 8 hours: the activation maximum of the out-of-the-box policy. The Graph docs' example of a
 *   DirectoryRole policy (policyroot-list-rolemanagementpolicyassignments, example 2) has
 *   Expiration_EndUser_Assignment maximumDuration "PT8H"; Learn's role-settings pages allow 1 to 24 hours
 *   (pim-how-to-change-default-settings, pim-resource-roles-configure-role-settings).
 * - Justification and MFA required, no ticket, no approval: the same example's Enablement_EndUser_Assignment
 *   is ["MultiFactorAuthentication", "Justification"] and Approval_EndUser_Assignment has isApprovalRequired false.
 * Asking for a justification the policy does not need costs the user a sentence; omitting one it needs
 * fails the request, so the defaults lean towards asking.
 */
export const DEFAULT_POLICY: ActivationPolicy = Object.freeze({
  maximumDurationMinutes: 8 * 60,
  requiresJustification: true,
  requiresTicket: false,
  requiresMfa: true,
  requiresApproval: false,
  approvers: Object.freeze([]),
});

type RuleKind = 'Expiration' | 'Enablement' | 'Approval' | 'AuthenticationContext';

const RULE_KINDS: readonly RuleKind[] = ['Expiration', 'Enablement', 'Approval', 'AuthenticationContext'];

/**
 * From `GET …/roleManagementPolicies/{id}` (uses `effectiveRules`, else `rules`), from a
 * roleManagementPolicyAssignment (its `effectiveRules`), from a list of either (`value[0]`),
 * or from a bare array of rules.
 */
export function parseArmPolicy(policyJson: unknown): ActivationPolicy {
  return safely(() => policyFromRules(findArmRules(policyJson)));
}

/**
 * From a Graph unifiedRoleManagementPolicy (`rules`), a unifiedRoleManagementPolicyAssignment fetched
 * with `$expand=policy($expand=rules)`, a list of either (`value[0]`), or a bare array of rules.
 */
export function parseGraphPolicy(policyJson: unknown): ActivationPolicy {
  return safely(() => policyFromRules(findGraphRules(policyJson)));
}

// Plain JSON cannot make the parsers throw, but a hostile object (throwing getter, proxy) could.
function safely(parse: () => ActivationPolicy): ActivationPolicy {
  try {
    return parse();
  } catch {
    return DEFAULT_POLICY;
  }
}

function findArmRules(json: unknown): unknown[] {
  if (Array.isArray(json)) {
    return json;
  }
  if (!isJsonObject(json)) {
    return [];
  }
  if (Array.isArray(json.value)) {
    return findArmRules(json.value[0]);
  }
  const properties = isJsonObject(json.properties) ? json.properties : json;
  const effective = properties.effectiveRules;
  if (Array.isArray(effective) && effective.length > 0) {
    return effective;
  }
  return Array.isArray(properties.rules) ? properties.rules : [];
}

function findGraphRules(json: unknown): unknown[] {
  if (Array.isArray(json)) {
    return json;
  }
  if (!isJsonObject(json)) {
    return [];
  }
  if (Array.isArray(json.value)) {
    return findGraphRules(json.value[0]);
  }
  if (isJsonObject(json.policy)) {
    return findGraphRules(json.policy);
  }
  if (Array.isArray(json.rules)) {
    return json.rules;
  }
  // Some callers hand over the ARM-shaped envelope by mistake; accept it rather than lose the rules.
  return isJsonObject(json.properties) ? findArmRules(json) : [];
}

function policyFromRules(rules: unknown[]): ActivationPolicy {
  const rule = (kind: RuleKind): JsonObject | undefined => findRule(rules, kind);

  const expiration = rule('Expiration');
  const parsedMax = parseIsoDuration(expiration?.maximumDuration);
  const maximumDurationMinutes =
    parsedMax !== undefined && parsedMax > 0 ? parsedMax : DEFAULT_POLICY.maximumDurationMinutes;

  const enablement = rule('Enablement');
  const enabled = Array.isArray(enablement?.enabledRules)
    ? new Set(enablement.enabledRules.filter(isString).map((r) => r.toLowerCase()))
    : undefined;

  const approvalSetting = rule('Approval')?.setting;
  const approvalRequired =
    isJsonObject(approvalSetting) && typeof approvalSetting.isApprovalRequired === 'boolean'
      ? approvalSetting.isApprovalRequired
      : DEFAULT_POLICY.requiresApproval;

  const authContext = rule('AuthenticationContext');
  const claimValue = authContext?.claimValue;
  const authenticationContext =
    authContext?.isEnabled === true && isString(claimValue) && claimValue.trim() !== '' ? claimValue.trim() : undefined;

  const policy: ActivationPolicy = {
    maximumDurationMinutes,
    requiresJustification: enabled ? enabled.has('justification') : DEFAULT_POLICY.requiresJustification,
    requiresTicket: enabled ? enabled.has('ticketing') : DEFAULT_POLICY.requiresTicket,
    requiresMfa: enabled ? enabled.has('multifactorauthentication') : DEFAULT_POLICY.requiresMfa,
    requiresApproval: approvalRequired,
    approvers: approvalRequired ? firstStageApprovers(approvalSetting) : [],
  };
  return authenticationContext === undefined ? policy : { ...policy, authenticationContext };
}

/** The self-activation rule of a kind: by its well-known id, else by type and target. */
function findRule(rules: unknown[], kind: RuleKind): JsonObject | undefined {
  const objects = rules.filter(isJsonObject);
  const id = `${kind}_EndUser_Assignment`.toLowerCase();
  const byId = objects.find((r) => isString(r.id) && r.id.toLowerCase() === id);
  if (byId) {
    return byId;
  }
  return objects.find((r) => ruleKindOf(r) === kind && isEndUserAssignment(r.target));
}

function ruleKindOf(rule: JsonObject): RuleKind | undefined {
  // ARM: "RoleManagementPolicyExpirationRule"; Graph: "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule".
  const type = [rule.ruleType, rule['@odata.type']].find(isString)?.toLowerCase();
  if (type === undefined) {
    return undefined;
  }
  return RULE_KINDS.find((kind) => type.endsWith(`rolemanagementpolicy${kind.toLowerCase()}rule`));
}

function isEndUserAssignment(target: unknown): boolean {
  return (
    isJsonObject(target) &&
    isString(target.caller) &&
    target.caller.toLowerCase() === 'enduser' &&
    isString(target.level) &&
    target.level.toLowerCase() === 'assignment'
  );
}

function firstStageApprovers(setting: unknown): string[] {
  if (!isJsonObject(setting) || !Array.isArray(setting.approvalStages)) {
    return [];
  }
  const stage: unknown = setting.approvalStages[0];
  if (!isJsonObject(stage) || !Array.isArray(stage.primaryApprovers)) {
    return [];
  }
  const names: string[] = [];
  for (const approver of stage.primaryApprovers) {
    if (!isJsonObject(approver)) {
      continue;
    }
    // ARM: { id, description }; Graph: { userId | groupId, description } (singleUser / groupMembers).
    const name = [approver.description, approver.displayName, approver.id, approver.userId, approver.groupId].find(
      (v): v is string => isString(v) && v.trim() !== '',
    );
    if (name !== undefined) {
      names.push(stripBidiControls(name).trim());
    }
  }
  return names;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
