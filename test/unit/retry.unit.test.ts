import * as assert from 'node:assert/strict';
import { PimError } from '../../src/core/errors/errors';
import { pollUntil, sleep, type PollAttempt, type Sleep } from '../../src/core/api/retry';

/** A clock that only moves when the poller sleeps. */
function fakeClock(): { now: () => number; sleep: Sleep; sleeps: number[] } {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleeps,
    sleep: (ms, signal) => {
      if (signal?.aborted) {
        return Promise.reject(new PimError({ kind: 'cancelled', message: 'Cancelled.' }));
      }
      sleeps.push(ms);
      time += ms;
      return Promise.resolve();
    },
  };
}

describe('retry', () => {
  describe('pollUntil', () => {
    it('returns as soon as the value is done, without sleeping', async () => {
      const clock = fakeClock();
      const result = await pollUntil(() => Promise.resolve(['activation']), (v) => v.length > 0, {
        timeoutMs: 30_000,
        ...clock,
      });
      assert.deepEqual(result, { done: true, value: ['activation'], attempts: 1, elapsedMs: 0 });
      assert.deepEqual(clock.sleeps, []);
    });

    it('polls on the given intervals, repeating the last one', async () => {
      const clock = fakeClock();
      let calls = 0;
      const result = await pollUntil(
        () => Promise.resolve(++calls),
        (n) => n === 5,
        { intervalsMs: [1000, 2000, 5000], timeoutMs: 60_000, ...clock },
      );
      assert.equal(result.done, true);
      assert.equal(result.attempts, 5);
      assert.deepEqual(clock.sleeps, [1000, 2000, 5000, 5000]);
      assert.equal(result.elapsedMs, 13_000);
    });

    it('grows the delay with a backoff', async () => {
      const clock = fakeClock();
      let calls = 0;
      await pollUntil(
        () => Promise.resolve(++calls),
        (n) => n === 6,
        { intervalsMs: { baseMs: 1000, maxMs: 6000 }, timeoutMs: 60_000, ...clock },
      );
      assert.deepEqual(clock.sleeps, [1000, 2000, 4000, 6000, 6000]);
    });

    it('times out with the last value, making a final attempt at the deadline', async () => {
      const clock = fakeClock();
      let calls = 0;
      const result = await pollUntil(
        () => Promise.resolve({ seen: ++calls }),
        () => false,
        { intervalsMs: [4000], timeoutMs: 10_000, ...clock },
      );
      assert.equal(result.done, false);
      assert.deepEqual(result.value, { seen: 4 });
      assert.equal(result.attempts, 4);
      // 4 s, 4 s, then only the 2 s left before the deadline.
      assert.deepEqual(clock.sleeps, [4000, 4000, 2000]);
      assert.equal(result.elapsedMs, 10_000);
    });

    it('reports every attempt', async () => {
      const clock = fakeClock();
      const seen: PollAttempt<number>[] = [];
      let calls = 0;
      await pollUntil(
        () => Promise.resolve(++calls),
        (n) => n === 3,
        { intervalsMs: [1000], timeoutMs: 60_000, onAttempt: (a) => seen.push(a), ...clock },
      );
      assert.deepEqual(seen, [
        { attempt: 1, elapsedMs: 0, value: 1, nextDelayMs: 1000 },
        { attempt: 2, elapsedMs: 1000, value: 2, nextDelayMs: 1000 },
        { attempt: 3, elapsedMs: 2000, value: 3 },
      ]);
    });

    it('polls through retryable errors and honours their Retry-After', async () => {
      const clock = fakeClock();
      let calls = 0;
      const seen: PollAttempt<string>[] = [];
      const result = await pollUntil(
        () => {
          calls++;
          if (calls === 1) {
            return Promise.reject(new PimError({ kind: 'throttled', message: 'Too many requests.', retryAfterMs: 7000 }));
          }
          if (calls === 2) {
            return Promise.reject(new PimError({ kind: 'transient', message: 'HTTP 503' }));
          }
          return Promise.resolve('Provisioned');
        },
        (status) => status === 'Provisioned',
        { intervalsMs: [1000], timeoutMs: 60_000, onAttempt: (a) => seen.push(a), ...clock },
      );
      assert.equal(result.done, true);
      assert.deepEqual(clock.sleeps, [7000, 1000]);
      assert.ok(seen[0].error instanceof PimError);
      assert.equal(seen[0].value, undefined);
    });

    it('rethrows errors that are not worth retrying', async () => {
      const clock = fakeClock();
      const denied = new PimError({ kind: 'authorization', message: 'AuthorizationFailed' });
      await assert.rejects(
        pollUntil(() => Promise.reject(denied), () => true, { timeoutMs: 60_000, ...clock }),
        (e) => e === denied,
      );
      await assert.rejects(
        pollUntil(() => Promise.reject(new TypeError('bug')), () => true, { timeoutMs: 60_000, ...clock }),
        TypeError,
      );
    });

    it('lets the caller choose which errors to poll through', async () => {
      const clock = fakeClock();
      let calls = 0;
      const result = await pollUntil(
        () => (++calls < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve(true)),
        (v) => v,
        { intervalsMs: [500], timeoutMs: 60_000, shouldRetryError: () => true, ...clock },
      );
      assert.equal(result.done, true);
      assert.equal(result.attempts, 3);
    });

    it('times out without a value when every attempt failed', async () => {
      const clock = fakeClock();
      const result = await pollUntil(
        () => Promise.reject(new PimError({ kind: 'network', message: 'offline' })),
        () => true,
        { intervalsMs: [5000], timeoutMs: 10_000, ...clock },
      );
      assert.equal(result.done, false);
      assert.equal('value' in result, false);
      assert.equal(result.attempts, 3);
    });

    it('stops with a cancelled error when the signal aborts', async () => {
      const clock = fakeClock();
      const controller = new AbortController();
      let calls = 0;
      await assert.rejects(
        pollUntil(
          () => {
            if (++calls === 2) controller.abort();
            return Promise.resolve(calls);
          },
          () => false,
          { intervalsMs: [1000], timeoutMs: 60_000, signal: controller.signal, ...clock },
        ),
        (e) => e instanceof PimError && e.kind === 'cancelled',
      );
      assert.equal(calls, 2);
    });

    it('does not call at all when already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      let called = false;
      await assert.rejects(
        pollUntil(
          () => {
            called = true;
            return Promise.resolve(1);
          },
          () => true,
          { timeoutMs: 1000, signal: controller.signal, ...fakeClock() },
        ),
        (e) => e instanceof PimError && e.kind === 'cancelled',
      );
      assert.equal(called, false);
    });

    it('passes the attempt number and the signal to fn', async () => {
      const controller = new AbortController();
      const received: [number, AbortSignal | undefined][] = [];
      await pollUntil(
        (attempt, signal) => {
          received.push([attempt, signal]);
          return Promise.resolve(attempt);
        },
        (n) => n === 2,
        { intervalsMs: [1], timeoutMs: 1000, signal: controller.signal, ...fakeClock() },
      );
      assert.deepEqual(received, [
        [1, controller.signal],
        [2, controller.signal],
      ]);
    });
  });

  describe('sleep', () => {
    it('waits', async () => {
      const started = Date.now();
      await sleep(20);
      assert.ok(Date.now() - started >= 15);
    });

    it('rejects with a cancelled PimError when aborted, and does not leave the timer running', async () => {
      const controller = new AbortController();
      const pending = sleep(60_000, controller.signal);
      controller.abort();
      await assert.rejects(pending, (e) => e instanceof PimError && e.kind === 'cancelled');
    });

    it('rejects at once for an aborted signal', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(sleep(60_000, controller.signal), (e) => e instanceof PimError && e.kind === 'cancelled');
    });
  });
});
