// Product-specific steps for the browser specs: sign in, read the Roles view, drive the activation form.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { E2E } from '../emulator/testing';
import { e2e, setE2EContext, type E2EContext } from './context';
import type { TreeItem, Workbench } from './workbench';

export const VIEW = 'Roles';
export const FORM_TITLE = 'Activate roles';
/** The confirming button of the product's question about a custom endpoint (also inside ⟦…⟧ when pseudo-translated). */
export const TRUST_ENDPOINT_BUTTON = /Trust and Send Token/;

/**
 * The product's modal question before its first token goes to a custom endpoint: the runner points the product
 * at the emulator (`azurePim.cloud: Custom`), so every editor asks once about the emulator's origin.
 */
export function endpointQuestion(workbench: Workbench, emulatorUrl: string): Locator {
  return workbench.dialog().filter({ hasText: new URL(emulatorUrl).host }).first();
}

/** Confirms the emulator's origin if the product asks within the timeout; false when it did not ask. */
export function trustEmulatorIfAsked(workbench: Workbench, emulatorUrl: string, timeoutMs?: number): Promise<boolean> {
  return workbench.answerDialogIfShown(new URL(emulatorUrl).host, TRUST_ENDPOINT_BUTTON, timeoutMs);
}

/**
 * Opens the view and signs in through the fake Microsoft provider (answering VS Code's consent prompt, and the
 * product's question about the emulator endpoint when this editor has not confirmed it yet).
 */
export async function signIn(): Promise<void> {
  const { workbench, page, emulatorUrl } = e2e();
  await workbench.openViewContainer('Azure PIM');
  const view = workbench.view(VIEW);
  const signInButton = view.getByRole('button', { name: 'Sign In' });
  await workbench.step('The signed-out welcome with a Sign In button', () => signInButton.waitFor({ state: 'visible' }));
  await signInButton.click();
  await workbench.allowAuthenticationDialog();
  const roles = view.locator('[role="treeitem"]').filter({ hasText: 'Contributor' }).first();
  const question = endpointQuestion(workbench, emulatorUrl);
  await workbench.step('Roles (or the question about the emulator endpoint) appearing after sign-in', () =>
    roles.or(question).first().waitFor({ state: 'visible', timeout: 30_000 }),
  );
  if (await question.isVisible()) {
    await question.getByRole('button', { name: TRUST_ENDPOINT_BUTTON }).click();
    await question.waitFor({ state: 'hidden' });
  }
  await workbench.step('Roles appearing after sign-in', () => roles.waitFor({ state: 'visible', timeout: 30_000 }));
  await page.waitForTimeout(300);
}

/**
 * A second editor signed in as the approver (Alice Admin, the fake provider's second identity), its tenants listed; it becomes the current e2e context (set
 * the requester's back with `setE2EContext` before using it again).
 */
export async function startApprover(main: E2EContext, name: string, settings?: Record<string, unknown>): Promise<E2EContext & { close(): Promise<void> }> {
  const approver = await main.startAnotherWorkbench({ name, env: { PIM_FAKE_AUTH_USER_ID: E2E.approver }, settings });
  setE2EContext(approver);
  const bench = approver.workbench;
  await bench.openViewContainer('Azure PIM');
  const signInButton = bench.view(VIEW).getByRole('button', { name: 'Sign In' });
  await bench.step('The approver signing in', () => signInButton.waitFor({ state: 'visible' }));
  await signInButton.click();
  await bench.allowAuthenticationDialog();
  await trustEmulatorIfAsked(bench, approver.emulatorUrl, 30_000);
  await bench.step('The approver signed in (tenants listed)', () =>
    bench.view(VIEW).locator('[role="treeitem"]').filter({ hasText: 'Contoso' }).first().waitFor({ state: 'visible', timeout: 30_000 }),
  );
  return approver;
}

/** Rows of the Roles view whose label matches. */
export async function rolesNamed(label: string): Promise<TreeItem[]> {
  const items = await e2e().workbench.treeItems(VIEW);
  return items.filter((item) => item.label === label);
}

