// Terminal links in the real workbench: where a piece of text is on screen (the DOM renderer puts every row in the
// page), the hover VS Code shows over a link, and following the link the way a user does (Ctrl+click).
import { errors } from 'playwright-core';
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

/** The text of the hover VS Code shows over a terminal link (a `.workbench-hover-container`), when one is on screen. */
function shownLinkHover(): Promise<string | undefined> {
  return e2e().page.evaluate(() => {
    for (const element of Array.from(document.querySelectorAll('.workbench-hover-container, .monaco-hover, .workbench-hover'))) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden') {
        // VS Code writes the label's spaces as &nbsp; (MarkdownString.appendText).
        return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
      }
    }
    return undefined;
  });
}

/**
 * Moves the mouse onto a terminal link at `point` and returns the text of the hover VS Code shows, once it holds
 * `label`. The terminal is clicked first (at `focusAt`, text without a link). xterm.js asks the link providers when the
 * mouse enters a row and forgets the link under the mouse whenever those rows are drawn again, so the mouse comes from
 * another row, and tries again if a redraw took the link away before the hover delay.
 */
export async function hoverTerminalLink(point: ScreenPoint, label: string | RegExp, focusAt: ScreenPoint, rowHeight = 20): Promise<string> {
  const { page, workbench } = e2e();
  await page.mouse.click(focusAt.x, focusAt.y);
  const matches = (text: string | undefined): text is string => text !== undefined && (typeof label === 'string' ? text.includes(label) : label.test(text));
  let seen: string | undefined;
  return workbench.step(
    `A hover showing ${String(label)} over the terminal link`,
    async () => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        await page.mouse.move(point.x, point.y - 3 * rowHeight);
        await page.mouse.move(point.x, point.y, { steps: 5 });
        for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
          seen = await shownLinkHover();
          if (matches(seen)) {
            return seen;
          }
          await page.waitForTimeout(100);
        }
      }
      throw new errors.TimeoutError(`no hover showing ${String(label)}`);
    },
    () => Promise.resolve(`the hover on screen shows: ${seen ?? '(none)'}`),
  );
}

/** Follows the terminal link at `point` as a user does: Ctrl+click (VS Code's default with editor.multiCursorModifier "alt"). */
export async function followTerminalLink(point: ScreenPoint): Promise<void> {
  const { page } = e2e();
  await page.keyboard.down('Control');
  await page.mouse.click(point.x, point.y);
  await page.keyboard.up('Control');
}
