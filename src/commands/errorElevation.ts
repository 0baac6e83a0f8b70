// From an authorization error to the role that fixes it: finds the least-privileged role of the user that grants the
// denied operation (core/permissions/elevationAdvice.ts), shows it with why and the alternatives, then opens the
// activation form with it selected, or activates it at once when a trusted workspace declares it. Then waits until
// Azure applies the access and says so, so the user can re-run what failed. Used by the terminal links and by
// "Azure PIM: Elevate for This Error…".
import * as vscode from 'vscode';
import type { AuthorizationDenial } from '../core/permissions/authorizationErrors';
import { bestReason, candidateLabel, deniedLabel, lowerRankReason, noneFitsText } from '../core/permissions/adviceText';
import { adviseElevation, type AdviceSources, type ElevationAdvice, type RoleCandidate } from '../core/permissions/elevationAdvice';
import { waitUntilPermitted, type AccessWaitOptions } from '../core/permissions/effectiveAccess';
import { toFailingScope } from '../core/permissions/failingScope';
import type { RoleDefinitionCache } from '../core/permissions/roleDefinitionCache';
import { rowMatches } from '../core/flows/declaredRoles';
import type { Disposable } from '../core/model/events';
import { SCOPE_TYPE_LABELS } from '../core/model/presentation';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import { nameText, stripControls } from '../shared/inertText';
import * as notify from '../ui/notify';
import { showQuickPick } from '../ui/quickInput';
import type { ActivationForms } from '../webview/activationPanel';
import type { ElevationRunner } from '../workspace/elevationRunner';
import { readWorkspaceRoles } from '../workspace/workspaceRoles';

export interface ErrorElevationDeps {
  readonly store: RoleStore;
  readonly forms: Pick<ActivationForms, 'open'>;
  readonly elevator: Pick<ElevationRunner, 'ensure' | 'policyFor'>;
  readonly definitions: RoleDefinitionCache;
  readonly pinnedIds: () => ReadonlySet<string>;
  readonly log: vscode.LogOutputChannel;
  /** How long and how often "wait for access" polls (tests shorten it). */
  readonly accessWait?: Pick<AccessWaitOptions, 'timeoutMs' | 'intervalsMs'>;
  /** How long to watch for the activation the form sends (default 30 minutes). */
  readonly formWatchMs?: number;
}

/** What elevate() ended with, for the log and the tests. */
export type ElevationOutcome = 'signedOut' | 'notAzureRbac' | 'alreadyActive' | 'noneFits' | 'dismissed' | 'pending' | 'formOpened' | 'activated' | 'failed';

const ACTIVE = new Set(['active', 'assigned']);

function roleDefinitionIdOf(ref: RowRef): string {
  return (ref.row.eligible ?? ref.row.active ?? ref.row.pending)?.key.roleDefinitionId ?? '';
}

export class ErrorElevation implements vscode.Disposable {
  private readonly watchers = new Set<Disposable>();

  constructor(private readonly deps: ErrorElevationDeps) {}

