// Activates the roles the form submitted, all at once: every role reports its progress, and one failing never stops the
// others. An active role is never ended behind the user's back (PIM cannot extend an activation, and ending it loses the
// time left and any approval): only with `replaceActive`, which the form sets after the user confirmed exactly that, is
// it deactivated, and activated again once PIM no longer lists it. The form host only turns the progress into messages.
// Pure: no `vscode` import; tested against the emulator in plain mocha.
import * as l10n from '@vscode/l10n';
import { activateRow, deactivateRow, waitUntilEnded, type ActivationChoice, type ActivationResult } from './activation';
import { endedRow, rowKind } from '../model/roleRows';
import type { RowRef } from '../store/roleStore';
import type { ActivationOutcome, ActivationRequestData } from '../../shared/protocol';

export interface BatchOptions {
  readonly signal?: AbortSignal;
  /** Every step of every role, in the order it happens; the last one for a role is its outcome. */
  readonly onProgress?: (ref: RowRef, outcome: ActivationOutcome, message: string) => void;
  readonly log?: { info(message: string): void; error(message: string): void };
  /** The user confirmed ending the active roles of the batch now to activate them again (see askHowToReactivate). */
  readonly replaceActive?: boolean;
  /** How long to wait for PIM to drop an ended activation before the new request (tests shorten it). */
  readonly endedPoll?: { readonly pollIntervalsMs?: readonly number[]; readonly pollTimeoutMs?: number };
}

export interface BatchRoleResult {
  readonly ref: RowRef;
  /** The role is active, already was, waits for approval or is scheduled: what the user asked for happened. */
  readonly ok: boolean;
  /** Absent when ending the current activation failed, or when something unexpected was thrown. */
  readonly result?: ActivationResult;
}

export interface BatchResult {
  readonly roles: readonly BatchRoleResult[];
  readonly allSucceeded: boolean;
  /** PIM groups whose membership or ownership just became active (group access needs a fresh token). */
  readonly activatedGroups: readonly RowRef[];
}

const SUCCEEDED: ReadonlySet<ActivationOutcome> = new Set<ActivationOutcome>(['active', 'alreadyActive', 'pendingApproval', 'scheduled']);

/** What the form asked for, as a choice for activateRow. */
export function activationChoiceOf(request: ActivationRequestData): ActivationChoice {
  return {
    justification: request.justification,
    durationMinutes: request.durationMinutes,
    ...(request.ticketNumber ? { ticketNumber: request.ticketNumber } : {}),
    ...(request.ticketSystem ? { ticketSystem: request.ticketSystem } : {}),
    ...(request.startAt ? { startAt: new Date(request.startAt) } : {}),
  };
}

export async function activateBatch(refs: readonly RowRef[], choice: ActivationChoice, options: BatchOptions = {}): Promise<BatchResult> {
  const activatedGroups: RowRef[] = [];
  const roles = await Promise.all(
    refs.map(async (ref): Promise<BatchRoleResult> => {
      const progress = (outcome: ActivationOutcome, message: string): void => options.onProgress?.(ref, outcome, message);
      try {
        let current = ref;
        if (ref.row.state === 'active' || ref.row.state === 'deactivating') {
          if (!options.replaceActive) {
            progress('failed', l10n.t('Still active: PIM cannot extend an activation. Nothing was sent.'));
            return { ref, ok: false };
          }
          progress('sending', l10n.t('Ending the current activation first…'));
          const ended = await deactivateRow(ref, options.signal);
          if (!ended.ok) {
            progress('failed', ended.message);
            return { ref, ok: false };
          }
          progress('waiting', l10n.t('Waiting for PIM to end the current activation…'));
          const gone = await waitUntilEnded(ref, { ...(options.endedPoll ?? {}), ...(options.signal ? { signal: options.signal } : {}) });
          if (!gone.done) {
            progress('failed', l10n.t('PIM has not ended the current activation yet; activate it again once it has.'));
            return { ref, ok: false };
          }
          current = { ...ref, row: endedRow(ref.row) };
        }
        const result = await activateRow(current, choice, { ...(options.signal ? { signal: options.signal } : {}), onProgress: progress });
        progress(result.outcome, result.message);
        options.log?.info(
          `Activation of ${ref.row.roleName} on ${ref.row.scope.displayName}: ${result.outcome}${result.error ? ` (${result.error.code ?? result.error.kind})` : ''}`,
        );
        if (result.outcome === 'active' && rowKind(ref.row) === 'group') {
          activatedGroups.push(ref);
        }
        return { ref, ok: SUCCEEDED.has(result.outcome), result };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log?.error(`Activation of ${ref.row.roleName} failed: ${message}`);
        progress('failed', message);
        return { ref, ok: false };
      }
    }),
  );
  return { roles, allSucceeded: roles.every((role) => role.ok), activatedGroups };
}
