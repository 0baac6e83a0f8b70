// A token issued now, for access that only applies to tokens issued after a change (PIM for Groups: "access through
// the group applies to tokens issued after the activation"). VS Code's Microsoft sign-in returns its cached token until
// that nears expiry and has no "force refresh" option; the only way to make it redeem its refresh token silently is a
// claims request (microsoft-authentication 1.139.1: getSessionsFromChallenges passes `claims` to acquireTokenSilent with
// forceRefresh, extension.js line 13895). The request used here has the shape of a Continuous Access Evaluation
// challenge: the token must not be valid before `value` (Microsoft Learn, "Claims challenges, claims requests and
// client capabilities"). Whether Entra honours a client-made nbf request is not documented, so the caller checks the
// `iat` of what comes back and says what it got.
import { readTokenClaims } from './jwt';

export function notBeforeClaims(at: Date): string {
  return JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(at.getTime() / 1000)) } } });
}

/** The token's `iat` (issued at), read without verifying; undefined when it has none. */
export function tokenIssuedAt(token: string): Date | undefined {
  const iat = readTokenClaims(token)?.iat;
  return typeof iat === 'number' && Number.isFinite(iat) ? new Date(iat * 1000) : undefined;
}

export type FreshTokenOutcome =
  /** A token issued at or after the moment asked for. */
  | { readonly kind: 'fresh'; readonly issuedAt: Date }
  /** The sign-in answered with an older token (or one without `iat`). */
  | { readonly kind: 'stale'; readonly issuedAt: Date | undefined }
  /** The host cannot pass a claims request (VS Code before 1.105). */
  | { readonly kind: 'unsupported'; readonly version: string };

/** `iat` has whole seconds: a token from the same second as `notBefore` counts as fresh. */
export function freshnessOf(token: string, notBefore: Date): FreshTokenOutcome {
  const issuedAt = tokenIssuedAt(token);
  return issuedAt !== undefined && issuedAt.getTime() >= Math.floor(notBefore.getTime() / 1000) * 1000 ? { kind: 'fresh', issuedAt } : { kind: 'stale', issuedAt };
}