  /** The whole flow for one denial; see the file comment. */
  async elevate(denial: AuthorizationDenial): Promise<ElevationOutcome> {
    const { store, log } = this.deps;
    log.info(`Elevate for this error: ${denial.operation} (${denial.kind}) on ${denial.scope ?? 'no scope'} [${denial.source}]`);
    if (denial.source === 'cosmos') {
      void notify.showInformationMessage(
        vscode.l10n.t('Azure Cosmos DB grants {0} through its own data-plane role assignments, not through Azure roles, so PIM cannot activate it: ask the account\'s administrator.', nameText(denial.operation)),
      );
      return 'notAzureRbac';
    }
    if (!store.hasConnections) {
      const signIn = vscode.l10n.t('Sign In');
      if ((await notify.showInformationMessage(vscode.l10n.t('Sign in to Azure PIM to find the role for {0}.', nameText(denial.operation)), signIn)) === signIn) {
        await vscode.commands.executeCommand('azurePim.signIn');
      }
      return 'signedOut';
    }
    const scope = toFailingScope(denial.scope);
    const denied = { operation: denial.operation, kind: denial.kind, ...(scope ? { scope } : {}) };
    const advice = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Azure PIM: finding the role for {0}…', deniedLabel(denied)) }, () =>
      adviseElevation(denied, this.sources()),
    );
    log.info(
      `Elevate for this error: ${advice.eligible.length} eligible and ${advice.active.length} active roles grant it` +
        (advice.eligible[0] ? `; best ${advice.eligible[0].ref.row.roleName} on ${advice.eligible[0].ref.row.scope.id}` : '') +
        (advice.unreadable.length ? `; ${advice.unreadable.length} definitions unreadable` : ''),
    );
    if (advice.active[0]) {
      void notify.showInformationMessage(
        vscode.l10n.t('{0} is already active and grants {1}. Waiting until Azure applies it; a tool that keeps an older sign-in may need to sign in again.', candidateLabel(advice.active[0]), deniedLabel(advice)),
      );
      await this.waitForAccess(advice, advice.active[0]);
      return 'alreadyActive';
    }
    if (advice.eligible.length === 0) {
      await this.explainNoneFits(advice);
      return 'noneFits';
    }
    const picked = await this.pick(advice);
    return picked ? this.activate(picked, advice) : 'dismissed';
  }

  dispose(): void {
    for (const watcher of this.watchers) {
      watcher.dispose();
    }
    this.watchers.clear();
  }

  private sources(): AdviceSources {
    const { store, definitions, elevator } = this.deps;
    const pinned = this.deps.pinnedIds();
    return {
      rows: store.allRows(),
      definition: (ref) => definitions.definition(ref.connection.arm, roleDefinitionIdOf(ref)),
      builtIns: (tenantId) => {
        const connection = (tenantId && store.connection(tenantId)) || store.tenants.flatMap((tenant) => store.connection(tenant.tenantId) ?? [])[0];
        return connection ? definitions.builtInDefinitions(connection.tenantId, connection.arm) : Promise.resolve([]);
      },
      requiresApproval: async (ref) => (await elevator.policyFor(ref))?.requiresApproval,
      isPinned: (rowId) => pinned.has(rowId),
    };
  }

  private async pick(advice: ElevationAdvice): Promise<RoleCandidate | undefined> {
    const [best] = advice.eligible;
    const items = advice.eligible.map((candidate, index) => {
      const notes = [
        `${SCOPE_TYPE_LABELS[candidate.ref.row.scope.type]}: ${candidate.ref.row.scope.displayName}`,
        ...(candidate.ref.row.state === 'pendingApproval' ? [vscode.l10n.t('waiting for approval')] : []),
        ...(candidate.requiresApproval ? [vscode.l10n.t('needs approval')] : []),
        ...(candidate.pinned ? [vscode.l10n.t('pinned')] : []),
      ];
      return {
        label: candidate.ref.row.roleName,
        description: notes.join(' · '),
        detail: index === 0 || !best ? bestReason(advice) : lowerRankReason(candidate, best),
        ...(index === 0 ? { iconPath: new vscode.ThemeIcon('star-full') } : {}),
        candidate,
      };
    });
    const picked = await showQuickPick(items, {
      title: vscode.l10n.t('Elevate for {0}', deniedLabel(advice)),
      placeHolder: vscode.l10n.t('Least privilege first. Pick the role to activate'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.candidate;
  }

  private async activate(candidate: RoleCandidate, advice: ElevationAdvice): Promise<ElevationOutcome> {
    const { ref } = candidate;
    if (ref.row.state === 'pendingApproval' || ref.row.state === 'scheduled') {
      void notify.showInformationMessage(vscode.l10n.t('A request for {0} is already waiting; Azure PIM tells you when it is active.', candidateLabel(candidate)));
      this.watchUntilActive(candidate, advice);
      return 'pending';
    }
    // Nothing in Restricted Mode: readWorkspaceRoles reads no roles from an untrusted workspace.
    const declared = readWorkspaceRoles().roles.find((role) => rowMatches(role, ref));
    if (!declared) {
      this.deps.forms.open([ref.row.id]);
      this.watchUntilActive(candidate, advice);
      return 'formOpened';
    }
    const result = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Azure PIM: activating {0}…', candidateLabel(candidate)) }, () =>
      this.deps.elevator.ensure([declared]),
    );
    const outcome = result.roles[0];
    if (!result.ok) {
      void notify.showWarningMessage(vscode.l10n.t('{0}: {1}', candidateLabel(candidate), outcome?.message ?? result.summary));
      return 'failed';
    }
    await this.waitForAccess(advice, this.deps.store.findRow(ref.row.id) ?? candidate);
    return 'activated';
  }

  /** After the form sends the activation: once the row is active, wait for access. Gives up after formWatchMs. */
  private watchUntilActive(candidate: RoleCandidate, advice: ElevationAdvice): void {
    const { store } = this.deps;
    const rowId = candidate.ref.row.id;
    const listener = store.onDidChange(() => {
      const current = store.findRow(rowId);
      if (current && ACTIVE.has(current.row.state)) {
        watcher.dispose();
        void this.waitForAccess(advice, current);
      }
    });
    const watcher: Disposable = {
      dispose: () => {
        listener.dispose();
        clearTimeout(timer);
        this.watchers.delete(watcher);
      },
    };
    const timer = setTimeout(() => watcher.dispose(), this.deps.formWatchMs ?? 30 * 60_000);
    this.watchers.add(watcher);
  }

  /** Polls the permissions API at the failing scope until the operation is permitted, then says to re-run. */
  private async waitForAccess(advice: ElevationAdvice, role: RoleCandidate | RowRef): Promise<void> {
    const ref = 'ref' in role ? role.ref : role;
    const label = vscode.l10n.t('{0} on {1}', nameText(ref.row.roleName), nameText(ref.row.scope.displayName));
    const scope = advice.scope;
    if (!scope) {
      void notify.showInformationMessage(vscode.l10n.t('{0} is active. The error named no scope, so its access cannot be checked: re-run the command in a minute.', label));
      return;
    }
    try {
      const result = await notify.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Azure PIM: waiting until Azure applies {0}…', deniedLabel(advice)), cancellable: true },
        async (_progress, token) => {
          const abort = new AbortController();
          const subscription = token.onCancellationRequested(() => abort.abort());
          try {
            return await waitUntilPermitted(ref.connection.arm, scope, advice.operation, advice.kind, { ...this.deps.accessWait, signal: abort.signal });
          } finally {
            subscription.dispose();
          }
        },
      );
      this.deps.log.info(`Elevate for this error: ${advice.operation} on ${scope.id}: ${result.outcome}`);
      switch (result.outcome) {
        case 'effective':
          void notify.showInformationMessage(
            vscode.l10n.t('{0} is effective now ({1}, after {2} s): re-run the command.', deniedLabel(advice), label, Math.round(result.elapsedMs / 1000)),
          );
          return;
        case 'timedOut':
          void notify.showWarningMessage(vscode.l10n.t('{0} is active, but Azure has not applied {1} yet: try again in a few minutes.', label, deniedLabel(advice)));
          return;
        case 'cannotCheck':
          void notify.showInformationMessage(
            vscode.l10n.t('{0} is active. Azure cannot report access at a {1}, so give it a minute, then re-run the command.', label, SCOPE_TYPE_LABELS[scope.armScopeType]),
          );
          return;
      }
    } catch (error) {
      this.deps.log.warn(`Elevate for this error: waiting for access failed: ${error instanceof Error ? error.message : String(error)}`);
      void notify.showWarningMessage(vscode.l10n.t('{0} is active, but its access could not be checked: re-run the command in a minute.', label));
    }
  }

  private async explainNoneFits(advice: ElevationAdvice): Promise<void> {
    const copy = vscode.l10n.t('Copy Request');
    const choice = await notify.showInformationMessage(noneFitsText(advice), copy);
    if (choice === copy) {
      const scope = advice.scope ? advice.scope.armScope : '';
      const request = advice.builtIn
        ? vscode.l10n.t('Please make me eligible in PIM for the role "{0}" at scope {1}: I need {2}.', advice.builtIn.roleName, scope || vscode.l10n.t('(the scope of the error)'), advice.operation)
        : vscode.l10n.t('Please give me a role that grants {0} at scope {1}.', advice.operation, scope || vscode.l10n.t('(the scope of the error)'));
      await vscode.env.clipboard.writeText(stripControls(request));
    }
  }
}

