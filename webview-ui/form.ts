// The activation form: renders what the host sends, keeps what the user types, validates before
// sending. All state lives in this class; the DOM is built once (formControls.ts) and updated in place so focus
// and typed text are never lost.
import * as l10n from '@vscode/l10n';
import {
  durationChoices,
  formatMinutes,
  justificationVerdictMessage,
  smallestMaximum,
  validateActivation,
} from '../src/shared/activationValidation';
import {
  PROTOCOL_LIMITS as LIMITS,
  type ActivationOutcome,
  type ActivationRequestData,
  type FormDefaults,
  type FormPolicy,
  type FormRole,
  type HostToForm,
  type JustificationVerdict,
  type PolicyState,
  type ValidationField,
  type ValidationIssue,
} from '../src/shared/protocol';
import { formatDateTime } from '../src/shared/locale';
import { parseHostToForm } from '../src/shared/protocolValidation';
import { element, fillTemplate, setText, show } from './dom';
import { buildControls, type Checkbox, type Controls } from './formControls';
import { describeField } from './fieldDescription';
import { localDateTimeToIso, parseDraft, sameIds, toLocalDateTime, type FormDraft, type StartMode } from './draft';
import { outcomeIcon, outcomeSucceeded, outcomeTone, policyLine, roleLabel, summaryLine } from './formText';
import type { HostChannel } from './vscodeApi';
import { PreflightLines } from './preflight';

/** Until a policy says otherwise, offer what PIM itself allows. */
const FALLBACK_MAXIMUM_MINUTES = LIMITS.maxDurationMinutes;
/** The host checks the organisation pattern once typing pauses this long. */
const PATTERN_CHECK_DELAY_MS = 250;

interface RoleRow {
  readonly role: FormRole;
  readonly checkbox: Checkbox;
  readonly policyText: HTMLElement;
  readonly progress: HTMLElement;
  readonly progressIcon: HTMLElement;
  readonly progressText: HTMLElement;
}

interface Progress {
  readonly outcome: ActivationOutcome;
  readonly message: string;
}

