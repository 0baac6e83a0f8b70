// Accessibility (#19): axe-core finds nothing in the activation form, in the four theme kinds and its main states;
// the whole mission works by keyboard with visible focus; what a screen reader hears is a sentence, errors are tied to
// their fields and progress goes to a polite live region.
import * as assert from 'node:assert/strict';
import { errors, type FrameLocator } from 'playwright-core';
import { axeViolations, describeViolations, frameOf, type AllowedViolation } from '../axe';
import { e2e } from '../context';
import { closeForm, formRow, FORM_TITLE, openActivationForm, signIn, typeJustification, VIEW, waitForOutcome, waitForPolicyLoaded, waitForRole, waitForRoleOn } from '../pim';
import { updateUserSettings } from '../userSettings';
import { assertVisibleFocus, focused, pressUntil, runCommandByKeys } from '../keyboard';
import { accessibleNode } from '../screenReader';

/** The four theme kinds: the setting value, and the class VS Code gives a webview's body in it. */
const THEMES = [
  { name: 'Dark Modern', bodyClass: 'vscode-dark' },
  { name: 'Light Modern', bodyClass: 'vscode-light' },
  { name: 'Default High Contrast', bodyClass: 'vscode-high-contrast' },
  { name: 'Default High Contrast Light', bodyClass: 'vscode-high-contrast-light' },
] as const;

const ALLOWED: readonly AllowedViolation[] = [];

/** The inputs inside the form's components (shadow DOM), where focus and the screen reader go. */
const JUSTIFICATION_INPUT = `document.querySelector('#justification').shadowRoot.querySelector('textarea')`;
const TICKET_NUMBER_INPUT = `document.querySelector('#ticketNumber').shadowRoot.querySelector('input')`;

