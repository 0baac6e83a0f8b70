// Request/response types shared by the ARM and Graph handlers.
import type { TokenClaims } from './token';
import type { TenantState, WorldState } from './state';

export interface ApiRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Origin the emulator is reachable at, e.g. http://127.0.0.1:8765 */
  baseUrl: string;
  /** Raw path and query as received, for nextLink building. */
  rawUrl: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface ApiResponse {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with `contentType` (bodies that are not JSON, or not the surface's envelope). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Caller {
  claims: TokenClaims;
  tenant: TenantState;
}

export interface HandlerContext {
  world: WorldState;
  caller: Caller;
  now: number;
}

/** Slices a list into pages addressed by an opaque $skipToken / $skiptoken. */
export function paginate<T>(
  items: T[],
  req: ApiRequest,
  pageSize: number,
  tokenParam: '$skipToken' | '$skiptoken',
): { page: T[]; nextLink: string | undefined } {
  const token = req.query.get('$skipToken') ?? req.query.get('$skiptoken');
  const offset = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) || 0 : 0;
  const page = items.slice(offset, offset + pageSize);
  if (offset + pageSize >= items.length) {
    return { page, nextLink: undefined };
  }
  // Keep the caller's query as sent (ARM and Graph echo it) and append the continuation token.
  const [pathPart, queryPart = ''] = req.rawUrl.split('?');
  const kept = queryPart.split('&').filter((p) => p && !/^(%24|\$)skiptoken=/i.test(p));
  kept.push(`${tokenParam}=${Buffer.from(String(offset + pageSize)).toString('base64url')}`);
  return { page, nextLink: `${req.baseUrl}${pathPart}?${kept.join('&')}` };
}

/** A Microsoft Graph collection page: `@odata.context`, `value`, and `@odata.nextLink` while more follow ($skiptoken). */
export function pagedGraph<T>(req: ApiRequest, ctx: HandlerContext, context: string, items: T[], map: (item: T) => unknown): ApiResponse {
  const { page, nextLink } = paginate(items, req, ctx.world.pageSize, '$skiptoken');
  return {
    status: 200,
    body: { '@odata.context': `${req.baseUrl}/v1.0/${context}`, value: page.map(map), ...(nextLink ? { '@odata.nextLink': nextLink } : {}) },
  };
}

/** Whether Graph's `$expand` names this navigation property (with or without options: `policy($expand=rules)`). */
export function expands(req: ApiRequest, name: string): boolean {
  return (req.query.get('$expand') ?? '').split(',').some((e) => e.trim().toLowerCase().startsWith(name.toLowerCase()));
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
