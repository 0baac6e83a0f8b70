// Pinned roles (shown first in the Roles view) and saved presets of several roles with a default justification and
// duration, kept in globalState. Presets open the form preselected and prefilled, or activate at once when nothing
// more is needed.
import * as vscode from 'vscode';
import { registerCommand } from '../commands/commandRunner';
import type { PolicyCache } from '../core/policyCache';
import { directActivationBlocker, parsePinnedIds, parsePresets, withPreset, type RolePreset } from '../core/presets';
import { rowKind } from '../core/roleRows';
import type { RoleStore, RowRef } from '../core/roleStore';
import type { DeclaredRole } from '../core/workspaceElevation';
import { RoleItem, type PinnedRows } from '../views/rolesTree';
import { rememberJustification, type ActivationForms } from '../webview/activationPanel';
import type { WorkspaceElevator } from '../workspace/workspaceElevator';

const PINNED_KEY = 'azurePim.pinnedRoles';
const PRESETS_KEY = 'azurePim.presets';

export class Favorites implements PinnedRows, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memory: vscode.Memento) {}

  get pinnedIds(): ReadonlySet<string> {
    return new Set(parsePinnedIds(this.memory.get<unknown>(PINNED_KEY)));
  }

  get presets(): RolePreset[] {
    return parsePresets(this.memory.get<unknown>(PRESETS_KEY));
  }

  async pin(ids: readonly string[], pinned: boolean): Promise<void> {
    const current = this.pinnedIds;
    const next = pinned ? [...current, ...ids.filter((id) => !current.has(id))] : [...current].filter((id) => !ids.includes(id));
    await this.memory.update(PINNED_KEY, next);
    this.changed.fire();
  }

  async savePreset(preset: RolePreset): Promise<void> {
    await this.memory.update(PRESETS_KEY, withPreset(this.presets, preset));
    if (preset.justification) {
      // Presets feed the form's recent justifications.
      await rememberJustification(this.memory, preset.justification);
    }
    this.changed.fire();
  }

  async deletePreset(name: string): Promise<void> {
    await this.memory.update(PRESETS_KEY, this.presets.filter((preset) => preset.name !== name));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface FavoriteCommandDeps {
  readonly store: RoleStore;
  readonly favorites: Favorites;
  readonly forms: ActivationForms;
  readonly policies: PolicyCache;
  readonly elevator: WorkspaceElevator;
  readonly log: vscode.LogOutputChannel;
}

/** Tree commands get the clicked item and, with multi-select, every selected item. */
function rowIdsFromArgs(args: readonly unknown[]): string[] {
  const [clicked, selection] = args;
  const items = Array.isArray(selection) && selection.length > 0 ? selection : [clicked];
  return [...new Set(items.flatMap((item) => (item instanceof RoleItem ? [item.row.id] : typeof item === 'string' ? [item] : [])))];
}

export function registerFavoriteCommands(deps: FavoriteCommandDeps): vscode.Disposable[] {
  const { store, favorites, forms, log } = deps;

  const pickRows = async (): Promise<string[]> => {
    const items = store.allRows().map((ref) => ({ label: ref.row.roleName, description: ref.row.scope.displayName, detail: ref.row.state, id: ref.row.id }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Roles for the preset', canPickMany: true, matchOnDescription: true });
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
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Activating preset "${preset.name}"…` }, () =>
      deps.elevator.ensure(declared, prefill),
    );
    const text = `Preset "${preset.name}": ${result.summary}.`;
    void (result.ok ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(`${text} ${result.roles.filter((r) => !r.ok).map((r) => r.message).join(' ')}`));
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
      const name = await vscode.window.showInputBox({
        title: 'Save as preset (1/3): name',
        prompt: `${rowIds.length} role${rowIds.length === 1 ? '' : 's'}`,
        validateInput: (text) => (text.trim() ? undefined : 'Give the preset a name.'),
      });
      if (!name) {
        return;
      }
      const justification = await vscode.window.showInputBox({
        title: 'Save as preset (2/3): default justification (optional)',
        value: formSelection?.justification ?? '',
      });
      if (justification === undefined) {
        return;
      }
      const duration = await vscode.window.showInputBox({
        title: 'Save as preset (3/3): duration in minutes (optional, capped by each policy)',
        value: formSelection?.durationMinutes ? String(formSelection.durationMinutes) : '',
        validateInput: (text) => (text.trim() === '' || (/^\d+$/.test(text.trim()) && Number(text) >= 5 && Number(text) <= 1440) ? undefined : 'Minutes between 5 and 1440, or empty.'),
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
      void vscode.window.showInformationMessage(`Preset "${name.trim()}" saved. Run "Azure PIM: Activate Preset…" to use it.`);
    }),
    registerCommand(log, 'azurePim.activatePreset', async () => {
      const presets = favorites.presets;
      if (presets.length === 0) {
        void vscode.window.showInformationMessage('No presets yet. Select roles in the Roles view and run "Save Selection as Preset…".');
        return;
      }
      const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete preset' };
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { preset: RolePreset }>();
      pick.title = 'Activate preset';
      pick.items = presets.map((preset) => ({
        label: preset.name,
        description: `${preset.rowIds.length} role${preset.rowIds.length === 1 ? '' : 's'}${preset.durationMinutes ? ` · ${preset.durationMinutes} min` : ''}`,
        detail: preset.rowIds.map((id) => store.findRow(id)).map((ref) => (ref ? `${ref.row.roleName} on ${ref.row.scope.displayName}` : 'not loaded')).join(', '),
        buttons: [remove],
        preset,
      }));
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
