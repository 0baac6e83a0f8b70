// Keyboard-only steps for the browser specs: what has focus (through shadow roots), moving focus with keys until
// the right thing has it, and proof that focus is visible (the focused element looks different once it loses focus).
import * as assert from 'node:assert/strict';
import type { ElementHandle, Frame, Page } from 'playwright-core';
import { e2e } from './context';

export interface FocusedElement {
  readonly tag: string;
  readonly id: string;
  readonly role: string;
  /** aria-label, else the element's own text (trimmed, first 200 characters). */
  readonly name: string;
  /** The outermost focused element in the document (a component's host, a list's focused row): its id and text. */
  readonly hostId: string;
  readonly hostText: string;
}

/** The focused element in `target`'s document, following shadow roots down (undefined when it is the body). */
export async function focused(target: Page | Frame): Promise<FocusedElement | undefined> {
  return target.evaluate(() => {
    const host = document.activeElement;
    let element: Element | null = host;
    while (element?.shadowRoot?.activeElement) {
      element = element.shadowRoot.activeElement;
    }
    if (!element || !host || element === document.body) {
      return undefined;
    }
    // A list keeps DOM focus on itself and marks the focused row (aria-activedescendant).
    const active = host.getAttribute('aria-activedescendant');
    const row = active ? document.getElementById(active) : null;
    const named = row ?? element;
    return {
      tag: named.tagName.toLowerCase(),
      id: named.id,
      role: named.getAttribute('role') ?? '',
      name: (named.getAttribute('aria-label') ?? named.textContent ?? '').trim().slice(0, 200),
      hostId: (row ?? host).id,
      hostText: ((row ?? host) as HTMLElement).innerText?.trim().slice(0, 200) ?? '',
    };
  });
}

/** Presses `key` until `done` holds for what has focus in `target`; fails after `maxPresses`. */
export async function pressUntil(key: string, target: Page | Frame, done: (element: FocusedElement) => boolean, what: string, maxPresses = 25): Promise<FocusedElement> {
  const { page } = e2e();
  const seen: string[] = [];
  for (let press = 0; press <= maxPresses; press++) {
    const element = await focused(target);
    if (element && done(element)) {
      return element;
    }
    seen.push(element ? `${element.tag}#${element.id} "${element.name || element.hostText}"` : '(nothing)');
    await page.keyboard.press(key);
    await page.waitForTimeout(150);
  }
  assert.fail(`${what}: not reached with ${key} in ${maxPresses} presses; focus went through ${seen.join(' → ')}`);
}

/**
 * Proves the focus in `target` is visible: the area of the focused element (its outermost element in the document,
 * with a margin for outlines) is screenshotted with focus, then without (focus moved off by script), and must differ.
 * Focus is put back. Playwright hides the text caret in screenshots, so a blinking caret cannot pass for a focus ring.
 */
export async function assertVisibleFocus(target: Page | Frame, what: string): Promise<void> {
  const { page, workbench } = e2e();
  const host = (await target.evaluateHandle(() => document.activeElement)) as ElementHandle<Element>;
  const deepest = (await target.evaluateHandle(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) {
      element = element.shadowRoot.activeElement;
    }
    return element;
  })) as ElementHandle<HTMLElement>;
  const box = await host.boundingBox();
  assert.ok(box, `${what}: the focused element has no box on screen`);
  const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
  const margin = 4;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  const clip = { x, y, width: Math.min(viewport.width - x, box.width + 2 * margin), height: Math.min(viewport.height - y, box.height + 2 * margin) };
  try {
    const withFocus = await page.screenshot({ clip });
    await deepest.evaluate((element) => element.blur());
    await page.waitForTimeout(150);
    const withoutFocus = await page.screenshot({ clip });
    await deepest.evaluate((element) => element.focus());
    await page.waitForTimeout(150);
    if (withFocus.equals(withoutFocus)) {
      const shot = await workbench.screenshot(`failure-invisible-focus-${Date.now()}`);
      assert.fail(`${what}: focus is not visible (the focused element looks the same without focus). Screenshot: ${shot}`);
    }
  } finally {
    await host.dispose();
    await deepest.dispose();
  }
}

/**
 * Runs a command from the command palette by keys only: F1, the title, Enter on the matching row. The title is typed
 * only once the palette's input has the focus (keys typed while it is still opening go to what had the focus, a
 * terminal for instance); a palette that closed before the row showed (seen once in CI, after a refresh) is opened
 * once more.
 */
export async function runCommandByKeys(title: string): Promise<void> {
  const { page, workbench } = e2e();
  const exact = new RegExp(`^(.*: )?${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const focusedRow = page.locator('.quick-input-widget .monaco-list-row.focused .label-name');
  const row = page.locator('.quick-input-widget .monaco-list-row .label-name').filter({ hasText: exact }).first();
  const openAndType = async (): Promise<void> => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input:focus').first();
    await workbench.step('The command palette, focused', () => input.waitFor({ state: 'visible' }));
    await page.keyboard.type(title); // F1 opens the palette with ">" typed
  };
  await openAndType();
  if (!(await row.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false))) {
    if (await page.locator('.quick-input-widget input.input').first().isVisible()) {
      await page.keyboard.press('Escape');
    }
    await openAndType();
    await workbench.step(`"${title}" in the command palette`, () => row.waitFor({ state: 'visible', timeout: 10_000 }));
  }
  for (let press = 0; press < 10 && !exact.test((await focusedRow.first().textContent())?.trim() ?? ''); press++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.match((await focusedRow.first().textContent())?.trim() ?? '', exact, `the highlighted command is "${title}"`);
  await page.keyboard.press('Enter');
}
