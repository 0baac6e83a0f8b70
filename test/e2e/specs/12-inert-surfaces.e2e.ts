// Text from the tenant and the workspace stays inert on every surface that shows it. The emulator names a role, a
// subscription, a group, an Entra role, an approver and the tenant with command links, icon references, HTML, bidi
// overrides, terminal escape sequences and a line break followed by a fake log entry; the workspace declares a role
// and the user names a preset the same way. The spec drives them through the quick picks and their hovers,
// notifications and progress, the group sign-in notice, the expiry warning, the status bar and its tooltip, the
// workspace elevation summary, the task terminal and the log, and checks that the browser shows each name as text:
// no link, no icon, no element, no escape sequence, no forged log entry.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { E2E } from '../../emulator/testing';
import { e2e } from '../context';
import { closeForm, configureGraphApp, GRAPH_CLIENT_ID, openActivationForm, productLog, signIn, typeJustification, VIEW, waitForOutcome, waitForRole } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const DEV_SUBSCRIPTION = 'a0000000-0000-4000-8000-00000000000a';
const PROD = '/subscriptions/b0000000-0000-4000-8000-00000000000b';
const CONTRIBUTOR_ID = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

const ESC = '\x1b';
const ROLE = `Contributor [Open](command:workbench.action.terminal.new) $(alert) \u202Eevil\u202C ${ESC}]8;;command:workbench.action.terminal.new${ESC}\\osc8-link${ESC}]8;;${ESC}\\\n2026-01-01 10:00:00.000 [error] forged-entry`;
const SCOPE = `Dev <img src=x onerror=alert(1)> ![x](https://127.0.0.1:9/pixel.png) $(zap) ${ESC}]99;;osc99-notice${ESC}\\ ${ESC}]52;c;b3duZWQ=\x07`;
const GROUP = 'pim-admins [Group](command:workbench.action.terminal.new) $(alert)';
const ENTRA = 'Global Reader [Entra](command:workbench.action.terminal.new) $(alert)';
const APPROVER = 'Alice [Approve](command:workbench.action.terminal.new) $(alert) <img src=x onerror=alert(1)>';
const TENANT = 'Contoso [Tenant](command:workbench.action.terminal.new) $(alert)';
const PRESET = 'Deploy [Preset](command:workbench.action.terminal.new) $(alert)';
const DECLARED = `Ghost [Declared](command:workbench.action.terminal.new) $(alert) ${ESC}]8;;command:workbench.action.terminal.new${ESC}\\decl-link${ESC}]8;;${ESC}\\`;

/** How each name reads once made inert: the same characters without bidi and control characters, on one line. */
const ROLE_SHOWN = 'Contributor [Open](command:workbench.action.terminal.new) $(alert) evil ]8;;command:workbench.action.terminal.new\\osc8-link]8;;\\ 2026-01-01 10:00:00.000 [error] forged-entry';
const SCOPE_SHOWN = 'Dev <img src=x onerror=alert(1)> ![x](https://127.0.0.1:9/pixel.png) $(zap) ]99;;osc99-notice\\ ]52;c;b3duZWQ=';
const DECLARED_SHOWN = 'Ghost [Declared](command:workbench.action.terminal.new) $(alert) ]8;;command:workbench.action.terminal.new\\decl-link]8;;\\';
/** Icons the names ask for: none may be rendered from them. */
const NAMED_ICONS = '.codicon-alert, .codicon-zap';