describe('Accessibility', function () {
  this.timeout(300_000);

  before(async () => {
    await signIn();
  });

  after(async () => {
    await e2e().page.keyboard.press('Escape');
    e2e().emulator.setLatency({});
    e2e().emulator.setFaults([]);
    await closeForm();
    await updateUserSettings({ 'workbench.colorTheme': null });
  });

  /** Runs axe in the form in every theme kind; returns what it found, per theme. */
  async function checkInEveryTheme(form: FrameLocator, state: string): Promise<string[]> {
    const { workbench, page } = e2e();
    const found: string[] = [];
    for (const theme of THEMES) {
      // Focus leaves the form first: seen in runs of this spec, the webview taking focus back (after the palette closed)
      // closed the settings input box before it could be answered.
      await workbench.view(VIEW).locator('[role="tree"]').focus();
      await updateUserSettings({ 'workbench.colorTheme': theme.name });
      const body = form.locator(`body.${theme.bodyClass}`);
      await workbench.step(`The form in ${theme.name}`, () => body.waitFor({ state: 'attached', timeout: 10_000 }));
      await page.waitForTimeout(300);
      const violations = await axeViolations(await frameOf(form), ALLOWED);
      await workbench.screenshot(`15-axe-${state}-${theme.bodyClass}`);
      if (violations.length > 0) {
        found.push(`${state} in ${theme.name}:\n${describeViolations(violations)}`);
      }
    }
    return found;
  }

  it('axe-core: the activation form has no violations in any theme kind, empty, filled, with errors, activating and with results', async () => {
    const { workbench, emulator } = e2e();
    const found: string[] = [];
    const form = await openActivationForm(['Contributor', 'Owner', /^Reader$/]);
    await waitForPolicyLoaded(form, 'Contributor');
    await waitForPolicyLoaded(form, 'Owner');
    await waitForPolicyLoaded(form, 'Reader');
    await typeJustification(form, '');
    found.push(...(await checkInEveryTheme(form, 'empty')));

    await form.locator('#activate').click();
    await workbench.step('The validation errors', () => form.locator('#justificationError').waitFor({ state: 'visible' }));
    // Each error is the description of its field, which is marked invalid (what a screen reader says on it).
    const frame = await frameOf(form);
    const justification = await accessibleNode(frame, JUSTIFICATION_INPUT);
    assert.deepEqual([justification.name, justification.invalid], ['Justification', true]);
    assert.equal(justification.description, (await form.locator('#justificationError').textContent())?.trim());
    const ticket = await accessibleNode(frame, TICKET_NUMBER_INPUT);
    assert.deepEqual([ticket.invalid, ticket.description], [true, (await form.locator('#ticketNumberError').textContent())?.trim()]);
    const status = await accessibleNode(frame, `document.querySelector('#status')`);
    assert.deepEqual([status.role, status.live], ['status', 'polite']);
    assert.match((await form.locator('#status').textContent()) ?? '', /^Not sent\./);
    found.push(...(await checkInEveryTheme(form, 'errors')));

    await typeJustification(form, 'Rotate the release keys');
    await form.locator('#ticketNumber input').fill('CHG-1234');
    await form.locator('#ticketSystem input').fill('ServiceNow');
    await workbench.step('The errors going away', () => form.locator('#justificationError').waitFor({ state: 'hidden' }));
    const fixed = await accessibleNode(frame, JUSTIFICATION_INPUT);
    assert.deepEqual([fixed.invalid, fixed.description], [false, ''], 'a fixed field is no longer invalid nor described by its old error');
    found.push(...(await checkInEveryTheme(form, 'filled')));

    emulator.setLatency({ perRouteMs: { roleAssignmentScheduleRequests: 25_000 } });
    emulator.setFaults([{ match: { method: 'PUT', pathIncludes: '/resourceGroups/rg-app/' }, kind: 'status', status: 400, code: 'RoleAssignmentRequestPolicyValidationFailed', message: 'The following policy rules failed: ["TicketingRule"]' }]);
    await form.locator('#activate').click();
    await workbench.step('The form activating', () => form.locator('.progress-line[data-outcome="sending"]').first().waitFor({ state: 'visible' }));
    // The live region says so, and nothing around it is marked busy (a screen reader may hold back a busy region).
    assert.match((await form.locator('#status').textContent()) ?? '', /^(Activating 3 roles…|.+ on .+: Sending request…)$/);
    assert.equal(await form.locator('#status').evaluate((status) => status.closest('[aria-busy="true"]')?.id ?? null), null, 'no busy ancestor of the live region');
    found.push(...(await checkInEveryTheme(form, 'activating')));
    emulator.setLatency({});

    await waitForOutcome(form, 'Contributor', 'active', 90_000);
    await waitForOutcome(form, 'Owner', 'pendingApproval');
    await formRow(form, 'Reader').locator('.progress-line[data-tone="error"]').waitFor({ state: 'visible' });
    found.push(...(await checkInEveryTheme(form, 'results')));
    emulator.setFaults([]);
    await updateUserSettings({ 'workbench.colorTheme': null });
    await closeForm();

    assert.deepEqual(found, [], `axe-core found violations:\n${found.join('\n')}`);
  });

  it('keyboard only: from the Roles view to an activation and back to deactivating it from the status bar, focus always visible', async () => {
    const { page, workbench, emulator } = e2e();
    await runCommandByKeys('Close All Editors');
    emulator.reset();
    await runCommandByKeys('Azure PIM: Refresh');
    await waitForRole('Contributor', /^eligible/);

    // The Roles view, then a role, by keys.
    await runCommandByKeys('Azure PIM: Focus on Roles View');
    const row = await pressUntil('ArrowDown', page, (element) => element.role === 'treeitem' && /^Contributor on Contoso Dev,/.test(element.name), 'the Contributor row');
    assert.match(row.name, /^Contributor on Contoso Dev, Subscription, eligible, up to 8 hours$/);
    await assertVisibleFocus(page, 'the Contributor row in the Roles view');
    await workbench.screenshot('15-keyboard-tree');

    // The keybinding opens the form for that role; focus lands on the justification.
    await page.keyboard.press('Control+Alt+A');
    const formLocator = await workbench.webview(FORM_TITLE);
    await waitForPolicyLoaded(formLocator, 'Contributor');
    const form = await frameOf(formLocator);
    assert.equal(await formRow(formLocator, 'Contributor').locator('vscode-checkbox').evaluate((box) => (box as HTMLInputElement).checked), true, 'the focused role is selected in the form');
    await workbench.step('Focus on the justification when the form opens', async () => {
      for (const deadline = Date.now() + 10_000; (await focused(form))?.hostId !== 'justification'; ) {
        if (Date.now() > deadline) {
          throw new errors.TimeoutError(`focus is on ${JSON.stringify(await focused(form))}`);
        }
        await page.waitForTimeout(100);
      }
    });
    await assertVisibleFocus(form, 'the justification');
    await page.keyboard.type('Keyboard-only activation');

    // The duration: back one field, open the list with the arrow key, two steps down (1 hour → 2 hours), Enter.
    await pressUntil('Shift+Tab', form, (element) => element.hostId === 'duration', 'the duration');
    await assertVisibleFocus(form, 'the duration');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await workbench.step('2 hours chosen', () => formLocator.locator('#summary').filter({ hasText: 'active immediately for 2 hours' }).waitFor({ state: 'visible', timeout: 5000 }));

    // A second role: back to the role list, Space ticks Owner.
    await pressUntil('Shift+Tab', form, (element) => element.hostId === '' && /^Owner on Contoso Prod/.test(element.hostText), 'the Owner checkbox');
    await assertVisibleFocus(form, 'the Owner checkbox');
    await page.keyboard.press('Space');
    await workbench.step('Owner selected', () => formLocator.locator('#summary').filter({ hasText: /Owner on Contoso Prod: needs approval/ }).waitFor({ state: 'visible', timeout: 5000 }));
    await workbench.screenshot('15-keyboard-form');

    // Ctrl+Enter sends; the outcome is in the live region.
    await page.keyboard.press('Control+Enter');
    await waitForOutcome(formLocator, 'Contributor', 'active');
    await waitForOutcome(formLocator, 'Owner', 'pendingApproval');
    const status = formLocator.locator('#status');
    await workbench.step('The outcome in the live region', () => status.filter({ hasText: /every request went through/ }).waitFor({ state: 'visible' }));
    await workbench.screenshot('15-keyboard-outcome');
    const activeRow = await waitForRole('Contributor', /^active/);
    assert.match(activeRow.ariaLabel, /^Contributor on Contoso Dev, Subscription, active, (1 hour and 59 minutes|2 hours) left$/);

    // The status bar: its countdown item, then Enter and Deactivate. (PIM refuses deactivation in the first 5 minutes.)
    // Six minutes pass at PIM: the product learns the service's time from the Date headers of the next answers.
    emulator.clock.advance(6 * 60_000);
    await runCommandByKeys('Azure PIM: Refresh');
    const countdown = page.locator('.part.statusbar [aria-label="Azure PIM: Contributor on Contoso Dev, about 1 hour and 45 minutes left"]');
    await workbench.step('The countdown at the service time', () => countdown.first().waitFor({ state: 'attached' }));
    await runCommandByKeys('Focus Status Bar');
    const item = await pressUntil('ArrowRight', page, (element) => /^Azure PIM: Contributor on Contoso Dev/.test(element.name), 'the countdown in the status bar', 40);
    assert.match(item.name, /^Azure PIM: Contributor on Contoso Dev, about 1 hour and 45 minutes left$/);
    await assertVisibleFocus(page, 'the countdown in the status bar');
    await workbench.screenshot('15-keyboard-status-bar');
    await page.keyboard.press('Enter');
    const deactivate = page.locator('.quick-input-widget .monaco-list-row.focused .label-name').filter({ hasText: /^Deactivate$/ });
    await workbench.step('Deactivate highlighted in the pick', () => deactivate.waitFor({ state: 'visible' }));
    await page.keyboard.press('Enter');
    // PIM accepts the deactivation (PendingRevocation) and removes the role a few seconds later (revocationDelaySeconds).
    await workbench.waitForNotification(/Contributor on Contoso Dev is being deactivated/);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/);
    await runCommandByKeys('Close All Editors');
  });
});
