// Issue #15 in the browser: tenants the user collapsed refresh lazily. With the periodic refresh at 30 s (the shortest the
// setting allows), Fabrikam collapsed in the real tree gets no periodic call while Contoso, in view, gets its light read
// (the emulator's call log, by the tenant of each call's token); expanding Fabrikam reads it at once, light (no history).
// The same for a filter that leaves Fabrikam without a matching row, and clearing it.
import * as assert from 'node:assert/strict';
import { e2e } from '../context';
import { signIn, VIEW, waitForTreeRow } from '../pim';
import { updateUserSettings } from '../userSettings';
import { E2E } from '../../emulator/testing';

/** The Azure active-role list: read by every load, light ones included (the periodic refresh's mark). */
const ACTIVE_LIST = 'roleAssignmentScheduleInstances';

describe('Lazy tenants: a collapsed or filtered-out tenant is read when it comes into view, not by the periodic refresh', function () {
  this.timeout(180_000);
  const calls = (tenantId: string, pathPart?: string) => e2e().emulator.requests.filter((request) => request.tokenTenantId === tenantId && (!pathPart || request.path.includes(pathPart)));
  const waitForCall = (what: string, tenantId: string, timeoutMs: number) =>
    e2e().workbench.step(what, async () => {
      const deadline = Date.now() + timeoutMs;
      while (calls(tenantId, ACTIVE_LIST).length === 0) {
        assert.ok(Date.now() < deadline, `${what}: no ${ACTIVE_LIST} call of ${tenantId} within ${timeoutMs / 1000} s`);
        await e2e().page.waitForTimeout(250);
      }
    });
  /** After a periodic refresh of Contoso (in view), 30 s at most: Fabrikam (out of view) had none. */
  async function onlyContosoReadPeriodically(why: string): Promise<void> {
    const { emulator, page } = e2e();
    emulator.clearRequests();
    const since = Date.now();
    await waitForCall('A periodic refresh of Contoso (in view)', E2E.contoso, 45_000);
    await page.waitForTimeout(2000);
    assert.deepEqual(
      calls(E2E.fabrikam).map((request) => `${request.method} ${request.path}`),
      [],
      `Fabrikam, ${why}, is not read by the periodic refresh (${Math.round((Date.now() - since) / 1000)} s)`,
    );
  }
  /** Fabrikam read at once (within 10 s, before the next periodic refresh), and light: no history, eligibilities or subscription names. */
  async function fabrikamReadAtOnce(what: string): Promise<void> {
    const { page } = e2e();
    await waitForCall(what, E2E.fabrikam, 10_000);
    await page.waitForTimeout(1000);
    assert.deepEqual(
      calls(E2E.fabrikam).filter((request) => /roleAssignmentScheduleRequests|roleEligibilityScheduleInstances|\/subscriptions\?/.test(request.path)).map((request) => request.path),
      [],
      'a light read',
    );
  }

  after(async () => {
    await updateUserSettings({ 'azurePim.refreshIntervalSeconds': null });
  });

  it('collapsing a tenant stops its periodic calls; expanding it reads it at once', async () => {
    const { workbench, emulator, page } = e2e();
    await signIn();
    await waitForTreeRow(/^Contoso$/, /roles/);
    await waitForTreeRow(/^Fabrikam$/, /roles?/);
    await updateUserSettings({ 'azurePim.refreshIntervalSeconds': 30 });

    const fabrikam = workbench.treeItem(VIEW, /^Fabrikam$/);
    await workbench.step('Collapse Fabrikam', async () => {
      await fabrikam.locator('.monaco-tl-twistie').click();
      await fabrikam.and(page.locator('[aria-expanded="false"]')).waitFor({ state: 'visible', timeout: 5000 });
    });
    await onlyContosoReadPeriodically('collapsed');
    await workbench.screenshot('24-fabrikam-collapsed');

    emulator.clearRequests();
    await workbench.step('Expand Fabrikam', () => fabrikam.locator('.monaco-tl-twistie').click());
    await fabrikamReadAtOnce('Fabrikam read at once when expanded');
    await waitForTreeRow(/^Fabrikam Shared$/);
    await workbench.screenshot('24-fabrikam-expanded');
  });

  it('a filter that leaves a tenant no matching row stops its periodic calls; clearing it reads the tenant at once', async () => {
    const { workbench, emulator } = e2e();
    await workbench.runCommand('Azure PIM: Filter Roles…');
    await workbench.answerInputBox('Contoso', /Filter roles/);
    await waitForTreeRow(/^No roles match “Contoso”$/);
    await onlyContosoReadPeriodically('filtered out');
    await workbench.screenshot('24-fabrikam-filtered-out');

    emulator.clearRequests();
    await workbench.runCommand('Azure PIM: Clear Filter');
    await fabrikamReadAtOnce('Fabrikam read at once when the filter is cleared');
  });
});