/** Text as the user reads it: zero-width spaces (how links and icons are broken) and layout whitespace ignored. */
function readable(text: string | null): string {
  return (text ?? '').replace(/\u200B/g, '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Links, icons and elements a name would create if VS Code interpreted it, inside `scope`. */
async function interpreted(scope: Locator): Promise<string[]> {
  return scope.evaluateAll((roots, icons) => {
    const found: string[] = [];
    for (const root of roots) {
      const describe = (node: Element) => `<${node.tagName.toLowerCase()} ${[...node.attributes].map((a) => `${a.name}="${a.value}"`).join(' ')}>`;
      root.querySelectorAll('a[href], a[data-href], .monaco-link, img, script, [onerror]').forEach((node) => found.push(describe(node)));
      root.querySelectorAll(icons).forEach((node) => found.push(describe(node)));
    }
    return found;
  }, NAMED_ICONS);
}

async function assertInert(scope: Locator, what: string, shows: readonly string[]): Promise<void> {
  const text = readable(await scope.first().innerText());
  for (const name of shows) {
    assert.ok(text.includes(name), `${what} shows ${JSON.stringify(name)} literally; it shows: ${text.slice(0, 1200)}`);
  }
  assert.deepEqual(await interpreted(scope), [], `${what}: nothing is interpreted from a name`);
}

/** The message part of a notification toast (its buttons are links of VS Code's own). */
async function notification(message: RegExp, timeoutMs?: number): Promise<Locator> {
  const toast = await e2e().workbench.waitForNotification(message, timeoutMs);
  return toast.locator('.notification-list-item-message');
}

function quickInputList(): Locator {
  return e2e().page.locator('.quick-input-widget .quick-input-list');
}

describe('Inert text [security]: names from the tenant and the workspace on every surface', function () {
  this.timeout(360_000);
  const files = new WorkspaceFiles();

  before(async () => {
    const { emulator, page } = e2e();
    emulator.rename({ role: 'Contributor', displayName: ROLE, tenantId: CONTOSO });
    emulator.rename({ subscriptionId: DEV_SUBSCRIPTION, displayName: SCOPE });
    emulator.rename({ groupId: '9a000000-0000-4000-8000-0000000000a9', displayName: GROUP });
    emulator.rename({ entraRoleDefinitionId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: ENTRA });
    emulator.rename({ approverId: E2E.approver, displayName: APPROVER });
    emulator.rename({ tenantId: CONTOSO, displayName: TENANT });
    files.write('.vscode/settings.json', {
      'azurePim.workspaceRoles': [
        { role: 'Owner', scope: PROD, justification: 'Inert text check (workspace)' },
        { role: CONTRIBUTOR_ID, scope: `/subscriptions/${DEV_SUBSCRIPTION}`, justification: 'Inert text check (workspace)' },
        { role: DECLARED, scope: PROD },
      ],
    });
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [{ label: 'elevate-hostile', type: 'azure-pim', problemMatcher: [] }],
    });
    await page.waitForTimeout(1500);
  });

  after(async () => {
    e2e().emulator.setLatency({});
    await closeForm();
    await configureGraphApp('');
    files.restore();
  });

  it('inert text: quick picks show the names as typed, also in the hover of a description', async () => {
    const { workbench, page } = e2e();
    await signIn();
    await configureGraphApp(GRAPH_CLIENT_ID);
    await waitForRole(ENTRA, /eligible/);

    await workbench.runCommand('Azure PIM: Activate Role…');
    const items = await workbench.quickPickTitled(/Select roles to activate/);
    const role = items.find((item) => readable(item.label) === ROLE_SHOWN);
    assert.ok(role, `the role shown as typed among ${items.map((item) => JSON.stringify(readable(item.label))).join(', ')}`);
    assert.equal(readable(role.description), `Subscription: ${SCOPE_SHOWN}`);
    assert.ok(items.some((item) => readable(item.label) === ENTRA), 'the Entra role as typed');
    await assertInert(quickInputList(), 'the role picker', [ROLE_SHOWN, SCOPE_SHOWN, ENTRA]);
    const description = quickInputList().locator('.monaco-list-row').filter({ hasText: 'osc8-link' }).first().locator('.label-description');
    const hover = await workbench.hover(description, 'pixel.png');
    await assertInert(hover, 'the markdown hover of the scope', [SCOPE_SHOWN]);
    await workbench.screenshot('12-quick-pick-hover');
    await page.keyboard.press('Escape');

    const row = workbench.treeItem(VIEW, /osc8-link/);
    const rowTooltip = await workbench.hover(row, 'State:');
    await assertInert(rowTooltip, 'the tooltip of the role in the tree', [SCOPE_SHOWN]);
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');

    await workbench.runCommand('Azure PIM: Select Tenants…');
    const tenants = await workbench.quickPickTitled(/Tenants to show/);
    assert.ok(tenants.some((item) => readable(item.label) === TENANT), `the tenant as typed: ${tenants.map((item) => item.label).join(', ')}`);
    await assertInert(quickInputList(), 'the tenant picker', [TENANT]);
    await page.keyboard.press('Escape');
  });

  it('inert text: a preset named like a command link, its notifications, progress, the expiry warning and the status bar', async () => {
    const { workbench, emulator, page } = e2e();
    await workbench.clearNotifications();
    await workbench.runCommand('Azure PIM: Save Selection as Preset…');
    await workbench.checkQuickPickItems([/^Contributor \[Open\]/]);
    await workbench.answerInputBox(PRESET, /\(1\/3\)/);
    await workbench.answerInputBox('Inert text check', /\(2\/3\)/);
    await workbench.answerInputBox('5', /\(3\/3\)/);
    await assertInert(await notification(/saved\. Run/), 'the "preset saved" notification', [`Preset "${PRESET}" saved.`]);
    await workbench.clearNotifications();

    await workbench.runCommand('Azure PIM: Activate Preset…');
    await workbench.quickPickTitled(/Activate preset/);
    await assertInert(quickInputList(), 'the preset picker', [PRESET, `${ROLE_SHOWN} on ${SCOPE_SHOWN}`]);
    // Slow answers keep the progress notification up long enough to read.
    emulator.setLatency({ perRouteMs: { roleAssignmentScheduleRequests: 2500 } });
    await workbench.pickQuickPickItem(/^Deploy \[Preset\]/);
    await assertInert(await notification(/Activating preset/), 'the preset progress notification', [`Activating preset "${PRESET}"…`]);
    await assertInert(await notification(/: 1 activated\./, 60_000), 'the preset result notification', [`Preset "${PRESET}": 1 activated.`]);
    emulator.setLatency({});

    // Five minutes is within the expiry warning's ten: it shows at once.
    const expiry = await notification(/expires in/);
    await assertInert(expiry, 'the expiry warning', [`${ROLE_SHOWN} on ${SCOPE_SHOWN} expires in`]);
    await workbench.screenshot('12-expiry-warning');

    const status = workbench.statusBarItem('osc8-link');
    await workbench.step('The countdown of the hostile role', () => status.waitFor({ state: 'visible' }));
    assert.ok(readable(await status.innerText()).startsWith(ROLE_SHOWN.slice(0, 60)), await status.innerText());
    assert.equal(await status.locator('.codicon-shield').count(), 1, 'our own icon renders');
    await assertInert(status, 'the status bar countdown', [ROLE_SHOWN]);
    const tooltip = await workbench.hover(status, 'Azure PIM activations');
    await assertInert(tooltip, 'the countdown tooltip', [`${ROLE_SHOWN} on ${SCOPE_SHOWN}`]);
    await workbench.screenshot('12-status-bar');
    await page.mouse.move(700, 400);
  });

  it('inert text: the group sign-in notice and the deactivation notifications', async () => {
    const { workbench, emulator } = e2e();
    await workbench.clearNotifications();
    const form = await openActivationForm([/^Global Reader \[Entra\]/, /^Member$/]);
    await typeJustification(form, 'Inert text check (form)');
    await form.locator('#activate').click();
    await waitForOutcome(form, 'Global Reader', 'active');
    await waitForOutcome(form, 'pim-admins', 'active');
    await closeForm();
    const notice = await notification(/Access that comes through a group/);
    await assertInert(notice, 'the group sign-in notice', [`Member of ${GROUP}: active.`]);
    await workbench.screenshot('12-group-notice');
    await workbench.clearNotifications();

    // PIM refuses a deactivation within five minutes of the activation.
    emulator.clock.advance(6 * 60_000);
    emulator.setLatency({ perRouteMs: { roleAssignmentScheduleRequests: 2500 } });
    await workbench.runCommand('Azure PIM: Deactivate');
    await workbench.quickPickTitled(/Select a role to deactivate/);
    await assertInert(quickInputList(), 'the deactivation picker', [ENTRA, GROUP]);
    await workbench.checkQuickPickItems([/^Member$/]);
    await assertInert(await notification(/Deactivating/), 'the deactivation progress', [`Deactivating Member on ${GROUP}…`]);
    await assertInert(await notification(/deactivated\./, 60_000), 'the deactivation result', [`Member on ${GROUP} deactivated.`]);
    emulator.setLatency({});
  });

  it('inert text: the workspace elevation summary, the task terminal and My Requests', async () => {
    const { workbench, page } = e2e();
    await workbench.clearNotifications();
    await workbench.runCommand('Azure PIM: Elevate for This Workspace');
    const summary = await notification(/Workspace roles:/, 90_000);
    await assertInert(summary, 'the workspace elevation summary', [
      `Owner on Contoso Prod: waiting for approval by ${APPROVER}`,
      `${ROLE_SHOWN} on ${SCOPE_SHOWN}: Active for`,
      `${DECLARED_SHOWN} on ${PROD}:`,
    ]);
    await workbench.screenshot('12-workspace-summary');
    await workbench.clearNotifications();

    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(/^elevate-hostile$/);
    // Long lines wrap at the terminal's width (compare without any whitespace); the terminal shows only what fits.
    const squashed = (text: string): string => readable(text).replace(/ /g, '');
    await workbench.terminalText(/Not all roles are usable/, 90_000);
    // A taller terminal brings the first lines back from the scrollback.
    await workbench.runCommand('View: Toggle Maximized Panel');
    const terminal = squashed(await workbench.terminalText(/Azure PIM: 3 roles[\s\S]*Not all roles are usable/));
    await workbench.screenshot('12-task-terminal');
    await workbench.runCommand('View: Toggle Maximized Panel');
    // The escape sequences arrive as plain text: the terminal interpreted none of them.
    for (const line of [`${ROLE_SHOWN} on ${SCOPE_SHOWN}: already active`, `${DECLARED_SHOWN} on ${PROD}`, 'Owner on Contoso Prod: a request is already waiting']) {
      assert.ok(terminal.includes(squashed(line)), `the terminal shows ${JSON.stringify(line)}: ${terminal.slice(-1500)}`);
    }
    assert.deepEqual(await interpreted(page.locator('.terminal-wrapper')), [], 'nothing interpreted in the terminal');
    await page.waitForTimeout(1000);
    const osc99 = (await workbench.notifications()).filter((shown) => shown.message.includes('osc99-notice'));
    assert.deepEqual(osc99, [], 'no notification from an OSC 99 sequence');

    await workbench.runCommand('Azure PIM: Show My Requests');
    await workbench.quickPickTitled(/My PIM requests/);
    await assertInert(quickInputList(), 'My Requests', [ROLE_SHOWN, SCOPE_SHOWN]);
    await page.keyboard.press('Escape');
  });

  it('inert text: every log line is one entry, whatever the names hold', () => {
    const lines = productLog().split(/\r?\n/).filter((line) => line !== '');
    assert.ok(lines.length > 0, 'the product log was read');
    const entry = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[(trace|debug|info|warning|error)\] /;
    assert.ok(lines.some((line) => line.includes('forged-entry')), 'the hostile role name reached the log');
    assert.deepEqual(lines.filter((line) => !entry.test(line)), [], 'every line starts a real entry');
    assert.deepEqual(lines.filter((line) => line.startsWith('2026-01-01 10:00:00.000')), [], 'no forged entry');
    assert.ok(!lines.some((line) => line.includes(ESC)), 'no escape character in the log');
  });
});
