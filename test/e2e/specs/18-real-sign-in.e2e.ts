// Sign-in as real tenants behave (issue #20), with the test provider's consent prompt, Entra errors and claims
// challenges: no Graph request without an app registration and one hint for the account, the admin consent link,
// consent declined and accepted, an Entra error with its remedy, and MFA step-ups (Azure's mandatory MFA for writes,
// PIM's MfaRule) that end active after exactly one retry of the same request.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E } from '../../emulator/testing';
import { e2e } from '../context';
import { updateUserSettings } from '../userSettings';
import { closeForm, configureGraphApp, GRAPH_CLIENT_ID, openActivationForm, putRequests, signIn, typeJustification, VIEW, waitForOutcome, waitForRole, waitForTreeRow } from '../pim';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const HINT = /need an app registration/;
const ADMIN_LABEL = 'alice.admin@contoso.onmicrosoft.com';
const USER_LABEL = 'dana@contoso.onmicrosoft.com';

/** A notification's text as the user reads it (VS Code's link breaking inserts zero-width spaces). */
async function notificationMatching(pattern: RegExp): Promise<string> {
  const toast = await e2e().workbench.waitForNotification(pattern);
  await e2e().page.waitForTimeout(500); // the toast fades in: let the screenshots show it
  return ((await toast.locator('.notification-list-item-message').textContent()) ?? '').replace(/\u200B/g, '');
}

