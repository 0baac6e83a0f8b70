// The only place that opens quick picks and input boxes (eslint's no-restricted-syntax rule keeps it so). Item
// labels, descriptions and details render `$(icon)` and are shown again in a markdown hover; input box prompts and
// validation messages render icons and find command links: all of them go through labelText. Our own icons go in
// `iconPath`, never into the text. Titles and placeholders are plain text.
import * as vscode from 'vscode';
import { labelText, pickDetailText, stripControls } from '../shared/inertText';

const inertItems = new WeakSet<object>();

/** A copy of `item` (extra fields kept) whose texts are inert; an item made inert before is returned as it is. */
export function inertItem<T extends vscode.QuickPickItem>(item: T): T {
  if (inertItems.has(item)) {
    return item;
  }
  const copy: T = {
    ...item,
    label: labelText(item.label),
    ...(item.description === undefined ? {} : { description: pickDetailText(item.description) }),
    ...(item.detail === undefined ? {} : { detail: pickDetailText(item.detail) }),
  };
  inertItems.add(copy);
  return copy;
}

function inertOptions<O extends vscode.QuickPickOptions | vscode.InputBoxOptions>(options: O): O {
  return {
    ...options,
    ...(options.title === undefined ? {} : { title: stripControls(options.title) }),
    ...(options.placeHolder === undefined ? {} : { placeHolder: stripControls(options.placeHolder) }),
  };
}

export function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Promise<T[] | undefined>;
export function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Promise<T | undefined>;
/** vscode.window.showQuickPick with inert items; answers with the caller's own items. */
export async function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions = {}): Promise<T | T[] | undefined> {
  const shown = items.map(inertItem);
  const original = (picked: T): T => items[shown.indexOf(picked)] ?? picked;
  if (options.canPickMany) {
    const picked = await vscode.window.showQuickPick(shown, { ...inertOptions(options), canPickMany: true });
    return picked?.map(original);
  }
  const picked = await vscode.window.showQuickPick(shown, inertOptions(options));
  return picked === undefined ? undefined : original(picked);
}

/** vscode.window.createQuickPick; set its items with inertItem (`pick.items = list.map(inertItem)`). */
export function createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T> {
  return vscode.window.createQuickPick<T>();
}

/** vscode.window.showInputBox with the prompt and every validation message inert. */
export function showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    ...inertOptions(options),
    ...(options.prompt === undefined ? {} : { prompt: labelText(options.prompt) }),
    ...(options.validateInput
      ? {
          validateInput: async (value: string) => {
            const message = await options.validateInput?.(value);
            return typeof message === 'string' ? labelText(message) : message && { ...message, message: labelText(message.message) };
          },
        }
      : {}),
  });
}
