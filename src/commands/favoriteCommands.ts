// Pin, unpin, save and activate presets (src/favorites/favorites.ts keeps them). A preset opens the form preselected and
// prefilled, or activates at once when nothing more is needed.
import * as vscode from 'vscode';
import { directActivationBlocker, type RolePreset } from '../core/flows/presets';
import type { DeclaredRole } from '../core/flows/declaredRoles';
import { rowKind } from '../core/model/roleRows';
import type { PolicyCache } from '../core/store/policyCache';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import type { Favorites } from '../favorites/favorites';
import { nameText } from '../shared/inertText';
import { ACTIVATION_LIMITS, isActivationMinutes } from '../shared/limits';
import { formatList } from '../shared/locale';
import * as notify from '../ui/notify';
import { createQuickPick, inertItem, showInputBox, showQuickPick } from '../ui/quickInput';
import { rowIdsFromArgs } from '../views/treeNodes';
import type { ActivationForms } from '../webview/activationPanel';
import type { ElevationRunner } from '../workspace/elevationRunner';
import { registerCommand } from './commandRunner';

export interface FavoriteCommandDeps {
  readonly store: RoleStore;
  readonly favorites: Favorites;
  readonly forms: ActivationForms;
  readonly policies: PolicyCache;
  readonly elevator: ElevationRunner;
  readonly log: vscode.LogOutputChannel;
}

