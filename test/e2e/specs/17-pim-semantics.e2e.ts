// PIM as documented, in the browser (issue #14, point 6), with the e2e scenario's delays (provisioningDelaySeconds 3,
// revocationDelaySeconds 4): "activating…" until PIM lists an accepted activation, a re-activation of an active role
// that offers only what PIM allows and, queued, activates again once the activation ended, "deactivating…" through
// PendingRevocation, and a Sign Out that a refresh does not undo.
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

interface EmulatorRequests {
  tenants: { requests: { name: string; role: string; requestType: string; status: string }[] }[];
}

async function emulatorRequests(): Promise<EmulatorRequests['tenants'][number]['requests']> {
  const state = (await fetch(`${e2e().emulatorUrl}/_emulator/state`).then((response) => response.json())) as EmulatorRequests;
  return state.tenants.flatMap((tenant) => tenant.requests);
}

describe('PIM semantics: provisioning, revocation, re-activation, sign out', function () {
  this.timeout(240_000);

  it('shows "activating…" while PIM provisions the activation, then active', async () => {
    const { workbench } = e2e();
    await signIn();
    await waitForRole('Contributor', /^eligible/);
    const form = await openActivationForm(['Contributor']);
    await waitForPolicyLoaded(form, 'Contributor');
    await typeJustification(form, 'Deploy release 43');
    await form.locator('#activate').click();
    // PIM answered Provisioned; its instance list shows the activation 3 seconds later.
    await waitForRole('Contributor', /^activating…/, 10_000);
    await workbench.screenshot('17-activating');
    await waitForOutcome(form, 'Contributor', 'active');
    await closeForm();
    await waitForRole('Contributor', /^active · /);
  });

  it('re-activating an active role offers what PIM allows; "when it ends" sends nothing now and activates it again after the end', async () => {
    const { workbench, emulator, page } = e2e();
    const putsBefore = putRequests().length;
    await workbench.runContextMenuAction(workbench.treeItem(VIEW, 'Contributor'), 'Re-activate');
    const form = await workbench.webview(FORM_TITLE);
    await waitForPolicyLoaded(form, 'Contributor');
    await typeJustification(form, 'Second half of the deploy');
    await form.locator('#activate').click();
    const choices = await workbench.quickPickTitled(/Contributor on Contoso Dev is still active, and PIM cannot extend an activation/);
    assert.deepEqual(
      choices.map((choice) => choice.label),
      ['Activate again when it ends', 'Deactivate now and activate again…'],
    );
    await workbench.screenshot('17-reactivate-choices');
    await workbench.pickQuickPickItem('Activate again when it ends');
    const queued = await waitForOutcome(form, 'Contributor', 'scheduled');
    assert.match(queued, /Queued: activated again when the current activation ends at/);
    assert.equal(putRequests().length, putsBefore, 'nothing was sent: not a deactivation, not an activation');
    await closeForm();
    await waitForRole('Contributor', /^active · /);

    // The activation ends (on the emulator's clock); the next look at PIM finds it gone and the queued one is sent. Its
    // duration is what the form remembered from earlier specs (at most the policy's 8 hours): go past any of them.
    emulator.clock.advance(8 * 60 * 60_000 + 60_000);
    await refreshRoles();
    await workbench.waitForNotification(/Contributor on Contoso Dev activated again/, 60_000);
    await waitForRole('Contributor', /^active · /);
    const activations = (await emulatorRequests()).filter((request) => request.role === 'Contributor' && request.requestType === 'SelfActivate');
    assert.equal(activations.length, 2, JSON.stringify(activations));
    assert.ok(!(await emulatorRequests()).some((request) => request.requestType === 'SelfDeactivate'), 'never deactivated behind the user\'s back');
    await page.waitForTimeout(200);
  });

  it('deactivating goes through PendingRevocation: "deactivating…" until PIM no longer lists the role, then eligible', async () => {
    const { workbench, emulator } = e2e();
    // PIM refuses a deactivation within five minutes of the activation.
    emulator.clock.advance(6 * 60_000);
    await workbench.runContextMenuAction(workbench.treeItem(VIEW, 'Contributor'), 'Deactivate');
    await workbench.waitForNotification(/Contributor on Contoso Dev is being deactivated/);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^deactivating…/, 10_000);
    await workbench.screenshot('17-deactivating');
    // No countdown for a role being revoked.
    assert.equal(await workbench.statusBarItem(/Contributor \d/).isVisible(), false);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/, 30_000);
  });

  it('stays signed out after Sign Out, also when the roles are refreshed, until Sign In', async () => {
    const { workbench, page } = e2e();
    await workbench.runCommand('Azure PIM: Sign Out');
    const signInButton = workbench.view(VIEW).getByRole('button', { name: 'Sign In' });
    await workbench.step('The signed-out welcome', () => signInButton.waitFor({ state: 'visible' }));
    // VS Code still holds the account's session: a refresh used to sign in again with it.
    await workbench.runCommand('Azure PIM: Refresh');
    await page.waitForTimeout(3_000);
    assert.equal(await signInButton.isVisible(), true, 'still signed out after Refresh');
    assert.equal(await workbench.treeItem(VIEW, 'Contributor').isVisible(), false, 'no roles shown');
    await workbench.screenshot('17-signed-out-after-refresh');
    // Sign In (the account was allowed before: no consent prompt) clears it.
    await signInButton.click();
    await waitForRole('Contributor', /^eligible/);
  });
});
