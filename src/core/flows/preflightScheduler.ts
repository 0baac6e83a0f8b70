// When the form's preflight questions are asked: once the user pauses (a burst of changes, or a form that floods the
// host, makes one round of validate calls), the newest question only (an older round still running is aborted and its
// answers dropped), every selected role in parallel and never in the way of the policy reads or the submit.
import type { ActivationChoice } from './activation';
import type { RowRef } from '../store/roleStore';
import { SYSTEM_TIMERS, type Timers } from '../store/timers';
import type { PreflightVerdict } from '../../shared/protocol';

export interface PreflightSchedulerOptions {
  /** Asks about one role (preflight.ts's preflightRow in the product). */
  readonly check: (ref: RowRef, choice: ActivationChoice, signal: AbortSignal) => Promise<PreflightVerdict>;
  /** One role's answer, for the question with this sequence number. */
  readonly onVerdict: (sequence: number, ref: RowRef, verdict: PreflightVerdict) => void;
  /** Quiet time after the last question before it is asked. */
  readonly delayMs?: number;
  readonly timers?: Timers;
}

export const PREFLIGHT_DELAY_MS = 600;

export class PreflightScheduler {
  private timer: unknown;
  private running: AbortController | undefined;
  private disposed = false;

  constructor(private readonly options: PreflightSchedulerOptions) {}

  /** Asks about these roles once no newer question comes within the delay. */
  ask(sequence: number, refs: readonly RowRef[], choice: ActivationChoice): void {
    if (this.disposed) {
      return;
    }
    this.stop();
    const timers = this.options.timers ?? SYSTEM_TIMERS;
    this.timer = timers.setTimeout(() => {
      this.timer = undefined;
      this.run(sequence, refs, choice);
    }, this.options.delayMs ?? PREFLIGHT_DELAY_MS);
  }

  /** Drops the waiting question and aborts the round in flight (a submit, or the form closing). */
  stop(): void {
    if (this.timer !== undefined) {
      (this.options.timers ?? SYSTEM_TIMERS).clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.running?.abort();
    this.running = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private run(sequence: number, refs: readonly RowRef[], choice: ActivationChoice): void {
    const round = new AbortController();
    this.running = round;
    for (const ref of refs) {
      this.options.check(ref, choice, round.signal).then(
        (verdict) => {
          if (!round.signal.aborted) {
            this.options.onVerdict(sequence, ref, verdict);
          }
        },
        // Aborted (superseded): a newer round answers instead.
        () => undefined,
      );
    }
  }
}
