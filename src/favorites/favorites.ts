// Pinned roles (shown first in the Roles view) and saved presets of several roles with a default justification and
// duration, kept in globalState. The commands that use them are in src/commands/favoriteCommands.ts.
import * as vscode from 'vscode';
import { parsePinnedIds, parsePresets, withPreset, type RolePreset } from '../core/flows/presets';
import type { FormMemory } from '../core/store/formMemory';

const PINNED_KEY = 'azurePim.pinnedRoles';
const PRESETS_KEY = 'azurePim.presets';

export class Favorites implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memory: vscode.Memento,
    private readonly formMemory: FormMemory,
  ) {}

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
      await this.formMemory.rememberJustification(preset.justification);
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
