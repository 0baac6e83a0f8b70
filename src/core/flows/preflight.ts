// Asks Azure whether it would accept an activation before it is sent (RoleAssignmentScheduleRequests_Validate), and
// puts the answer into words for the form. The answer informs, it never decides: a refusal, a step-up need or a check
// that could not be made leaves sending to the user, and PIM checks the real request again.
import { randomUUID } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { authenticationContextOf } from '../auth/claimsChallenge';
import { describePolicyRule, PimError } from '../errors/errors';
import { describeRequestStatus, statusOutcome } from '../errors/requestStatus';
import type { RowRef } from '../store/roleStore';
import type { PreflightVerdict } from '../../shared/protocol';
import { formatList } from '../../shared/locale';
import type { ActivationChoice } from './activation';
import { armActivationInput } from './armActivationInput';

export async function preflightRow(ref: RowRef, choice: ActivationChoice, signal?: AbortSignal): Promise<PreflightVerdict> {
  const eligible = ref.row.eligible;
  if (!eligible) {
    return { state: 'notChecked', message: l10n.t('Not checked in advance: this role is not eligible for activation.') };
  }
  if (eligible.key.kind !== 'azure') {
    // Graph v1.0 has `isValidationOnly` on the request itself; this extension does not use it yet (see README).
    return { state: 'notChecked', message: l10n.t('Not checked in advance: PIM checks Microsoft Entra roles and groups when you send the request.') };
  }
  if (ref.row.state === 'active') {
    return { state: 'notChecked', message: l10n.t('Not checked in advance: this role is active now; sending ends it and requests it again, and PIM checks it then.') };
  }
  try {
    const principalId = await ref.connection.callerObjectId();
    const request = await ref.connection.arm.validateActivation(armActivationInput(eligible, principalId, choice, randomUUID()), signal);
    return acceptedVerdict(request.status);
  } catch (error) {
    const pimError = PimError.from(error);
    if (pimError.kind === 'cancelled') {
      throw pimError;
    }
    return refusalVerdict(pimError);
  }
}

function acceptedVerdict(status: string): PreflightVerdict {
  switch (statusOutcome(status)) {
    case 'pendingApproval':
      return { state: 'accepted', message: l10n.t('Azure accepts this request; it will then wait for approval.') };
    case 'scheduled':
      return { state: 'accepted', message: l10n.t('Azure accepts this request; it will start at the chosen time.') };
    case 'denied':
    case 'failed':
    case 'ended':
      return { state: 'refused', message: l10n.t('Azure would not grant this request: {0}.', describeRequestStatus(status)) };
    default:
      return { state: 'accepted', message: l10n.t('Azure accepts this request.') };
  }
}

function refusalVerdict(error: PimError): PreflightVerdict {
  switch (error.kind) {
    case 'policyViolation': {
      const rules = error.failedRules ?? [];
      return rules.length === 0
        ? { state: 'refused', message: l10n.t("Azure would refuse this request: it does not meet the role's policy.") }
        : {
            state: 'refused',
            message: l10n.t('Azure would refuse this request: {0}.', formatList(rules.map(describePolicyRule), 'conjunction')),
            ...(rules.some((rule) => rule.toLowerCase() === 'ticketingrule') ? { needsTicket: true } : {}),
          };
    }
    case 'authenticationContextRequired': {
      const context = error.claimsChallenge === undefined ? undefined : authenticationContextOf(error.claimsChallenge);
      return {
        state: 'stepUp',
        message:
          context === undefined
            ? l10n.t('Azure asks for a stronger sign-in for this role; VS Code asks you for it when you send.')
            : l10n.t('Azure asks for a stronger sign-in (authentication context "{0}") for this role; VS Code asks you for it when you send.', context),
      };
    }
    case 'alreadyActive':
    case 'requestPending':
      return { state: 'refused', message: l10n.t('Azure would refuse this request: {0}', error.userMessage) };
    default:
      return {
        state: 'unavailable',
        message: l10n.t('Azure could not check this request in advance ({0}). You can still send it; PIM checks it then.', unavailableReason(error)),
      };
  }
}

/** A short technical reason: the service's code, else the HTTP status, else what went wrong on the way. */
function unavailableReason(error: PimError): string {
  if (error.code !== undefined) {
    return error.status === undefined ? error.code : `HTTP ${error.status} ${error.code}`;
  }
  return error.status === undefined ? error.kind : `HTTP ${error.status}`;
}
