// Changes user settings in the running editor through the test-harness command (VS Code's configuration API, as the
// Settings editor would): code-server does not notice settings.json written behind its back.
import { e2e } from './context';

/** Sets user settings; `null` removes one (back to its default). */
export async function updateUserSettings(values: Readonly<Record<string, unknown>>): Promise<void> {
  const { workbench, page } = e2e();
  await workbench.runCommand('Update User Settings from JSON…');
  await workbench.answerInputBox(JSON.stringify(values), /User settings to change/);
  // The harness writes them one by one; extensions hear of each through onDidChangeConfiguration.
  await page.waitForTimeout(500);
}
