// What a language-model agent may see and do through the Azure PIM tools (workspace/languageModelTools.ts). It may
// read the user's roles as plain data, and ask to activate only roles a trusted workspace declares, within the
// declaration and the role's policy; the user confirms every request. Pure: no `vscode`; tested in plain mocha.
import * as l10n from '@vscode/l10n';
import { planApiRequest } from './apiElevation';
import { declaredLabel, declares, parseDeclaredRoles, type DeclaredRole } from './declaredRoles';
import { planElevation } from './ensureRoles';
import type { RoleKind } from '../model/model';
import { rowKind, type RoleState } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';
import { nameText } from '../../shared/inertText';
import { redactSecrets } from '../../shared/secrets';
import { PROTOCOL_LIMITS, type JustificationVerdict } from '../../shared/protocol';
import { justificationVerdictMessage } from '../../shared/activationValidation';
import { formatList } from '../../shared/locale';
import type { ActivationPolicy } from '../../shared/policyShape';

/** One role as the agent sees it: what the Roles view shows, nothing more (no principal, request or schedule ids). */
export interface AgentRoleInfo {
  readonly kind: RoleKind;
  readonly role: string;
  /** The id to pass back to the activation tool (ARM scope, "/" for Entra, the group id): the view's tooltip shows it. */
  readonly scope: string;
  readonly scopeName: string;
  readonly tenant: string;
  readonly state: RoleState;
  /** ISO 8601; absent = not active, or no end. */
  readonly endsAt?: string;
  readonly minutesLeft?: number;
  /** This (trusted) workspace declares the role in azurePim.workspaceRoles: the activation tool accepts it. */
  readonly declaredByWorkspace: boolean;
}

/** Text from the tenant, for the model's context: one line, no controls, no secrets, bounded. */
function modelText(text: string): string {
  return nameText(redactSecrets(text));
}

/** The user's roles in every signed-in tenant, as plain data for the model. */
export function agentRoleList(refs: readonly RowRef[], declared: readonly DeclaredRole[], now: Date): AgentRoleInfo[] {
  return refs.map(({ row, connection }): AgentRoleInfo => {
    const key = (row.eligible ?? row.active ?? row.pending)?.key;
    const minutesLeft = row.endsAt && (row.state === 'active' || row.state === 'assigned') ? Math.max(0, Math.floor((row.endsAt.getTime() - now.getTime()) / 60_000)) : undefined;
    const kind = rowKind(row);
    return {
      kind,
      role: modelText(row.roleName),
      scope: modelText(key?.scope ?? row.scope.id),
      scopeName: modelText(row.scope.displayName),
      tenant: modelText(connection.displayName),
      state: row.state,
      ...(row.endsAt && minutesLeft !== undefined ? { endsAt: row.endsAt.toISOString(), minutesLeft } : {}),
      declaredByWorkspace: declared.some((role) => declares(role, { role: row.roleName, scope: key?.scope ?? row.scope.id, kind })),
    };
  });
}

/** The activation tool's input, as the model sent it (untrusted: checked here). */
export interface AgentActivationInput {
  readonly roles?: unknown;
  readonly justification?: unknown;
  readonly durationMinutes?: unknown;
}

export interface AgentWorkspace {
  readonly roles: readonly DeclaredRole[];
  /** Restricted Mode: the workspace declares nothing the tool may activate. */
  readonly restricted: boolean;
}

/** One role the user is asked to confirm: everything the confirmation states is what is sent. */
export interface AgentRoleRequest {
  /** What ensureRoles gets: duration and justification resolved (the justification not yet annotated). */
  readonly role: DeclaredRole;
  readonly roleName: string;
  readonly scopeName: string;
  readonly scope: string;
  readonly durationMinutes: number;
  readonly justification: string;
  /** Already active, pending or scheduled: nothing is sent for it. */
  readonly nothingToSend: boolean;
  readonly approvers?: readonly string[];
  readonly needsApproval: boolean;
  readonly stepUp: boolean;
}

export type AgentPlan = { readonly ok: false; readonly refusal: string } | { readonly ok: true; readonly roles: readonly AgentRoleRequest[] };

export interface AgentPlanOptions {
  readonly policyFor: (ref: RowRef) => Promise<ActivationPolicy | undefined>;
  /** The user's azurePim.activation.defaultDurationMinutes. */
  readonly defaultDurationMinutes: number;
  /** The organisation's justification pattern, as the form checks it (core/flows/justificationPattern.ts). */
  readonly justificationVerdict: (justification: string) => JustificationVerdict;
}

const refuse = (refusal: string): AgentPlan => ({ ok: false, refusal });

/**
 * Checks what the agent asked for and resolves it: refused in Restricted Mode, for malformed input, for any role the
 * workspace does not declare, for a role the user is not eligible for, and for a request the policy would reject or
 * that needs what only the form can give (a ticket number). Otherwise the roles with duration and justification as
 * they will be sent, for the confirmation.
 */
