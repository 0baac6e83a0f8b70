// Boundary validation for the form protocol. Both sides treat every incoming message as untrusted:
// anything malformed yields `undefined` (never an exception), extra properties are dropped, and the
// result is a freshly built object so nothing from the sender's prototype chain leaks through.
import {
  ACTIVATION_OUTCOMES,
  JUSTIFICATION_VERDICT_KINDS,
  PREFLIGHT_STATES,
  PROTOCOL_LIMITS as LIMITS,
  VALIDATION_FIELDS,
  type ActivationOutcome,
  type ActivationRequestData,
  type FormDefaults,
  type FormPolicy,
  type FormRole,
  type FormToHost,
  type HostToForm,
  type JustificationVerdict,
  type PolicyState,
  type PreflightState,
  type ValidationField,
  type ValidationIssue,
} from './protocol';

type Fields = Readonly<Record<string, unknown>>;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Strict ISO 8601 instant: a date, a time and an explicit offset (no local-time ambiguity). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ROLE_KINDS: readonly FormRole['kind'][] = ['azure', 'entra', 'group'];

/** A plain object whose own properties can be read; arrays and other oddities are refused. */
function asFields(value: unknown): Fields | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  return value as Fields;
}

/** Reads only own properties, so keys like `__proto__` or inherited `type` never count. */
function own(fields: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
}

function boundedString(value: unknown, maxLength: number, minLength = 0): string | undefined {
  return typeof value === 'string' && value.length >= minLength && value.length <= maxLength ? value : undefined;
}

function boolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function integerIn(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Every item must pass; one bad item rejects the whole list. */
function boundedList<T>(value: unknown, maxItems: number, parseItem: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length > maxItems) {
    return undefined;
  }
  const items: T[] = [];
  for (const raw of value as unknown[]) {
    const item = parseItem(raw);
    if (item === undefined) {
      return undefined;
    }
    items.push(item);
  }
  return items;
}

const roleId = (value: unknown): string | undefined => boundedString(value, LIMITS.maxRoleIdLength, 1);
const text = (value: unknown): string | undefined => boundedString(value, LIMITS.maxTextLength);

/** A valid ISO instant within `maxStartAheadDays` of `now` (either side), normalised to UTC. */
function parseStartAt(value: unknown, now: Date): string | undefined {
  if (typeof value !== 'string' || value.length > 40 || !ISO_INSTANT.test(value)) {
    return undefined;
  }
  const instant = Date.parse(value);
  const window = LIMITS.maxStartAheadDays * DAY_MS + MINUTE_MS;
  if (!Number.isFinite(instant) || Math.abs(instant - now.getTime()) > window) {
    return undefined;
  }
  return new Date(instant).toISOString();
}

function parseRequest(value: unknown, now: Date): ActivationRequestData | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  const roleIds = boundedList(own(fields, 'roleIds'), LIMITS.maxRoleIds, roleId);
  const justification = boundedString(own(fields, 'justification'), LIMITS.maxJustificationLength);
  const durationMinutes = integerIn(
    own(fields, 'durationMinutes'),
    LIMITS.minDurationMinutes,
    LIMITS.maxDurationMinutes,
  );
  const ticketNumber = boundedString(own(fields, 'ticketNumber'), LIMITS.maxTicketLength);
  const ticketSystem = boundedString(own(fields, 'ticketSystem'), LIMITS.maxTicketLength);
  const rawStartAt = own(fields, 'startAt');
  const startAt = rawStartAt === undefined ? undefined : parseStartAt(rawStartAt, now);
  if (
    roleIds === undefined ||
    // The same role twice would send two activations for it.
    new Set(roleIds).size !== roleIds.length ||
    justification === undefined ||
    durationMinutes === undefined ||
    ticketNumber === undefined ||
    ticketSystem === undefined ||
    (rawStartAt !== undefined && startAt === undefined)
  ) {
    return undefined;
  }
  const request: ActivationRequestData = { roleIds, justification, durationMinutes, ticketNumber, ticketSystem };
  return startAt === undefined ? request : { ...request, startAt };
}

/**
 * Validates a message from the form. `now` bounds a scheduled start (±30 days); the friendlier
 * "not in the past" rule is validateActivation's job, so a slightly stale form still gets an answer.
 */
