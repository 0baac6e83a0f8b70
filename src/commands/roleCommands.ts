// Activate, deactivate, re-activate and cancel: from the tree, the status bar or the command palette.
import * as vscode from 'vscode';
import { deactivateRow } from '../core/flows/activation';
import { activeDurationTooShortUntil, describeRequest, isCancellable } from '../core/errors/requestStatus';
import type { ReactivationQueue } from '../core/flows/reactivationQueue';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import { formatRemaining } from '../core/model/countdown';
import { SCOPE_TYPE_LABELS } from '../core/model/presentation';
import { cancelRoleRequest } from '../core/flows/roleOperations';
import type { ExpiryActions } from '../statusBar/expiryWarnings';
import type { ActivationForms } from '../webview/activationPanel';
import { rowIdsFromArgs } from '../views/treeNodes';
import { nameText } from '../shared/inertText';
import * as notify from '../ui/notify';
import { showQuickPick } from '../ui/quickInput';
import { registerCommand } from './commandRunner';
import { formatDateTime } from '../shared/locale';
import { describeReceipt, type ElevationReceipt } from '../core/store/elevationReceipts';

export interface RoleCommandDeps {
  readonly store: RoleStore;
  readonly forms: ActivationForms;
  /** Deactivating a role also drops its queued "activate again when it ends". */
  readonly reactivations: ReactivationQueue;
  readonly log: vscode.LogOutputChannel;
  /** What is selected in the Roles view (a keybinding runs a command without the item it is on). */
  readonly viewSelection?: () => readonly unknown[];
  /** Now on the service's clock (core/store/serviceClock.ts): countdowns in picks match the status bar. */
  readonly now: () => Date;
  /** Local elevation receipts, listed after the requests in My requests. */
  readonly receipts: { list(): ElevationReceipt[] };
}

/** The argument package.json's Roles-view keybinding gives `azurePim.activate`: activate what is selected there. */
function fromRolesView(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { readonly from?: unknown }).from === 'rolesView';
}

/**
 * What the expiry warning's buttons do: open the form for the role (its submit asks how to re-activate a role that is
 * still active: when it ends, or now after saying what is lost), or deactivate it now.
 */
export function expiryActions(deps: Pick<RoleCommandDeps, 'store' | 'forms' | 'reactivations'>): ExpiryActions {
  return {
    reactivate: (ref) => {
      deps.forms.open([ref.row.id]);
      return Promise.resolve();
    },
    deactivate: async (ref) => {
      const result = await deactivateRow(ref);
      if (result.ok) {
        deps.reactivations.cancel(ref.row.id);
      }
      void (result.ok ? notify.showInformationMessage(result.message) : notify.showErrorMessage(result.message));
      await deps.store.refresh();
    },
  };
}

