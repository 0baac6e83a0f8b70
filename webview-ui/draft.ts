// What the user has typed, saved with setState so it survives the panel being hidden and restored.
// getState() returns whatever was stored last time (possibly by an older build): parse it defensively.
import { PROTOCOL_LIMITS as LIMITS } from '../src/shared/protocol';

export type StartMode = 'now' | 'later';

export interface FormDraft {
  /** Role ids offered when the draft was saved: a selection only carries over to the same offer. */
  readonly offeredRoleIds: readonly string[];
  /** What the host pre-selected then: a different pre-selection means "the user asked for other roles". */
  readonly requestedRoleIds: readonly string[];
  readonly selectedRoleIds: readonly string[];
  readonly durationMinutes: number;
  readonly justification: string;
  readonly ticketNumber: string;
  readonly ticketSystem: string;
  readonly startMode: StartMode;
  /** The datetime-local value ("2030-01-31T09:30"), local time. */
  readonly startAtLocal: string;
}

function stringList(value: unknown, maxItems: number): string[] | undefined {
  if (!Array.isArray(value) || value.length > maxItems) {
    return undefined;
  }
  const items = (value as unknown[]).filter(
    (item): item is string => typeof item === 'string' && item.length <= LIMITS.maxRoleIdLength,
  );
  return items.length === value.length ? items : undefined;
}

function shortString(value: unknown, maxLength: number): string | undefined {
  return typeof value === 'string' && value.length <= maxLength ? value : undefined;
}

export function parseDraft(value: unknown): FormDraft | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const saved = value as Record<string, unknown>;
  const offeredRoleIds = stringList(saved['offeredRoleIds'], LIMITS.maxRoles);
  const requestedRoleIds = stringList(saved['requestedRoleIds'], LIMITS.maxRoles);
  const selectedRoleIds = stringList(saved['selectedRoleIds'], LIMITS.maxRoles);
  const durationMinutes = saved['durationMinutes'];
  const justification = shortString(saved['justification'], LIMITS.maxJustificationLength);
  const ticketNumber = shortString(saved['ticketNumber'], LIMITS.maxTicketLength);
  const ticketSystem = shortString(saved['ticketSystem'], LIMITS.maxTicketLength);
  const startMode = saved['startMode'];
  const startAtLocal = shortString(saved['startAtLocal'], 40);
  if (
    offeredRoleIds === undefined ||
    requestedRoleIds === undefined ||
    selectedRoleIds === undefined ||
    typeof durationMinutes !== 'number' ||
    !Number.isInteger(durationMinutes) ||
    justification === undefined ||
    ticketNumber === undefined ||
    ticketSystem === undefined ||
    (startMode !== 'now' && startMode !== 'later') ||
    startAtLocal === undefined
  ) {
    return undefined;
  }
  return {
    offeredRoleIds,
    requestedRoleIds,
    selectedRoleIds,
    durationMinutes,
    justification,
    ticketNumber,
    ticketSystem,
    startMode,
    startAtLocal,
  };
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** datetime-local value (local wall time) → ISO UTC instant, or undefined when empty/invalid. */
export function localDateTimeToIso(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/.test(local)) {
    return undefined;
  }
  const date = new Date(local); // no offset in the string: parsed as local time, as the user meant it
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A Date as a datetime-local value in local time, to the minute. */
export function toLocalDateTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
