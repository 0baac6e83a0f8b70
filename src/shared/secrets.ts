// Secrets that must never reach a log line, a notification, the task terminal, the form or stored state, whatever
// text carries them (a service error message, an error's stack, a URL). The product never puts a token into text
// on purpose; this catches what a service, a proxy or a library echoes back.

const REDACTED = '<redacted>';

/** Parameters of OAuth redirects, token responses and claims that carry a credential or an authorization code. */
const SECRET_PARAMETERS = ['access_token', 'refresh_token', 'id_token', 'client_info', 'client_secret', 'code'];

const RULES: readonly (readonly [RegExp, string])[] = [
  // A JWT (or the start of one, cut by a length limit): base64url JSON header "eyJ…", then payload and signature.
  [/\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}/g, REDACTED],
  // `Authorization: Bearer x`, `"authorization":"Bearer x"`, `authorization=x`: the whole value.
  [/\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi, `$1${REDACTED}`],
  // `Bearer x` anywhere else (a WWW-Authenticate challenge names no token: `Bearer realm=…` keeps its parameters).
  [/\b(bearer\s+)(?![a-z_]+=)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`],
  // `code=…`, `access_token=…` in URLs, form bodies and fragments.
  [new RegExp(`(^|[?&#;,\\s"'(])(${SECRET_PARAMETERS.join('|')})=(?!${REDACTED})[^&#\\s"',;)]+`, 'gi'), `$1$2=${REDACTED}`],
  // `"access_token":"…"` in JSON (not `"code"`: every service error has a harmless "code").
  [/("(?:access_token|refresh_token|id_token|client_info|client_secret)"\s*:\s*")[^"]*(")/gi, `$1${REDACTED}$2`],
];

/** `text` with every token, authorization header value and authorization code replaced by "<redacted>". */
export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of RULES) {
    result = result.replace(pattern, replacement);
  }
  return result;
}
