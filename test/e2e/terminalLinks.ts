// Terminal links in the real workbench: where a piece of text is on screen (the DOM renderer puts every row in the
// page), the hover VS Code shows over a link, and following the link the way a user does (Ctrl+click).
import type { Locator } from 'playwright-core';
import { e2e } from './context';

export interface ScreenPoint {
  readonly x: number;
  readonly y: number;
}

/** The centre of the last place `needle` appears in the terminal's rows (within one text node), or undefined. */
export async function terminalTextPoint(needle: string): Promise<ScreenPoint | undefined> {
  return e2e().page.evaluate((text) => {
    const rows = document.querySelector('.terminal-wrapper .xterm-rows');
    if (!rows) {
      return undefined;
    }
    const walker = document.createTreeWalker(rows, NodeFilter.SHOW_TEXT);
    let found: { x: number; y: number } | undefined;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const index = (node.textContent ?? '').lastIndexOf(text);
      if (index >= 0) {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + text.length);
        const rect = range.getBoundingClientRect();
        found = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
    }
    return found;
  }, needle);
}

/** Moves the mouse onto a terminal link at `point` and waits for VS Code's hover that shows `label`. */
export async function hoverTerminalLink(point: ScreenPoint, label: string | RegExp): Promise<Locator> {
  const { page, workbench } = e2e();
  await page.mouse.move(point.x - 20, point.y);
  await page.mouse.move(point.x, point.y, { steps: 5 });
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: label }).last();
  await workbench.step(`A hover showing ${String(label)} over the terminal link`, () => hover.waitFor({ state: 'visible', timeout: 15_000 }));
  return hover;
}

/** Follows the terminal link at `point` as a user does: Ctrl+click (VS Code's default with editor.multiCursorModifier "alt"). */
export async function followTerminalLink(point: ScreenPoint): Promise<void> {
  const { page } = e2e();
  await page.keyboard.down('Control');
  await page.mouse.click(point.x, point.y);
  await page.keyboard.up('Control');
}
