// Reads (never verifies, never logs) the claims of an access token: we only need the caller's object id.
import { asObject } from '../../shared/json';

export function readTokenClaims(token: string): Readonly<Record<string, unknown>> | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    return asObject(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/** The signed-in user's object id (`oid`) and tenant (`tid`) from an access token. */
export function readCaller(token: string): { objectId: string; tenantId?: string } | undefined {
  const claims = readTokenClaims(token);
  const objectId = claims?.oid;
  if (typeof objectId !== 'string' || objectId === '') {
    return undefined;
  }
  const tenantId = claims?.tid;
  return typeof tenantId === 'string' ? { objectId, tenantId } : { objectId };
}
