// ISO 8601 durations as PIM uses them (PT8H, PT30M, P1D, P90D).
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds in an ISO 8601 duration, or undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || /T$/i.test(text.trim())) {
    return undefined;
  }
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((part) => (part ? Number(part) : 0));
  return ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

export const MINUTE_MS = 60_000;
