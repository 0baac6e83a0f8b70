// Helpers that drive the real VS Code workbench (code-server) in Chromium through playwright-core.
// They prefer roles and aria labels over CSS, wait generously, and on a timeout fail with a message
// that says what was expected plus a screenshot of what was there instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, errors, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { chromiumPath, screenshotsDir } from './paths';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const DEFAULT_TIMEOUT_MS = 30_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface TreeItem {
  label: string;
  description: string;
  /** The row's full accessible label (label, description and whatever the extension put in the tooltip/aria). */
  ariaLabel: string;
  level: number;
  expanded: boolean | undefined;
}

export interface QuickPickItem {
  label: string;
  description: string;
  detail: string;
  /** Multi-select quick picks only. */
  checked: boolean | undefined;
}

export interface StatusBarItem {
  text: string;
  ariaLabel: string;
}

export interface Notification {
  message: string;
  source: string;
  buttons: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function slug(text: string): string {
  return text.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'step';
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench page and waits until it is usable. */
  static async open(browser: Browser, workbenchUrl: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    // tsx/esbuild wrap named functions in `__name(...)`; functions passed to page.evaluate run in the page,
    // where that helper does not exist. Define it there so helpers written in specs just work.
    await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    const workbench = new Workbench(page);
    await page.goto(workbenchUrl);
    await workbench.waitForWorkbench();
    return workbench;
  }

  /** Saves `test-results/screenshots/<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(screenshotsDir, name.endsWith('.png') ? name : `${name}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Runs `action`; if it times out, throws "<what> did not happen within N s" with a screenshot and a hint
   * instead of Playwright's selector dump.
   */
  async step<T>(what: string, action: () => Promise<T>, hint?: string | (() => Promise<string>)): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof errors.TimeoutError)) {
        throw error;
      }
      let shot = '(screenshot failed)';
      try {
        shot = await this.screenshot(`failure-${slug(what)}-${Date.now()}`);
      } catch {
        // the page may be gone; the message still helps
      }
      const hintText = typeof hint === 'function' ? await hint().catch(() => '') : (hint ?? '');
      throw new Error(`${what} did not happen in time. Screenshot: ${shot}${hintText ? `\nHint: ${hintText}` : ''}\n(${error.message.split('\n')[0]})`);
    }
  }

  async waitForWorkbench(timeoutMs = 90_000): Promise<void> {
    await this.step(
      'The VS Code workbench loading',
      async () => {
        await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
        await this.activityBar().getByRole('tab').first().waitFor({ state: 'visible', timeout: timeoutMs });
        await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
      },
      'is code-server running (see test-results/code-server.log)? Did the page URL include ?folder=?',
    );
  }

  activityBar(): Locator {
    return this.page.locator('.part.activitybar');
  }

  /** Titles of the view containers in the activity bar (Explorer, Search, ..., Azure PIM). */
  async viewContainerTitles(): Promise<string[]> {
    const labels = await this.activityBar().locator('[role="tab"] a.action-label').evaluateAll((links) => links.map((link) => link.getAttribute('aria-label') ?? ''));
    return labels.map((label) => label.replace(/\s*\(.*\)$/, '')).filter(Boolean);
  }

  private activityBarTab(title: string): Locator {
    // The label sits on the inner link (with the keybinding in parentheses, e.g. "Explorer (Ctrl+Shift+E)").
    return this.activityBar().locator('[role="tab"]').filter({ has: this.page.locator(`a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`) });
  }

  /** Opens a view container (e.g. "Azure PIM") from the activity bar; no-op if it is already showing. */
  async openViewContainer(title: string): Promise<void> {
    const tab = this.activityBarTab(title);
    await this.step(
      `The activity bar showing "${title}"`,
      () => tab.first().waitFor({ state: 'visible' }),
      async () => `the activity bar has: ${(await this.viewContainerTitles()).join(', ')}. Is the extension installed and its viewsContainers contribution right?`,
    );
    if ((await tab.first().getAttribute('aria-selected')) !== 'true') {
      await tab.first().click();
    }
    await this.step(`The side bar opening "${title}"`, () =>
      this.page.locator('.part.sidebar .composite.title').filter({ hasText: new RegExp(escapeRegExp(title), 'i') }).first().waitFor({ state: 'visible' }),
    );
  }

  /**
   * The pane of a view in the side bar by its title ("Roles"). When a container holds a single view VS Code
   * hides the pane header and shows "CONTAINER: VIEW" as the side bar title; both cases are handled.
   */
  view(viewTitle: string): Locator {
    const sidebar = this.page.locator('.part.sidebar');
    const titleMatch = new RegExp(`(^|: )${escapeRegExp(viewTitle)}$`, 'i');
    const paneWithHeader = sidebar.locator('.pane').filter({ has: this.page.locator('.pane-header .title', { hasText: titleMatch }) });
    const singleViewPane = sidebar
      .filter({ has: this.page.locator('.composite.title .title-label', { hasText: titleMatch }) })
      .locator('.pane');
    return paneWithHeader.or(singleViewPane).first();
  }

  /** Visible rows of a tree view (only what is rendered: the tree virtualizes long lists). */
  async treeItems(viewTitle: string, options: { timeoutMs?: number; minimum?: number } = {}): Promise<TreeItem[]> {
    const rows = this.view(viewTitle).locator('[role="treeitem"]');
    const minimum = options.minimum ?? 1;
    if (minimum > 0) {
      await this.step(`The "${viewTitle}" view showing at least ${minimum} item(s)`, () => rows.nth(minimum - 1).waitFor({ state: 'visible', timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }));
    }
    return rows.evaluateAll((elements) =>
      elements.map((row) => {
        const expanded = row.getAttribute('aria-expanded');
        return {
          label: (row.querySelector('.label-name') ?? row.querySelector('.monaco-highlighted-label'))?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
          ariaLabel: row.getAttribute('aria-label') ?? '',
          level: Number(row.getAttribute('aria-level') ?? '1'),
          expanded: expanded === null ? undefined : expanded === 'true',
        };
      }),
    );
  }

  /** A tree row by its label, for clicking, hovering or its inline actions. */
  treeItem(viewTitle: string, label: string | RegExp): Locator {
    const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
    return this.view(viewTitle)
      .locator('[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name, .monaco-highlighted-label', { hasText: pattern }) })
      .first();
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Rows of the open quick input: `option` rows for single pick, `checkbox` rows for multi-select. */
  private quickInputRows(): Locator {
    return this.quickInput().locator('.quick-input-list .monaco-list-row');
  }

  /**
   * The first row whose label matches, found again whenever it is used: the list can re-render or re-order
   * between finding a row and clicking it (items load in the background), so a row index could click another.
   */
  private quickInputRowLabelled(pattern: RegExp): Locator {
    return this.quickInputRows()
      .filter({ has: this.page.locator('.label-name', { hasText: pattern }) })
      .first();
  }

  /** Index of the first visible quick input row whose label matches, or -1. */
  private async quickInputRowIndex(pattern: RegExp): Promise<number> {
    const items = await this.readQuickPickItems();
    return items.findIndex((item) => pattern.test(item.label));
  }

  private readQuickPickItems(): Promise<QuickPickItem[]> {
    return this.quickInputRows().evaluateAll((rows) =>
      rows.map((row) => {
        // A row has the label and description on its first line and the detail on the second.
        const lines = row.querySelectorAll('.quick-input-list-row');
        const checked = row.getAttribute('aria-checked');
        return {
          label: lines[0]?.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: lines[0]?.querySelector('.label-description')?.textContent?.trim() ?? '',
          detail: lines[1]?.textContent?.trim() ?? '',
          checked: checked === null ? undefined : checked === 'true',
        };
      }),
    );
  }

  /** Opens the command palette (F1), types `title` and runs the command whose label is `title` (or "Category: title"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape'); // close whatever quick input or menu is open
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input.input').first();
    await this.step('The command palette opening', () => input.waitFor({ state: 'visible' }));
    await input.fill(`>${title}`);
    const exact = new RegExp(`^(.*: )?${escapeRegExp(title)}$`);
    const deadline = Date.now() + 10_000;
    let index = -1;
    while ((index = await this.quickInputRowIndex(exact)) < 0 && Date.now() < deadline) {
      await this.page.waitForTimeout(100);
    }
    if (index < 0) {
      const offered = (await this.readQuickPickItems()).map((item) => item.label);
      const shot = await this.screenshot(`failure-command-${slug(title)}-${Date.now()}`);
      await this.page.keyboard.press('Escape');
      throw new Error(
        `The command palette has no command "${title}". It offered: ${offered.join(' | ') || '(nothing)'}. Screenshot: ${shot}\n` +
          'Hint: is the command contributed in package.json (with this title) and its `when` clause true?',
      );
    }
    await this.quickInputRowLabelled(exact).click();
  }

  /** The open quick pick's rows (after a command opened one); waits for at least one. */
  async quickPickItems(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<QuickPickItem[]> {
    await this.step('A quick pick opening', () => this.quickInputRows().first().waitFor({ state: 'visible', timeout: timeoutMs }));
    return this.readQuickPickItems();
  }

  /** The open quick pick's title or input placeholder, to know which one is showing. */
  async quickPickTitle(): Promise<string> {
    const title = (await this.quickInput().locator('.quick-input-title').textContent())?.trim();
    return title || ((await this.quickInput().locator('input.input').first().getAttribute('placeholder')) ?? '');
  }

  /** Waits for the quick pick titled `title` (a command's pick replaces the command palette a moment later) and reads its rows. */
  async quickPickTitled(title: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<QuickPickItem[]> {
    await this.step(
      `A quick pick titled ${String(title)}`,
      async () => {
        const deadline = Date.now() + timeoutMs;
        while (!title.test(await this.quickPickTitle().catch(() => ''))) {
          if (Date.now() > deadline) {
            throw new errors.TimeoutError(`no quick pick titled ${String(title)}`);
          }
          await this.page.waitForTimeout(100);
        }
      },
      async () => `the quick input shows "${await this.quickPickTitle().catch(() => '')}"`,
    );
    return this.quickPickItems();
  }

  private async quickPickRow(label: string | RegExp): Promise<Locator> {
    const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
    await this.quickPickItems();
    const deadline = Date.now() + 10_000;
    let index = -1;
    while ((index = await this.quickInputRowIndex(pattern)) < 0 && Date.now() < deadline) {
      await this.page.waitForTimeout(100);
    }
    if (index < 0) {
      const shot = await this.screenshot(`failure-quick-pick-${slug(String(label))}-${Date.now()}`);
      const offered = (await this.readQuickPickItems()).map((item) => item.label);
      throw new Error(`The quick pick offers no ${String(label)}; it offers: ${offered.join(' | ') || '(nothing)'}. Screenshot: ${shot}`);
    }
    return this.quickInputRowLabelled(pattern);
  }

  /** Single-select quick pick: picks the row whose label matches. */
  async pickQuickPickItem(label: string | RegExp): Promise<void> {
    await (await this.quickPickRow(label)).click();
  }

  /**
   * Multi-select quick pick: checks the rows whose labels match, then presses OK. A click can land while the list is
   * still re-rendering and be lost (seen once in CI): each row is read again until it shows checked, clicking again
   * if not, before OK is pressed.
   */
  async checkQuickPickItems(labels: readonly (string | RegExp)[]): Promise<void> {
    for (const label of labels) {
      for (let attempt = 0; ; attempt++) {
        const row = await this.quickPickRow(label);
        if ((await row.getAttribute('aria-checked')) === 'true') {
          break;
        }
        if (attempt >= 3) {
          throw new Error(`The quick pick row ${String(label)} did not stay checked. Screenshot: ${await this.screenshot(`failure-check-${slug(String(label))}-${Date.now()}`)}`);
        }
        await row.locator('.monaco-checkbox').click();
        await this.page.waitForTimeout(150);
      }
    }
    await this.quickInput().getByRole('button', { name: 'OK' }).click();
  }

  /**
   * Types into the open input box and presses Enter. With `title`, first waits for the box with that title: in a
   * series of boxes the previous one can still be showing for a moment, and typing into it loses the answer.
   */
  async answerInputBox(text: string, title?: RegExp): Promise<void> {
    const input = this.quickInput().locator('input.input').first();
    await this.step('An input box opening', () => input.waitFor({ state: 'visible' }));
    if (title) {
      const deadline = Date.now() + 10_000;
      while (!title.test(await this.quickPickTitle()) && Date.now() < deadline) {
        await this.page.waitForTimeout(100);
      }
      const shown = await this.quickPickTitle();
      if (!title.test(shown)) {
        throw new Error(`Expected an input box titled ${String(title)}; the quick input shows "${shown}". Screenshot: ${await this.screenshot(`failure-input-box-${Date.now()}`)}`);
      }
    }
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * The text of the terminal panel's rows (the DOM renderer, which quietTestSettings chooses, puts them in the page):
   * as it is, or read until it matches `until`.
   */
  async terminalText(until?: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const rows = this.page.locator('.terminal-wrapper .xterm-rows');
    if (!until) {
      return (await rows.allInnerTexts()).join('\n');
    }
    let text = '';
    await this.step(
      `Terminal text matching ${String(until)}`,
      async () => {
        const deadline = Date.now() + timeoutMs;
        while (!until.test(text)) {
          if (Date.now() > deadline) {
            throw new errors.TimeoutError(`the terminal did not show ${String(until)}`);
          }
          await this.page.waitForTimeout(250);
          text = (await rows.allInnerTexts()).join('\n');
        }
      },
      () => Promise.resolve(`the terminal shows: ${text.slice(-600)}`),
    );
    return text;
  }

  /** Hovers `target` and returns the hover that appears with `hasText` in it. */
  async hover(target: Locator, hasText: string | RegExp): Promise<Locator> {
    await this.page.mouse.move(0, 0);
    await target.hover();
    const hover = this.page.locator('.monaco-hover, .workbench-hover').filter({ hasText }).last();
    await this.step(`A hover showing ${String(hasText)}`, () => hover.waitFor({ state: 'visible', timeout: 15_000 }));
    return hover;
  }

  /** Names of the output channels (via "Output: Show Output Channels..."), e.g. to check "Azure PIM" exists. */
  async outputChannelNames(): Promise<string[]> {
    await this.runCommand('Show Output Channels...');
    const names = (await this.quickPickItems()).map((item) => item.label);
    await this.page.keyboard.press('Escape');
    return names;
  }

  /** Status bar entries, left to right. */
  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.locator('.part.statusbar .statusbar-item').evaluateAll((items) =>
      items
        .map((item) => ({ text: (item as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), ariaLabel: item.querySelector('[aria-label]')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '' }))
        .filter((item) => item.text || item.ariaLabel),
    );
  }

  /** A status bar entry whose text matches, e.g. /Contributor · \d+:\d\d/. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item').filter({ hasText: text }).first();
  }

  /**
   * Right-clicks `target` and runs the context-menu entry labelled `label`. The entry is hovered and chosen with
   * Enter, then the menu must close: a plain click can be lost while the menu is still settling (seen in CI:
   * the menu stayed open with the entry highlighted), so an entry still showing is chosen once more.
   */
  async runContextMenuAction(target: Locator, label: string): Promise<void> {
    await target.click({ button: 'right' });
    const menu = this.page.locator('.monaco-menu');
    const entry = menu.locator('.action-label').filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) }).first();
    await this.step(`The "${label}" entry in the context menu`, () => entry.waitFor({ state: 'visible' }));
    for (let attempt = 0; attempt < 2 && (await entry.isVisible()); attempt++) {
      await entry.hover();
      await this.page.keyboard.press('Enter');
      if (await menu.first().waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) {
        return;
      }
    }
    await this.step(`The context menu closing after "${label}"`, () => menu.first().waitFor({ state: 'hidden' }));
  }

  /** Visible notification toasts. */
  async notifications(): Promise<Notification[]> {
    return this.page.locator('.notifications-toasts .notification-list-item').evaluateAll((items) =>
      items.map((item) => ({
        message: item.querySelector('.notification-list-item-message')?.textContent?.trim() ?? '',
        source: item.querySelector('.notification-list-item-source')?.textContent?.trim() ?? '',
        buttons: [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((button) => button.textContent?.trim() ?? ''),
      })),
    );
  }

  /** Waits for a notification toast whose message matches and returns it (for its buttons). */
  async waitForNotification(message: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: message }).first();
    await this.step(
      `A notification matching ${String(message)}`,
      () => toast.waitFor({ state: 'visible', timeout: timeoutMs }),
      async () => `showing: ${(await this.notifications()).map((shown) => shown.message).join(' | ') || '(none)'}`,
    );
    return toast;
  }

  /** Dismisses every notification toast (between tests). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Clear All Notifications');
  }

  /**
   * Back to a plain workbench between spec files, whatever the last one left behind: modal dialogs cancelled
   * (they make everything else inert), quick inputs and menus closed, editors (the form) closed.
   */
  async tidyUp(): Promise<void> {
    for (let i = 0; i < 3 && (await this.dialog().first().isVisible()); i++) {
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(200);
    }
    await this.runCommand('Close All Editors');
    await this.page.keyboard.press('Escape');
  }

  /** The modal dialog (e.g. confirmations), if one is open. */
  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /**
   * Waits for a modal dialog whose text matches, reads its text, and presses the button whose label matches.
   * Returns the dialog's text (message and detail) as shown.
   */
  async answerDialog(message: RegExp, button: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const dialog = this.dialog().filter({ hasText: message }).first();
    await this.step(`A dialog matching ${String(message)}`, () => dialog.waitFor({ state: 'visible', timeout: timeoutMs }), async () =>
      `dialogs showing: ${(await this.dialog().allInnerTexts()).join(' | ') || '(none)'}`,
    );
    const text = await dialog.innerText();
    await dialog.getByRole('button', { name: button }).first().click();
    await this.step(`The dialog matching ${String(message)} closing`, () => dialog.waitFor({ state: 'hidden' }));
    return text;
  }

  /**
   * Answers VS Code's start-up question "Do you trust the authors of the files in this folder?" (workspace trust on):
   * trust, or open in Restricted Mode.
   */
  async answerWorkspaceTrust(trust: boolean): Promise<void> {
    await this.answerDialog(/Do you trust the authors of the files in this folder/, trust ? /^Yes, I trust the authors/ : /^No, I don't trust the authors/, 60_000);
  }

  /**
   * Answers VS Code's "The extension 'Azure PIM' wants to sign in using Microsoft (test)." with Allow,
   * whether it comes as a modal dialog or a notification. Returns false if it did not appear within the timeout.
   */
  allowAuthenticationDialog(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<boolean> {
    const request = /wants to sign in using/i;
    const inDialog = this.dialog().filter({ hasText: request });
    const inToast = this.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: request });
    return this.answer(inDialog.or(inToast).first(), /^Allow$/, timeoutMs);
  }

  /**
   * Answers the modal dialog whose text matches `message` with the button whose label matches `button`, if it
   * appears. Returns false if no such dialog appeared within the timeout (see answerDialog for one that must appear).
   */
  answerDialogIfShown(message: string | RegExp, button: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<boolean> {
    return this.answer(this.dialog().filter({ hasText: message }).first(), button, timeoutMs);
  }

  private async answer(prompt: Locator, button: RegExp, timeoutMs: number): Promise<boolean> {
    try {
      await prompt.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (error) {
      if (error instanceof errors.TimeoutError) {
        return false;
      }
      throw error;
    }
    await prompt.getByRole('button', { name: button }).first().click();
    await prompt.waitFor({ state: 'hidden' });
    return true;
  }

  /** An editor tab by its title. */
  editorTab(title: string): Locator {
    return this.page.locator('.part.editor [role="tab"]').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first();
  }

  /**
   * The content of the webview panel titled `title`: code-server nests the extension's HTML in
   * `iframe.webview` > `iframe#active-frame`. Brings the panel's tab to front first.
   */
  async webview(title: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<FrameLocator> {
    const tab = this.editorTab(title);
    await this.step(`A webview panel titled "${title}"`, () => tab.waitFor({ state: 'visible', timeout: timeoutMs }));
    if ((await tab.getAttribute('aria-selected')) !== 'true') {
      await tab.click();
    }
    // Webview iframes live outside the editor part, positioned over it; the panel's one is the visible iframe
    // overlapping the active editor group.
    const name = await this.step(`The "${title}" webview becoming visible`, async () => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await this.page.evaluate(() => {
          const group = document.querySelector('.part.editor .editor-group-container.active')?.getBoundingClientRect();
          if (!group) {
            return undefined;
          }
          for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe.webview.ready')) {
            const box = frame.getBoundingClientRect();
            const style = getComputedStyle(frame.parentElement ?? frame);
            const visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
            const centerX = box.left + box.width / 2;
            const centerY = box.top + box.height / 2;
            if (visible && centerX >= group.left && centerX <= group.right && centerY >= group.top && centerY <= group.bottom) {
              return frame.name;
            }
          }
          return undefined;
        });
        if (found) {
          return found;
        }
        if (Date.now() > deadline) {
          throw new errors.TimeoutError(`no visible webview iframe over the editor within ${timeoutMs} ms`);
        }
        await this.page.waitForTimeout(200);
      }
    });
    const content = this.page.frameLocator(`iframe.webview[name="${name}"]`).frameLocator('#active-frame');
    await this.step(
      `The "${title}" webview rendering`,
      () => content.locator('body').waitFor({ state: 'attached', timeout: timeoutMs }),
      async () => `did the extension set the panel's HTML? Notifications: ${(await this.notifications()).map((shown) => shown.message).join(' | ') || '(none)'}`,
    );
    return content;
  }
}
