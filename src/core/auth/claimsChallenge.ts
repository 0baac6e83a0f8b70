// Step-up sign-in: the claims challenge a service answers with when a role needs a stronger sign-in (Conditional
// Access authentication context), read from wherever the service puts it, and the WWW-Authenticate value VS Code's
// sign-in takes to satisfy it.
import { asNonEmptyString, asObject, parseJsonObject } from '../../shared/json';

/**
 * The claims JSON of a challenge, found in a `WWW-Authenticate` value (`claims="<base64>"`), in a PIM error
 * message (`&claims=<URL-encoded JSON>` or `&claims=<raw JSON>`), or in a raw error body (JSON-escaped).
 * Returned decoded but otherwise as the service wrote it; undefined when there is none.
 */
export function parseClaimsChallenge(text: unknown): string | undefined {
  if (typeof text !== 'string' || !/claims/i.test(text)) {
    return undefined;
  }
  const variants = text.includes('\\"') ? [text, text.replace(/\\"/g, '"')] : [text];
  for (const variant of variants) {
    const marker = /claims\s*=\s*/gi;
    let match: RegExpExecArray | null;
    while ((match = marker.exec(variant)) !== null) {
      const value = valueAfter(variant.slice(match.index + match[0].length));
      const json = value === undefined ? undefined : asClaimsJson(value);
      if (json !== undefined) {
        return json;
      }
    }
  }
  return undefined;
}

function valueAfter(rest: string): string | undefined {
  if (rest.startsWith('{')) {
    return balancedObject(rest);
  }
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    return end > 1 ? rest.slice(1, end) : undefined;
  }
  const token = /^[^&"'\s,;]+/.exec(rest)?.[0];
  return token;
}

/** The leading `{…}` of `text`, honouring strings, or undefined when it never closes. */
function balancedObject(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return text.slice(0, i + 1);
    }
  }
  return undefined;
}

function asClaimsJson(value: string): string | undefined {
  const candidates = [value];
  const uriDecoded = safeDecodeUri(value);
  if (uriDecoded !== undefined && uriDecoded !== value) {
    candidates.push(uriDecoded);
  }
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    if (parseJsonObject(trimmed)) {
      return trimmed;
    }
    const decoded = decodeBase64(trimmed);
    if (decoded !== undefined && parseJsonObject(decoded.trim())) {
      return decoded.trim();
    }
  }
  return undefined;
}

function safeDecodeUri(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    return undefined;
  }
  const text = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

/** "c1" from `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`. */
export function authenticationContextOf(claimsJson: string): string | undefined {
  const claims = parseJsonObject(claimsJson);
  const acrs = asObject(asObject(claims?.access_token)?.acrs);
  if (!acrs) {
    return undefined;
  }
  const value = asNonEmptyString(acrs.value) ?? (Array.isArray(acrs.values) ? acrs.values.find((v): v is string => typeof v === 'string') : undefined);
  return value === '' ? undefined : value;
}

/**
 * The claims request for a sign-in with multi-factor authentication, for a PIM `MfaRule` refusal (a 400 that carries no
 * challenge of its own): the token must name `mfa` in `amr`. The same request az CLI users pass with `--claims-challenge`
 * and that MSAL forwards to Entra as the `claims` parameter (Microsoft Learn "Claims challenges, claims requests and
 * client capabilities").
 */
export const MFA_CLAIMS = '{"access_token":{"amr":{"values":["mfa"]}}}';

/** The authorize endpoint of the cloud's sign-in host, for the challenge's `authorization_uri`. */
export function authorizeEndpoint(activeDirectoryEndpoint: string): string {
  return `${activeDirectoryEndpoint.replace(/\/+$/, '')}/common/oauth2/authorize`;
}

export interface WwwAuthenticateOptions {
  /** Sovereign clouds sign in elsewhere (e.g. https://login.microsoftonline.us/common/oauth2/authorize). */
  readonly authorizationUri?: string;
}

/**
 * A `WWW-Authenticate` value for VS Code's `AuthenticationWwwAuthenticateRequest`. The claims are base64,
 * as in Entra's CAE/claims-challenge responses; VS Code's Microsoft auth provider base64-decodes
 * `claims` (extractClaimsFromChallenges in extensions/microsoft-authentication/src/node/authProvider.ts).
 */
export function buildWwwAuthenticate(claimsJson: string, options: WwwAuthenticateOptions = {}): string {
  const authorizationUri = options.authorizationUri ?? 'https://login.microsoftonline.com/common/oauth2/authorize';
  const claims = Buffer.from(claimsJson, 'utf8').toString('base64');
  return `Bearer realm="", authorization_uri="${authorizationUri}", error="insufficient_claims", claims="${claims}"`;
}
