// Safe readers for untrusted JSON from the APIs: wrong types read as undefined, never throw.

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** A string with something in it, else undefined. */
export function asNonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The object `text` holds as JSON; undefined for anything else, including invalid JSON. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads a string at a dotted path ("properties.expandedProperties.scope.id"). */
export function readString(value: unknown, path: string): string | undefined {
  const found = readPath(value, path);
  return typeof found === 'string' ? found : undefined;
}

/**
 * A display name at a dotted path, without bidirectional embedding, override and isolate controls
 * (U+202A–U+202E, U+2066–U+2069): a name like "Dev \u202Eexe.txt" would otherwise show as "Dev txt.exe".
 */
export function readName(value: unknown, path: string): string | undefined {
  const text = readString(value, path);
  return text === undefined ? undefined : stripBidiControls(text);
}

/** Removes bidirectional override/isolate controls that could make a name read as something else. */
export function stripBidiControls(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
}

/** Dotted paths split once: a list of hundreds of items reads the same few paths from each. */
const SPLIT_PATHS = new Map<string, readonly string[]>();

function readPath(value: unknown, path: string): unknown {
  let parts = SPLIT_PATHS.get(path);
  if (!parts) {
    parts = path.split('.');
    SPLIT_PATHS.set(path, parts);
  }
  let current: unknown = value;
  for (const part of parts) {
    const object = asObject(current);
    if (!object || !Object.prototype.hasOwnProperty.call(object, part)) {
      return undefined;
    }
    current = object[part];
  }
  return current;
}

/** Parses an ISO date string; undefined for missing or invalid values. */
export function readDate(value: unknown, path: string): Date | undefined {
  const text = readString(value, path);
  if (!text) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
