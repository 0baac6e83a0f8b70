// Bounds of the PIM domain itself, used by the host, the form and the settings alike. package.json repeats the
// minute bounds as literal schema numbers; test/unit/manifest.unit.test.ts keeps them equal to these.

export const ACTIVATION_LIMITS = {
  /** PIM never activates for less than 5 minutes or more than 24 hours. */
  minMinutes: 5,
  maxMinutes: 1440,
  /** A scheduled start may be at most this far ahead (PIM and the portal allow 30 days). */
  maxStartAheadDays: 30,
} as const;

/** Whether `value` is a number of minutes PIM can activate a role for (whole or not). */
export function isActivationMinutes(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= ACTIVATION_LIMITS.minMinutes && value <= ACTIVATION_LIMITS.maxMinutes;
}

/** A number of minutes rounded and brought within the activation bounds. */
export function clampActivationMinutes(minutes: number): number {
  return Math.min(ACTIVATION_LIMITS.maxMinutes, Math.max(ACTIVATION_LIMITS.minMinutes, Math.round(minutes)));
}
