// The durations a picker offers: whole steps up to a maximum. Used by the form (shared/activationValidation.ts).

/**
 * Durations to offer in a picker: every `stepMinutes` (the portal uses 30) up to the maximum,
 * plus the maximum itself when it is not on a step.
 */
export function durationChoices(maxMinutes: number, stepMinutes = 30): number[] {
  if (!Number.isFinite(maxMinutes) || maxMinutes < 1) {
    return [];
  }
  const max = Math.floor(maxMinutes);
  const step = Number.isFinite(stepMinutes) && stepMinutes >= 1 ? Math.floor(stepMinutes) : 30;
  const choices: number[] = [];
  for (let m = step; m <= max; m += step) {
    choices.push(m);
  }
  if (choices[choices.length - 1] !== max) {
    choices.push(max);
  }
  return choices;
}
