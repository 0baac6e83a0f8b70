// Role definitions rarely change (built-in ones have the same GUID and permissions in every tenant), so each is read
// once per GUID and kept for hours; the list of built-in roles once per tenant. A read under way is shared; a failed
// read is forgotten, so the next question asks again.
import type { RoleDefinition } from './roleDefinition';
import { roleDefinitionGuid } from './roleDefinition';

/** What the cache reads through: ArmPimClient of the role's tenant. */
export interface RoleDefinitionReader {
  getRoleDefinition(roleDefinitionId: string, signal?: AbortSignal): Promise<RoleDefinition>;
  listBuiltInRoleDefinitions(signal?: AbortSignal): Promise<RoleDefinition[]>;
}

interface Entry<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

export interface RoleDefinitionCacheOptions {
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export class RoleDefinitionCache {
  private readonly definitions = new Map<string, Entry<RoleDefinition>>();
  private readonly builtIns = new Map<string, Entry<RoleDefinition[]>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: RoleDefinitionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 60 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The definition of a role definition id (full id; cached by its GUID). */
  definition(reader: RoleDefinitionReader, roleDefinitionId: string, signal?: AbortSignal): Promise<RoleDefinition> {
    return this.cached(this.definitions, roleDefinitionGuid(roleDefinitionId), () => reader.getRoleDefinition(roleDefinitionId, signal));
  }

  /** Every built-in role definition, as the tenant lists them. */
  builtInDefinitions(tenantId: string, reader: RoleDefinitionReader, signal?: AbortSignal): Promise<RoleDefinition[]> {
    return this.cached(this.builtIns, tenantId.toLowerCase(), () => reader.listBuiltInRoleDefinitions(signal));
  }

  clear(): void {
    this.definitions.clear();
    this.builtIns.clear();
  }

  private cached<T>(entries: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const entry = entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) {
      return entry.value;
    }
    const value = load();
    entries.set(key, { value, at: this.now() });
    value.catch(() => {
      if (entries.get(key)?.value === value) {
        entries.delete(key);
      }
    });
    return value;
  }
}
