// Stands in for the user at a language-model tool's confirmation while the extension-host suites run: VS Code shows
// it as a modal dialog when a tool is invoked outside a chat. The dialog's text is appended (one JSON string per
// line) to the file the suites read (PIM_EXTHOST_DIALOGS), so a suite can check what the user was asked.
import * as fs from 'node:fs';
import type { Workbench } from './workbench';

/** The Azure PIM activation tool's confirmation title (workspace/languageModelTools.ts). */
const TOOL_CONFIRMATION = /Azure PIM roles? for the agent\?/;

export async function confirmToolInvocationIfAsked(workbench: Workbench, dialogsFile: string, timeoutMs: number): Promise<boolean> {
  const dialog = workbench.dialog().filter({ hasText: TOOL_CONFIRMATION }).first();
  if (!(await dialog.isVisible()) && !(await dialog.waitFor({ state: 'visible', timeout: timeoutMs }).then(() => true, () => false))) {
    return false;
  }
  fs.appendFileSync(dialogsFile, `${JSON.stringify(await dialog.innerText())}\n`);
  await dialog.getByRole('button', { name: /^(Yes|Continue|Allow|OK)$/ }).first().click();
  await dialog.waitFor({ state: 'hidden' });
  return true;
}
