// Pinned roles and saved multi-role presets, as kept in globalState. What is stored may come from an older
// version or be edited by hand: read it defensively. Pure: tested in plain mocha.
import { isActivationMinutes } from '../../shared/limits';
import type { ActivationPolicy } from '../../shared/policyShape';

export interface RolePreset {
  readonly name: string;
  /** Row ids (roleKeyString: kind|tenant|scope|role definition), stable across refreshes. */
  readonly rowIds: readonly string[];
  readonly justification?: string;
  readonly durationMinutes?: number;
}

const MAX_PRESETS = 50;
const MAX_ROWS = 50;
const MAX_TEXT = 500;

export function parsePinnedIds(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 2000))] : [];
}

export function parsePresets(value: unknown): RolePreset[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.slice(0, MAX_PRESETS).flatMap((item: unknown): RolePreset[] => {
    if (typeof item !== 'object' || item === null) {
      return [];
    }
    const entry = item as Record<string, unknown>;
    const name = typeof entry.name === 'string' ? entry.name.trim().slice(0, 100) : '';
    const rowIds = parsePinnedIds(entry.rowIds).slice(0, MAX_ROWS);
    if (!name || rowIds.length === 0) {
      return [];
    }
    const duration = entry.durationMinutes;
    return [
      {
        name,
        rowIds,
        ...(typeof entry.justification === 'string' && entry.justification.trim() ? { justification: entry.justification.trim().slice(0, MAX_TEXT) } : {}),
        ...(isActivationMinutes(duration) ? { durationMinutes: Math.round(duration) } : {}),
      },
    ];
  });
}

/** Saves under `preset.name`, replacing a preset of the same name (any case); newest first. */
export function withPreset(presets: readonly RolePreset[], preset: RolePreset): RolePreset[] {
  return [preset, ...presets.filter((existing) => existing.name.toLowerCase() !== preset.name.toLowerCase())].slice(0, MAX_PRESETS);
}

/**
 * Whether a preset can be activated without the form: every role is known and eligible, every policy could be
 * read, and none asks for more than the preset holds (approval, a ticket, MFA or a stronger sign-in, or a
 * justification the preset does not have). Otherwise the reason, for the log.
 */
export function directActivationBlocker(preset: RolePreset, found: number, policies: readonly (ActivationPolicy | undefined)[]): string | undefined {
  if (found !== preset.rowIds.length) {
    return 'some roles of the preset are not loaded or not eligible now';
  }
  for (const policy of policies) {
    if (!policy) {
      return 'a policy could not be read';
    }
    if (policy.requiresApproval) {
      return 'a role needs approval';
    }
    if (policy.requiresTicket) {
      return 'a role needs a ticket number';
    }
    if (policy.requiresMfa || policy.authenticationContext) {
      return 'a role needs a stronger sign-in';
    }
    if (policy.requiresJustification && !preset.justification) {
      return 'a role needs a justification and the preset has none';
    }
  }
  return undefined;
}