export function parseFormToHost(value: unknown, now: Date = new Date()): FormToHost | undefined {
  try {
    const fields = asFields(value);
    if (!fields) {
      return undefined;
    }
    switch (own(fields, 'type')) {
      case 'ready':
        return { type: 'ready' };
      case 'close':
        return { type: 'close' };
      case 'submit': {
        const request = parseRequest(own(fields, 'request'), now);
        return request ? { type: 'submit', request } : undefined;
      }
      case 'checkJustification': {
        const justification = boundedString(own(fields, 'justification'), LIMITS.maxJustificationLength);
        return justification === undefined ? undefined : { type: 'checkJustification', justification };
      }
      case 'preflight': {
        const sequence = integerIn(own(fields, 'sequence'), 1, LIMITS.maxSequence);
        const request = parseRequest(own(fields, 'request'), now);
        return sequence !== undefined && request ? { type: 'preflight', sequence, request } : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    // Proxies or exotic objects can throw on property access: still just "invalid".
    return undefined;
  }
}

function parseRole(value: unknown): FormRole | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  const id = roleId(own(fields, 'id'));
  const kind = oneOf(own(fields, 'kind'), ROLE_KINDS);
  const roleName = text(own(fields, 'roleName'));
  const scopeDisplayName = text(own(fields, 'scopeDisplayName'));
  const scopeTypeLabel = text(own(fields, 'scopeTypeLabel'));
  const selected = boolean(own(fields, 'selected'));
  if (
    id === undefined ||
    kind === undefined ||
    roleName === undefined ||
    scopeDisplayName === undefined ||
    scopeTypeLabel === undefined ||
    selected === undefined
  ) {
    return undefined;
  }
  return { id, kind, roleName, scopeDisplayName, scopeTypeLabel, selected };
}

function parseDefaults(value: unknown): FormDefaults | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  const durationMinutes = integerIn(
    own(fields, 'durationMinutes'),
    LIMITS.minDurationMinutes,
    LIMITS.maxDurationMinutes,
  );
  const justification = boundedString(own(fields, 'justification'), LIMITS.maxJustificationLength);
  const justificationPattern = boundedString(own(fields, 'justificationPattern'), LIMITS.maxPatternLength);
  const justificationPatternHint = text(own(fields, 'justificationPatternHint'));
  const ticketSystem = boundedString(own(fields, 'ticketSystem'), LIMITS.maxTicketLength);
  const recentJustifications = boundedList(own(fields, 'recentJustifications'), LIMITS.maxRecentJustifications, (item) =>
    boundedString(item, LIMITS.maxJustificationLength, 1),
  );
  if (
    durationMinutes === undefined ||
    justification === undefined ||
    justificationPattern === undefined ||
    justificationPatternHint === undefined ||
    ticketSystem === undefined ||
    recentJustifications === undefined
  ) {
    return undefined;
  }
  return {
    durationMinutes,
    justification,
    justificationPattern,
    justificationPatternHint,
    ticketSystem,
    recentJustifications,
  };
}

function parsePolicy(value: unknown): FormPolicy | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  const maximumDurationMinutes = integerIn(own(fields, 'maximumDurationMinutes'), 1, LIMITS.maxDurationMinutes);
  const requiresJustification = boolean(own(fields, 'requiresJustification'));
  const requiresTicket = boolean(own(fields, 'requiresTicket'));
  const requiresMfa = boolean(own(fields, 'requiresMfa'));
  const requiresApproval = boolean(own(fields, 'requiresApproval'));
  const approvers = boundedList(own(fields, 'approvers'), LIMITS.maxApprovers, text);
  const rawContext = own(fields, 'authenticationContext');
  const authenticationContext =
    rawContext === undefined ? undefined : boundedString(rawContext, LIMITS.maxAuthenticationContextLength, 1);
  if (
    maximumDurationMinutes === undefined ||
    requiresJustification === undefined ||
    requiresTicket === undefined ||
    requiresMfa === undefined ||
    requiresApproval === undefined ||
    approvers === undefined ||
    (rawContext !== undefined && authenticationContext === undefined)
  ) {
    return undefined;
  }
  const policy: FormPolicy = {
    maximumDurationMinutes,
    requiresJustification,
    requiresTicket,
    requiresMfa,
    requiresApproval,
    approvers,
  };
  return authenticationContext === undefined ? policy : { ...policy, authenticationContext };
}

