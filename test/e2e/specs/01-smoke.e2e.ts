import * as assert from 'node:assert/strict';
import { e2e } from '../context';

describe('smoke: the extension in the workbench', () => {
  it('registers its "Azure PIM" output channel', async () => {
    const names = await e2e().workbench.outputChannelNames();
    assert.ok(names.includes('Azure PIM'), `output channels: ${names.join(', ')}`);
  });

  it('shows the "Azure PIM" view container with the Roles view', async () => {
    const { workbench } = e2e();
    const containers = await workbench.viewContainerTitles();
    assert.ok(containers.includes('Azure PIM'), `activity bar: ${containers.join(', ')}`);
    await workbench.openViewContainer('Azure PIM');
    await workbench.step('The Roles view appearing', () => workbench.view('Roles').waitFor({ state: 'visible' }));
    await workbench.screenshot('01-roles-view');
  });
});
