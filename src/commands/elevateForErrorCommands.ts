// "Azure PIM: Elevate for This Error…": the same as the terminal link, for any text: the editor selection, else the
// clipboard when it holds an authorization error, else text the user pastes.
import * as vscode from 'vscode';
import { findAuthorizationDenials, type AuthorizationDenial } from '../core/permissions/authorizationErrors';
import { scopeShortName } from '../core/permissions/failingScope';
import * as notify from '../ui/notify';
import { showInputBox, showQuickPick } from '../ui/quickInput';
import { registerCommand } from './commandRunner';
import type { ErrorElevation } from './errorElevation';

/** The text to look at, and where it came from; undefined when the user cancelled. */
async function errorText(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    return editor.document.getText(editor.selection);
  }
  const clipboard = await vscode.env.clipboard.readText();
  if (findAuthorizationDenials(clipboard).length > 0) {
    return clipboard;
  }
  return showInputBox({
    title: vscode.l10n.t('Elevate for This Error'),
    prompt: vscode.l10n.t('Paste the error text (it says "does not have authorization to perform action …")'),
    ignoreFocusOut: true,
  });
}

/** One denial of several (a deployment can fail on several actions at once). */
async function pickDenial(denials: readonly AuthorizationDenial[]): Promise<AuthorizationDenial | undefined> {
  if (denials.length <= 1) {
    return denials[0];
  }
  const picked = await showQuickPick(
    denials.map((denial) => ({ label: denial.operation, description: denial.scope ? scopeShortName(denial.scope) : '', detail: denial.scope ?? '', denial })),
    { title: vscode.l10n.t('Which denied action?'), matchOnDescription: true },
  );
  return picked?.denial;
}

export function registerElevateForErrorCommands(elevation: ErrorElevation, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    registerCommand(log, 'azurePim.elevateForError', async (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : await errorText();
      if (text === undefined) {
        return undefined;
      }
      const denials = findAuthorizationDenials(text);
      if (denials.length === 0) {
        void notify.showInformationMessage(
          vscode.l10n.t('No authorization error that names the denied action was found. Select or copy the whole error (it says "does not have authorization to perform action …"), then try again.'),
        );
        return undefined;
      }
      const denial = await pickDenial(denials);
      return denial ? elevation.elevate(denial) : undefined;
    }),
  ];
}
