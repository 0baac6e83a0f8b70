// Shared by the extension-host suites (bundled into each; not a suite itself: no .test in its name).
import * as assert from 'node:assert/strict';

/** Polls `check` every 250 ms until it holds; fails the test after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
