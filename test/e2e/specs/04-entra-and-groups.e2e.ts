// Microsoft Entra roles and PIM for Groups beside Azure roles: one form activates all three kinds,
// and the status bar counts all of them down.
import * as assert from 'node:assert/strict';
import { e2e } from '../context';
import { closeForm, configureGraphApp, GRAPH_CLIENT_ID, openActivationForm, signIn, typeJustification, VIEW, waitForOutcome, waitForRole } from '../pim';

describe('Microsoft Entra roles and groups', function () {
  this.timeout(180_000);

  after(async () => {
    await configureGraphApp('');
  });

  it('shows sections for Azure roles, Entra roles and groups once the Graph app is configured', async () => {
    const { workbench } = e2e();
    await signIn();
    // The hint row opens the command that asks for the app registration's client id.
    await workbench.treeItem(VIEW, /need an app registration/).first().click();
    await workbench.answerInputBox(GRAPH_CLIENT_ID);
    await waitForRole('Global Reader', /eligible/);
    const labels = (await workbench.treeItems(VIEW)).map((item) => item.label);
    for (const expected of ['Azure roles', 'Microsoft Entra roles', 'Groups', 'pim-contoso-admins', 'Member']) {
      assert.ok(labels.includes(expected), `missing ${expected} in ${labels.join(', ')}`);
    }
    const asked = e2e().authRequests().flatMap((request) => request.scopes ?? []);
    assert.ok(asked.includes(`VSCODE_CLIENT_ID:${GRAPH_CLIENT_ID}`), 'Graph tokens come from the configured app');
    await workbench.screenshot('04-sections');
  });

  it('activates an Azure role, an Entra role and a group from one form, and counts all three down', async () => {
    const { workbench } = e2e();
    const form = await openActivationForm(['Contributor', 'Global Reader', 'Member']);
    await typeJustification(form, 'Incident 4711: investigate access');
    await form.locator('#activate').click();
    for (const role of ['Contributor', 'Global Reader', 'pim-contoso-admins']) {
      await waitForOutcome(form, role, 'active');
    }
    await workbench.screenshot('04-three-kinds-activated');
    await closeForm();
    await waitForRole('Global Reader', /active · /);
    await waitForRole('Member', /active · /);
    await waitForRole('Contributor', /active · /);
    const status = workbench.statusBarItem(/\+2/);
    await workbench.step('One countdown summarising the three activations', () => status.waitFor({ state: 'visible' }));
    await workbench.waitForNotification(/sign-in|Refresh/i);
    await workbench.screenshot('04-status-bar-three');
  });
});
