// What an Azure role's activation asks ARM for, from the eligibility and the user's choice: one place for the
// request that is validated (preflight.ts) and the one that is sent (activation.ts), so the check judges what is sent.
import type { ActivationInput } from '../api/armPimClient';
import { formatIsoDuration } from '../model/duration';
import type { EligibleRole } from '../model/model';
import type { ActivationChoice } from './activation';

export function armActivationInput(eligible: EligibleRole, principalId: string, choice: ActivationChoice, requestName: string): ActivationInput {
  return {
    scope: eligible.key.scope,
    roleDefinitionId: eligible.key.roleDefinitionId,
    // Group-derived eligibility is activated for the caller, not for the group.
    principalId,
    eligibilityScheduleId: eligible.eligibilityScheduleId,
    justification: choice.justification,
    duration: formatIsoDuration(choice.durationMinutes),
    requestName,
    ...(choice.ticketNumber ? { ticketNumber: choice.ticketNumber } : {}),
    ...(choice.ticketSystem ? { ticketSystem: choice.ticketSystem } : {}),
    ...(choice.startAt ? { startDateTime: choice.startAt } : {}),
    ...(eligible.condition ? { condition: eligible.condition, ...(eligible.conditionVersion ? { conditionVersion: eligible.conditionVersion } : {}) } : {}),
  };
}
