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
  for (const kind of ['authentication', 'network', 'untrustedCertificate', 'proxyAuthentication'] as const) {
    it(`does not remember a failure that was about sign-in, the network, its certificates or proxy: ${kind}`, async () => {
      let calls = 0;
      const cache = new PolicyCache();
      const load = () => {
        calls++;
        return calls === 1 ? Promise.reject(new PimError({ kind, message: 'passing trouble' })) : Promise.resolve(POLICY);
      };
      assert.equal((await cache.get('r', load)).state, 'failed');
      assert.equal(cache.peek('r'), undefined);
      assert.equal((await cache.get('r', load)).state, 'loaded');
      assert.equal(calls, 2);
    });
  }
});
