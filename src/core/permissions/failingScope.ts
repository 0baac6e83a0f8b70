// The scope an authorization error names, checked before anything is done with it: it comes from a terminal or the
// clipboard, so it is only ever compared with the scopes of the user's own roles (and shown as inert text), and the
// one call made with it (the permissions check) goes through the ARM scope checks (armMapping.ts) first.
import { parseArmScope } from '../api/armMapping';
import type { ScopeType } from '../model/model';

export interface FailingScope {
  /** As printed, without a trailing slash and without the "/providers/Microsoft.Subscription" prefix of some ids. */
  readonly id: string;
  /** The nearest scope at or above `id` that roles are assigned at: a resource, resource group, subscription, management group or "/". */
  readonly armScope: string;
  readonly armScopeType: ScopeType;
}

const MAX_SCOPE_LENGTH = 1024;
// Whitespace, quotes, placeholders ("<resourceId>", "{subscriptionId}"), wildcards, and what would change a URL's meaning.
const UNSAFE = /[\s'"<>{}*?#%\\[\]`]/;
// Bidirectional and zero-width characters: a scope that reads as another one.
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const SUBSCRIPTION_PROVIDER = /^\/providers\/Microsoft\.Subscription(?=\/subscriptions\/)/i;

function hasControl(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f));
}

/** The scope text of an error as a FailingScope; undefined when it is not a plain ARM id (redacted, a placeholder, hostile). */
export function toFailingScope(raw: string | undefined): FailingScope | undefined {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '' || trimmed.length > MAX_SCOPE_LENGTH || !trimmed.startsWith('/') || UNSAFE.test(trimmed) || INVISIBLE.test(trimmed) || hasControl(trimmed)) {
    return undefined;
  }
  const id = trimmed === '/' ? '/' : trimmed.replace(/\/+$/, '').replace(SUBSCRIPTION_PROVIDER, '');
  const segments = id.split('/').slice(1);
  if (id !== '/' && segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return undefined;
  }
  for (let length = segments.length; length >= 0; length--) {
    const candidate = length === 0 ? '/' : `/${segments.slice(0, length).join('/')}`;
    const parsed = parseArmScope(candidate);
    if (parsed) {
      return { id, armScope: candidate, armScopeType: parsed.type };
    }
  }
  return undefined;
}

/** Whether `outer` is `inner` or one of its ancestors by id (any case); "/" holds everything. */
export function scopeHolds(outer: string, inner: string): boolean {
  if (outer === '/') {
    return true;
  }
  const a = outer.toLowerCase().replace(/\/+$/, '');
  const b = inner.toLowerCase().replace(/\/+$/, '');
  return a === b || b.startsWith(`${a}/`);
}

/** The subscription id inside a scope, if any. */
export function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase();
}

/** A short name for a scope in a sentence: the resource, resource group or subscription name (the last id segment). */
export function scopeShortName(scope: string): string {
  return scope === '/' ? scope : (scope.split('/').filter(Boolean).pop() ?? scope);
}