export function registerFavoriteCommands(deps: FavoriteCommandDeps): vscode.Disposable[] {
  const { store, favorites, forms, log } = deps;

  const pickRows = async (): Promise<string[]> => {
    const items = store.allRows().map((ref) => ({ label: ref.row.roleName, description: ref.row.scope.displayName, detail: ref.row.state, id: ref.row.id }));
    const picked = await showQuickPick(items, { title: vscode.l10n.t('Roles for the preset'), canPickMany: true, matchOnDescription: true });
    return (picked ?? []).map((item) => item.id);
  };

  const activatePreset = async (preset: RolePreset): Promise<void> => {
    const refs = preset.rowIds.flatMap((id) => store.findRow(id) ?? []);
    const eligible = refs.filter((ref) => ref.row.eligible && (ref.row.state === 'eligible' || ref.row.state === 'active'));
    const policies = await Promise.all(eligible.map((ref) => deps.elevator.policyFor(ref)));
    const blocker = directActivationBlocker(preset, eligible.length, policies);
    const prefill = { ...(preset.justification ? { justification: preset.justification } : {}), ...(preset.durationMinutes ? { durationMinutes: preset.durationMinutes } : {}) };
    if (blocker) {
      log.info(`Preset "${preset.name}" opens the form: ${blocker}.`);
      forms.open(eligible.map((ref) => ref.row.id), prefill);
      return;
    }
    const declared = eligible.map((ref) => declaredFromRow(ref, preset));
    const result = await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Activating preset "{0}"…', nameText(preset.name)) }, () =>
      deps.elevator.ensure(declared, prefill),
    );
    const failures = result.roles.filter((r) => !r.ok).map((r) => r.message).join(' ');
    void (result.ok
      ? notify.showInformationMessage(vscode.l10n.t('Preset "{0}": {1}.', nameText(preset.name), result.summary))
      : notify.showWarningMessage(vscode.l10n.t('Preset "{0}": {1}. {2}', nameText(preset.name), result.summary, failures)));
  };

  return [
    registerCommand(log, 'azurePim.pin', (...args: unknown[]) => favorites.pin(rowIdsFromArgs(args), true)),
    registerCommand(log, 'azurePim.unpin', (...args: unknown[]) => favorites.pin(rowIdsFromArgs(args), false)),
    registerCommand(log, 'azurePim.savePreset', async (...args: unknown[]) => {
      // From the tree (multi-select), from the open form (its selection and what was typed), or picked here.
      const formSelection = rowIdsFromArgs(args).length === 0 ? forms.selection : undefined;
      const rowIds = rowIdsFromArgs(args).length > 0 ? rowIdsFromArgs(args) : formSelection && formSelection.rowIds.length > 0 ? [...formSelection.rowIds] : await pickRows();
      if (rowIds.length === 0) {
        return;
      }
      const name = await showInputBox({
        title: vscode.l10n.t('Save as preset (1/3): name'),
        prompt: rowIds.length === 1 ? vscode.l10n.t('1 role') : vscode.l10n.t('{0} roles', rowIds.length),
        validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('Give the preset a name.')),
      });
      if (!name) {
        return;
      }
      const justification = await showInputBox({
        title: vscode.l10n.t('Save as preset (2/3): default justification (optional)'),
        value: formSelection?.justification ?? '',
      });
      if (justification === undefined) {
        return;
      }
      const duration = await showInputBox({
        title: vscode.l10n.t('Save as preset (3/3): duration in minutes (optional, capped by each policy)'),
        value: formSelection?.durationMinutes ? String(formSelection.durationMinutes) : '',
        validateInput: (text) =>
          text.trim() === '' || (/^\d+$/.test(text.trim()) && isActivationMinutes(Number(text)))
            ? undefined
            : vscode.l10n.t('Minutes between {0} and {1}, or empty.', ACTIVATION_LIMITS.minMinutes, ACTIVATION_LIMITS.maxMinutes),
      });
      if (duration === undefined) {
        return;
      }
      await favorites.savePreset({
        name: name.trim(),
        rowIds,
        ...(justification.trim() ? { justification: justification.trim() } : {}),
        ...(duration.trim() ? { durationMinutes: Number(duration.trim()) } : {}),
      });
      void notify.showInformationMessage(vscode.l10n.t('Preset "{0}" saved. Run "Azure PIM: Activate Preset…" to use it.', nameText(name)));
    }),
    registerCommand(log, 'azurePim.activatePreset', async () => {
      const presets = favorites.presets;
      if (presets.length === 0) {
        void notify.showInformationMessage(vscode.l10n.t('No presets yet. Select roles in the Roles view and run "Save Selection as Preset…".'));
        return;
      }
      const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete preset') };
      const pick = createQuickPick<vscode.QuickPickItem & { preset: RolePreset }>();
      pick.title = vscode.l10n.t('Activate preset');
      pick.items = presets.map((preset) =>
        inertItem({
          label: preset.name,
          description: presetDescription(preset),
          detail: formatList(
            preset.rowIds.map((id) => store.findRow(id)).map((ref) => (ref ? vscode.l10n.t('{0} on {1}', nameText(ref.row.roleName), nameText(ref.row.scope.displayName)) : vscode.l10n.t('not loaded'))),
          ),
          buttons: [remove],
          preset,
        }),
      );
      const chosen = await new Promise<RolePreset | undefined>((resolve) => {
        pick.onDidAccept(() => resolve(pick.selectedItems[0]?.preset));
        pick.onDidHide(() => resolve(undefined));
        pick.onDidTriggerItemButton((event) => {
          void favorites.deletePreset(event.item.preset.name);
          pick.items = pick.items.filter((item) => item !== event.item);
        });
        pick.show();
      });
      pick.dispose();
      if (chosen) {
        await activatePreset(chosen);
      }
    }),
  ];
}

/** "2 roles · 60 min" in the preset picker. */
function presetDescription(preset: RolePreset): string {
  const count = preset.rowIds.length;
  const minutes = preset.durationMinutes;
  if (minutes) {
    return count === 1 ? vscode.l10n.t('1 role · {0} min', minutes) : vscode.l10n.t('{0} roles · {1} min', count, minutes);
  }
  return count === 1 ? vscode.l10n.t('1 role') : vscode.l10n.t('{0} roles', count);
}

function declaredFromRow(ref: RowRef, preset: RolePreset): DeclaredRole {
  const key = (ref.row.eligible ?? ref.row.active)?.key;
  return {
    role: key?.roleDefinitionId ?? ref.row.roleName,
    scope: key?.scope ?? ref.row.scope.id,
    kind: rowKind(ref.row),
    tenantId: ref.connection.tenantId,
    ...(preset.justification ? { justification: preset.justification } : {}),
    ...(preset.durationMinutes ? { durationMinutes: preset.durationMinutes } : {}),
  };
}
