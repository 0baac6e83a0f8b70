// Finds the authorization failures that name what was denied in text printed by the Azure CLI, azd, Azure PowerShell,
// Terraform, Bicep/ARM deployments and the Azure SDKs: ARM's AuthorizationFailed / LinkedAuthorizationFailed /
// LinkedAccessCheckFailed ("does not have authorization to perform action '<action>' over scope '<scope>'"), template
// deployments ("does not have permission to perform action '<action>' at scope '<scope>'"), Key Vault's data-plane
// denial ("Action: '<dataAction>'" then "Resource: '<id>'") and Cosmos DB's ("perform action [<dataAction>] on
// resource [<path>]"). The text is untrusted (a terminal line, a selection, the clipboard): it is capped, every regular
// expression is anchored on a literal and bounded, and nothing here does anything with what it finds but return it.
// The corpus of real texts this is tested against is test/unit/fixtures/authorization-errors.json.

/** ARM operations are Actions (control plane) or DataActions (data plane); role definitions list them apart. */
export type OperationKind = 'action' | 'dataAction';

/** Which service's wording the denial was found in. */
export type DenialSource = 'arm' | 'linked' | 'keyVault' | 'cosmos';

export interface AuthorizationDenial {
  /** The denied operation as printed, e.g. "Microsoft.Web/sites/write". */
  readonly operation: string;
  readonly kind: OperationKind;
  /** The scope (or Key Vault resource id) as printed; absent when the text names none. Untrusted: see failingScope.ts. */
  readonly scope?: string;
  readonly source: DenialSource;
  /** Where the denial is in the text given (the operation through the scope): a terminal link's range. */
  readonly start: number;
  readonly length: number;
}

/** Longer texts are cut here: error output worth reading is far shorter, and every step below stays cheap. */
export const MAX_ERROR_TEXT_LENGTH = 20_000;
const MAX_DENIALS = 20;
const MAX_OPERATION_LENGTH = 300;

// "Provider.Namespace/resourceType[/…]/verb": letters, digits, dots, dashes, underscores; no wildcard in a denial.
const OPERATION = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*\/[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+){0,15}$/;