export function registerRoleCommands(deps: RoleCommandDeps): vscode.Disposable[] {
  const { store, forms, reactivations, log, now } = deps;

  const pickRows = async (title: string, filter: (ref: RowRef) => boolean, canPickMany: boolean): Promise<RowRef[]> => {
    const refs = store.allRows().filter(filter);
    if (refs.length === 0) {
      void notify.showInformationMessage(vscode.l10n.t('No roles to choose from. Refresh the Azure PIM view, or check that you are signed in.'));
      return [];
    }
    const items = refs.map((ref) => ({
      label: ref.row.roleName,
      description: `${SCOPE_TYPE_LABELS[ref.row.scope.type]}: ${ref.row.scope.displayName}`,
      detail: ref.row.state === 'active' && ref.row.endsAt ? vscode.l10n.t('active · {0} left', formatRemaining(ref.row.endsAt, now())) : ref.row.state,
      ref,
    }));
    if (canPickMany) {
      const picked = await showQuickPick(items, { title, canPickMany: true, matchOnDescription: true });
      return (picked ?? []).map((item) => item.ref);
    }
    const picked = await showQuickPick(items, { title, matchOnDescription: true });
    return picked ? [picked.ref] : [];
  };

  const deactivate = async (refs: readonly RowRef[]): Promise<void> => {
    for (const ref of refs) {
      const result = await notify.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deactivating {0} on {1}…', nameText(ref.row.roleName), nameText(ref.row.scope.displayName)) },
        () => deactivateRow(ref),
      );
      if (result.ok) {
        // Deactivating says "I am done with it": a queued "activate again when it ends" would undo that.
        reactivations.cancel(ref.row.id);
        void notify.showInformationMessage(result.message);
      } else if (result.error?.kind === 'activeDurationTooShort' && ref.row.active?.startDateTime) {
        void notify.showWarningMessage(activeDurationTooShortUntil(ref.row.active.startDateTime).message);
      } else {
        void notify.showErrorMessage(result.message);
      }
    }
    await store.refresh();
  };

  const rowsFor = (args: readonly unknown[]): RowRef[] => rowIdsFromArgs(args).flatMap((id) => store.findRow(id) ?? []);

  return [
    registerCommand(log, 'azurePim.activate', async (...args: unknown[]) => {
      const ids = fromRolesView(args[0]) ? rowIdsFromArgs([undefined, deps.viewSelection?.() ?? []]) : rowIdsFromArgs(args);
      if (ids.length > 0) {
        forms.open(ids);
        return;
      }
      const refs = await pickRows(vscode.l10n.t('Select roles to activate'), (ref) => ref.row.state === 'eligible', true);
      if (refs.length > 0) {
        forms.open(refs.map((ref) => ref.row.id));
      }
    }),
    registerCommand(log, 'azurePim.activateRole', (...args: unknown[]) => {
      forms.open(rowIdsFromArgs(args));
    }),
    registerCommand(log, 'azurePim.reactivate', (...args: unknown[]) => {
      forms.open(rowIdsFromArgs(args));
    }),
    registerCommand(log, 'azurePim.deactivate', async (...args: unknown[]) => {
      let refs = rowsFor(args).filter((ref) => ref.row.state === 'active');
      if (refs.length === 0) {
        refs = await pickRows(vscode.l10n.t('Select a role to deactivate'), (ref) => ref.row.state === 'active', true);
      }
      await deactivate(refs);
    }),
    registerCommand(log, 'azurePim.cancelRequest', async (...args: unknown[]) => {
      // Only what PIM can cancel: waiting for approval, or scheduled (never a request being provisioned).
      const cancellable = (ref: RowRef): boolean => ref.row.pending !== undefined && isCancellable(ref.row.pending, now());
      let refs = rowsFor(args).filter(cancellable);
      if (refs.length === 0) {
        refs = await pickRows(vscode.l10n.t('Select a pending request to cancel'), cancellable, false);
      }
      for (const ref of refs) {
        const pending = ref.row.pending;
        if (!pending) {
          continue;
        }
        await cancelRoleRequest(ref.connection, pending);
        void notify.showInformationMessage(vscode.l10n.t('Request for {0} on {1} cancelled.', nameText(ref.row.roleName), nameText(ref.row.scope.displayName)));
      }
      await store.refresh();
    }),
    registerCommand(log, 'azurePim.manageActive', async (...args: unknown[]) => {
      const ids = Array.isArray(args[0]) ? args[0].filter((id): id is string => typeof id === 'string') : [];
      const refs = ids.length > 0 ? ids.flatMap((id) => store.findRow(id) ?? []) : store.allRows().filter((ref) => ref.row.state === 'active');
      const wanted = new Set(refs.map((candidate) => candidate.row.id));
      const ref = refs.length === 1 ? refs[0] : (await pickRows(vscode.l10n.t('Active roles'), (candidate) => wanted.has(candidate.row.id), false))[0];
      if (!ref) {
        return;
      }
      const remaining = ref.row.endsAt ? formatRemaining(ref.row.endsAt, now()) : '';
      const queued = reactivations.get(ref.row.id);
      const choice = await showQuickPick(
        [
          { label: vscode.l10n.t('Deactivate'), iconPath: new vscode.ThemeIcon('debug-stop'), action: 'deactivate' as const },
          { label: vscode.l10n.t('Re-activate…'), iconPath: new vscode.ThemeIcon('debug-restart'), action: 'reactivate' as const },
          ...(queued
            ? [{ label: vscode.l10n.t('Do Not Activate Again When It Ends'), iconPath: new vscode.ThemeIcon('close'), action: 'unqueue' as const }]
            : []),
        ],
        {
          title: remaining
            ? vscode.l10n.t('{0} on {1} ({2} left)', ref.row.roleName, ref.row.scope.displayName, remaining)
            : vscode.l10n.t('{0} on {1}', ref.row.roleName, ref.row.scope.displayName),
        },
      );
      if (choice?.action === 'deactivate') {
        await deactivate([ref]);
      } else if (choice?.action === 'reactivate') {
        forms.open([ref.row.id]);
      } else if (choice?.action === 'unqueue') {
        reactivations.cancel(ref.row.id);
      }
    }),
    registerCommand(log, 'azurePim.showHistory', async () => {
      const entries = store.tenants.flatMap((tenant) =>
        tenant.requests.map((request) => ({
          label: request.roleName,
          description: `${request.requestType} · ${describeRequest(request, now())}`,
          detail: `${request.scope.displayName}${request.createdOn ? ` · ${formatDateTime(request.createdOn)}` : ''}${request.justification ? ` · “${request.justification}”` : ''}`,
          request,
          tenantId: tenant.tenantId,
        })),
      );
      const receipts = deps.receipts.list().map((receipt) => ({ ...describeReceipt(receipt), request: undefined, tenantId: '' }));
      if (entries.length === 0 && receipts.length === 0) {
        void notify.showInformationMessage(vscode.l10n.t('No recent PIM requests.'));
        return;
      }
      const receiptsSeparator = { label: vscode.l10n.t('Elevation receipts (this computer)'), kind: vscode.QuickPickItemKind.Separator, request: undefined, tenantId: '' };
      const picked = await showQuickPick([...entries, ...(receipts.length > 0 ? [receiptsSeparator, ...receipts] : [])], {
        title: vscode.l10n.t('My PIM requests (newest first)'),
        matchOnDetail: true,
      });
      const connection = picked && store.connection(picked.tenantId);
      if (picked?.request && connection && isCancellable(picked.request, now())) {
        const cancelRequest = vscode.l10n.t('Cancel Request');
        const answer = await notify.showInformationMessage(vscode.l10n.t('Cancel the pending request for {0}?', nameText(picked.request.roleName)), cancelRequest);
        if (answer === cancelRequest) {
          await cancelRoleRequest(connection, picked.request);
          await store.refresh(picked.tenantId);
        }
      }
    }),
  ];
}