export class ActivationForm {
  private roles: FormRole[] = [];
  private defaults: FormDefaults | undefined;
  private readonly rows = new Map<string, RoleRow>();
  private readonly policies = new Map<string, PolicyState>();
  private readonly progress = new Map<string, Progress>();
  private selected = new Set<string>();
  /** The host's pre-selection in the last init (kept in the draft, see init). */
  private requestedRoleIds: readonly string[] = [];
  /** What the user picked (or the default); the shown value is this clamped to the allowed choices. */
  private preferredDuration: number = LIMITS.minDurationMinutes;
  private durationChoicesShown = '';
  /** The status region shows the "Not sent" summary of validation issues (cleared once fixed). */
  private statusShowsIssues = false;
  private sending = false;
  /** After a first submit attempt, issues are re-checked on every change so fixed ones disappear. */
  private attempted = false;
  private draft: FormDraft | undefined;
  /** The host's last verdict on the organisation pattern, for the (trimmed) text it judged. */
  private verdict: { readonly justification: string; readonly verdict: JustificationVerdict } | undefined;
  /** The text last sent to the host for a verdict (so the same text is not asked twice). */
  private askedJustification: string | undefined;
  private patternCheckTimer: number | undefined;
  private readonly controls: Controls;
  private readonly preflight: PreflightLines;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
  ) {
    this.draft = parseDraft(host.loadState());
    this.controls = buildControls(root);
    this.preflight = new PreflightLines(host);
    this.listen(this.controls);
  }

  /** Listens for host messages and tells the host the form is ready for `init`. */
  start(): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseHostToForm(event.data);
      if (message) {
        this.handle(message);
      }
    });
    this.host.post({ type: 'ready' });
  }

  handle(message: HostToForm): void {
    switch (message.type) {
      case 'init':
        this.init(message.roles, message.defaults);
        break;
      case 'policy':
        if (this.rows.has(message.roleId)) {
          this.policies.set(message.roleId, message.policy);
          this.renderRow(message.roleId);
          this.refresh();
        }
        break;
      case 'progress':
        if (this.rows.has(message.roleId)) {
          this.progress.set(message.roleId, { outcome: message.outcome, message: message.message });
          this.renderRow(message.roleId);
          const row = this.rows.get(message.roleId);
          if (row) {
            this.announce(l10n.t('{0}: {1}', roleLabel(row.role), message.message));
          }
        }
        break;
      case 'finished':
        this.finish(message.allSucceeded);
        break;
      case 'issues':
        this.sending = false;
        this.attempted = true;
        this.showIssues(message.issues, true);
        this.refresh();
        break;
      case 'justificationVerdict':
        this.verdict = { justification: message.justification, verdict: message.verdict };
        this.refresh();
        break;
      case 'preflightVerdict':
        if (this.preflight.receive(message.sequence, message.roleId, message.verdict)) {
          this.refresh();
        }
        break;
    }
  }

  // ---- building -------------------------------------------------------------------------------

  private listen(c: Controls): void {
    const changed = (): void => this.refresh();
    c.roles.addEventListener('change', (event) => {
      const checkbox = event.target as Partial<Checkbox> & Element;
      const roleId = checkbox.getAttribute('data-role-id');
      if (roleId !== null && this.rows.has(roleId)) {
        if (checkbox.checked === true) {
          this.selected.add(roleId);
        } else {
          this.selected.delete(roleId);
        }
        this.refresh();
      }
    });
    c.duration.addEventListener('change', () => {
      const minutes = Number(c.duration.value);
      if (Number.isInteger(minutes) && minutes > 0) {
        this.preferredDuration = minutes;
      }
      this.refresh();
    });
    c.recent.addEventListener('change', () => {
      if (c.recent.value !== '') {
        c.justification.value = c.recent.value;
        this.schedulePatternCheck();
        this.refresh();
      }
    });
    c.justification.addEventListener('input', () => this.schedulePatternCheck());
    for (const field of [c.justification, c.ticketNumber, c.ticketSystem, c.startAt]) {
      field.addEventListener('input', changed);
      field.addEventListener('change', changed);
    }
    for (const radio of [c.startNow, c.startLater]) {
      radio.addEventListener('change', () => {
        if (c.startLater.checked && c.startAt.value === '') {
          c.startAt.value = toLocalDateTime(nextFullHour(new Date()));
        }
        this.refresh();
      });
    }
    c.activate.addEventListener('click', () => this.submit());
    c.cancel.addEventListener('click', () => this.host.post({ type: 'close' }));
    document.addEventListener('keydown', (event) => {
      // Enter alone never submits (it types a newline or opens a dropdown); Ctrl/Cmd+Enter does.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.submit();
      }
    });
  }

  // ---- host messages ---------------------------------------------------------------------------

  private init(roles: readonly FormRole[], defaults: FormDefaults): void {
    const c = this.controls;
    this.roles = [...roles];
    this.defaults = defaults;
    this.sending = false;
    this.attempted = false;
    // The pattern may have changed with the settings: earlier verdicts no longer count.
    this.verdict = undefined;
    this.askedJustification = undefined;
    this.progress.clear();
    for (const id of [...this.policies.keys()]) {
      if (!roles.some((role) => role.id === id)) {
        this.policies.delete(id);
      }
    }

    const offered = roles.map((role) => role.id);
    const requested = roles.filter((role) => role.selected).map((role) => role.id);
    this.requestedRoleIds = requested;
    const draft = this.draft;
    // The same offer and pre-selection as when the draft was saved means the panel was restored
    // (hidden, then shown): keep the user's ticks. Otherwise the user asked for other roles.
    const restoring =
      draft !== undefined && sameIds(draft.offeredRoleIds, offered) && sameIds(draft.requestedRoleIds, requested);
    this.selected = new Set(restoring ? draft.selectedRoleIds.filter((id) => offered.includes(id)) : requested);
    this.preferredDuration = draft?.durationMinutes ?? defaults.durationMinutes;
    c.justification.value = draft?.justification ?? defaults.justification;
    c.ticketNumber.value = draft?.ticketNumber ?? '';
    c.ticketSystem.value = draft?.ticketSystem || defaults.ticketSystem;
    const later = draft?.startMode === 'later';
    c.startNow.checked = !later;
    c.startLater.checked = later;
    c.startAt.value = draft?.startAtLocal ?? '';

    this.renderRecent(defaults.recentJustifications);
    const hint = defaults.justificationPattern === '' ? '' : defaults.justificationPatternHint || l10n.t('Format: {0}', defaults.justificationPattern);
    setText(c.patternHint, hint);
    show(c.patternHint, hint !== '');

    c.roles.replaceChildren();
    this.rows.clear();
    this.preflight.reset();
    for (const role of roles) {
      this.rows.set(role.id, this.buildRow(role));
    }
    if (roles.length === 0) {
      c.roles.append(element('p', { class: 'empty' }, l10n.t('No eligible roles to activate.')));
    }
    for (const id of this.rows.keys()) {
      this.renderRow(id);
    }

    c.loading?.remove();
    show(c.content, true);
    this.root.setAttribute('aria-busy', 'false');
    this.announce('');
    this.askForVerdict();
    this.refresh();
    if (!restoring) {
      this.focusFirstField();
    }
  }

  /** Where a keyboard user starts: the justification when roles are chosen, else the first role. */
  private focusFirstField(): void {
    const target = this.selected.size > 0 ? this.controls.justification : [...this.rows.values()][0]?.checkbox;
    void target?.updateComplete.then(() => target.focus());
  }

  private buildRow(role: FormRole): RoleRow {
    const checkbox = element(
      'vscode-checkbox',
      { 'data-role-id': role.id, class: 'role-checkbox' },
      ...fillTemplate(
        l10n.t('{0} on {1} ({2})'),
        element('span', { class: 'role-name' }, role.roleName),
        element('span', { class: 'role-scope' }, role.scopeDisplayName),
        element('span', { class: 'role-scope-type' }, role.scopeTypeLabel),
      ),
    );
    checkbox.checked = this.selected.has(role.id);
    const policyText = element('div', { class: 'policy-line' });
    const preflightText = this.preflight.lineFor(role.id);
    const progressIcon = element('span', { class: 'progress-icon', 'aria-hidden': 'true' });
    const progressText = element('span', { class: 'progress-text' });
    const progress = element('div', { class: 'progress-line', hidden: true }, progressIcon, progressText);
    this.controls.roles.append(
      element('div', { class: 'role-row', 'data-role-id': role.id }, checkbox, policyText, preflightText, progress),
    );
    return { role, checkbox, policyText, progress, progressIcon, progressText };
  }

  private renderRow(roleId: string): void {
    const row = this.rows.get(roleId);
    if (!row) {
      return;
    }
    const state = this.policies.get(roleId);
    setText(row.policyText, policyLine(state));
    row.policyText.dataset['state'] = state?.state ?? 'loading';
    const progress = this.progress.get(roleId);
    show(row.progress, progress !== undefined);
    if (progress) {
      row.progress.dataset['outcome'] = progress.outcome;
      row.progress.dataset['tone'] = outcomeTone(progress.outcome);
      setText(row.progressIcon, outcomeIcon(progress.outcome));
      setText(row.progressText, progress.message);
    }
  }

  private renderRecent(recent: readonly string[]): void {
    const c = this.controls;
    c.recent.replaceChildren(
      element('vscode-option', { value: '', selected: true }, l10n.t('Choose…')),
      ...recent.map((text) => element('vscode-option', { value: text }, text)),
    );
    show(c.recentGroup, recent.length > 0);
  }

  private finish(allSucceeded: boolean): void {
    this.sending = false;
    // A finished send starts a new attempt: no "select a role" complaint for the roles just deselected.
    this.attempted = false;
    // Succeeded roles are deselected so a resend only retries what failed; everything typed stays.
    for (const [roleId, progress] of this.progress) {
      if (outcomeSucceeded(progress.outcome)) {
        this.selected.delete(roleId);
        const row = this.rows.get(roleId);
        if (row) {
          row.checkbox.checked = false;
        }
      }
    }
    const failed = [...this.progress.values()].filter((p) => !outcomeSucceeded(p.outcome)).length;
    const note = allSucceeded
      ? l10n.t('Done: every request went through. Activated roles can take a few minutes to apply.')
      : failed === 0
        ? l10n.t('Some requests did not go through. Your entries are kept: fix what is reported next to the role and activate again.')
        : failed === 1
          ? l10n.t('1 request did not go through. Your entries are kept: fix what is reported next to the role and activate again.')
          : l10n.t('{0} requests did not go through. Your entries are kept: fix what is reported next to the role and activate again.', failed);
    this.announce(note, allSucceeded ? 'success' : 'error');
    this.refresh();
    if (allSucceeded) {
      // Nothing left to retry: the next form (a new init) starts from the defaults again.
      this.draft = undefined;
      this.host.saveState(undefined);
    }
  }

  // ---- derived state -----------------------------------------------------------------------------

  private selectedIds(): string[] {
    return this.roles.filter((role) => this.selected.has(role.id)).map((role) => role.id);
  }

  private loadedPolicies(): Map<string, FormPolicy | undefined> {
    const loaded = new Map<string, FormPolicy | undefined>();
    for (const [roleId, state] of this.policies) {
      loaded.set(roleId, state.state === 'loaded' ? state.policy : undefined);
    }
    return loaded;
  }

  private startMode(): StartMode {
    return this.controls.startLater.checked ? 'later' : 'now';
  }

  private readRequest(): ActivationRequestData {
    const c = this.controls;
    const request: ActivationRequestData = {
      roleIds: this.selectedIds(),
      justification: c.justification.value,
      durationMinutes: Number(c.duration.value) || this.preferredDuration,
      ticketNumber: this.ticketRequired() ? c.ticketNumber.value.trim() : '',
      ticketSystem: this.ticketRequired() ? c.ticketSystem.value.trim() : '',
    };
    if (this.startMode() === 'now') {
      return request;
    }
    // An empty or malformed value is passed through as-is so validation reports it at the field.
    return { ...request, startAt: localDateTimeToIso(c.startAt.value) ?? c.startAt.value };
  }

  /** What Azure is asked about: the request as it would be sent, once a scheduled start is a real time. */
  private preflightRequest(): ActivationRequestData | undefined {
    const request = this.readRequest();
    return this.startMode() === 'later' && localDateTimeToIso(this.controls.startAt.value) === undefined ? undefined : request;
  }

  private ticketRequired(): boolean {
    return this.selectedIds().some((id) => {
      const state = this.policies.get(id);
      return (state?.state === 'loaded' && state.policy.requiresTicket) || this.preflight.needsTicket(id);
    });
  }

  private justificationRequired(): boolean {
    return (
      this.defaults?.justificationPattern !== '' ||
      this.selectedIds().some((id) => {
        const state = this.policies.get(id);
        return state?.state === 'loaded' && state.policy.requiresJustification;
      })
    );
  }

  private validate(request: ActivationRequestData): ValidationIssue[] {
    return validateActivation(request, this.loadedPolicies(), {
      justificationVerdict: (justification) => this.knownVerdict(justification),
      now: new Date(),
      roleLabels: new Map(this.roles.map((role) => [role.id, roleLabel(role)])),
    });
  }

  // ---- the organisation pattern (evaluated by the host only) ---------------------------------------

  private patternSet(): boolean {
    return (this.defaults?.justificationPattern ?? '') !== '';
  }

  private currentJustification(): string {
    return this.controls.justification.value.trim();
  }

  private knownVerdict(justification: string): JustificationVerdict | undefined {
    return this.verdict?.justification === justification ? this.verdict.verdict : undefined;
  }

  /** Asks the host once typing pauses. */
  private schedulePatternCheck(): void {
    window.clearTimeout(this.patternCheckTimer);
    this.patternCheckTimer = window.setTimeout(() => this.askForVerdict(), PATTERN_CHECK_DELAY_MS);
  }

  /** Asks the host now for its verdict on the current text, unless it was already asked about it. */
  private askForVerdict(): void {
    window.clearTimeout(this.patternCheckTimer);
    this.patternCheckTimer = undefined;
    const justification = this.currentJustification();
    if (!this.patternSet() || justification === this.askedJustification) {
      return;
    }
    this.askedJustification = justification;
    this.host.post({ type: 'checkJustification', justification });
  }

  /** Before a first submit, only the pattern is reported: a broken pattern at once, a mismatch once there is text. */
  private patternIssues(): ValidationIssue[] {
    const justification = this.currentJustification();
    const verdict = this.knownVerdict(justification);
    const message = verdict && justificationVerdictMessage(verdict);
    return message && (verdict.kind !== 'mismatch' || justification !== '') ? [{ field: 'justification', message }] : [];
  }

  // ---- rendering ------------------------------------------------------------------------------------

  /** Re-derives everything that depends on the selection, the policies and the typed values. */
  private refresh(): void {
    if (!this.defaults) {
      return;
    }
    const c = this.controls;
    const selectedIds = this.selectedIds();
    this.renderDuration(selectedIds);

    const ticket = this.ticketRequired();
    show(c.ticketFields, ticket);
    // Only the labels say "required": the components' own `required` would paint the fields
    // invalid before the user has typed anything. validateActivation decides instead.
    c.justificationLabel.toggleAttribute('required', this.justificationRequired());
    c.startAt.disabled = this.startMode() === 'now';

    this.renderSummary(selectedIds);
    this.showIssues(this.attempted ? this.validate(this.readRequest()) : this.patternIssues(), false);
    c.activate.disabled = this.sending;
    if (!this.sending) {
      this.preflight.ask(this.preflightRequest());
    }
    // Busy is the role list (its progress lines change), never an ancestor of the live region: screen readers may
    // hold back what a live region says inside a busy subtree.
    c.roles.setAttribute('aria-busy', String(this.sending));
    this.saveDraft();
  }

  private renderDuration(selectedIds: readonly string[]): void {
    const c = this.controls;
    const strictest = smallestMaximum(selectedIds, this.loadedPolicies());
    const choices = durationChoices(strictest?.minutes ?? FALLBACK_MAXIMUM_MINUTES);
    const value = pickChoice(choices, this.preferredDuration);
    const key = choices.join(',');
    if (key !== this.durationChoicesShown) {
      this.durationChoicesShown = key;
      c.duration.replaceChildren(
        ...choices.map((minutes) =>
          element('vscode-option', { value: String(minutes), selected: minutes === value }, formatMinutes(minutes)),
        ),
      );
    }
    if (c.duration.value !== String(value)) {
      c.duration.value = String(value);
    }
    const row = strictest ? this.rows.get(strictest.roleId) : undefined;
    setText(
      c.durationHelp,
      row && strictest ? l10n.t('At most {0} ({1}).', formatMinutes(strictest.minutes), roleLabel(row.role)) : '',
    );
    show(c.durationHelp, row !== undefined);
  }

  private renderSummary(selectedIds: readonly string[]): void {
    const c = this.controls;
    const durationMinutes = Number(c.duration.value) || this.preferredDuration;
    const startIso = this.startMode() === 'later' ? localDateTimeToIso(c.startAt.value) : undefined;
    const startText =
      this.startMode() === 'later'
        ? startIso === undefined
          ? l10n.t('the chosen start time')
          : formatDateTime(new Date(startIso))
        : undefined;
    const lines = selectedIds.flatMap((id) => {
      const row = this.rows.get(id);
      return row
        ? [summaryLine({ role: row.role, policy: this.policies.get(id), durationMinutes, startText })]
        : [];
    });
    if (lines.length === 0) {
      lines.push(l10n.t('Nothing yet: select at least one role.'));
    }
    c.summaryList.replaceChildren(...lines.map((line) => element('li', {}, line)));
  }

  private showIssues(issues: readonly ValidationIssue[], announce: boolean): void {
    const c = this.controls;
    const byField = new Map<ValidationField, string[]>();
    for (const issue of issues) {
      byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue.message]);
    }
    for (const [field, node] of Object.entries(c.errors) as [ValidationField, HTMLElement][]) {
      const messages = byField.get(field) ?? [];
      setText(node, messages.join(' '));
      show(node, messages.length > 0);
      const control = this.controlFor(field);
      if (control && 'invalid' in control) {
        control.invalid = messages.length > 0;
      }
      const described = this.describedControl(field);
      void describeField(described.host, [...described.help, node], messages.length > 0);
    }
    if (announce && issues.length > 0) {
      const first = issues[0]?.message ?? '';
      this.announce(issues.length > 1 ? l10n.t('Not sent. {0} (and {1} more)', first, issues.length - 1) : l10n.t('Not sent. {0}', first), 'error');
      this.statusShowsIssues = true;
    } else if (issues.length === 0 && this.statusShowsIssues) {
      this.announce(''); // everything reported has been fixed
    }
  }

  private controlFor(field: ValidationField): (HTMLElement & { invalid?: boolean }) | undefined {
    const c = this.controls;
    switch (field) {
      case 'roles':
        return [...this.rows.values()][0]?.checkbox;
      case 'duration':
        return undefined;
      case 'justification':
        return c.justification;
      case 'ticketNumber':
        return c.ticketNumber;
      case 'ticketSystem':
        return c.ticketSystem;
      case 'startAt':
        return c.startAt;
    }
  }

  /** What a screen reader is on for a field, and the help text that goes with its error. */
  private describedControl(field: ValidationField): { readonly host: HTMLElement; readonly help: readonly HTMLElement[] } {
    const c = this.controls;
    switch (field) {
      case 'roles':
        return { host: c.roles, help: [] };
      case 'duration':
        return { host: c.duration, help: [c.durationHelp] };
      case 'justification':
        return { host: c.justification, help: [c.patternHint] };
      case 'ticketNumber':
        return { host: c.ticketNumber, help: [] };
      case 'ticketSystem':
        return { host: c.ticketSystem, help: [] };
      case 'startAt':
        return { host: c.startAt, help: [] };
    }
  }

  /** Writes to the aria-live status region (progress, refusals, the final note). */
  private announce(text: string, tone?: 'success' | 'error'): void {
    this.statusShowsIssues = false;
    const status = this.controls.status;
    setText(status, text);
    if (tone) {
      status.dataset['tone'] = tone;
    } else {
      delete status.dataset['tone'];
    }
  }

  private saveDraft(): void {
    const c = this.controls;
    this.draft = {
      offeredRoleIds: this.roles.map((role) => role.id),
      requestedRoleIds: this.requestedRoleIds,
      selectedRoleIds: this.selectedIds(),
      durationMinutes: this.preferredDuration,
      justification: c.justification.value,
      ticketNumber: c.ticketNumber.value,
      ticketSystem: c.ticketSystem.value,
      startMode: this.startMode(),
      startAtLocal: c.startAt.value,
    };
    this.host.saveState(this.draft);
  }

  // ---- submit -----------------------------------------------------------------------------------------

  private submit(): void {
    if (this.sending || !this.defaults) {
      return;
    }
    const c = this.controls;
    this.attempted = true;
    // A verdict not yet asked for is asked now, so it reaches the form before the host's answer to the submit.
    this.askForVerdict();
    const request = this.readRequest();
    const issues = this.validate(request);
    this.showIssues(issues, true);
    if (issues.length > 0) {
      const first = issues[0];
      const control = first ? this.controlFor(first.field) : undefined;
      (first?.field === 'duration' ? c.duration : control)?.focus();
      return;
    }
    this.sending = true;
    for (const id of request.roleIds) {
      this.progress.delete(id);
      this.renderRow(id);
    }
    const count = request.roleIds.length;
    this.announce(count === 1 ? l10n.t('Activating 1 role…') : l10n.t('Activating {0} roles…', count));
    this.host.post({ type: 'submit', request });
    this.refresh();
  }
}

function nextFullHour(now: Date): Date {
  const next = new Date(now.getTime());
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return next;
}

/** The largest choice not above the preferred value, else the smallest choice. */
function pickChoice(choices: readonly number[], preferred: number): number {
  let picked = choices[0] ?? LIMITS.minDurationMinutes;
  for (const choice of choices) {
    if (choice <= preferred) {
      picked = choice;
    }
  }
  return picked;
}
