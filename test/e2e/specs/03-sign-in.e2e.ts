// Sign-in through VS Code's Microsoft provider (the test stand-in records what it is asked):
// every tenant listed, a step-up activation that succeeds after the claims challenge, the Graph hint.
import * as assert from 'node:assert/strict';
import { e2e } from '../context';
import { closeForm, openActivationForm, signIn, typeJustification, VIEW, waitForOutcome, waitForPolicyLoaded, waitForRole } from '../pim';

const FABRIKAM = '22222222-2222-4222-8222-222222222222';

describe('Sign-in, tenants and step-up', function () {
  this.timeout(180_000);

  it('lists the roles of every tenant, each through its own VSCODE_TENANT session', async () => {
    const { workbench } = e2e();
    await signIn();
    const items = await workbench.treeItems(VIEW);
    const tenants = items.filter((item) => item.level === 1 && !/need an app registration/.test(item.label)).map((item) => item.label);
    assert.deepEqual(tenants, ['Contoso', 'Fabrikam']);
    assert.ok(items.some((item) => item.label === 'Fabrikam Shared'), 'the Fabrikam subscription is listed');
    const asked = e2e().authRequests().flatMap((request) => request.scopes ?? []);
    assert.ok(asked.includes(`VSCODE_TENANT:${FABRIKAM}`), `scopes asked: ${[...new Set(asked)].join(', ')}`);
    assert.ok(asked.includes('https://management.azure.com/.default'));
    await workbench.screenshot('03-tenants');
  });

  it('explains that Entra roles and groups need an app registration, while Azure roles work', async () => {
    const { workbench } = e2e();
    const hint = workbench.treeItem(VIEW, /need an app registration/);
    await workbench.step('The Graph permission hint', () => hint.waitFor({ state: 'visible' }));
    await waitForRole('Contributor', /eligible/);
    await hint.hover();
    const hover = e2e().page.locator('.monaco-hover, .workbench-hover').filter({ hasText: /RoleEligibilitySchedule\.Read\.Directory|azurePim\.graph\.clientId|permission/ }).first();
    await workbench.step('The hint explaining the permissions', () => hover.waitFor({ state: 'visible', timeout: 10_000 }));
    await workbench.screenshot('03-graph-permission-hint');
  });

  it('activates a role that needs an authentication context: one challenge, then active', async () => {
    const { workbench, page } = e2e();
    const form = await openActivationForm(['Key Vault Administrator']);
    const policy = await waitForPolicyLoaded(form, 'Key Vault Administrator');
    assert.match(policy, /authentication context c1/);
    await typeJustification(form, 'Rotate the signing key');
    await form.locator('#activate').click();
    // VS Code asks the user before it passes the challenge to the provider.
    await workbench.allowAuthenticationDialog(20_000);
    const outcome = await waitForOutcome(form, 'Key Vault Administrator', 'active');
    assert.match(outcome, /Active/);
    const challenges = e2e()
      .authRequests()
      .filter((request) => JSON.stringify(request).includes('acrs'));
    assert.ok(challenges.length >= 1, 'the provider received the claims challenge');
    assert.match(JSON.stringify(challenges[0]), /c1/);
    await closeForm();
    await waitForRole('Key Vault Administrator', /active/);
    await page.waitForTimeout(200);
  });
});