// Each pattern starts with a literal phrase and every repetition is bounded, so matching stays linear in the text.
// PowerShell's ConciseView breaks the message at the console width and starts each continuation with a "|" edge, so a
// line break and an edge may stand between "perform action" and the quote.
const ARM_ACTION = /does not have (?:authorization|permission) to perform action[\s│|]{1,16}'([^'\s]{1,300})'/gi;
// A terminal hands link providers one line at a time: the PowerShell continuation line that starts with the quoted
// action and names the scope ("     | 'Microsoft.X/y/write' over scope '…'") is read on its own.
const ARM_CONTINUED_ACTION = /^[\s│|]{0,16}'([^'\s]{1,300})'(?=\s{1,4}(?:over|at)\s{1,4}scope\s{1,4}')/;
// Right after the action: " over scope '…'", " at scope '…'", " on the linked scope(s) '…'"; a line break (or a
// Terraform box edge "│") may stand before the quote when a tool wrapped the message.
const ARM_SCOPE = /^\s{0,4}(?:over|at|on)\s{1,4}(the\s{1,4}linked\s{1,4})?scope(?:\(s\))?[\s│|>]{0,8}'([^'\r\n]{0,2000})'/i;
const KEY_VAULT_ACTION = /\bAction:\s{0,4}'([^'\s]{1,300})'/g;
const KEY_VAULT_RESOURCE = /^[^']{0,16}?\bResource:\s{0,4}'([^'\r\n]{0,2000})'/;
const COSMOS_ACTION = /does not have required RBAC permissions to perform action \[([^\]\s]{1,300})\] on resource \[([^\]\r\n]{0,1000})\]/gi;

interface Unescaped {
  readonly text: string;
  /** For each character of `text`: where it starts in the original, and where it ends (exclusive). */
  readonly from: readonly number[];
  readonly to: readonly number[];
}

/**
 * The text with JSON escapes undone, as they appear when a tool prints an error body as a string (once or twice
 * escaped): `\"`, `\\\"`, `\u0027`, `\/`; escaped `\r`, `\n`, `\t` become spaces, and so do real line breaks (see
 * below). Keeps where each character came from, so a match can be mapped back to the original (a terminal line's columns).
 */
function unescapeJson(original: string): Unescaped {
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const emit = (char: string, start: number, end: number): void => {
    chars.push(char);
    from.push(start);
    to.push(end);
  };
  let index = 0;
  while (index < original.length) {
    const char = original[index] ?? '';
    if (char === '\r' || char === '\n') {
      // A line break between two non-blank characters is a tool cutting a long line at a fixed width ("Microsoft.Netwo",
      // "rk/…"): join the parts. Anywhere else it separates words.
      let next = index;
      while (original[next] === '\r' || original[next] === '\n') {
        next++;
      }
      const before = chars[chars.length - 1];
      const after = original[next];
      if (before === undefined || after === undefined || /\s/.test(before) || /\s/.test(after)) {
        emit(' ', index, next);
      }
      index = next;
      continue;
    }
    if (char !== '\\') {
      emit(char === '\t' ? ' ' : char, index, index + 1);
      index++;
      continue;
    }
    let next = index;
    while (original[next] === '\\') {
      next++;
    }
    const escaped = original[next] ?? '';
    const hex = /^u([0-9a-fA-F]{4})/.exec(original.slice(next, next + 5));
    if (hex?.[1]) {
      const code = Number.parseInt(hex[1], 16);
      emit(code < 0x20 || code === 0x7f ? ' ' : String.fromCharCode(code), index, next + 5);
      index = next + 5;
    } else if (escaped === '"' || escaped === "'" || escaped === '/') {
      emit(escaped, index, next + 1);
      index = next + 1;
    } else if (escaped === 'r' || escaped === 'n' || escaped === 't') {
      emit(' ', index, next + 1);
      index = next + 1;
    } else {
      emit('\\', index, next);
      index = next;
    }
  }
  return { text: chars.join(''), from, to };
}

function isOperation(text: string): boolean {
  return text.length <= MAX_OPERATION_LENGTH && OPERATION.test(text);
}

/** The first of a comma-separated list of linked scopes. */
function firstScope(text: string): string | undefined {
  const scope = text.split(',')[0]?.trim() ?? '';
  return scope === '' ? undefined : scope;
}

interface Found {
  readonly operation: string;
  readonly kind: OperationKind;
  readonly scope?: string;
  readonly source: DenialSource;
  /** Range in the unescaped text. */
  readonly start: number;
  readonly end: number;
}

function findArm(text: string): Found[] {
  const found: Found[] = [];
  const continued = ARM_CONTINUED_ACTION.exec(text);
  for (const match of [...(continued ? [continued] : []), ...text.matchAll(ARM_ACTION)]) {
    const operation = match[1] ?? '';
    if (!isOperation(operation)) {
      continue;
    }
    const start = (match.index ?? 0) + match[0].length - operation.length - 1;
    const afterAction = (match.index ?? 0) + match[0].length;
    const scope = ARM_SCOPE.exec(text.slice(afterAction, afterAction + 2100));
    const scopeText = scope?.[2] !== undefined ? firstScope(scope[2]) : undefined;
    found.push({
      operation,
      kind: 'action',
      ...(scopeText ? { scope: scopeText } : {}),
      source: scope?.[1] ? 'linked' : 'arm',
      start,
      end: scope ? afterAction + scope[0].length : afterAction,
    });
  }
  return found;
}

function findKeyVault(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(KEY_VAULT_ACTION)) {
    const operation = match[1] ?? '';
    if (!isOperation(operation)) {
      continue;
    }
    const afterAction = (match.index ?? 0) + match[0].length;
    const resource = KEY_VAULT_RESOURCE.exec(text.slice(afterAction, afterAction + 2100));
    const scope = resource?.[1] ? resource[1].trim() : '';
    found.push({
      operation,
      kind: 'dataAction',
      ...(scope ? { scope } : {}),
      source: 'keyVault',
      start: afterAction - operation.length - 1,
      end: resource ? afterAction + resource[0].length : afterAction,
    });
  }
  return found;
}

function findCosmos(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(COSMOS_ACTION)) {
    const operation = match[1] ?? '';
    if (isOperation(operation)) {
      // The resource is a path inside the account ("/", "/dbs/…"), not an ARM scope: it is not kept as one.
      const start = (match.index ?? 0) + match[0].indexOf('[') + 1;
      found.push({ operation, kind: 'dataAction', source: 'cosmos', start, end: (match.index ?? 0) + match[0].length });
    }
  }
  return found;
}

/**
 * Every distinct authorization failure in `text` that names the denied operation, in order of appearance. The same
 * operation and scope printed twice (the Azure CLI prints the message, then "Message: " and the message again) count
 * once, at the first place.
 */
export function findAuthorizationDenials(text: string): AuthorizationDenial[] {
  const capped = text.length > MAX_ERROR_TEXT_LENGTH ? text.slice(0, MAX_ERROR_TEXT_LENGTH) : text;
  const unescaped = unescapeJson(capped);
  const all = [...findArm(unescaped.text), ...findKeyVault(unescaped.text), ...findCosmos(unescaped.text)].sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const denials: AuthorizationDenial[] = [];
  for (const found of all) {
    const key = `${found.kind}|${found.operation.toLowerCase()}|${(found.scope ?? '').toLowerCase()}`;
    if (seen.has(key) || denials.length >= MAX_DENIALS) {
      continue;
    }
    seen.add(key);
    const start = unescaped.from[found.start] ?? 0;
    const end = unescaped.to[Math.max(found.start, found.end - 1)] ?? start;
    denials.push({
      operation: found.operation,
      kind: found.kind,
      ...(found.scope !== undefined ? { scope: found.scope } : {}),
      source: found.source,
      start,
      length: Math.max(1, end - start),
    });
  }
  return denials;
}
