// Hosts the activation form: sends it plain role data and policies (never a token), validates
// every message it gets back, and runs the activations.
import * as vscode from 'vscode';
import { activateBatch, activationChoiceOf } from '../core/flows/batchActivation';
import type { ReactivationQueue } from '../core/flows/reactivationQueue';
import { formatTime } from '../shared/locale';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';
import { askHowToReactivate } from './reactivationChoice';
import { JustificationPatternChecker } from '../core/flows/justificationPattern';
import type { PolicyCache } from '../core/store/policyCache';
import { SCOPE_TYPE_LABELS, stateText } from '../core/model/presentation';
import type { ActivationPolicy } from '../shared/policyShape';
import { loadPolicy } from '../core/flows/roleOperations';
import { rowKind } from '../core/model/roleRows';
import type { FormMemory } from '../core/store/formMemory';
import { serviceNowOf, type RoleStore, type RowRef } from '../core/store/roleStore';
import { validateActivation } from '../shared/activationValidation';
import type { ActivationRequestData, FormPolicy, FormRole, HostToForm, JustificationVerdict } from '../shared/protocol';
import { PROTOCOL_LIMITS } from '../shared/protocol';
import { parseFormToHost } from '../shared/protocolValidation';
import type { Settings } from '../config';
import { renderFormHtml } from './formHtml';
import { createNonce } from './nonce';
import { boundedText, clampMinutes, toFormPolicy, toFormRole } from '../shared/formPayload';

export interface ActivationFormDeps {
  readonly extensionUri: vscode.Uri;
  readonly store: RoleStore;
  readonly policies: PolicyCache;
  readonly settings: () => Settings;
  readonly memory: FormMemory;
  readonly log: vscode.LogOutputChannel;
  /** Called with the PIM groups whose membership or ownership was just activated (group access needs a fresh token). */
  readonly onGroupsActivated?: (refs: readonly RowRef[]) => void;
  /** "Activate again when it ends": re-activations of still-active roles wait here (in memory only). */
  readonly reactivations: ReactivationQueue;
}

/** Values a preset puts into the form instead of the remembered ones. */
export interface FormPrefill {
  readonly justification?: string;
  readonly durationMinutes?: number;
}

/** What the open form holds: its selected roles and, after a submit, what was typed. */
export interface FormSelection {
  readonly rowIds: readonly string[];
  readonly justification?: string;
  readonly durationMinutes?: number;
}

/** Owns the (single) activation form panel. */
export class ActivationForms implements vscode.Disposable {
  private panel: ActivationFormPanel | undefined;
  /** Outlives the panels so each distinct pattern is compiled once. */
  private readonly patterns = new JustificationPatternChecker();
  private readonly subscription: { dispose(): void };

  /** The organisation pattern's verdict on a justification: the form's live check, its submit and the agent tool alike. */
  readonly justificationVerdict = (justification: string): JustificationVerdict => {
    const settings = this.deps.settings();
    return this.patterns.check({ pattern: settings.justificationPattern, hint: boundedText(settings.justificationPatternHint) }, justification);
  };

  constructor(private readonly deps: ActivationFormDeps) {
    // A queued re-activation runs long after its form may have closed: say how it went.
    this.subscription = deps.reactivations.onDidRun(({ ref, result }) => {
      const label = vscode.l10n.t('{0} on {1}', nameText(ref.row.roleName), nameText(ref.row.scope.displayName));
      const ok = result.outcome === 'active' || result.outcome === 'pendingApproval' || result.outcome === 'scheduled' || result.outcome === 'alreadyActive';
      void (ok
        ? notify.showInformationMessage(vscode.l10n.t('{0} activated again: {1}', label, result.message))
        : notify.showWarningMessage(vscode.l10n.t('{0} could not be activated again: {1}', label, result.message)));
      void deps.store.refresh(ref.connection.tenantId);
    });
  }

  /** Opens the form with these rows selected (or brings the open form forward with them selected). */
  open(selectedRowIds: readonly string[], prefill: FormPrefill = {}): void {
    if (this.panel) {
      this.panel.reveal(selectedRowIds, prefill);
      return;
    }
    this.panel = new ActivationFormPanel(this.deps, this.justificationVerdict, selectedRowIds, prefill, () => {
      this.panel = undefined;
    });
  }

  /** The open form's selection (for "Save Selection as Preset…"); undefined when no form is open. */
  get selection(): FormSelection | undefined {
    return this.panel?.selection;
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}

class ActivationFormPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private selected: Set<string>;
  private busy = false;
  private disposed = false;
  private lastSubmitted: ActivationRequestData | undefined;