/** Waits until a role row's description matches (the tree refreshes asynchronously). */
export async function waitForRole(label: string, description: RegExp, timeoutMs = 30_000): Promise<TreeItem> {
  const { workbench, page } = e2e();
  const deadline = Date.now() + timeoutMs;
  let seen: TreeItem[] = [];
  while (Date.now() < deadline) {
    seen = await workbench.treeItems(VIEW, { minimum: 0 });
    const match = seen.find((item) => item.label === label && description.test(item.description));
    if (match) {
      return match;
    }
    await page.waitForTimeout(250);
  }
  const shot = await workbench.screenshot(`failure-role-${label.replace(/\W+/g, '-')}-${Date.now()}`);
  assert.fail(`No "${label}" row with a description matching ${String(description)}; rows: ${seen.map((i) => `${i.label} [${i.description}]`).join(' | ')}. Screenshot: ${shot}`);
}

/**
 * Waits until the row of a role on one scope has a matching description. The label alone is ambiguous (Contributor is
 * eligible on Fabrikam Shared too): the row's accessible sentence ("Contributor on Contoso Dev, Subscription, …") names the scope.
 */
export async function waitForRoleOn(label: string, scopeName: string, description: RegExp, timeoutMs = 30_000): Promise<TreeItem> {
  const { workbench, page } = e2e();
  const deadline = Date.now() + timeoutMs;
  let seen: TreeItem[] = [];
  while (Date.now() < deadline) {
    seen = await workbench.treeItems(VIEW, { minimum: 0 });
    const match = seen.find((item) => item.label === label && item.ariaLabel.startsWith(`${label} on ${scopeName},`) && description.test(item.description));
    if (match) {
      return match;
    }
    await page.waitForTimeout(250);
  }
  const shot = await workbench.screenshot(`failure-role-${label.replace(/\W+/g, '-')}-${Date.now()}`);
  assert.fail(`No "${label}" row on ${scopeName} with a description matching ${String(description)}; rows: ${seen.map((i) => `${i.ariaLabel} [${i.description}]`).join(' | ')}. Screenshot: ${shot}`);
}

/** Waits until a row of the Roles view (a tenant, a role, a message) has a label (and description) that match, and returns it. */
export async function waitForTreeRow(label: RegExp, description = /(?:)/, timeoutMs = 30_000): Promise<TreeItem> {
  const { workbench, page } = e2e();
  const deadline = Date.now() + timeoutMs;
  let seen: TreeItem[] = [];
  while (Date.now() < deadline) {
    seen = await workbench.treeItems(VIEW, { minimum: 0 });
    const match = seen.find((item) => label.test(item.label) && description.test(item.description));
    if (match) {
      return match;
    }
    await page.waitForTimeout(250);
  }
  const shot = await workbench.screenshot(`failure-row-${Date.now()}`);
  assert.fail(`No row matching ${String(label)} [${String(description)}]; rows: ${seen.map((i) => `${i.label} [${i.description}]`).join(' | ')}. Screenshot: ${shot}`);
}

/** The Roles view's Clear Filter action in the title, there while a filter is set. */
export function clearFilterAction(workbench: Workbench): Locator {
  return workbench.page.locator('.part.sidebar .action-label[aria-label^="Clear Filter"]').first();
}

/**
 * Presses the Roles view's Collapse All and waits until only top-level rows are left; returns them. It first waits for a
 * cleared filter to leave the title: VS Code then redraws the title's actions, and a press landing in that redraw is
 * lost (once in CI every tenant stayed expanded). While rows stay open it presses again, 3 times in all at most.
 */
export async function collapseAllRows(workbench: Workbench): Promise<TreeItem[]> {
  const { page } = workbench;
  await workbench.step('The Clear Filter action leaving the title', () => clearFilterAction(workbench).waitFor({ state: 'detached' }));
  const collapseAll = page.locator('.part.sidebar .action-label[aria-label^="Collapse All"]').first();
  let rows: TreeItem[] = [];
  for (let press = 1; press <= 3; press++) {
    if (press > 1) {
      console.log(`    (Collapse All left rows open; pressing it again, press ${press})`);
    }
    await workbench.view(VIEW).hover();
    await collapseAll.click();
    const deadline = Date.now() + 5_000;
    do {
      rows = await workbench.treeItems(VIEW);
      if (rows.every((row) => row.level === 1)) {
        return rows;
      }
      await page.waitForTimeout(250);
    } while (Date.now() < deadline);
  }
  const shot = await workbench.screenshot(`failure-collapse-all-${Date.now()}`);
  assert.fail(`Collapse All left rows open after 3 presses: ${rows.map((row) => `${row.label}@${row.level}`).join(' | ')}. Screenshot: ${shot}`);
}

