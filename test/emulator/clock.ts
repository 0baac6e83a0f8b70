/** The emulator's notion of "now": real time shifted by advance(), or frozen when asked. */
export interface EmulatorClock {
  now(): Date;
  advance(ms: number): void;
}

export class AdjustableClock implements EmulatorClock {
  private startReal = Date.now();
  private offsetMs = 0;

  private startAt: number;

  /** `fixedStart` undefined = start at real now (and again at every reset). */
  constructor(
    private readonly fixedStart: number | undefined,
    private readonly frozen: boolean,
  ) {
    this.startAt = fixedStart ?? this.startReal;
  }

  now(): Date {
    const elapsed = this.frozen ? 0 : Date.now() - this.startReal;
    return new Date(this.startAt + elapsed + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`clock.advance needs a non-negative number of milliseconds, got ${ms}`);
    }
    this.offsetMs += ms;
  }

  reset(): void {
    this.startReal = Date.now();
    this.startAt = this.fixedStart ?? this.startReal;
    this.offsetMs = 0;
  }
}
