// Issue #15 target 4: 20 large tenants (300 Azure + 50 Entra + 50 group eligibilities each) all show, with the right
// counts, and the filter finds a role that only the 17th tenant has. A second code-server on an emulator of its own
// (test/bench/largeTenants.ts, the in-editor bench's tenants, answering at once). Correctness only: the timings are
// `npm run bench:editor`'s.
import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { buildLargeTenants, LARGE_TENANTS, LARGE_TENANTS_GRAPH_CLIENT, largeTenantName, uniqueRoleName } from '../../bench/largeTenants';
import { e2e, setE2EContext, type E2EContext } from '../context';
import { clearFilterAction, collapseAllRows, endpointQuestion, TRUST_ENDPOINT_BUTTON, VIEW, waitForTreeRow } from '../pim';

const large = buildLargeTenants({ latencyMs: 0, pageSize: 100 });
const PROBE = 16;

describe('Large tenants: 20 tenants × 404 roles in the Roles view', function () {
  this.timeout(120_000);
  let main: E2EContext | undefined;
  let other: (E2EContext & { close(): Promise<void> }) | undefined;
  let emulator: RunningEmulator | undefined;

  before(async () => {
    main = e2e();
    emulator = await startEmulator({ scenario: large.scenario, port: 0, host: '127.0.0.1' });
    other = await main.startAnotherWorkbench({
      name: 'code-server-large-tenants',
      settings: {
        'azurePim.customCloud.resourceManagerEndpoint': emulator.url,
        'azurePim.customCloud.microsoftGraphEndpoint': emulator.url,
        'azurePim.graph.clientId': LARGE_TENANTS_GRAPH_CLIENT,
      },
      env: { PIM_EMULATOR_URL: emulator.url },
    });
    setE2EContext({ ...other, emulator, emulatorUrl: emulator.url });
    // Tall enough for 20 tenants with a row each under a filter.
    await other.page.setViewportSize({ width: 1400, height: 1300 });
  });

  after(async () => {
    if (main) {
      setE2EContext(main);
    }
    await other?.close();
    await emulator?.close();
  });

  it('signs in to all 20 tenants; the filter finds the role only the 17th has, in that tenant, and shows matches in every tenant', async () => {
    const { workbench, emulatorUrl } = e2e();
    await workbench.openViewContainer('Azure PIM');
    await workbench.view(VIEW).getByRole('button', { name: 'Sign In' }).click();
    await workbench.allowAuthenticationDialog();
    const question = endpointQuestion(workbench, emulatorUrl);
    await workbench.step('The question about the emulator endpoint', () => question.waitFor({ state: 'visible' }));
    await question.getByRole('button', { name: TRUST_ENDPOINT_BUTTON }).click();
    await waitForTreeRow(new RegExp(`^${largeTenantName(0)}$`), new RegExp(`^${large.rowsPerTenant} roles$`));

    await workbench.runCommand('Azure PIM: Filter Roles…');
    await workbench.answerInputBox(uniqueRoleName(PROBE), /Filter roles/);
    const match = await waitForTreeRow(new RegExp(`^${uniqueRoleName(PROBE)}$`), /eligible/);
    assert.equal(match.level, 3, 'tenant → Microsoft Entra roles → the role');
    await workbench.step('The Clear Filter action in the title while a filter is set', () => clearFilterAction(workbench).waitFor({ state: 'visible' }));
    const rows = await workbench.treeItems(VIEW);
    const owner = rows.slice(0, rows.findIndex((row) => row.label === match.label)).filter((row) => row.level === 1).pop();
    assert.equal(owner?.label, largeTenantName(PROBE), 'the match is under the 17th tenant');
    assert.deepEqual(
      rows.filter((row) => row.level >= 2 && /eligible|active|assigned/.test(row.description)).map((row) => row.label),
      [uniqueRoleName(PROBE)],
      'no other role matches',
    );
    await workbench.screenshot('25-filter-17th-tenant');

    // A filter that matches in every tenant: the matches show without opening anything (the large tenants' scopes
    // start collapsed, the filter's own nodes expanded).
    await workbench.runCommand('Azure PIM: Filter Roles…');
    await workbench.answerInputBox('Key Vault Administrator', /Filter roles/);
    await waitForTreeRow(/^Key Vault Administrator$/, /eligible|active/);
    const roles = (await workbench.treeItems(VIEW)).filter((row) => /eligible|active|assigned/.test(row.description));
    assert.ok(roles.length > 5 && roles.every((row) => row.label === 'Key Vault Administrator'), roles.map((row) => row.label).join(', '));
    await workbench.screenshot('25-filter-every-tenant');
    await workbench.runCommand('Azure PIM: Clear Filter');
  });

  it('every tenant line says 404 roles; the 17th tenant opens to 304 Azure, 50 Entra and 50 group roles', async () => {
    const { workbench } = e2e();
    // The first test ended by clearing the filter: its layout is gone before everything is collapsed.
    await waitForUnfilteredLayout();
    const tenants = (await collapseAllRows(workbench)).filter((row) => row.level === 1);
    assert.deepEqual(
      tenants.map((row) => `${row.label}: ${row.description}`),
      Array.from({ length: LARGE_TENANTS }, (_, index) => `${largeTenantName(index)}: ${large.rowsPerTenant} roles`),
    );
    await workbench.treeItem(VIEW, largeTenantName(PROBE)).click();
    await waitForTreeRow(/^Groups$/);
    const sections = (await workbench.treeItems(VIEW)).filter((row) => row.level === 2).map((row) => `${row.label}: ${row.description}`);
    assert.deepEqual(sections, [`Azure roles: ${large.rowsPerTenant - 100} roles`, 'Microsoft Entra roles: 50 roles', 'Groups: 50 roles']);
    await workbench.screenshot('25-tenants');
  });
});

/** The unfiltered layout of large tenants: tenant and section rows only (their sections start collapsed), no role rows. */
async function waitForUnfilteredLayout(): Promise<void> {
  const { workbench, page } = e2e();
  const deadline = Date.now() + 30_000;
  let rows = await workbench.treeItems(VIEW);
  while (rows.some((row) => row.level > 2) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    rows = await workbench.treeItems(VIEW);
  }
  assert.ok(
    rows.every((row) => row.level <= 2),
    `the filter's layout is still shown: ${rows.map((row) => `${row.label}@${row.level}`).join(' | ')}`,
  );
}