/** Opens the form through the command palette with these roles checked in the quick pick. */
export async function openActivationForm(roles: readonly (string | RegExp)[]): Promise<FrameLocator> {
  const { workbench } = e2e();
  await workbench.runCommand('Azure PIM: Activate Role…');
  await workbench.checkQuickPickItems(roles);
  const form = await workbench.webview(FORM_TITLE);
  await workbench.step('The form listing roles', () => form.locator('#roles .role-row').first().waitFor({ state: 'visible' }));
  return form;
}

/** The form's row for a role (its name and scope are in the row's text). */
export function formRow(form: FrameLocator, text: string | RegExp) {
  return form.locator('#roles .role-row').filter({ hasText: text }).first();
}

export async function waitForPolicyLoaded(form: FrameLocator, text: string | RegExp): Promise<string> {
  const line = formRow(form, text).locator('.policy-line[data-state="loaded"]');
  await e2e().workbench.step(`The policy of ${String(text)} loading in the form`, () => line.waitFor({ state: 'visible' }));
  return (await line.textContent()) ?? '';
}

export async function typeJustification(form: FrameLocator, text: string): Promise<void> {
  await form.locator('#justification textarea').fill(text);
}

/** Waits for the progress line of a role to reach an outcome. */
export async function waitForOutcome(form: FrameLocator, text: string | RegExp, outcome: string, timeoutMs = 60_000): Promise<string> {
  const progress = formRow(form, text).locator(`.progress-line[data-outcome="${outcome}"]`);
  await e2e().workbench.step(
    `${String(text)} reaching "${outcome}" in the form`,
    () => progress.waitFor({ state: 'visible', timeout: timeoutMs }),
    async () => `progress lines: ${(await form.locator('.progress-line').allTextContents()).join(' | ')}`,
  );
  return (await progress.textContent()) ?? '';
}

/** Closes the activation form's editor tab. */
export async function closeForm(): Promise<void> {
  const { workbench, page } = e2e();
  const tab = workbench.editorTab(FORM_TITLE);
  if (await tab.isVisible()) {
    await tab.click();
    await page.keyboard.press('Control+W');
    await tab.waitFor({ state: 'hidden' });
  }
}

/** Runs a command and waits for the refresh it triggers to settle. */
export async function refreshRoles(): Promise<void> {
  const { workbench, page } = e2e();
  await workbench.runCommand('Azure PIM: Refresh');
  await page.waitForTimeout(500);
}

/** PUT requests the emulator has seen (activation and deactivation requests). */
export function putRequests(): string[] {
  return e2e()
    .emulator.requests.filter((request) => request.method === 'PUT')
    .map((request) => request.path);
}

/** Sets (or clears, with '') the Graph app registration through the product's own command. */
export async function configureGraphApp(clientId: string): Promise<void> {
  const { workbench, page } = e2e();
  await workbench.runCommand('Azure PIM: Configure Graph App for Entra Roles and Groups…');
  await workbench.answerInputBox(clientId);
  await page.waitForTimeout(500);
}

/** The client id the e2e scenario's Graph consents to (test/emulator/scenarios/e2e.json). */
export const GRAPH_CLIENT_ID = '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11';

/** The "Azure PIM" output channel's log as the extension host wrote it (every session of this code-server). */
export function productLog(): string {
  const logs = path.join(e2e().codeServer.userDataDir, 'logs');
  const files = fs.existsSync(logs)
    ? fs.readdirSync(logs).flatMap((session) => {
        const dir = path.join(logs, session, 'exthost1', 'azure-pim-tools.azure-pim-vscode');
        return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
      })
    : [];
  return files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}
