// Issue #22 in the browser: the activation form asks Azure (RoleAssignmentScheduleRequests_Validate) while the user
// fills it in, and shows the verdict next to each selected role, also for roles whose policy could not be read,
// before anything is sent. A validate call that fails leaves sending as it was.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { e2e } from '../context';
import { closeForm, formRow, openActivationForm, putRequests, signIn, typeJustification, waitForOutcome, waitForRole } from '../pim';
import { updateUserSettings } from '../userSettings';
import { E2E } from '../../emulator/testing';

const TENANTS = 'azurePim.tenants';

describe('Preflight: Azure checks the request before it is sent', function () {
  this.timeout(240_000);

  async function preflightLine(form: FrameLocator, role: string, state: string, text: RegExp): Promise<string> {
    const line = formRow(form, role).locator(`.preflight-line[data-state="${state}"]`).filter({ hasText: text });
    await e2e().workbench.step(
      `${role}: preflight "${state}" matching ${String(text)}`,
      () => line.waitFor({ state: 'visible', timeout: 20_000 }),
      async () => `preflight lines: ${(await form.locator('.preflight-line').allTextContents()).join(' | ')}`,
    );
    return (await line.textContent()) ?? '';
  }

  const validateCalls = (): string[] =>
    e2e()
      .emulator.requests.filter((request) => request.method === 'POST' && request.path.split('?')[0]?.endsWith('/validate'))
      .map((request) => request.path);

  before(async () => {
    const { emulator } = e2e();
    await signIn();
    await waitForRole('Owner', /eligible/);
    // Every policy is unreadable from now on. Reconnecting (a tenant filter) drops the policies read by earlier specs.
    emulator.setFaults([{ match: { surface: 'arm', pathIncludes: 'roleManagementPolicyAssignments' }, kind: 'status', status: 403, code: 'AuthorizationFailed', times: 0 }]);
    await updateUserSettings({ [TENANTS]: [E2E.contoso] });
    await waitForRole('Contributor', /eligible/);
  });

  after(async () => {
    e2e().emulator.setFaults([]);
    await closeForm();
    await updateUserSettings({ [TENANTS]: null });
  });

  it('preflight: roles with a hidden policy get Azure’s verdict in the form before anything is sent', async () => {
    const { workbench } = e2e();
    const form = await openActivationForm(['Contributor', 'Owner']);
    for (const role of ['Contributor', 'Owner']) {
      const policy = formRow(form, role).locator('.policy-line[data-state="unavailable"]');
      await workbench.step(`${role}: "policy unavailable"`, () => policy.waitFor({ state: 'visible', timeout: 20_000 }));
    }
    await typeJustification(form, '');
    const refused = await preflightLine(form, 'Contributor', 'refused', /justification/);
    assert.equal(refused, 'Azure would refuse this request: a justification is required.');

    await typeJustification(form, 'Deploy release 42');
    assert.equal(await preflightLine(form, 'Contributor', 'accepted', /accepts/), 'Azure accepts this request.');
    assert.equal(await preflightLine(form, 'Owner', 'accepted', /approval/), 'Azure accepts this request; it will then wait for approval.');
    assert.ok(validateCalls().length >= 2, `validate calls: ${validateCalls().join(', ')}`);
    assert.deepEqual(putRequests(), [], 'nothing sent: only validated');
    await workbench.screenshot('20-preflight-hidden-policy');
  });

  it('preflight: Azure asks for a ticket the unreadable policy did not show, the form asks for it, and Azure then accepts', async () => {
    const { workbench } = e2e();
    const form = await openActivationForm(['Reader']);
    await typeJustification(form, 'Rotate the app secret');
    const refused = await preflightLine(form, 'rg-app', 'refused', /ticket/);
    assert.equal(refused, 'Azure would refuse this request: ticket information (number and system) is required.');
    await workbench.step('The ticket fields appearing', () => form.locator('#ticketFields').waitFor({ state: 'visible' }));
    await form.locator('#ticketNumber input').fill('CHG-1234');
    await form.locator('#ticketSystem input').fill('ServiceNow');
    assert.equal(await preflightLine(form, 'rg-app', 'accepted', /accepts/), 'Azure accepts this request.');
    await workbench.step('The ticket fields staying', () => form.locator('#ticketFields').waitFor({ state: 'visible' }));
    assert.deepEqual(putRequests(), [], 'nothing sent: only validated');
    await workbench.screenshot('20-preflight-ticket');
  });

  it('preflight: when validate is unavailable the form says so and sending still works', async () => {
    const { workbench, emulator } = e2e();
    emulator.setFaults([
      { match: { surface: 'arm', pathIncludes: 'roleManagementPolicyAssignments' }, kind: 'status', status: 403, code: 'AuthorizationFailed', times: 0 },
      { match: { surface: 'arm', pathIncludes: '/validate' }, kind: 'status', status: 400, code: 'InvalidResourceType', times: 0 },
    ]);
    const form = await openActivationForm(['Contributor']);
    await typeJustification(form, 'Deploy release 43');
    const unavailable = await preflightLine(form, 'Contributor', 'unavailable', /could not check/);
    assert.equal(unavailable, 'Azure could not check this request in advance (HTTP 400 InvalidResourceType). You can still send it; PIM checks it then.');
    await workbench.screenshot('20-preflight-unavailable');

    await form.locator('#activate').click();
    await waitForOutcome(form, 'Contributor', 'active');
    assert.equal(putRequests().length, 1, 'sent once');
  });
});
