// "Wait for access": Azure applies an activation through RBAC caches some time after PIM lists it. The permissions
// API (Permissions - List For Resource Group / For Resource, api-version 2022-04-01; also answered at a subscription,
// Azure/azure-rest-api-specs#19473) says what the caller may do at a scope, one permission block per role assignment
// that applies there; the denied operation is effective once one of those blocks permits it (permissionMatching.ts).
import type { OperationKind } from './authorizationErrors';
import type { FailingScope } from './failingScope';
import { grantingEntry } from './permissionMatching';
import type { PermissionBlock } from './roleDefinition';
import { pollUntil, type PollBackoff, type Sleep } from '../api/retry';

export interface PermissionsReader {
  listPermissions(scope: string, signal?: AbortSignal): Promise<PermissionBlock[]>;
}

export interface AccessWaitOptions {
  readonly timeoutMs?: number;
  readonly intervalsMs?: PollBackoff | readonly number[];
  readonly signal?: AbortSignal;
  readonly sleep?: Sleep;
  readonly now?: () => number;
}

export type AccessWaitResult =
  | { readonly outcome: 'effective'; readonly elapsedMs: number }
  | { readonly outcome: 'timedOut'; readonly elapsedMs: number }
  /** The permissions API has no answer at a management group or the tenant root. */
  | { readonly outcome: 'cannotCheck' };

/** Where the permissions API can be asked about a failing scope: a subscription, a resource group or a resource. */
export function permissionsScope(scope: FailingScope): string | undefined {
  return scope.armScopeType === 'subscription' || scope.armScopeType === 'resourceGroup' || scope.armScopeType === 'resource' ? scope.armScope : undefined;
}

/** Polls the permissions API at the failing scope until it permits the operation, or the time runs out. */
export async function waitUntilPermitted(reader: PermissionsReader, scope: FailingScope, operation: string, kind: OperationKind, options: AccessWaitOptions = {}): Promise<AccessWaitResult> {
  const at = permissionsScope(scope);
  if (!at) {
    return { outcome: 'cannotCheck' };
  }
  const polled = await pollUntil(
    (_attempt, signal) => reader.listPermissions(at, signal),
    (blocks) => grantingEntry(blocks, operation, kind) !== undefined,
    {
      intervalsMs: options.intervalsMs ?? { baseMs: 2000, maxMs: 30_000, factor: 2 },
      timeoutMs: options.timeoutMs ?? 10 * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.now ? { now: options.now } : {}),
    },
  );
  return polled.done ? { outcome: 'effective', elapsedMs: polled.elapsedMs } : { outcome: 'timedOut', elapsedMs: polled.elapsedMs };
}