  constructor(
    private readonly deps: ActivationFormDeps,
    private readonly justificationVerdict: (justification: string) => JustificationVerdict,
    selectedRowIds: readonly string[],
    private prefill: FormPrefill,
    private readonly onDisposed: () => void,
  ) {
    this.selected = new Set(selectedRowIds);
    this.panel = vscode.window.createWebviewPanel(
      'azurePim.activate',
      vscode.l10n.t('Activate roles'),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        enableForms: false,
        localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(deps.extensionUri, 'media')],
      },
    );
    this.panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'pim.svg');
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
  }

  get selection(): FormSelection {
    const submitted = this.lastSubmitted;
    return submitted
      ? { rowIds: submitted.roleIds, justification: submitted.justification, durationMinutes: submitted.durationMinutes }
      : { rowIds: [...this.selected] };
  }

  reveal(selectedRowIds: readonly string[], prefill: FormPrefill = {}): void {
    this.selected = new Set(selectedRowIds);
    this.prefill = prefill;
    this.panel.reveal();
    if (!this.busy) {
      this.sendInit();
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    // Closing the form does not stop activations already sent: a PUT may have gone through. They finish, their
    // outcome is logged and the roles are reloaded (submit).
    this.disposed = true;
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
    this.panel.dispose();
    this.onDisposed();
  }

  private html(): string {
    const webview = this.panel.webview;
    return renderFormHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview', 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'form.css')).toString(),
      title: vscode.l10n.t('Activate roles'),
      language: vscode.env.language,
      loadingText: vscode.l10n.t('Loading…'),
      l10nBundle: vscode.l10n.bundle,
    });
  }

  private post(message: HostToForm): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private receive(raw: unknown): void {
    const message = parseFormToHost(raw);
    if (!message) {
      this.deps.log.warn('Ignored an invalid message from the activation form.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.sendInit();
        break;
      case 'close':
        this.dispose();
        break;
      case 'submit':
        void this.submit(message.request);
        break;
      case 'checkJustification': {
        const justification = message.justification.trim();
        this.post({ type: 'justificationVerdict', justification, verdict: this.justificationVerdict(justification) });
        break;
      }
    }
  }

  /** Roles you can activate now, plus active ones (re-activation). */
  private offeredRows(): RowRef[] {
    return this.deps.store
      .allRows()
      .filter((ref) => ref.row.eligible && (ref.row.state === 'eligible' || ref.row.state === 'active'))
      .slice(0, PROTOCOL_LIMITS.maxRoles);
  }

  private sendInit(): void {
    const settings = this.deps.settings();
    const rows = this.offeredRows();
    const roles: FormRole[] = rows.map(({ row }) =>
      toFormRole({
        id: row.id,
        kind: rowKind(row),
        roleName: row.roleName,
        scopeDisplayName: row.scope.displayName,
        scopeTypeLabel: SCOPE_TYPE_LABELS[row.scope.type],
        selected: this.selected.has(row.id),
      }),
    );
    this.post({
      type: 'init',
      roles,
      defaults: {
        durationMinutes: clampMinutes(this.prefill.durationMinutes ?? this.deps.memory.lastDurationMinutes, settings.defaultDurationMinutes),
        justification: (this.prefill.justification ?? '').slice(0, PROTOCOL_LIMITS.maxJustificationLength),
        justificationPattern: settings.justificationPattern.slice(0, PROTOCOL_LIMITS.maxPatternLength),
        justificationPatternHint: settings.justificationPatternHint.slice(0, PROTOCOL_LIMITS.maxTextLength),
        ticketSystem: (this.deps.memory.lastTicketSystem ?? settings.defaultTicketSystem).slice(0, PROTOCOL_LIMITS.maxTicketLength),
        recentJustifications: this.deps.memory.recentJustifications,
      },
    });
    for (const ref of rows) {
      void this.sendPolicy(ref);
    }
  }

  private async sendPolicy(ref: RowRef): Promise<void> {
    const cached = this.deps.policies.peek(ref.row.id);
    if (!cached) {
      this.post({ type: 'policy', roleId: ref.row.id, policy: { state: 'loading' } });
    }
    const key = ref.row.eligible?.key ?? ref.row.active?.key;
    if (!key) {
      return;
    }
    const entry = await this.deps.policies.get(ref.row.id, () => loadPolicy(ref.connection, key));
    this.post({
      type: 'policy',
      roleId: ref.row.id,
      policy:
        entry.state === 'loaded'
          ? { state: 'loaded', policy: toFormPolicy(entry.policy) }
          : { state: 'unavailable', message: boundedText(vscode.l10n.t('The policy could not be read ({0}); PIM will still check it.', entry.error.userMessage)) },
    });
  }

  private async submit(request: ActivationRequestData): Promise<void> {
    if (this.busy) {
      return;
    }
    const refs = request.roleIds.map((id) => this.deps.store.findRow(id));
    if (refs.some((ref) => !ref || !ref.row.eligible)) {
      this.post({ type: 'issues', issues: [{ field: 'roles', message: vscode.l10n.t('Some selected roles are no longer available; refresh and select again.') }] });
      return;
    }
    const selected = refs as RowRef[];
    const busy = selected.find((ref) => ref.row.state !== 'eligible' && ref.row.state !== 'active');
    if (busy) {
      // Being activated, deactivated, approved or scheduled: PIM is already on it; a second request is not sent.
      const message = vscode.l10n.t('{0} on {1} is {2} now; select it again once that has finished.', busy.row.roleName, busy.row.scope.displayName, stateText(busy.row, serviceNowOf(busy.connection)));
      this.post({ type: 'issues', issues: [{ field: 'roles', message }] });
      return;
    }
    const policies = new Map<string, FormPolicy | undefined>();
    const labels = new Map<string, string>();
    for (const ref of selected) {
      const entry = this.deps.policies.peek(ref.row.id);
      policies.set(ref.row.id, entry?.state === 'loaded' ? toFormPolicy(entry.policy) : undefined);
      labels.set(ref.row.id, vscode.l10n.t('{0} on {1}', ref.row.roleName, ref.row.scope.displayName));
    }
    const issues = validateActivation(request, policies, {
      justificationVerdict: (justification) => this.justificationVerdict(justification),
      now: new Date(),
      roleLabels: labels,
    });
    if (issues.length > 0) {
      this.post({ type: 'issues', issues });
      return;
    }
    this.busy = true;
    const choice = activationChoiceOf(request);
    const stillActive = selected.filter((ref) => ref.row.state === 'active');
    const mode = stillActive.length > 0 ? await askHowToReactivate(stillActive, (ref) => this.policyOf(ref)) : undefined;
    if (stillActive.length > 0 && !mode) {
      this.busy = false;
      this.post({ type: 'issues', issues: [{ field: 'roles', message: vscode.l10n.t('Nothing was sent: the active roles stay active as they are.') }] });
      return;
    }
    this.lastSubmitted = request;
    await this.deps.memory.rememberSubmit(request);
    const queued = mode === 'whenEnds' ? stillActive : [];
    for (const ref of queued) {
      this.deps.reactivations.enqueue(ref, choice);
      const message = ref.row.endsAt
        ? vscode.l10n.t('Queued: activated again when the current activation ends at {0}.', formatTime(ref.row.endsAt))
        : vscode.l10n.t('Queued: activated again when the current activation ends.');
      this.progress(ref, 'scheduled', message);
    }
    const batch = await activateBatch(
      selected.filter((ref) => !queued.includes(ref)),
      choice,
      {
        onProgress: (ref, outcome, message) => this.progress(ref, outcome, message),
        log: this.deps.log,
        replaceActive: mode === 'replace',
      },
    );
    this.busy = false;
    // Fresh: the reload starts after the activations, also when the form was closed meanwhile.
    void this.deps.store.refresh();
    this.post({ type: 'finished', allSucceeded: batch.allSucceeded });
    if (batch.activatedGroups.length > 0) {
      this.deps.onGroupsActivated?.(batch.activatedGroups);
    }
  }

  private policyOf(ref: RowRef): ActivationPolicy | undefined {
    const entry = this.deps.policies.peek(ref.row.id);
    return entry?.state === 'loaded' ? entry.policy : undefined;
  }

  private progress(ref: RowRef, outcome: Extract<HostToForm, { type: 'progress' }>['outcome'], message: string): void {
    if (outcome === 'waiting') {
      // PIM accepted the request (or a deactivation) and is carrying it out: the tree shows "activating…"/"deactivating…".
      void this.deps.store.refresh(ref.connection.tenantId);
    }
    this.post({ type: 'progress', roleId: ref.row.id, outcome, message: boundedText(message) });
  }
}