function parsePolicyState(value: unknown): PolicyState | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  switch (own(fields, 'state')) {
    case 'loading':
      return { state: 'loading' };
    case 'loaded': {
      const policy = parsePolicy(own(fields, 'policy'));
      return policy ? { state: 'loaded', policy } : undefined;
    }
    case 'unavailable': {
      const message = text(own(fields, 'message'));
      return message === undefined ? undefined : { state: 'unavailable', message };
    }
    default:
      return undefined;
  }
}

function parseIssue(value: unknown): ValidationIssue | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  const field: ValidationField | undefined = oneOf(own(fields, 'field'), VALIDATION_FIELDS);
  const message = text(own(fields, 'message'));
  return field === undefined || message === undefined ? undefined : { field, message };
}

function parseVerdict(value: unknown): JustificationVerdict | undefined {
  const fields = asFields(value);
  if (!fields) {
    return undefined;
  }
  const kind = oneOf(own(fields, 'kind'), JUSTIFICATION_VERDICT_KINDS);
  if (kind === 'mismatch') {
    const hint = text(own(fields, 'hint'));
    return hint === undefined ? undefined : { kind, hint };
  }
  return kind === undefined ? undefined : { kind };
}

/** Validates a message from the extension host before the form acts on it. */
export function parseHostToForm(value: unknown): HostToForm | undefined {
  try {
    const fields = asFields(value);
    if (!fields) {
      return undefined;
    }
    switch (own(fields, 'type')) {
      case 'init': {
        const roles = boundedList(own(fields, 'roles'), LIMITS.maxRoles, parseRole);
        const defaults = parseDefaults(own(fields, 'defaults'));
        return roles && defaults ? { type: 'init', roles, defaults } : undefined;
      }
      case 'policy': {
        const id = roleId(own(fields, 'roleId'));
        const policy = parsePolicyState(own(fields, 'policy'));
        return id !== undefined && policy ? { type: 'policy', roleId: id, policy } : undefined;
      }
      case 'progress': {
        const id = roleId(own(fields, 'roleId'));
        const outcome: ActivationOutcome | undefined = oneOf(own(fields, 'outcome'), ACTIVATION_OUTCOMES);
        const message = text(own(fields, 'message'));
        return id !== undefined && outcome !== undefined && message !== undefined
          ? { type: 'progress', roleId: id, outcome, message }
          : undefined;
      }
      case 'finished': {
        const allSucceeded = boolean(own(fields, 'allSucceeded'));
        return allSucceeded === undefined ? undefined : { type: 'finished', allSucceeded };
      }
      case 'issues': {
        const issues = boundedList(own(fields, 'issues'), LIMITS.maxIssues, parseIssue);
        return issues ? { type: 'issues', issues } : undefined;
      }
      case 'justificationVerdict': {
        const justification = boundedString(own(fields, 'justification'), LIMITS.maxJustificationLength);
        const verdict = parseVerdict(own(fields, 'verdict'));
        return justification !== undefined && verdict ? { type: 'justificationVerdict', justification, verdict } : undefined;
      }
      case 'preflightVerdict': {
        const sequence = integerIn(own(fields, 'sequence'), 1, LIMITS.maxSequence);
        const id = roleId(own(fields, 'roleId'));
        const verdict = asFields(own(fields, 'verdict'));
        const state: PreflightState | undefined = verdict && oneOf(own(verdict, 'state'), PREFLIGHT_STATES);
        const message = verdict && text(own(verdict, 'message'));
        const rawNeedsTicket = verdict && own(verdict, 'needsTicket');
        const needsTicket = rawNeedsTicket === undefined ? undefined : boolean(rawNeedsTicket);
        if (sequence === undefined || id === undefined || state === undefined || message === undefined || (rawNeedsTicket !== undefined && needsTicket === undefined)) {
          return undefined;
        }
        return { type: 'preflightVerdict', sequence, roleId: id, verdict: { state, message, ...(needsTicket ? { needsTicket } : {}) } };
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
