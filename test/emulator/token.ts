// HS256 JWTs shaped like Microsoft Entra access tokens, minted and checked by the emulator.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ARM_AUDIENCE = 'https://management.azure.com/';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  oid: string;
  upn: string;
  name: string;
  scp: string;
  amr: string[];
  acrs?: string[];
  appid?: string;
  ver: '1.0';
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'notYetValid'; claims?: TokenClaims };

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function sign(input: string, key: string): Buffer {
  return createHmac('sha256', key).update(input).digest();
}

export function mintToken(claims: TokenClaims, key: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${base64url(sign(`${header}.${payload}`, key))}`;
}

/** Checks the signature and nbf/exp against `now` (the emulator clock). */
export function verifyToken(token: string, key: string, now: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return { ok: false, reason: 'malformed' };
  }
  let claims: TokenClaims;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'HS256') {
      return { ok: false, reason: 'malformed' };
    }
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null || typeof claims.exp !== 'number' || typeof claims.tid !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  const expected = sign(`${parts[0]}.${parts[1]}`, key);
  const actual = Buffer.from(parts[2], 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, reason: 'signature', claims };
  }
  const seconds = Math.floor(now.getTime() / 1000);
  if (seconds >= claims.exp) {
    return { ok: false, reason: 'expired', claims };
  }
  if (typeof claims.nbf === 'number' && seconds < claims.nbf - 300) {
    return { ok: false, reason: 'notYetValid', claims };
  }
  return { ok: true, claims };
}

/** Reads claims without checking anything (for tests and logging). */
export function decodeToken(token: string): TokenClaims | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return undefined;
  }
}

export type EmulatedCloud = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

/**
 * Resource Manager and Microsoft Graph audiences per cloud (Microsoft Learn: "Azure Government developer guide",
 * "Azure China developer guide", "National cloud deployments" of Microsoft Graph); the first of each is what a
 * `<resource>/.default` token gets.
 */
export const CLOUD_AUDIENCES: Record<EmulatedCloud, { readonly arm: readonly string[]; readonly graph: readonly string[] }> = {
  AzureCloud: { arm: ['https://management.azure.com', 'https://management.core.windows.net'], graph: [GRAPH_AUDIENCE] },
  AzureUSGovernment: { arm: ['https://management.usgovcloudapi.net', 'https://management.core.usgovcloudapi.net'], graph: ['https://graph.microsoft.us'] },
  AzureChinaCloud: { arm: ['https://management.chinacloudapi.cn', 'https://management.core.chinacloudapi.cn'], graph: ['https://microsoftgraph.chinacloudapi.cn'] },
};

export function isArmAudience(aud: string, cloud: EmulatedCloud = 'AzureCloud'): boolean {
  return CLOUD_AUDIENCES[cloud].arm.includes(aud.replace(/\/$/, '').toLowerCase());
}

export function isGraphAudience(aud: string, cloud: EmulatedCloud = 'AzureCloud'): boolean {
  const normalized = aud.replace(/\/$/, '').toLowerCase();
  return CLOUD_AUDIENCES[cloud].graph.includes(normalized) || normalized === '00000003-0000-0000-c000-000000000000';
}

/** Which cloud's ARM or Graph a scope like https://management.usgovcloudapi.net/.default names, if any. */
export function resourceOfScope(scope: string): { cloud: EmulatedCloud; surface: 'arm' | 'graph'; origin: string; rest: string } | undefined {
  let url: URL;
  try {
    url = new URL(scope);
  } catch {
    return undefined;
  }
  for (const [cloud, audiences] of Object.entries(CLOUD_AUDIENCES) as [EmulatedCloud, (typeof CLOUD_AUDIENCES)[EmulatedCloud]][]) {
    if (audiences.arm.includes(url.origin)) return { cloud, surface: 'arm', origin: url.origin, rest: scope.slice(url.origin.length + 1) };
    if (audiences.graph.includes(url.origin)) return { cloud, surface: 'graph', origin: url.origin, rest: scope.slice(url.origin.length + 1) };
  }
  return undefined;
}
