// axe-core in a webview, injected from the test side: the page's Content-Security-Policy admits scripts by nonce only,
// so a <script> tag added by the test (addScriptTag) would be refused; Playwright's frame.evaluate runs through the
// DevTools protocol, which a page's CSP does not govern. The product's CSP stays as it ships.
import * as fs from 'node:fs';
import type { Frame, FrameLocator } from 'playwright-core';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A rule the product knowingly does not meet in one place, with the reason; an empty `because` is refused. */
export interface AllowedViolation {
  readonly rule: string;
  /** Matches the CSS selector axe reports for the node (shadow hosts joined by ` >>> `). */
  readonly target: RegExp;
  readonly because: string;
}

export interface AxeViolation {
  readonly rule: string;
  readonly impact: ImpactValue | undefined;
  readonly target: string;
  readonly summary: string;
}

/** The Frame behind a FrameLocator (frame.evaluate needs the frame itself). */
export async function frameOf(locator: FrameLocator): Promise<Frame> {
  const body = await locator.locator('body').elementHandle();
  const frame = await body?.ownerFrame();
  await body?.dispose();
  if (!frame) {
    throw new Error('The webview frame is gone.');
  }
  return frame;
}

/** Injects axe-core once per document. */
async function ensureAxe(frame: Frame): Promise<void> {
  if (!(await frame.evaluate(() => 'axe' in window))) {
    await frame.evaluate(axeSource);
  }
}

function targetText(node: Result['nodes'][number]): string {
  // A target is a list of selectors, one per shadow root on the way down.
  return node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' >>> ');
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA, plus best practices) on the document in `frame`, shadow roots included,
 * and returns every violating node that no entry of `allowed` explains.
 */
export async function axeViolations(frame: Frame, allowed: readonly AllowedViolation[] = []): Promise<AxeViolation[]> {
  for (const entry of allowed) {
    if (entry.because.trim() === '') {
      throw new Error(`The allow-list entry for ${entry.rule} gives no reason.`);
    }
  }
  await ensureAxe(frame);
  const options: RunOptions = {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  };
  const results = await frame.evaluate((runOptions) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, runOptions), options);
  return results.violations.flatMap((violation) =>
    violation.nodes
      .map((node) => ({ rule: violation.id, impact: node.impact ?? violation.impact ?? undefined, target: targetText(node), summary: node.failureSummary ?? violation.help }))
      .filter((found) => !allowed.some((entry) => entry.rule === found.rule && entry.target.test(found.target))),
  );
}

export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((violation) => `  ${violation.rule} (${violation.impact ?? 'n/a'}) at ${violation.target}: ${violation.summary.replace(/\s+/g, ' ')}`).join('\n');
}
