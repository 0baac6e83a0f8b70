// Scenario file: the world the emulator pretends to be (tenants, scopes, eligibilities, policies).
import { readFileSync } from 'node:fs';

export interface ScenarioUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  /** The user always signs in with MFA (tokens carry amr "mfa"). */
  mfa?: boolean;
}

export interface ScenarioManagementGroup {
  id: string;
  displayName: string;
  subscriptions: string[];
}

export interface ScenarioSubscription {
  subscriptionId: string;
  displayName: string;
  resourceGroups?: string[];
  /** An asTarget() listing at this subscription's scope answers 403. */
  forbidden?: boolean;
}

export interface ScenarioRoleDefinition {
  id: string;
  name: string;
  /** A custom role's permissions (RoleDefinitions API and the permissions API); built-in roles have theirs in roleDefinitions.ts. */
  permissions?: ScenarioPermissionBlock[];
  description?: string;
}

export interface ScenarioPermissionBlock {
  actions?: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

export interface ScenarioEligibility {
  /** Role name (from roleDefinitions or the built-in table) or role definition GUID. */
  role: string;
  scope: string;
  /** "user" (default) or the id of a scenario group whose members inherit the eligibility. */
  principal?: string;
  start?: string;
  end?: string | null;
  policy?: string;
  /** An Azure ABAC condition on the eligibility (and its syntax version, default "2.0"); its activations carry it. */
  condition?: string;
  conditionVersion?: string;
}

export interface ScenarioAssignment {
  role: string;
  scope: string;
  type: 'Assigned' | 'Activated';
  principal?: string;
  start?: string;
  end?: string | null;
}

export interface ScenarioApprover {
  id: string;
  displayName: string;
}

export interface ScenarioPolicy {
  maximumDuration?: string;
  requireJustification?: boolean;
  requireTicket?: boolean;
  requireMfa?: boolean;
  approvers?: ScenarioApprover[];
  authenticationContext?: string;
  readForbidden?: boolean;
}

export type GroupAccess = 'member' | 'owner';

export interface ScenarioGroup {
  id: string;
  displayName: string;
  /** User ids that are permanent members. */
  members?: string[];
  /** What the tenant's user is eligible for through PIM for Groups. */
  eligible?: GroupAccess[];
  policy?: string;
}

export interface ScenarioEntraRole {
  roleDefinitionId: string;
  displayName: string;
  eligible: boolean;
  policy?: string;
}

export interface ScenarioTenant {
  id: string;
  displayName: string;
  defaultDomain: string;
  user: ScenarioUser;
  managementGroups?: ScenarioManagementGroup[];
  subscriptions: ScenarioSubscription[];
  roleDefinitions?: ScenarioRoleDefinition[];
  eligibilities?: ScenarioEligibility[];
  assignments?: ScenarioAssignment[];
  policies?: Record<string, ScenarioPolicy>;
  /** Name of an entry in `policies`, or an inline policy; used where nothing more specific applies. */
  defaultPolicy?: string | ScenarioPolicy;
  groups?: ScenarioGroup[];
  entraRoles?: ScenarioEntraRole[];
}

export interface ScenarioFaultMatch {
  method?: string;
  pathIncludes?: string;
  surface?: 'arm' | 'graph';
}

export type FaultKind = 'status' | 'throttled' | 'plainError' | 'timeout' | 'drop' | 'malformed' | 'dropAfterCommit' | 'redirect' | 'foreignNextLink';

/** Bodies of kind "plainError": an HTML or text page (gateways) or ASP.NET's `{"Message": ...}` (no `error` object). */
export type PlainErrorFormat = 'html' | 'text' | 'aspNetMessage';

export interface FaultRule {
  match: ScenarioFaultMatch;
  kind: FaultKind;
  /**
   * For kind "status": 429, 500, 503, ...; for kind "plainError": any 4xx/5xx (default 502);
   * for kind "redirect": 301, 302 (default), 303, 307 or 308.
   */
  status?: number;
  /** For kind "plainError": the body (default "html"). */
  format?: PlainErrorFormat;
  /** For kinds "redirect" and "foreignNextLink" (test-only): the origin the Location or next link points at. */
  targetOrigin?: string;
  /** Sent as `Retry-After`; kind "throttled" also names it in the message (default 5). */
  retryAfterSeconds?: number;
  /** For kind "status": the error envelope's code and message instead of the defaults for the status (test-only). */
  code?: string;
  message?: string;
  /** How many matching requests the fault hits (default 1; 0 = forever). */
  times?: number;
}

export interface LatencyConfig {
  defaultMs?: number;
  /** Extra delay keyed by a substring of the request path; the first match wins over defaultMs. */
  perRouteMs?: Record<string, number>;
}

export interface ScenarioGraphSettings {
  /** Scopes a Graph `.default` token carries when no consented client is named. */
  defaultScopes?: string[];
  /** clientId -> scopes the organisation consented to for that app. */
  consentedClients?: Record<string, string[]>;
}

/** What a PUT with a request name that was already used gets (see README, "Duplicate request names"). */
export type DuplicateRequestNameMode = 'error' | 'idempotent';

/** Shape of Graph errors: "flat" `{error:{code,message,innerError}}` for every code, or "recorded" (see README). */
export type GraphErrorShape = 'flat' | 'recorded';

/** Where Permissions - List answers: "documented" (resource groups and resources) or "observed" (also subscriptions). */
export type PermissionScopes = 'documented' | 'observed';

/** Whether roleManagementPolicyAssignments honours the portal's `$filter=roleDefinitionId eq '...'` (the spec has no $filter). */
export type PolicyAssignmentFilter = 'honoured' | 'ignored';

export interface Scenario {
  tenants: ScenarioTenant[];
  pageSize?: number;
  /** Seconds between an activation being Provisioned and its instance showing in lists (default 0). */
  provisioningDelaySeconds?: number;
  /** Seconds an ARM SelfDeactivate stays PendingRevocation, the instance still listed (default 0: Revoked at once). */
  revocationDelaySeconds?: number;
  /** Answer some ids as recorded traffic shows them (Microsoft.Subscription prefix, upper-case GUIDs); default false. */
  realisticIds?: boolean;
  /** Default "error" (the spec: names must be unique); "idempotent" answers a replay 200 (undocumented). */
  duplicateRequestName?: DuplicateRequestNameMode;
  /** Default "recorded" (PermissionScopeNotGranted wrapped as Graph sends it); "flat" puts every code at the top. */
  graphErrors?: GraphErrorShape;
  /** Default "documented": the permissions API answers at resource groups and resources only. */
  permissionScopes?: PermissionScopes;
  /** Default "honoured" (what the portal relies on); "ignored" answers every role's assignment, as the spec allows. */
  policyAssignmentFilter?: PolicyAssignmentFilter;
  latency?: LatencyConfig;
  faults?: FaultRule[];
  graph?: ScenarioGraphSettings;
  clockStart?: string;
  /** Keep the emulator clock still between advance() calls (default: it runs with real time). */
  freezeClock?: boolean;
  signingKey?: string;
}

/** Real Azure built-in role definition ids. */
export const BUILT_IN_ROLES: readonly ScenarioRoleDefinition[] = [
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', name: 'Owner' },
  { id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', name: 'Contributor' },
  { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', name: 'Reader' },
  { id: '00482a5a-887f-4fb3-b363-3b7fe8e74483', name: 'Key Vault Administrator' },
  { id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', name: 'User Access Administrator' },
  { id: 'f25e0fa2-a7c8-4377-a976-54943a77a395', name: 'Key Vault Contributor' },
  { id: '4633458b-17de-408a-b874-0445c86b69e6', name: 'Key Vault Secrets User' },
  { id: 'de139f84-1756-47ae-9be6-808fbbe84772', name: 'Website Contributor' },
];

export const DEFAULT_SIGNING_KEY = 'pim-emulator-dev-key';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURATION_PATTERN = /^P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`Cannot read scenario file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`Scenario file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return validateScenario(parsed);
  } catch (error) {
    if (error instanceof ScenarioError) {
      throw new ScenarioError(`${file}: ${error.message}`);
    }
    throw error;
  }
}

/** Checks shape and cross-references; throws ScenarioError naming the offending path. */
export function validateScenario(input: unknown): Scenario {
  const v = new Validator();
  const root = v.object(input, '$');
  const tenants = v.array(root.tenants, '$.tenants');
  if (tenants.length === 0) {
    v.fail('$.tenants', 'needs at least one tenant');
  }
  const tenantIds = new Set<string>();
  const subscriptionIds = new Set<string>();
  tenants.forEach((tenantValue, ti) => {
    const path = `$.tenants[${ti}]`;
    const tenant = v.object(tenantValue, path);
    const id = v.guid(tenant.id, `${path}.id`);
    if (tenantIds.has(id)) {
      v.fail(`${path}.id`, `duplicate tenant id ${id}`);
    }
    tenantIds.add(id);
    v.string(tenant.displayName, `${path}.displayName`);
    v.string(tenant.defaultDomain, `${path}.defaultDomain`);
    const user = v.object(tenant.user, `${path}.user`);
    v.guid(user.id, `${path}.user.id`);
    v.string(user.displayName, `${path}.user.displayName`);
    v.string(user.userPrincipalName, `${path}.user.userPrincipalName`);
    v.optionalBoolean(user.mfa, `${path}.user.mfa`);

    const localSubscriptions = new Map<string, ScenarioSubscription>();
    v.array(tenant.subscriptions, `${path}.subscriptions`).forEach((subValue, si) => {
      const subPath = `${path}.subscriptions[${si}]`;
      const sub = v.object(subValue, subPath);
      const subId = v.guid(sub.subscriptionId, `${subPath}.subscriptionId`);
      if (subscriptionIds.has(subId)) {
        v.fail(`${subPath}.subscriptionId`, `duplicate subscription ${subId}`);
      }
      subscriptionIds.add(subId);
      v.string(sub.displayName, `${subPath}.displayName`);
      v.optionalStringArray(sub.resourceGroups, `${subPath}.resourceGroups`);
      v.optionalBoolean(sub.forbidden, `${subPath}.forbidden`);
      localSubscriptions.set(subId.toLowerCase(), sub as unknown as ScenarioSubscription);
    });

    const managementGroups = new Set<string>();
    v.optionalArray(tenant.managementGroups, `${path}.managementGroups`).forEach((mgValue, mi) => {
      const mgPath = `${path}.managementGroups[${mi}]`;
      const mg = v.object(mgValue, mgPath);
      managementGroups.add(v.string(mg.id, `${mgPath}.id`).toLowerCase());
      v.string(mg.displayName, `${mgPath}.displayName`);
      v.stringArray(mg.subscriptions, `${mgPath}.subscriptions`).forEach((subId, i) => {
        if (!localSubscriptions.has(subId.toLowerCase())) {
          v.fail(`${mgPath}.subscriptions[${i}]`, `unknown subscription ${subId} (not in this tenant's subscriptions)`);
        }
      });
    });

    const roleNames = new Set<string>(BUILT_IN_ROLES.flatMap((r) => [r.id.toLowerCase(), r.name.toLowerCase()]));
    v.optionalArray(tenant.roleDefinitions, `${path}.roleDefinitions`).forEach((rdValue, ri) => {
      const rdPath = `${path}.roleDefinitions[${ri}]`;
      const rd = v.object(rdValue, rdPath);
      roleNames.add(v.guid(rd.id, `${rdPath}.id`).toLowerCase());
      roleNames.add(v.string(rd.name, `${rdPath}.name`).toLowerCase());
      v.optionalString(rd.description, `${rdPath}.description`);
      v.optionalArray(rd.permissions, `${rdPath}.permissions`).forEach((blockValue, bi) => {
        const block = v.object(blockValue, `${rdPath}.permissions[${bi}]`);
        for (const key of ['actions', 'notActions', 'dataActions', 'notDataActions']) {
          v.optionalStringArray(block[key], `${rdPath}.permissions[${bi}].${key}`);
        }
      });
    });

    const policies = v.optionalObject(tenant.policies, `${path}.policies`);
    const policyNames = new Set(Object.keys(policies));
    for (const [name, policy] of Object.entries(policies)) {
      validatePolicy(v, policy, `${path}.policies.${name}`);
    }
    if (tenant.defaultPolicy !== undefined) {
      if (typeof tenant.defaultPolicy === 'string') {
        if (!policyNames.has(tenant.defaultPolicy)) {
          v.fail(`${path}.defaultPolicy`, `unknown policy "${tenant.defaultPolicy}"`);
        }
      } else {
        validatePolicy(v, tenant.defaultPolicy, `${path}.defaultPolicy`);
      }
    }
    const checkPolicyRef = (value: unknown, refPath: string): void => {
      if (value !== undefined && !policyNames.has(v.string(value, refPath))) {
        v.fail(refPath, `unknown policy "${JSON.stringify(value)}" (defined: ${[...policyNames].join(', ') || 'none'})`);
      }
    };

    const groupIds = new Set<string>();
    v.optionalArray(tenant.groups, `${path}.groups`).forEach((groupValue, gi) => {
      const gPath = `${path}.groups[${gi}]`;
      const group = v.object(groupValue, gPath);
      groupIds.add(v.guid(group.id, `${gPath}.id`).toLowerCase());
      v.string(group.displayName, `${gPath}.displayName`);
      v.optionalStringArray(group.members, `${gPath}.members`);
      v.optionalStringArray(group.eligible, `${gPath}.eligible`).forEach((access, i) => {
        if (access !== 'member' && access !== 'owner') {
          v.fail(`${gPath}.eligible[${i}]`, 'must be "member" or "owner"');
        }
      });
      checkPolicyRef(group.policy, `${gPath}.policy`);
    });

    const checkScope = (value: unknown, scopePath: string): void => {
      const scope = v.string(value, scopePath);
      const problem = scopeProblem(scope, localSubscriptions, managementGroups);
      if (problem) {
        v.fail(scopePath, problem);
      }
    };
    const checkRole = (value: unknown, rolePath: string): void => {
      const role = v.string(value, rolePath);
      if (!roleNames.has(role.toLowerCase())) {
        v.fail(rolePath, `unknown role "${role}" (add it to roleDefinitions)`);
      }
    };
    const checkPrincipal = (value: unknown, principalPath: string): void => {
      if (value !== undefined && value !== 'user' && !groupIds.has(v.string(value, principalPath).toLowerCase())) {
        v.fail(principalPath, `must be "user" or the id of a group in this tenant, got ${JSON.stringify(value)}`);
      }
    };

    v.optionalArray(tenant.eligibilities, `${path}.eligibilities`).forEach((eValue, ei) => {
      const ePath = `${path}.eligibilities[${ei}]`;
      const e = v.object(eValue, ePath);
      checkRole(e.role, `${ePath}.role`);
      checkScope(e.scope, `${ePath}.scope`);
      checkPrincipal(e.principal, `${ePath}.principal`);
      v.optionalDate(e.start, `${ePath}.start`);
      if (e.end !== null) {
        v.optionalDate(e.end, `${ePath}.end`);
      }
      checkPolicyRef(e.policy, `${ePath}.policy`);
      v.optionalString(e.condition, `${ePath}.condition`);
      v.optionalString(e.conditionVersion, `${ePath}.conditionVersion`);
    });
    v.optionalArray(tenant.assignments, `${path}.assignments`).forEach((aValue, ai) => {
      const aPath = `${path}.assignments[${ai}]`;
      const a = v.object(aValue, aPath);
      checkRole(a.role, `${aPath}.role`);
      checkScope(a.scope, `${aPath}.scope`);
      checkPrincipal(a.principal, `${aPath}.principal`);
      if (a.type !== 'Assigned' && a.type !== 'Activated') {
        v.fail(`${aPath}.type`, 'must be "Assigned" or "Activated"');
      }
      v.optionalDate(a.start, `${aPath}.start`);
      if (a.end !== null) {
        v.optionalDate(a.end, `${aPath}.end`);
      }
    });
    v.optionalArray(tenant.entraRoles, `${path}.entraRoles`).forEach((rValue, ri) => {
      const rPath = `${path}.entraRoles[${ri}]`;
      const r = v.object(rValue, rPath);
      v.guid(r.roleDefinitionId, `${rPath}.roleDefinitionId`);
      v.string(r.displayName, `${rPath}.displayName`);
      v.boolean(r.eligible, `${rPath}.eligible`);
      checkPolicyRef(r.policy, `${rPath}.policy`);
    });
  });

  if (root.pageSize !== undefined && (!Number.isInteger(root.pageSize) || (root.pageSize as number) < 1)) {
    v.fail('$.pageSize', 'must be a positive integer');
  }
  v.optionalNonNegative(root.provisioningDelaySeconds, '$.provisioningDelaySeconds');
  v.optionalNonNegative(root.revocationDelaySeconds, '$.revocationDelaySeconds');
  v.optionalBoolean(root.realisticIds, '$.realisticIds');
  v.optionalOneOf(root.duplicateRequestName, ['error', 'idempotent'], '$.duplicateRequestName');
  v.optionalOneOf(root.graphErrors, ['flat', 'recorded'], '$.graphErrors');
  v.optionalOneOf(root.permissionScopes, ['documented', 'observed'], '$.permissionScopes');
  v.optionalOneOf(root.policyAssignmentFilter, ['honoured', 'ignored'], '$.policyAssignmentFilter');
  if (root.latency !== undefined) {
    const latency = v.object(root.latency, '$.latency');
    v.optionalNonNegative(latency.defaultMs, '$.latency.defaultMs');
    for (const [key, ms] of Object.entries(v.optionalObject(latency.perRouteMs, '$.latency.perRouteMs'))) {
      v.optionalNonNegative(ms, `$.latency.perRouteMs.${key}`);
    }
  }
  v.optionalArray(root.faults, '$.faults').forEach((fault, fi) => validateFaultRule(fault, `$.faults[${fi}]`));
  if (root.graph !== undefined) {
    const graph = v.object(root.graph, '$.graph');
    v.optionalStringArray(graph.defaultScopes, '$.graph.defaultScopes');
    for (const [clientId, scopes] of Object.entries(v.optionalObject(graph.consentedClients, '$.graph.consentedClients'))) {
      v.stringArray(scopes, `$.graph.consentedClients.${clientId}`);
    }
  }
  v.optionalDate(root.clockStart, '$.clockStart');
  v.optionalBoolean(root.freezeClock, '$.freezeClock');
  if (root.signingKey !== undefined && v.string(root.signingKey, '$.signingKey').length === 0) {
    v.fail('$.signingKey', 'must not be empty');
  }
  return input as Scenario;
}

/** Throws ScenarioError when a fault rule is malformed (also used by the /_emulator/faults endpoint). */
export function validateFaultRule(input: unknown, path = 'fault'): FaultRule {
  const v = new Validator();
  const fault = v.object(input, path);
  const match = v.object(fault.match ?? {}, `${path}.match`);
  v.optionalString(match.method, `${path}.match.method`);
  v.optionalString(match.pathIncludes, `${path}.match.pathIncludes`);
  if (match.surface !== undefined && match.surface !== 'arm' && match.surface !== 'graph') {
    v.fail(`${path}.match.surface`, 'must be "arm" or "graph"');
  }
  const kinds: FaultKind[] = ['status', 'throttled', 'plainError', 'timeout', 'drop', 'malformed', 'dropAfterCommit', 'redirect', 'foreignNextLink'];
  if (!kinds.includes(fault.kind as FaultKind)) {
    v.fail(`${path}.kind`, `must be one of ${kinds.join(', ')}`);
  }
  if (fault.kind === 'status' || (fault.kind === 'plainError' && fault.status !== undefined)) {
    const status = fault.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      v.fail(`${path}.status`, `must be an HTTP error status (400-599) for kind "${String(fault.kind)}"`);
    }
  }
  if (fault.kind === 'plainError') {
    v.optionalOneOf(fault.format, ['html', 'text', 'aspNetMessage'], `${path}.format`);
  }
  if (fault.kind === 'redirect' && fault.status !== undefined && ![301, 302, 303, 307, 308].includes(fault.status as number)) {
    v.fail(`${path}.status`, 'must be 301, 302, 303, 307 or 308 for kind "redirect"');
  }
  if (fault.kind === 'redirect' || fault.kind === 'foreignNextLink') {
    const target = fault.targetOrigin;
    if (typeof target !== 'string' || !/^https?:\/\//.test(target) || !URL.canParse(target)) {
      v.fail(`${path}.targetOrigin`, `must be an http(s) origin such as "http://127.0.0.1:9999" for kind "${String(fault.kind)}"`);
    }
  }
  v.optionalNonNegative(fault.retryAfterSeconds, `${path}.retryAfterSeconds`);
  v.optionalString(fault.code, `${path}.code`);
  v.optionalString(fault.message, `${path}.message`);
  v.optionalNonNegative(fault.times, `${path}.times`);
  return { ...(fault as unknown as FaultRule), match: match };
}

function validatePolicy(v: Validator, input: unknown, path: string): void {
  const policy = v.object(input, path);
  if (policy.maximumDuration !== undefined && !DURATION_PATTERN.test(v.string(policy.maximumDuration, `${path}.maximumDuration`))) {
    v.fail(`${path}.maximumDuration`, 'must be an ISO 8601 duration such as PT8H');
  }
  for (const flag of ['requireJustification', 'requireTicket', 'requireMfa', 'readForbidden']) {
    v.optionalBoolean(policy[flag], `${path}.${flag}`);
  }
  v.optionalString(policy.authenticationContext, `${path}.authenticationContext`);
  v.optionalArray(policy.approvers, `${path}.approvers`).forEach((approverValue, i) => {
    const approver = v.object(approverValue, `${path}.approvers[${i}]`);
    v.guid(approver.id, `${path}.approvers[${i}].id`);
    v.string(approver.displayName, `${path}.approvers[${i}].displayName`);
  });
}

function scopeProblem(scope: string, subscriptions: Map<string, ScenarioSubscription>, managementGroups: Set<string>): string | undefined {
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
  if (mg) {
    return managementGroups.has(mg[1].toLowerCase()) ? undefined : `unknown management group ${mg[1]}`;
  }
  const sub = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/providers\/.+)?)?$/i.exec(scope);
  if (!sub) {
    return `"${scope}" is not a management group, subscription, resource group or resource id`;
  }
  const subscription = subscriptions.get(sub[1].toLowerCase());
  if (!subscription) {
    return `unknown subscription ${sub[1]} (not in this tenant's subscriptions)`;
  }
  if (sub[2] && !(subscription.resourceGroups ?? []).some((rg) => rg.toLowerCase() === sub[2].toLowerCase())) {
    return `unknown resource group ${sub[2]} in subscription ${sub[1]}`;
  }
  return undefined;
}

