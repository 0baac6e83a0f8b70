// Frame-by-frame record of the side bar's tree (the Roles view) in the page's own clock, from a user's input event on:
// each animation frame, what the tree shows (its rows on screen, and the height of all its rows, on screen or not, which
// VS Code's virtual list sets from the whole tree model). Times are ms since the input event (the page's performance.now()),
// so playwright's round trips are not counted.
import type { Page } from 'playwright-core';

export interface FrameItem {
  readonly label: string;
  readonly description: string;
  readonly level: number;
  /** aria-setsize: how many siblings the row has in the tree model (rendered or not). */
  readonly setSize: number;
}

export interface Frame {
  /** ms since the input event. */
  readonly t: number;
  /** Height of all the tree's rows in px (22 px a row). */
  readonly height: number;
  readonly items: readonly FrameItem[];
}

interface Recorder {
  start: number | undefined;
  frames: Frame[];
  lastChange: number;
  stopped: boolean;
}

/**
 * Starts recording at the next input event of that kind (a `pointerdown` anywhere, or the Enter key): install it, then
 * do the input with playwright.
 */
export async function armRecorder(page: Page, trigger: 'pointerdown' | 'Enter'): Promise<void> {
  await page.evaluate((on) => {
    const holder = globalThis as unknown as { __pimTreeRecorder?: Recorder };
    if (holder.__pimTreeRecorder) {
      holder.__pimTreeRecorder.stopped = true;
    }
    const recorder: Recorder = { start: undefined, frames: [], lastChange: 0, stopped: false };
    holder.__pimTreeRecorder = recorder;
    const startOn = (event: Event): void => {
      if (recorder.start === undefined && (on === 'pointerdown' || (event as KeyboardEvent).key === 'Enter')) {
        recorder.start = event.timeStamp || performance.now();
        recorder.lastChange = performance.now();
      }
    };
    document.addEventListener(on === 'pointerdown' ? 'pointerdown' : 'keydown', startOn, { capture: true, once: false });
    let previous = '';
    let before: Omit<Frame, 't'> | undefined;
    const sample = (): void => {
      if (recorder.stopped) {
        return;
      }
      const tree = document.querySelector('.part.sidebar [role="tree"]');
      const rows = tree?.querySelector<HTMLElement>('.monaco-list-rows');
      const items = Array.from(tree?.querySelectorAll('[role="treeitem"]') ?? []).map((row) => ({
        label: (row.querySelector('.label-name') ?? row.querySelector('.monaco-highlighted-label'))?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        level: Number(row.getAttribute('aria-level') ?? '0'),
        setSize: Number(row.getAttribute('aria-setsize') ?? '0'),
      }));
      const frame = { height: Number.parseFloat(rows?.style.height ?? '0') || 0, items };
      const text = JSON.stringify(frame);
      if (recorder.start === undefined) {
        before = frame;
        previous = text;
      } else {
        if (recorder.frames.length === 0 && before) {
          // What was shown when the input came: the first change is measured against it.
          recorder.frames.push({ t: 0, ...before });
        }
        if (text !== previous) {
          previous = text;
          const now = performance.now();
          recorder.frames.push({ t: now - recorder.start, ...frame });
          recorder.lastChange = now;
        }
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }, trigger);
}

/** Waits until the tree has not changed for `quietMs` (after the input event), stops recording and returns the frames. */
export async function settled(page: Page, timeoutMs: number, quietMs = 2000): Promise<Frame[]> {
  await page.waitForFunction(
    (quiet) => {
      const recorder = (globalThis as unknown as { __pimTreeRecorder?: Recorder }).__pimTreeRecorder;
      return recorder?.start !== undefined && performance.now() - recorder.lastChange > quiet;
    },
    quietMs,
    { timeout: timeoutMs, polling: 100 },
  );
  return page.evaluate(() => {
    const recorder = (globalThis as unknown as { __pimTreeRecorder?: Recorder }).__pimTreeRecorder;
    if (!recorder) {
      return [];
    }
    recorder.stopped = true;
    return recorder.frames;
  });
}

/** When the tree first showed what `shows` looks for (ms after the input), NaN if it never did. */
export function firstFrame(frames: readonly Frame[], shows: (frame: Frame) => boolean): number {
  return frames.find(shows)?.t ?? Number.NaN;
}

/** When the tree last grew or shrank: every row it ends with is in the model and drawn (0 when it never changed size). */
export function lastHeightChange(frames: readonly Frame[]): number {
  let last = 0;
  for (let i = 1; i < frames.length; i++) {
    if (frames[i]?.height !== frames[i - 1]?.height) {
      last = frames[i]?.t ?? last;
    }
  }
  return last;
}

/** From when on every frame satisfied `holds` (ms after the input): the last frame that did not, then the next; NaN if the last frame does not. */
export function holdsFrom(frames: readonly Frame[], holds: (frame: Frame) => boolean): number {
  let from = Number.NaN;
  for (const frame of frames) {
    if (!holds(frame)) {
      from = Number.NaN;
    } else if (Number.isNaN(from)) {
      from = frame.t;
    }
  }
  return from;
}
