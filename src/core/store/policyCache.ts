// Role policies change rarely and cost two calls each: read them lazily, a few at a time, and keep
// them for a while. Failures are remembered briefly too, so a forbidden policy read does not hammer the API.
import { PimError, type PimErrorKind } from '../errors/errors';
import type { ActivationPolicy } from '../../shared/policyShape';

/** Not answers about the policy: a missing sign-in, the network (or its proxy or certificates), or an unexpected error in our own code. */
const TRANSIENT: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>([
  'authentication',
  'cancelled',
  'network',
  'untrustedCertificate',
  'proxyAuthentication',
  'timeout',
  'throttled',
  'transient',
  'unknown',
]);

export type PolicyEntry =
  | { readonly state: 'loaded'; readonly policy: ActivationPolicy; readonly at: number }
  | { readonly state: 'failed'; readonly error: PimError; readonly at: number };

export interface PolicyCacheOptions {
  readonly ttlMs?: number;
  readonly failureTtlMs?: number;
  readonly concurrency?: number;
  readonly now?: () => number;
}

export class PolicyCache {
  private readonly entries = new Map<string, PolicyEntry>();
  private readonly pending = new Map<string, Promise<PolicyEntry>>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;

  constructor(options: PolicyCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 2 * 60_000;
    this.concurrency = options.concurrency ?? 4;
    this.now = options.now ?? Date.now;
  }

  /** The cached entry if still fresh; never starts a load. */
  peek(key: string): PolicyEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    const ttl = entry.state === 'loaded' ? this.ttlMs : this.failureTtlMs;
    return this.now() - entry.at < ttl ? entry : undefined;
  }

  /** Returns the fresh entry or loads it (sharing a load already under way). */
  get(key: string, load: () => Promise<ActivationPolicy>): Promise<PolicyEntry> {
    const fresh = this.peek(key);
    if (fresh) {
      return Promise.resolve(fresh);
    }
    const pending = this.pending.get(key);
    if (pending) {
      return pending;
    }
    const promise = this.limit(load)
      .then(
        (policy): PolicyEntry => ({ state: 'loaded', policy, at: this.now() }),
        (error: unknown): PolicyEntry => ({ state: 'failed', error: PimError.from(error), at: this.now() }),
      )
      .then((entry) => {
        // Remember answers about the policy (read, forbidden, missing), not passing trouble such as a
        // missing sign-in or a timeout: the next look should try again.
        if (entry.state === 'loaded' || !TRANSIENT.has(entry.error.kind)) {
          this.entries.set(key, entry);
        }
        this.pending.delete(key);
        return entry;
      });
    this.pending.set(key, promise);
    return promise;
  }

  clear(): void {
    this.entries.clear();
  }

  private limit<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.queue.shift()?.();
          });
      };
      if (this.running < this.concurrency) {
        start();
      } else {
        this.queue.push(start);
      }
    });
  }
}
