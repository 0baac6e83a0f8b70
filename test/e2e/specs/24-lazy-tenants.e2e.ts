// Issue #15 in the browser: tenants the user collapsed refresh lazily. With the periodic refresh at 30 s (the shortest the
// setting allows), Fabrikam collapsed in the real tree gets no periodic call while Contoso, in view, gets its light read
// (the emulator's call log, by the tenant of each call's token); expanding Fabrikam reads it at once, light (no history).
import * as assert from 'node:assert/strict';
import { e2e } from '../context';
import { signIn, VIEW, waitForTreeRow } from '../pim';
import { updateUserSettings } from '../userSettings';
import { E2E } from '../../emulator/testing';

/** The Azure active-role list: read by every load, light ones included (the periodic refresh's mark). */
const ACTIVE_LIST = 'roleAssignmentScheduleInstances';

describe('Lazy tenants: a collapsed tenant is read when it is expanded, not by the periodic refresh', function () {
  this.timeout(180_000);

  after(async () => {
    await updateUserSettings({ 'azurePim.refreshIntervalSeconds': null });
  });

  it('collapsing a tenant stops its periodic calls; expanding it reads it at once', async () => {
    const { workbench, emulator, page } = e2e();
    const calls = (tenantId: string, pathPart?: string) => emulator.requests.filter((request) => request.tokenTenantId === tenantId && (!pathPart || request.path.includes(pathPart)));
    const waitForCall = (what: string, tenantId: string, timeoutMs: number) =>
      workbench.step(what, async () => {
        const deadline = Date.now() + timeoutMs;
        while (calls(tenantId, ACTIVE_LIST).length === 0) {
          assert.ok(Date.now() < deadline, `${what}: no ${ACTIVE_LIST} call of ${tenantId} within ${timeoutMs / 1000} s`);
          await page.waitForTimeout(250);
        }
      });
    await signIn();
    await waitForTreeRow(/^Contoso$/, /roles/);
    await waitForTreeRow(/^Fabrikam$/, /roles?/);
    await updateUserSettings({ 'azurePim.refreshIntervalSeconds': 30 });

    const fabrikam = workbench.treeItem(VIEW, /^Fabrikam$/);
    await workbench.step('Collapse Fabrikam', async () => {
      await fabrikam.locator('.monaco-tl-twistie').click();
      await fabrikam.and(page.locator('[aria-expanded="false"]')).waitFor({ state: 'visible', timeout: 5000 });
    });
    emulator.clearRequests();
    const collapsedAt = Date.now();
    await waitForCall('A periodic refresh of Contoso (in view)', E2E.contoso, 45_000);
    await page.waitForTimeout(2000);
    assert.deepEqual(
      calls(E2E.fabrikam).map((request) => `${request.method} ${request.path}`),
      [],
      `Fabrikam, collapsed, is not read by the periodic refresh (${Math.round((Date.now() - collapsedAt) / 1000)} s after collapsing)`,
    );
    await workbench.screenshot('24-fabrikam-collapsed');

    const expandedAt = Date.now();
    await workbench.step('Expand Fabrikam', () => fabrikam.locator('.monaco-tl-twistie').click());
    await waitForCall('Fabrikam read at once when expanded', E2E.fabrikam, 10_000);
    assert.ok(Date.now() - expandedAt < 10_000);
    await page.waitForTimeout(1000);
    assert.deepEqual(
      calls(E2E.fabrikam).filter((request) => /roleAssignmentScheduleRequests|roleEligibilityScheduleInstances|\/subscriptions\?/.test(request.path)).map((request) => request.path),
      [],
      'a light read: no request history, eligibilities or subscription names',
    );
    await waitForTreeRow(/^Fabrikam$/, /roles?/);
    await workbench.screenshot('24-fabrikam-expanded');
  });
});
