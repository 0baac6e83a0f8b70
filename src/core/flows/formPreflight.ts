// The activation form's preflight, host side: turns the form's (validated, still untrusted) question into validate
// calls for roles the store knows, and sends back one bounded, plain-text verdict per role. No token or raw API
// object ever goes to the form.
import * as l10n from '@vscode/l10n';
import { activationChoiceOf } from './batchActivation';
import { preflightRow } from './preflight';
import { PreflightScheduler } from './preflightScheduler';
import type { RowRef } from '../store/roleStore';
import type { Timers } from '../store/timers';
import type { ActivationRequestData, HostToForm, PreflightVerdict } from '../../shared/protocol';
import { boundedText } from '../../shared/formPayload';

export interface FormPreflightDeps {
  readonly findRow: (rowId: string) => RowRef | undefined;
  readonly post: (message: HostToForm) => void;
  readonly delayMs?: number;
  readonly timers?: Timers;
}

export class FormPreflight {
  private readonly scheduler: PreflightScheduler;

  constructor(private readonly deps: FormPreflightDeps) {
    this.scheduler = new PreflightScheduler({
      check: preflightRow,
      onVerdict: (sequence, ref, verdict) => this.send(sequence, ref.row.id, verdict),
      ...(deps.delayMs === undefined ? {} : { delayMs: deps.delayMs }),
      ...(deps.timers ? { timers: deps.timers } : {}),
    });
  }

  ask(sequence: number, request: ActivationRequestData): void {
    const refs: RowRef[] = [];
    for (const roleId of request.roleIds) {
      const ref = this.deps.findRow(roleId);
      if (ref?.row.eligible) {
        refs.push(ref);
      } else {
        this.send(sequence, roleId, { state: 'notChecked', message: l10n.t('Not checked in advance: this role is no longer available; refresh the list.') });
      }
    }
    this.scheduler.ask(sequence, refs, activationChoiceOf(request));
  }

  /** A submit is on its way (PIM checks the real request) or the form closed: no more answers for older questions. */
  stop(): void {
    this.scheduler.stop();
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  private send(sequence: number, roleId: string, verdict: PreflightVerdict): void {
    this.deps.post({ type: 'preflightVerdict', sequence, roleId, verdict: { ...verdict, message: boundedText(verdict.message) } });
  }
}
