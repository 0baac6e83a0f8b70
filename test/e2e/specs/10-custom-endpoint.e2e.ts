// Tokens go only to hosts the user accepted: the runner points the product at the emulator as a Custom cloud,
// so the emulator's origin is a custom endpoint. After forgetting it (the product's own command), the next
// explicit refresh asks in a modal that names the origin and what it would receive; declining sends nothing
// (the emulator logs no API call at all) and the view says why; trusting loads the roles, and is remembered.
import * as assert from 'node:assert/strict';
import { e2e } from '../context';
import { endpointQuestion, refreshRoles, signIn, TRUST_ENDPOINT_BUTTON, VIEW, waitForRole } from '../pim';

describe('Custom endpoint confirmation [security]', function () {
  this.timeout(180_000);

  it('asks before a token goes to a custom endpoint; declined = nothing sent and the view says why; trusted = roles', async () => {
    const { workbench, emulator, emulatorUrl, page } = e2e();
    const origin = new URL(emulatorUrl).origin;
    await signIn();

    await workbench.runCommand('Azure PIM: Forget Trusted Endpoints…');
    await workbench.checkQuickPickItems([origin]);
    await workbench.waitForNotification(`asks again before it sends a sign-in token to ${origin}`);

    emulator.clearRequests();
    await workbench.runCommand('Azure PIM: Refresh');
    const question = endpointQuestion(workbench, emulatorUrl);
    await workbench.step('The question about the custom endpoint', () => question.waitFor({ state: 'visible' }));
    const text = await question.innerText();
    assert.ok(text.includes(`Send your Azure sign-in token to ${origin}?`), text);
    assert.match(text, /Azure and Microsoft Graph sign-in token of your account/);
    assert.match(text, /Only continue if you set this endpoint up yourself/);
    await workbench.screenshot('10-endpoint-question');
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'hidden' });

    const why = workbench.treeItem(VIEW, new RegExp(`No sign-in token was sent to ${origin.replace(/\./g, '\\.')}: you have not confirmed this custom endpoint`));
    await workbench.step('The view saying why no roles are shown', () => why.waitFor({ state: 'visible' }));
    assert.equal((await workbench.treeItems(VIEW)).filter((item) => item.label === 'Contributor').length, 0, 'no roles without the token');
    await why.hover();
    const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Refresh or sign in to be asked again' }).first();
    await workbench.step('The whole reason in the tooltip', () => tooltip.waitFor({ state: 'visible', timeout: 10_000 }));
    await workbench.screenshot('10-endpoint-declined');
    await page.mouse.move(0, 0);
    assert.deepEqual(
      emulator.requests.map((request) => `${request.method} ${request.path}`),
      [],
      'declined: no API call, with or without a token, reached the emulator',
    );

    await workbench.runCommand('Azure PIM: Refresh');
    await workbench.step('The question again after an explicit refresh', () => question.waitFor({ state: 'visible' }));
    await question.getByRole('button', { name: TRUST_ENDPOINT_BUTTON }).click();
    await question.waitFor({ state: 'hidden' });
    await waitForRole('Contributor', /eligible/);
    assert.ok(emulator.requests.length > 0, 'trusted: the roles came from the emulator');

    await refreshRoles();
    await waitForRole('Contributor', /eligible/);
    assert.equal(await question.isVisible(), false, 'remembered: a later refresh does not ask');
    await workbench.screenshot('10-endpoint-trusted');
  });
});
