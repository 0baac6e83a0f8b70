import { randomBytes } from 'node:crypto';

/** A fresh CSP nonce per rendered page: 24 random bytes = 32 base64url characters. */
export function createNonce(): string {
  return randomBytes(24).toString('base64url');
}
