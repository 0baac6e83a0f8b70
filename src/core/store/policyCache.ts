// Role policies change rarely and cost one call each: read them lazily, up to a form's worth at a time per tenant
// (so every policy a form needs arrives in one round trip), and keep them for a while. Failures are remembered too, for a back-off that grows with each failure in a row, so a policy
// read that keeps failing (forbidden, throttled, the network down) is not sent again on every redraw of the tree.
// A policy read before stays in use while reading it again fails for a passing reason (the network, throttling).
import { PimError, type PimErrorKind } from '../errors/errors';
import type { ActivationPolicy } from '../../shared/policyShape';

/**
 * Failures that say nothing about the policy (a missing sign-in, the network or its proxy or certificates, an error
 * of our own): tried again sooner.
 */
const PASSING: ReadonlySet<PimErrorKind> = new Set<PimErrorKind>([
  'authentication',
  'network',
  'untrustedCertificate',
  'proxyAuthentication',
  'timeout',
  'throttled',
  'transient',
  'unknown',
]);

/** The roles one activation form may hold at once: all their policies are read in parallel, in one round trip. */
export const FORM_POLICY_LOADS = 20;

export type PolicyEntry =
  /** `retryAt`: read again then (the policy is an earlier read, kept while reading it again fails). */
  | { readonly state: 'loaded'; readonly policy: ActivationPolicy; readonly at: number; readonly retryAt?: number }
  | { readonly state: 'failed'; readonly error: PimError; readonly at: number; readonly retryAt: number };

export interface PolicyCacheOptions {
  readonly ttlMs?: number;
  /** How long an answer about the policy (forbidden, not found) is remembered the first time; doubled per failure in a row. */
  readonly failureTtlMs?: number;
  /** The same for a passing failure (network, time-out, throttling, sign-in). */
  readonly passingFailureTtlMs?: number;
  /** The longest any failure is remembered. */
  readonly maxFailureTtlMs?: number;
  /** Loads at once per lane (default FORM_POLICY_LOADS). */
  readonly concurrency?: number;
  /** The lane of a key (default: one lane); a tenant whose service stalls then holds up only its own policy reads. */
  readonly laneOf?: (key: string) => string;
  readonly now?: () => number;
}

interface Lane {
  running: number;
  readonly queue: (() => void)[];
}

export class PolicyCache {
  private readonly entries = new Map<string, PolicyEntry>();
  /** The last policy read per key, kept through expire(): the fallback while reading it again fails. */
  private readonly lastLoaded = new Map<string, Extract<PolicyEntry, { state: 'loaded' }>>();
  private readonly failuresInRow = new Map<string, number>();
  private readonly pending = new Map<string, Promise<PolicyEntry>>();
  private readonly lanes = new Map<string, Lane>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly passingFailureTtlMs: number;
  private readonly maxFailureTtlMs: number;
  private readonly concurrency: number;
  private readonly laneOf: (key: string) => string;
  private readonly now: () => number;

  constructor(options: PolicyCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 2 * 60_000;
    this.passingFailureTtlMs = options.passingFailureTtlMs ?? 15_000;
    this.maxFailureTtlMs = options.maxFailureTtlMs ?? 30 * 60_000;
    this.concurrency = options.concurrency ?? FORM_POLICY_LOADS;
    this.laneOf = options.laneOf ?? (() => '');
    this.now = options.now ?? Date.now;
  }

  /** The cached entry (a policy, or a failure still in its back-off); never starts a load. */
  peek(key: string): PolicyEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    const until = entry.retryAt ?? entry.at + this.ttlMs;
    return this.now() < until ? entry : undefined;
  }

  /** A load for the key is under way. */
  isLoading(key: string): boolean {
    return this.pending.has(key);
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
    const promise = this.limit(this.laneOf(key), load)
      .then(
        (policy): PolicyEntry => {
          this.failuresInRow.delete(key);
          const entry = { state: 'loaded' as const, policy, at: this.now() };
          this.lastLoaded.set(key, entry);
          return entry;
        },
        (error: unknown): PolicyEntry => this.failed(key, PimError.from(error)),
      )
      .then((entry) => {
        // A cancelled read (the form closed) says nothing: the next look tries again.
        if (entry.state === 'loaded' || entry.error.kind !== 'cancelled') {
          this.entries.set(key, entry);
        }
        this.pending.delete(key);
        return entry;
      });
    this.pending.set(key, promise);
    return promise;
  }

  /** Forgets everything (another account or cloud: nothing read before applies). */
  clear(): void {
    this.entries.clear();
    this.lastLoaded.clear();
    this.failuresInRow.clear();
  }

  /** Reads every policy again on its next look (the user asked for a refresh), keeping the last ones as fallback. */
  expire(): void {
    this.entries.clear();
    this.failuresInRow.clear();
  }

  private failed(key: string, error: PimError): PolicyEntry {
    const inRow = (this.failuresInRow.get(key) ?? 0) + 1;
    this.failuresInRow.set(key, inRow);
    const passing = PASSING.has(error.kind);
    const first = passing ? this.passingFailureTtlMs : this.failureTtlMs;
    // The service's own Retry-After, when it said one, is the least we wait.
    const backoff = Math.max(Math.min(this.maxFailureTtlMs, first * 2 ** Math.min(inRow - 1, 30)), error.retryAfterMs ?? 0);
    const at = this.now();
    const previous = this.lastLoaded.get(key);
    // Passing trouble says nothing about the policy: the one read before still holds until the next try.
    return passing && previous ? { ...previous, retryAt: at + backoff } : { state: 'failed', error, at, retryAt: at + backoff };
  }

  private limit<T>(laneKey: string, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(laneKey);
    if (!lane) {
      lane = { running: 0, queue: [] };
      this.lanes.set(laneKey, lane);
    }
    const current = lane;
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        current.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            current.running--;
            current.queue.shift()?.();
          });
      };
      if (current.running < this.concurrency) {
        start();
      } else {
        current.queue.push(start);
      }
    });
  }
}
