// The body of a SelfActivate role assignment schedule request (2020-10-01), shared by the PUT that creates it and the
// POST .../validate that checks it: both must send the same thing, or the check would judge another request.
import type { ActivationInput } from './armPimClient';

export function activationRequestBody(input: ActivationInput, now: Date): { properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = {
    principalId: input.principalId,
    roleDefinitionId: input.roleDefinitionId,
    requestType: 'SelfActivate',
    justification: input.justification,
    scheduleInfo: {
      startDateTime: (input.startDateTime ?? now).toISOString(),
      expiration: { type: 'AfterDuration', duration: input.duration },
    },
  };
  if (input.eligibilityScheduleId) {
    properties.linkedRoleEligibilityScheduleId = input.eligibilityScheduleId;
  }
  if (input.ticketNumber || input.ticketSystem) {
    properties.ticketInfo = { ticketNumber: input.ticketNumber ?? '', ticketSystem: input.ticketSystem ?? '' };
  }
  if (input.condition) {
    properties.condition = input.condition;
    properties.conditionVersion = input.conditionVersion ?? null;
  }
  return { properties };
}
