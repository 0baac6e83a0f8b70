// The preflight line under each selected role: the form asks the host whenever the request changes (the host waits
// for a pause, asks Azure, and answers per role) and shows the newest answers only. The verdict informs; sending is
// never held back by it.
import * as l10n from '@vscode/l10n';
import type { ActivationRequestData, PreflightVerdict } from '../src/shared/protocol';
import { element, setText, show } from './dom';
import type { HostChannel } from './vscodeApi';

export class PreflightLines {
  private sequence = 0;
  private askedFor: string | undefined;
  private selected: ReadonlySet<string> = new Set();
  private readonly verdicts = new Map<string, PreflightVerdict>();
  private readonly lines = new Map<string, HTMLElement>();
  /** Roles Azure asked a ticket for: kept for the form's life, so the ticket fields do not come and go per answer. */
  private readonly ticketAskedFor = new Set<string>();

  constructor(private readonly host: HostChannel) {}

  /** A new set of rows (init): earlier answers no longer apply. */
  reset(): void {
    this.askedFor = undefined;
    this.verdicts.clear();
    this.lines.clear();
    this.ticketAskedFor.clear();
  }

  /** Azure said this role's request needs a ticket (its policy may not have been readable). */
  needsTicket(roleId: string): boolean {
    return this.ticketAskedFor.has(roleId);
  }

  /** The line for a role's row (hidden until the role is selected and asked about). */
  lineFor(roleId: string): HTMLElement {
    const line = element('div', { class: 'preflight-line', hidden: true });
    this.lines.set(roleId, line);
    return line;
  }

  /** Asks about the request when it changed; `undefined` = the request cannot be asked about yet (e.g. no start time). */
  ask(request: ActivationRequestData | undefined): void {
    this.selected = new Set(request?.roleIds ?? []);
    const key = request && request.roleIds.length > 0 ? JSON.stringify(request) : undefined;
    if (key !== this.askedFor) {
      this.askedFor = key;
      this.sequence++;
      this.verdicts.clear();
      if (request && key !== undefined) {
        for (const roleId of request.roleIds) {
          this.verdicts.set(roleId, { state: 'checking', message: l10n.t('Asking Azure whether it would accept this request…') });
        }
        this.host.post({ type: 'preflight', sequence: this.sequence, request });
      }
    }
    for (const roleId of this.lines.keys()) {
      this.render(roleId);
    }
  }

  /** The host's answer for one role; answers to an older question are dropped. True when it newly asks for a ticket. */
  receive(sequence: number, roleId: string, verdict: PreflightVerdict): boolean {
    if (sequence !== this.sequence || !this.selected.has(roleId) || !this.lines.has(roleId)) {
      return false;
    }
    this.verdicts.set(roleId, verdict);
    this.render(roleId);
    if (verdict.needsTicket === true && !this.ticketAskedFor.has(roleId)) {
      this.ticketAskedFor.add(roleId);
      return true;
    }
    return false;
  }

  private render(roleId: string): void {
    const line = this.lines.get(roleId);
    if (!line) {
      return;
    }
    const verdict = this.selected.has(roleId) ? this.verdicts.get(roleId) : undefined;
    show(line, verdict !== undefined);
    setText(line, verdict?.message ?? '');
    line.dataset['state'] = verdict?.state ?? '';
  }
}
