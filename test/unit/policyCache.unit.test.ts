import * as assert from 'node:assert/strict';
import { PimError } from '../../src/core/errors/errors';
import type { ActivationPolicy } from '../../src/shared/policyShape';
import { PolicyCache } from '../../src/core/store/policyCache';

const POLICY: ActivationPolicy = { maximumDurationMinutes: 480, requiresJustification: true, requiresTicket: false, requiresMfa: false, requiresApproval: false, approvers: [] };

describe('policy cache', () => {
  it('shares one load between concurrent callers and serves the cached value afterwards', async () => {
    let calls = 0;
    const cache = new PolicyCache();
    const load = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return POLICY;
    };
    const [a, b] = await Promise.all([cache.get('r', load), cache.get('r', load)]);
    assert.equal(calls, 1);
    assert.equal(a, b);
    assert.equal((await cache.get('r', load)).state, 'loaded');
    assert.equal(calls, 1);
  });

  it('remembers failures for a short while, then tries again', async () => {
    let now = 0;
    let calls = 0;
    const cache = new PolicyCache({ now: () => now, failureTtlMs: 1000 });
    const failing = () => {
      calls++;
      return Promise.reject(new PimError({ kind: 'authorization', status: 403, message: 'forbidden' }));
    };
    const entry = await cache.get('r', failing);
    assert.equal(entry.state, 'failed');
    await cache.get('r', failing);
    assert.equal(calls, 1);
    now = 2000;
    await cache.get('r', failing);
    assert.equal(calls, 2);
  });

  it('runs at most `concurrency` loads at once', async () => {
    let running = 0;
    let peak = 0;
    const cache = new PolicyCache({ concurrency: 2 });
    const load = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return POLICY;
    };
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => cache.get(key, load)));
    assert.equal(peak, 2);
  });
});

describe('policy cache and passing trouble', () => {
  for (const kind of ['untrustedCertificate', 'proxyAuthentication'] as const) {
    it(`a certificate or proxy failure is passing trouble, not an answer about the policy: ${kind}`, async () => {
      let now = 0;
      let calls = 0;
      const cache = new PolicyCache({ now: () => now, passingFailureTtlMs: 1000 });
      const load = () => {
        calls++;
        return calls === 1 ? Promise.reject(new PimError({ kind, message: 'passing trouble' })) : Promise.resolve(POLICY);
      };
      const failed = await cache.get('r', load);
      assert.equal(failed.state === 'failed' ? failed.retryAt - failed.at : -1, 1000, 'tried again after the short back-off');
      now = 1000;
      assert.equal((await cache.get('r', load)).state, 'loaded');
      assert.equal(calls, 2);
    });
  }

  it('remembers a failure about sign-in or the network too, briefly, then tries again', async () => {
    let now = 0;
    let calls = 0;
    const cache = new PolicyCache({ now: () => now, passingFailureTtlMs: 1000 });
    const load = () => {
      calls++;
      return calls === 1 ? Promise.reject(new PimError({ kind: 'authentication', message: 'Sign in to tenant t to continue.' })) : Promise.resolve(POLICY);
    };
    assert.equal((await cache.get('r', load)).state, 'failed');
    assert.equal(cache.peek('r')?.state, 'failed', 'a redraw sees the failure instead of loading again');
    assert.equal((await cache.get('r', load)).state, 'failed');
    assert.equal(calls, 1);
    now = 1000;
    assert.equal((await cache.get('r', load)).state, 'loaded');
    assert.equal(calls, 2);
  });

  it('backs off longer with every failure in a row, up to a ceiling, and starts over after a success', async () => {
    let now = 0;
    let calls = 0;
    let fail = true;
    const cache = new PolicyCache({ now: () => now, passingFailureTtlMs: 1000, maxFailureTtlMs: 6000 });
    const load = () => {
      calls++;
      return fail ? Promise.reject(new PimError({ kind: 'transient', status: 503, message: 'HTTP 503' })) : Promise.resolve(POLICY);
    };
    const waits: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const entry = await cache.get('r', load);
      assert.equal(entry.state, 'failed');
      waits.push(entry.state === 'failed' ? entry.retryAt - entry.at : -1);
      now = entry.state === 'failed' ? entry.retryAt : now;
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 6000, 6000]);
    assert.equal(calls, 5, 'one load per back-off, never more');
    fail = false;
    assert.equal((await cache.get('r', load)).state, 'loaded');
    fail = true;
    now += 31 * 60_000;
    const again = await cache.get('r', load);
    assert.equal(again.state, 'loaded', 'the policy read before is kept meanwhile');
    assert.equal((again.retryAt ?? 0) - now, 1000, 'a success starts the back-off over');
  });

  it("waits at least what the service's Retry-After asked for", async () => {
    const cache = new PolicyCache({ now: () => 0, passingFailureTtlMs: 1000 });
    const entry = await cache.get('r', () => Promise.reject(new PimError({ kind: 'throttled', status: 429, retryAfterMs: 30_000, message: 'throttled' })));
    assert.equal(entry.state === 'failed' ? entry.retryAt : -1, 30_000);
  });

  it('forgets a cancelled read at once', async () => {
    let calls = 0;
    const cache = new PolicyCache();
    const load = () => (++calls === 1 ? Promise.reject(new PimError({ kind: 'cancelled', message: 'Cancelled.' })) : Promise.resolve(POLICY));
    assert.equal((await cache.get('r', load)).state, 'failed');
    assert.equal(cache.peek('r'), undefined);
    assert.equal((await cache.get('r', load)).state, 'loaded');
  });

  it('one lane per tenant: reads that hang in one tenant never hold up another', async () => {
    const cache = new PolicyCache({ concurrency: 2, laneOf: (key) => key.split('|')[0] ?? '' });
    const hanging = () => new Promise<ActivationPolicy>(() => undefined);
    for (const key of ['stalled|a', 'stalled|b', 'stalled|c']) {
      void cache.get(key, hanging);
    }
    const other = await Promise.race([
      cache.get('healthy|a', () => Promise.resolve(POLICY)),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500)),
    ]);
    assert.equal(other?.state, 'loaded');
  });

  it('a policy read before stays in use while reading it again fails for a passing reason, until the next try', async () => {
    let now = 0;
    let answer: () => Promise<ActivationPolicy> = () => Promise.resolve(POLICY);
    const cache = new PolicyCache({ now: () => now, passingFailureTtlMs: 1000 });
    assert.equal((await cache.get('r', () => answer())).state, 'loaded');
    cache.expire();
    assert.equal(cache.peek('r'), undefined, 'expired: read again on the next look');
    answer = () => Promise.reject(new PimError({ kind: 'network', message: 'offline' }));
    const offline = await cache.get('r', () => answer());
    assert.equal(offline.state, 'loaded', 'the network is gone: the policy read before is still shown');
    assert.equal(cache.peek('r')?.state, 'loaded');
    now = 1000;
    assert.equal(cache.peek('r'), undefined, 'and read again after the back-off');
    answer = () => Promise.reject(new PimError({ kind: 'authorization', status: 403, message: 'forbidden' }));
    assert.equal((await cache.get('r', () => answer())).state, 'failed', 'an answer about the policy replaces it');
    cache.clear();
    answer = () => Promise.reject(new PimError({ kind: 'network', message: 'offline' }));
    assert.equal((await cache.get('r', () => answer())).state, 'failed', 'clear() (another account) forgets it');
  });
});
