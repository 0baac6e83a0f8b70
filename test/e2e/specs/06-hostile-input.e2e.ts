// Hostile input in the real editor: display names from the API that look like HTML, Markdown, command links,
// right-to-left overrides or are very long are shown as literal text in the tree, its tooltips and the form,
// and no element is injected; the form's real CSP is strict; after a failed submit what the user typed stays.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { e2e } from '../context';
import { closeForm, formRow, openActivationForm, signIn, typeJustification, VIEW, waitForOutcome, waitForPolicyLoaded, waitForRole } from '../pim';

const DEV_SUBSCRIPTION = 'a0000000-0000-4000-8000-00000000000a';
const HTML_NAME = '<img src=x onerror=alert(1)>';
const MARKDOWN_NAME = '**bold** [link](command:workbench.action.quit) <b>b</b>';
const SUBSCRIPTION_NAME = 'Dev \u202Eexe.txt\u202C <script>alert(2)</script>';
/** Bidirectional overrides are dropped from names (they would show "Dev txt.exe"); the rest stays literal. */
const SUBSCRIPTION_SHOWN = 'Dev exe.txt <script>alert(2)</script>';
const LONG_NAME = `Reader ${'W'.repeat(400)}`;

interface EmulatorState {
  tenants: { activeAssignments: { role: string; assignmentType: string }[] }[];
}

/** Elements an injection would have created from the names above, anywhere in a document (shadow roots included). */
async function injectedElements(scope: Pick<FrameLocator, 'locator'>): Promise<string[]> {
  const selectors = ['img[src="x"]', '[onerror]', 'a[href^="command:"]', 'script:text("alert")', 'b:text-is("b")', 'strong:text-is("bold")'];
  const found: string[] = [];
  for (const selector of selectors) {
    const count = await scope.locator(selector).count();
    if (count > 0) {
      found.push(`${selector} ×${count}`);
    }
  }
  return found;
}

describe('Hostile input [security]: names from the API stay text', function () {
  this.timeout(240_000);

  before(() => {
    const { emulator } = e2e();
    emulator.rename({ role: 'Owner', displayName: HTML_NAME });
    emulator.rename({ role: 'Key Vault Administrator', displayName: MARKDOWN_NAME });
    emulator.rename({ role: 'Reader', displayName: LONG_NAME });
    emulator.rename({ subscriptionId: DEV_SUBSCRIPTION, displayName: SUBSCRIPTION_NAME });
  });

  after(async () => {
    await closeForm();
  });

  it('hostile input: tree rows show the literal names and nothing is injected into the workbench', async () => {
    const { workbench, page } = e2e();
    await signIn();
    await waitForRole(HTML_NAME, /eligible/);
    const labels = (await workbench.treeItems(VIEW)).map((item) => item.label);
    for (const expected of [HTML_NAME, MARKDOWN_NAME, LONG_NAME, SUBSCRIPTION_SHOWN]) {
      assert.ok(labels.includes(expected), `missing the literal ${JSON.stringify(expected.slice(0, 60))} in ${JSON.stringify(labels).slice(0, 600)}`);
    }
    assert.deepEqual(await injectedElements(workbench.view(VIEW)), [], 'no element created from a name in the view');
    assert.equal(await page.locator('img[src="x"], [onerror]').count(), 0, 'no injected element in the workbench');
    await workbench.screenshot('06-hostile-tree');
  });

  it('hostile input: tooltips show the names as text, with no rendered image, link or bold', async () => {
    const { workbench, page } = e2e();
    for (const name of [HTML_NAME, MARKDOWN_NAME]) {
      const row = workbench.treeItem(VIEW, name);
      await page.mouse.move(0, 0);
      await row.hover();
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'State:' }).last();
      await workbench.step(`The tooltip of ${name}`, () => hover.waitFor({ state: 'visible', timeout: 15_000 }));
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      assert.ok(text.includes(name), `the tooltip shows the literal name: ${text.slice(0, 300)}`);
      assert.equal(await hover.locator('img, a, strong, b, script').count(), 0, `no rendered markup in the tooltip: ${(await hover.innerHTML()).slice(0, 500)}`);
      await workbench.screenshot(`06-hostile-tooltip-${name === HTML_NAME ? 'html' : 'markdown'}`);
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
    }
  });

  it('hostile input: the form shows the literal name, injects nothing, and runs under a strict CSP', async () => {
    const { workbench } = e2e();
    const form = await openActivationForm([HTML_NAME]);
    const row = formRow(form, HTML_NAME);
    await workbench.step('The hostile row in the form', () => row.waitFor({ state: 'visible' }));
    assert.equal(await row.locator('.role-name').textContent(), HTML_NAME);
    assert.deepEqual(await injectedElements(form), [], 'no injected element in the form');
    const csp = (await form.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    const scriptSrc = directives.get('script-src') ?? [];
    assert.equal(scriptSrc.length, 1, csp);
    assert.match(scriptSrc[0] ?? '', /^'nonce-[A-Za-z0-9+/_-]{16,}={0,2}'$/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*(?!\.)/);
    // VS Code injects its own inline script (acquireVsCodeApi) ahead of the page's CSP; every script the page loads carries the nonce.
    const scripts = await form.locator('script[src]').evaluateAll((nodes) => nodes.map((node) => ({ nonce: (node as HTMLScriptElement).nonce, src: (node as HTMLScriptElement).src })));
    assert.ok(scripts.length > 0 && scripts.every((script) => script.nonce !== ''), JSON.stringify(scripts));
    await workbench.screenshot('06-hostile-form');
    await closeForm();
  });

  it('hostile input: after a failed submit the justification stays, and a second submit activates exactly once', async () => {
    const { workbench, emulator, emulatorUrl } = e2e();
    const form = await openActivationForm(['Contributor']);
    await waitForPolicyLoaded(form, 'Contributor');
    const typed = 'Incident 7: <script>alert(3)</script> “quoted” \u202Etext';
    await typeJustification(form, typed);
    emulator.setFaults([{ match: { method: 'PUT' }, kind: 'status', status: 403, times: 0 }]);
    await form.locator('#activate').click();
    const failed = await waitForOutcome(form, 'Contributor', 'failed');
    assert.match(failed, /permission/i);
    assert.equal(await form.locator('#justification textarea').inputValue(), typed, 'the justification is kept after a failure');
    assert.deepEqual(await injectedElements(form), []);
    await workbench.screenshot('06-failed-submit-keeps-input');
    emulator.setFaults([]);
    await form.locator('#activate').click();
    await waitForOutcome(form, 'Contributor', 'active');
    const state = (await fetch(`${emulatorUrl}/_emulator/state`).then((response) => response.json())) as EmulatorState;
    const activations = state.tenants.flatMap((tenant) => tenant.activeAssignments).filter((a) => a.role === 'Contributor' && a.assignmentType === 'Activated');
    assert.equal(activations.length, 1, JSON.stringify(activations));
    await closeForm();
  });
});