describe('Real sign-in: Graph app set-up, consent, Entra errors, MFA step-up', function () {
  this.timeout(240_000);

  after(async () => {
    await configureGraphApp('');
  });

  it('sends Microsoft Graph nothing without an app registration, and says so once for the account, until dismissed', async () => {
    const { workbench, emulator } = e2e();
    await signIn();
    await waitForRole('Contributor', /eligible/);
    await waitForTreeRow(/Fabrikam Shared/);
    const items = await workbench.treeItems(VIEW);
    const hints = items.filter((item) => HINT.test(item.label));
    assert.equal(hints.length, 1, `one hint for the account, not one per tenant: ${items.map((item) => item.label).join(' | ')}`);
    assert.equal(hints[0]?.level, 1, 'the hint sits above the tenants');
    const graphCalls = emulator.requests.filter((request) => request.path.startsWith('/v1.0/'));
    assert.deepEqual(graphCalls, [], 'no Graph request');
    await workbench.screenshot('18-graph-hint-once');

    await workbench.runContextMenuAction(workbench.treeItem(VIEW, HINT), "Don't Show the Graph App Hint Again");
    await workbench.step('The hint gone', () => workbench.treeItem(VIEW, HINT).waitFor({ state: 'detached' }));
    await workbench.runCommand('Azure PIM: Refresh');
    await waitForRole('Contributor', /eligible/);
    assert.ok(!(await workbench.treeItems(VIEW)).some((item) => HINT.test(item.label)), 'still gone after a refresh');
  });

  it('copies the admin consent link for the chosen tenant and the configured app', async () => {
    const { workbench } = e2e();
    await configureGraphApp(GRAPH_CLIENT_ID);
    await waitForRole('Global Reader', /eligible/);
    await workbench.runCommand('Azure PIM: Copy Admin Consent Link for the Graph App…');
    await workbench.pickQuickPickItem('Contoso');
    const text = await notificationMatching(/admin consent link/);
    assert.ok(text.includes(`https://login.microsoftonline.com/${CONTOSO}/adminconsent?client_id=${GRAPH_CLIENT_ID}`), text);
    await workbench.screenshot('18-admin-consent-link');
    await workbench.clearNotifications();
  });

  it('asks for consent on first use of the app: declining says to get admin consent, accepting shows the Entra roles', async () => {
    const { workbench } = e2e();
    await configureGraphApp('');
    await workbench.runCommand('Require Consent for App Registrations');
    await configureGraphApp(GRAPH_CLIENT_ID);
    // The silent token for the app misses (no consent yet): the tenant offers a sign-in for Entra roles and groups.
    const signInRow = workbench.treeItem(VIEW, /Sign in to Contoso for Entra roles and groups/);
    await workbench.step('The sign-in row for Graph', () => signInRow.waitFor({ state: 'visible', timeout: 30_000 }));
    await signInRow.click();
    await workbench.allowAuthenticationDialog(10_000);
    await workbench.answerDialog(/Permissions requested/, /^Cancel$/);
    const declined = await notificationMatching(/has not been consented/);
    assert.match(declined, new RegExp(`app registration ${GRAPH_CLIENT_ID} has not been consented.*admin consent`));
    await workbench.screenshot('18-consent-declined');
    await workbench.clearNotifications();

    await workbench.treeItem(VIEW, /Sign in to Contoso for Entra roles and groups/).click();
    await workbench.allowAuthenticationDialog(10_000);
    await workbench.answerDialog(/Permissions requested/, /^Accept$/);
    await waitForRole('Global Reader', /eligible/);
    await workbench.screenshot('18-consent-accepted');
  });

  it('an Entra error at sign-in says what to fix: a missing redirect URI names the URIs to register', async () => {
    const { workbench } = e2e();
    await workbench.runCommand('Fail the Next Sign-In…');
    await workbench.answerInputBox('AADSTS50011');
    await workbench.treeItem(VIEW, /Sign in to Fabrikam for Entra roles and groups/).click();
    await workbench.allowAuthenticationDialog(10_000);
    const text = await notificationMatching(/redirect URIs/);
    assert.ok(text.includes(`http://localhost, https://vscode.dev/redirect, ms-appx-web://Microsoft.AAD.BrokerPlugin/${GRAPH_CLIENT_ID}`), text);
    assert.doesNotMatch(text, /AADSTS50011: The redirect URI/, 'the raw service text stays in the log');
    await workbench.screenshot('18-redirect-uri-error');
    await workbench.clearNotifications();
  });

  it("PIM's MfaRule is a step-up too, never \"sign out and in again\"", async () => {
    const { workbench, emulator } = e2e();
    emulator.enforceMfa(CONTOSO, { policies: true });
    const before = putRequests().length;
    const form = await openActivationForm(['Contributor']);
    await typeJustification(form, 'Deploy with MFA');
    await form.locator('#activate').click();
    await workbench.allowAuthenticationDialog(20_000);
    const outcome = await waitForOutcome(form, 'Contributor', 'active');
    assert.doesNotMatch(outcome, /sign out/i);
    const puts = emulator.requests.filter((request) => request.method === 'PUT').slice(before);
    assert.deepEqual(puts.map((request) => request.status), [400, 201]);
    assert.equal(puts[0]?.path.split('?')[0], puts[1]?.path.split('?')[0], 'the retry reuses the request name');
    assert.ok(e2e().authRequests().some((request) => request.claims?.includes('"amr"') && request.claims.includes('mfa')), 'the provider was asked for MFA');
    await workbench.screenshot('18-mfa-rule-step-up');
    await closeForm();
  });
  it("a tenant enforcing MFA for Azure writes: one step-up sign-in, then active, the same request sent once more", async () => {
    const { workbench, emulator } = e2e();
    // The step-up above left an MFA session behind: start from a sign-in without MFA.
    await e2e().resetFakeAuth();
    await signIn();
    emulator.enforceMfa(CONTOSO, { armWrites: true });
    const before = putRequests().length;
    const form = await openActivationForm(['Reader']);
    await typeJustification(form, 'Read the logs with MFA enforced');
    await form.locator('#ticketNumber input').fill('CHG-4711');
    await form.locator('#ticketSystem input').fill('ServiceNow');
    await form.locator('#activate').click();
    await workbench.allowAuthenticationDialog(20_000);
    await waitForOutcome(form, /Reader on rg-app/, 'active'); // "Reader" alone would find Global Reader's row first
    const puts = emulator.requests.filter((request) => request.method === 'PUT').slice(before);
    assert.deepEqual(puts.map((request) => request.status), [401, 201]);
    assert.equal(puts[0]?.path.split('?')[0], puts[1]?.path.split('?')[0], 'the retry reuses the request name');
    const challenged = e2e().authRequests().filter((request) => request.claims?.includes('"p1"'));
    assert.ok(challenged.length >= 1, 'the provider got the claims challenge with acrs p1');
    await workbench.screenshot('18-mfa-writes-step-up');
    await closeForm();
  });


  it('after a group activation, Refresh sign-in gets a token issued after it, and the next calls carry it', async () => {
    const { workbench, emulator } = e2e();
    emulator.clock.advance(2 * 60_000); // the token in use was issued minutes before the activation
    const form = await openActivationForm(['Member']);
    await typeJustification(form, 'Join the Contoso admins');
    await form.locator('#activate').click();
    await waitForOutcome(form, 'pim-contoso-admins', 'active');
    const activatedBy = emulator.clock.now().getTime();
    const offer = await workbench.waitForNotification(/Refresh sign-in/);
    const contosoArm = (request: { path: string; tokenTenantId?: string; tokenIssuedAt?: string }) =>
      !request.path.startsWith('/v1.0/') && request.tokenTenantId === CONTOSO && request.tokenIssuedAt !== undefined;
    const before = emulator.requests.filter(contosoArm).at(-1);
    assert.ok(before?.tokenIssuedAt && Date.parse(before.tokenIssuedAt) < activatedBy, 'the token in use is older than the activation');
    const asked = emulator.requests.length;
    await offer.getByRole('button', { name: 'Refresh sign-in' }).click();
    const text = await notificationMatching(/New sign-in token for Contoso/);
    assert.match(text, /after the activation/);
    const after = emulator.requests.slice(asked).filter(contosoArm);
    assert.ok(after.length > 0, 'the roles were read again');
    for (const request of after) {
      assert.ok(Date.parse(request.tokenIssuedAt ?? '') >= activatedBy - 1000, `${request.path} carried a token issued ${request.tokenIssuedAt}, before the activation`);
    }
    await workbench.screenshot('18-fresh-token-after-group');
    await closeForm();
  });

  it('a separate admin account: Azure PIM uses the account picked for it, names it, and switches back', async () => {
    const { workbench } = e2e();
    await workbench.runCommand('Sign In a Second Account…');
    await workbench.answerInputBox(E2E.approver);
    await workbench.runCommand('Azure PIM: Switch Account…');
    await workbench.pickQuickPickItem(ADMIN_LABEL);
    await workbench.allowAuthenticationDialog(10_000);
    const named = (label: string) => workbench.view(VIEW).getByText(`Roles of ${label}`).first();
    await workbench.step('The view naming the admin account', () => named(ADMIN_LABEL).waitFor({ state: 'visible', timeout: 30_000 }));
    const asked = e2e().authRequests().filter((request) => request.method === 'getSessions' && request.account?.label === ADMIN_LABEL);
    assert.ok(asked.length > 0, 'the session requests name the picked account');
    await workbench.screenshot('18-admin-account');

    await workbench.runCommand('Azure PIM: Switch Account…');
    await workbench.pickQuickPickItem(USER_LABEL);
    await workbench.step('The view naming the usual account again', () => named(USER_LABEL).waitFor({ state: 'visible', timeout: 30_000 }));
    await waitForRole('Contributor', /./);
  });

  it('Azure US Government: offers to set the sovereign sign-in to that cloud', async () => {
    const { workbench, codeServer } = e2e();
    await updateUserSettings({ 'azurePim.cloud': 'AzureUSGovernment' });
    try {
      const toast = await workbench.waitForNotification(/microsoft-sovereign-cloud\.environment is not set/);
      await workbench.screenshot('18-sovereign-cloud-setting');
      await toast.getByRole('button', { name: 'Set to USGovernment' }).click();
      const settingsFile = path.join(codeServer.userDataDir, 'User', 'settings.json');
      await workbench.step('The setting written', async () => {
        for (let i = 0; i < 50 && !/"microsoft-sovereign-cloud\.environment":\s*"USGovernment"/.test(fs.readFileSync(settingsFile, 'utf8')); i++) {
          await e2e().page.waitForTimeout(100);
        }
        assert.match(fs.readFileSync(settingsFile, 'utf8'), /"microsoft-sovereign-cloud\.environment":\s*"USGovernment"/);
      });
    } finally {
      await updateUserSettings({ 'azurePim.cloud': 'Custom', 'microsoft-sovereign-cloud.environment': null });
    }
  });
});
