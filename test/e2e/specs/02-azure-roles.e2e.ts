// Azure resource roles end to end, in order: list → activate (with and without approval, with a policy
// problem caught before sending) → countdown in the status bar → deactivate → expiry.
import * as assert from 'node:assert/strict';
import { e2e } from '../context';
import {
  closeForm,
  FORM_TITLE,
  openActivationForm,
  putRequests,
  refreshRoles,
  signIn,
  typeJustification,
  VIEW,
  waitForOutcome,
  waitForPolicyLoaded,
  waitForRole,
  waitForRoleOn,
} from '../pim';

describe('Azure resource roles', function () {
  this.timeout(240_000);

  it('lists eligible and active roles per tenant and scope after sign-in', async () => {
    const { workbench } = e2e();
    await signIn();
    await waitForRole('Contributor', /eligible/);
    const expectedLabels = ['Contoso', 'Contoso Dev', 'Contoso Prod', 'rg-app', 'Contributor', 'Owner', 'Key Vault Administrator'];
    // The tree re-renders as tenants finish loading; read it until it settles (a read mid-render misses rows).
    let items = await workbench.treeItems(VIEW);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !expectedLabels.every((label) => items.some((item) => item.label === label)); ) {
      await e2e().page.waitForTimeout(250);
      items = await workbench.treeItems(VIEW);
    }
    const labels = items.map((item) => item.label);
    for (const expected of expectedLabels) {
      assert.ok(labels.includes(expected), `missing ${expected} in ${labels.join(', ')}`);
    }
    const reader = items.filter((item) => item.label === 'Reader').map((item) => item.description);
    assert.ok(reader.some((text) => /assigned \(permanent\)/.test(text)), `permanent Reader assignment: ${reader.join(' | ')}`);
    // Policy hints arrive in the background.
    await waitForRole('Owner', /eligible · max 4h · approval/);
    await waitForRole('Reader', /ticket/);
    await workbench.screenshot('02-roles-tree');
  });

  it('catches a missing justification before sending anything', async () => {
    const { workbench } = e2e();
    const form = await openActivationForm(['Contributor']);
    await waitForPolicyLoaded(form, 'Contributor');
    const putsBefore = putRequests().length;
    await form.locator('#justification textarea').fill('');
    await form.locator('#activate').click();
    const error = form.locator('#justificationError');
    await workbench.step('The justification error', () => error.waitFor({ state: 'visible' }));
    assert.match((await error.textContent()) ?? '', /justification/i);
    assert.equal(putRequests().length, putsBefore, 'no activation request was sent');
    await workbench.screenshot('02-form-validation');
  });

  it('activates a role without approval and shows it active with time left', async () => {
    const { workbench } = e2e();
    const form = await workbench.webview(FORM_TITLE);
    const policy = await waitForPolicyLoaded(form, 'Contributor');
    assert.match(policy, /8 hours/);
    await typeJustification(form, 'Deploy release 42 from VS Code');
    const summary = (await form.locator('#summary').textContent()) ?? '';
    assert.match(summary, /Contributor/);
    await workbench.screenshot('02-activation-form');
    await form.locator('#activate').click();
    const outcome = await waitForOutcome(form, 'Contributor', 'active');
    assert.match(outcome, /Active for 1 hour/);
    await workbench.screenshot('02-activation-done');
    await closeForm();
    await waitForRole('Contributor', /active · (59m|1h 00m) left/);
  });

  it('counts down in the status bar, and the countdown ticks', async () => {
    const { workbench, page } = e2e();
    const item = workbench.statusBarItem(/Contributor/);
    await workbench.step('The countdown in the status bar', () => item.waitFor({ state: 'visible' }));
    const first = (await item.innerText()).trim();
    assert.match(first, /Contributor (59m|1h 00m)/);
    await item.hover();
    await workbench.step('The countdown tooltip', () => page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Azure PIM activations' }).first().waitFor({ state: 'visible' }));
    await workbench.screenshot('02-status-bar');
    await page.mouse.move(700, 400);
    // Minutes are shown above one hour left; wait for the next minute to see it tick.
    const deadline = Date.now() + 75_000;
    let now = first;
    while (now === first && Date.now() < deadline) {
      await page.waitForTimeout(1000);
      now = (await item.innerText()).trim();
    }
    assert.notEqual(now, first, `the countdown did not change within 75 s (still "${first}")`);
    assert.match(now, /Contributor 5\dm/);
  });

  it('sends an activation that needs approval and shows it pending, then active once approved', async () => {
    const { workbench, emulator } = e2e();
    const form = await openActivationForm(['Owner']);
    const policy = await waitForPolicyLoaded(form, 'Owner');
    assert.match(policy, /approval by Alice Admin/);
    const summary = (await form.locator('#summary').textContent()) ?? '';
    assert.match(summary, /Alice Admin/);
    await typeJustification(form, 'Rotate production secrets');
    await form.locator('#activate').click();
    const outcome = await waitForOutcome(form, 'Owner', 'pendingApproval');
    assert.match(outcome, /approval/i);
    await closeForm();
    await waitForRole('Owner', /pending approval/);
    const state = (await fetch(`${e2e().emulatorUrl}/_emulator/state`).then((response) => response.json())) as {
      tenants: { requests: { name: string; status: string; role: string }[] }[];
    };
    const request = state.tenants.flatMap((tenant) => tenant.requests).find((candidate) => candidate.status === 'PendingApproval' && candidate.role === 'Owner');
    assert.ok(request, `a PendingApproval request for Owner in the emulator: ${JSON.stringify(state).slice(0, 500)}`);
    emulator.approve(request.name);
    await refreshRoles();
    // Approved: PIM provisions it (provisioningDelaySeconds); the row says so and follows it until PIM lists it.
    await waitForRole('Owner', /^(activating…|active · )/);
    await waitForRole('Owner', /active · (\dh \d\dm|\d+m) left/);
    await workbench.screenshot('02-approved');
  });

  it('explains that deactivation must wait 5 minutes, then deactivates from the status bar', async () => {
    const { workbench, emulator } = e2e();
    await workbench.runCommand('Azure PIM: Deactivate');
    await workbench.checkQuickPickItems(['Contributor']);
    await workbench.waitForNotification(/You can deactivate at/);
    // Six minutes pass at PIM; a refresh brings answers whose Date headers say so.
    emulator.clock.advance(6 * 60_000);
    await refreshRoles();
    // The summary item counts down the nearest expiry and opens a pick of the active roles.
    const statusItem = workbench.statusBarItem(/Contributor \d+m \+1/);
    await workbench.step('The summary countdown with two active roles', () => statusItem.waitFor({ state: 'visible' }));
    await statusItem.click();
    await workbench.pickQuickPickItem(/^Contributor$/);
    await workbench.pickQuickPickItem(/Deactivate/);
    // PIM accepts the deactivation (PendingRevocation) and removes the role a few seconds later (revocationDelaySeconds).
    await workbench.waitForNotification(/Contributor on Contoso Dev is being deactivated/);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^(deactivating…|eligible)/);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/);
  });

  it('notices an expiry: the role is eligible again and its countdown is gone', async () => {
    const { workbench, emulator, page } = e2e();
    await workbench.step('Owner counting down before expiry', () => workbench.statusBarItem(/Owner \d/).waitFor({ state: 'visible' }));
    emulator.clock.advance(5 * 60 * 60_000);
    await refreshRoles();
    await waitForRole('Owner', /^eligible/);
    const deadline = Date.now() + 10_000;
    while ((await workbench.statusBarItem(/Owner \d/).isVisible()) && Date.now() < deadline) {
      await page.waitForTimeout(250);
    }
    assert.equal(await workbench.statusBarItem(/Owner \d/).isVisible(), false, 'the countdown is gone');
    await workbench.screenshot('02-after-expiry');
  });
});