export async function planAgentActivation(input: unknown, workspace: AgentWorkspace, refs: readonly RowRef[], options: AgentPlanOptions): Promise<AgentPlan> {
  if (workspace.restricted) {
    return refuse(l10n.t('This workspace is in Restricted Mode: the Azure PIM tool activates nothing until the user trusts it. Ask the user to activate roles themselves (Azure PIM: Activate Role…).'));
  }
  const fields: AgentActivationInput = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input) : {};
  const { roles: requested, problems } = parseDeclaredRoles(fields.roles, 'roles');
  if (problems.length > 0) {
    return refuse(problems.join(' '));
  }
  if (requested.length === 0) {
    return refuse(l10n.t('Name at least one role: "roles" is a list of {"role", "scope"} taken from the list tool.'));
  }
  const undeclared = requested.filter((role) => !workspace.roles.some((declaration) => declares(declaration, role)));
  if (undeclared.length > 0) {
    return refuse(
      l10n.t(
        'Refused: {0} not declared in this workspace\'s azurePim.workspaceRoles. The tool only activates declared roles; ask the user to declare the role or to activate it themselves.',
        formatList(undeclared.map(declaredLabel)),
      ),
    );
  }
  const justification = typeof fields.justification === 'string' ? fields.justification.trim().slice(0, PROTOCOL_LIMITS.maxJustificationLength) : undefined;
  const durationMinutes = typeof fields.durationMinutes === 'number' ? fields.durationMinutes : undefined;
  const resolved = planApiRequest(requested, workspace.roles, {
    ...(justification ? { justification } : {}),
    ...(durationMinutes !== undefined ? { durationMinutes } : {}),
    defaultDurationMinutes: options.defaultDurationMinutes,
  }).map((request) => request.role);
  const steps = planElevation(resolved, refs);
  const requests: AgentRoleRequest[] = [];
  for (const step of steps) {
    if (!('ref' in step)) {
      return refuse(step.message);
    }
    const { ref, declared } = step;
    const label = declaredLabel(declared);
    const base = {
      role: declared,
      roleName: modelText(ref.row.roleName),
      scopeName: modelText(ref.row.scope.displayName),
      scope: modelText(ref.row.scope.id),
      justification: declared.justification ?? '',
    };
    if (step.action !== 'activate') {
      requests.push({ ...base, durationMinutes: declared.durationMinutes ?? options.defaultDurationMinutes, nothingToSend: true, needsApproval: false, stepUp: false });
      continue;
    }
    const policy = await options.policyFor(ref).catch(() => undefined);
    if (policy?.requiresTicket) {
      return refuse(l10n.t('Refused: {0} needs a ticket number (TicketingRule). Ask the user to activate it in the form (Azure PIM: Activate Role…).', label));
    }
    if (policy?.requiresJustification && !base.justification) {
      return refuse(l10n.t('Refused: {0} needs a justification (JustificationRule). Pass "justification": why the work needs the role.', label));
    }
    const formatProblem = justificationVerdictMessage(options.justificationVerdict(base.justification));
    if (formatProblem) {
      return refuse(l10n.t('Refused: {0}: {1}', label, formatProblem));
    }
    const minutes = Math.min(declared.durationMinutes ?? options.defaultDurationMinutes, policy?.maximumDurationMinutes ?? Number.MAX_SAFE_INTEGER);
    requests.push({
      ...base,
      role: { ...declared, durationMinutes: minutes },
      durationMinutes: minutes,
      nothingToSend: false,
      needsApproval: policy?.requiresApproval ?? false,
      ...(policy?.approvers.length ? { approvers: policy.approvers.map(modelText) } : {}),
      stepUp: Boolean(policy?.requiresMfa || policy?.authenticationContext),
    });
  }
  return { ok: true, roles: requests };
}

/** The justification sent for a request an agent made, so approvers and the audit log can tell (after the policy check). */
export function agentJustification(justification: string): string {
  const text = justification.trim();
  const note = l10n.t('{0} (requested by an AI agent through the Azure PIM tool, confirmed by the user)', '');
  const room = PROTOCOL_LIMITS.maxJustificationLength - note.length;
  return text
    ? l10n.t('{0} (requested by an AI agent through the Azure PIM tool, confirmed by the user)', text.length > room ? `${text.slice(0, room - 1)}…` : text)
    : l10n.t('Requested by an AI agent through the Azure PIM tool, confirmed by the user');
}

/** The confirmation's lines, one per role: role, scope, duration, justification, and what the policy will ask. */
export function confirmationLines(roles: readonly AgentRoleRequest[]): string[] {
  return roles.map((request) => {
    const what = l10n.t('{0} on {1} ({2})', request.roleName, request.scopeName, request.scope);
    if (request.nothingToSend) {
      return l10n.t('{0}: already active or requested; nothing is sent.', what);
    }
    const parts = [
      l10n.t('{0} for {1} minutes', what, request.durationMinutes),
      request.justification ? l10n.t('justification: “{0}”', nameText(request.justification)) : l10n.t('no justification'),
    ];
    if (request.needsApproval) {
      parts.push(request.approvers?.length ? l10n.t('needs approval by {0}', formatList(request.approvers, 'disjunction')) : l10n.t('needs approval'));
    }
    if (request.stepUp) {
      parts.push(l10n.t('may ask you to sign in again (MFA or authentication context)'));
    }
    return parts.join(' · ');
  });
}
