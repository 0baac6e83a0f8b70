// The form was submitted for a role that is still active. PIM cannot extend an activation, so the user chooses: activate
// again when it ends (queued with the form's answers), or end it now and activate again, after a modal that says what
// is lost. Nothing is ended without that confirmation.
import * as vscode from 'vscode';
import { reactivationLossText } from '../core/model/presentation';
import { serviceNowOf, type RowRef } from '../core/store/roleStore';
import type { ActivationPolicy } from '../shared/policyShape';
import { formatTime } from '../shared/locale';
import * as notify from '../ui/notify';
import { showQuickPick } from '../ui/quickInput';

export type ReactivationMode = 'whenEnds' | 'replace';

/** Asks how to re-activate the still-active roles; undefined when the user backs out (nothing is sent then). */
export async function askHowToReactivate(refs: readonly RowRef[], policyOf: (ref: RowRef) => ActivationPolicy | undefined): Promise<ReactivationMode | undefined> {
  const first = refs[0];
  if (!first) {
    return undefined;
  }
  const ends = refs.length === 1 && first.row.endsAt ? formatTime(first.row.endsAt) : undefined;
  const items = [
    {
      label: vscode.l10n.t('Activate again when it ends'),
      detail: ends
        ? vscode.l10n.t('Keeps the time left; the new activation is requested at {0} with these answers (while VS Code stays open).', ends)
        : vscode.l10n.t('Keeps the time left; each new activation is requested when the current one ends, with these answers (while VS Code stays open).'),
      mode: 'whenEnds' as const,
    },
    {
      label: vscode.l10n.t('Deactivate now and activate again…'),
      detail: vscode.l10n.t('Ends the current activation first; you are asked to confirm what is lost.'),
      mode: 'replace' as const,
    },
  ];
  const title =
    refs.length === 1
      ? vscode.l10n.t('{0} on {1} is still active, and PIM cannot extend an activation', first.row.roleName, first.row.scope.displayName)
      : vscode.l10n.t('{0} roles are still active, and PIM cannot extend an activation', refs.length);
  const picked = await showQuickPick(items, { title, ignoreFocusOut: true });
  if (picked?.mode !== 'replace') {
    return picked?.mode;
  }
  const confirm = vscode.l10n.t('Deactivate and Activate Again');
  const answer = await notify.showWarningMessage(
    refs.length === 1 ? vscode.l10n.t('Deactivate the current activation now?') : vscode.l10n.t('Deactivate {0} current activations now?', refs.length),
    { modal: true, detail: refs.map((ref) => reactivationLossText(ref.row, policyOf(ref), serviceNowOf(ref.connection))).join('\n') },
    confirm,
  );
  return answer === confirm ? 'replace' : undefined;
}