class Validator {
  fail(path: string, message: string): never {
    throw new ScenarioError(`${path} ${message}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
    }
    return value as Record<string, unknown>;
  }

  optionalObject(value: unknown, path: string): Record<string, unknown> {
    return value === undefined ? {} : this.object(value, path);
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
    }
    return value;
  }

  optionalArray(value: unknown, path: string): unknown[] {
    return value === undefined ? [] : this.array(value, path);
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(path, 'must be a non-empty string');
    }
    return value;
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined) {
      this.string(value, path);
    }
  }

  stringArray(value: unknown, path: string): string[] {
    return this.array(value, path).map((item, i) => this.string(item, `${path}[${i}]`));
  }

  optionalStringArray(value: unknown, path: string): string[] {
    return value === undefined ? [] : this.stringArray(value, path);
  }

  guid(value: unknown, path: string): string {
    const text = this.string(value, path);
    if (!isGuid(text)) {
      this.fail(path, `must be a GUID, got "${text}"`);
    }
    return text;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
    }
    return value;
  }

  optionalBoolean(value: unknown, path: string): void {
    if (value !== undefined) {
      this.boolean(value, path);
    }
  }

  optionalDate(value: unknown, path: string): void {
    if (value !== undefined && Number.isNaN(Date.parse(this.string(value, path)))) {
      this.fail(path, `must be an ISO 8601 date-time, got ${JSON.stringify(value)}`);
    }
  }

  optionalOneOf(value: unknown, allowed: readonly string[], path: string): void {
    if (value !== undefined && !allowed.includes(value as string)) {
      this.fail(path, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    }
  }

  optionalNonNegative(value: unknown, path: string): void {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      this.fail(path, 'must be a non-negative number');
    }
  }
}
