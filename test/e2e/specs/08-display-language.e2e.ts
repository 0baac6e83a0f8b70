// The product in another display language: a second code-server runs in German ("de", through a language pack
// fixture) with the product's bundle and manifest strings pseudo-translated (⟦…⟧). Everything the product shows
// must come through the bundle (nothing left outside ⟦…⟧ but names and separators), the activation form must get
// the bundle and the language, and dates follow German conventions.
import * as assert from 'node:assert/strict';
import { e2e, setE2EContext, type E2EContext } from '../context';
import { FORM_TITLE, formRow, trustEmulatorIfAsked, VIEW, waitForPolicyLoaded } from '../pim';
import { pseudo, untranslated, writePseudoTranslations } from '../pseudoLocale';
import type { TreeItem } from '../workbench';

/** Separators the product puts between translated parts (" · ", ", ") and nothing else. */
const SEPARATORS_ONLY = /^[\s·,:]*$/;

describe('In another display language (German, pseudo-translated)', function () {
  this.timeout(300_000);
  let main: E2EContext | undefined;
  let german: (E2EContext & { close(): Promise<void> }) | undefined;

  before(async () => {
    main = e2e();
    german = await main.startAnotherWorkbench({ name: 'code-server-de', locale: 'de', prepareExtensions: (dir) => writePseudoTranslations(dir, 'de') });
    setE2EContext(german);
  });

  after(async () => {
    if (main) {
      setE2EContext(main);
    }
    await german?.close();
  });

  async function rowsOnceLoaded(label: string, description: RegExp): Promise<TreeItem[]> {
    const { workbench, page } = e2e();
    const deadline = Date.now() + 30_000;
    let rows: TreeItem[] = [];
    while (Date.now() < deadline) {
      rows = await workbench.treeItems(pseudo(VIEW), { minimum: 0 });
      if (rows.some((row) => row.label === label && description.test(row.description))) {
        return rows;
      }
      await page.waitForTimeout(250);
    }
    assert.fail(`No "${label}" row matching ${String(description)}: ${rows.map((row) => `${row.label} [${row.description}]`).join(' | ')}`);
  }

  it('shows the manifest and the Roles view in the display language', async () => {
    const { workbench } = e2e();
    await workbench.openViewContainer(pseudo('Azure PIM'));
    await workbench.runCommand(pseudo('Sign In'));
    await workbench.allowAuthenticationDialog();
    // A fresh editor: the product asks before its first token goes to the emulator (a custom endpoint).
    assert.ok(await trustEmulatorIfAsked(workbench, e2e().emulatorUrl), 'the question about the emulator endpoint');
    // Policy hints are read in the background; the Owner row has them all.
    const rows = await rowsOnceLoaded('Owner', /⟦approval⟧/);
    const owner = rows.find((row) => row.label === 'Owner' && /⟦approval⟧/.test(row.description));
    assert.match(owner?.description ?? '', /^⟦eligible⟧ · ⟦max ⟦4h⟧⟧ · ⟦approval⟧/);
    // Tenants ("⟦5 roles⟧"), scopes ("⟦Subscription⟧") and roles: every description is translated text.
    const described = rows.filter((row) => row.description !== '');
    assert.ok(described.length >= 10, `rows: ${rows.map((row) => row.label).join(', ')}`);
    for (const row of described) {
      assert.match(untranslated(row.description), SEPARATORS_ONLY, `untranslated text in "${row.label}": ${row.description}`);
    }
    await workbench.screenshot('08-roles-de');
  });

  it('gives the activation form the bundle and the language: labels, policy, summary and German dates', async () => {
    const { workbench } = e2e();
    await workbench.runCommand(pseudo('Activate Role…'));
    await workbench.checkQuickPickItems(['Contributor', 'Owner']);
    const form = await workbench.webview(pseudo(FORM_TITLE));
    await workbench.step('The form listing roles', () => form.locator('#roles .role-row').first().waitFor({ state: 'visible' }));
    assert.equal(await form.locator('html').getAttribute('lang'), 'de');
    assert.equal((await form.locator('vscode-label[for="justification"]').textContent())?.trim(), pseudo('Justification'));
    assert.equal((await form.locator('#activate').textContent())?.trim(), pseudo('Activate'));
    const owner = await waitForPolicyLoaded(form, 'Owner');
    assert.match(owner, /⟦approval by Alice Admin⟧/);
    assert.match(untranslated(owner), SEPARATORS_ONLY, `policy line: ${owner}`);
    assert.match((await formRow(form, 'Contributor').textContent()) ?? '', /⟦Contributor on Contoso Dev \(.+\)⟧/);

    // The whole form: once the translated parts and the names from the emulator's scenario are taken out,
    // only punctuation is left (the required-field asterisks, separators).
    const names = /Key Vault Administrator|Contributor|Owner|Reader|Contoso Dev|Contoso Prod|Fabrikam Shared|rg-app|Alice Admin/g;
    const formText = await form.locator('#form').innerText();
    assert.match(untranslated(formText).replace(names, ''), /^[\s·,:()*.]*$/, `untranslated text in the form:\n${untranslated(formText)}`);

    await form.locator('#startLater').click();
    const summary = form.locator('#summaryList li');
    await workbench.step('A summary with the scheduled start', () => summary.filter({ hasText: '⟦active from' }).first().waitFor({ state: 'visible' }));
    const lines = await summary.allTextContents();
    assert.ok(lines.length >= 2, lines.join('\n'));
    for (const line of lines) {
      assert.match(untranslated(line), SEPARATORS_ONLY, `summary: ${line}`);
      // dateStyle medium, timeStyle short in German: 25.11.2026, 15:00
      assert.match(line, /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/, `German date in: ${line}`);
    }
    await workbench.screenshot('08-form-de');
  });

  it('counts down in the status bar with the translated units', async () => {
    const { workbench } = e2e();
    const form = await workbench.webview(pseudo(FORM_TITLE));
    await form.locator('#startNow').click();
    await form.locator('#justification textarea').fill('Localisation check');
    await form.locator('#activate').click();
    const status = form.locator('#status');
    await workbench.step('The final note', () => status.filter({ hasText: '⟦Done' }).waitFor({ state: 'visible', timeout: 60_000 }));
    assert.match(untranslated((await status.textContent()) ?? ''), SEPARATORS_ONLY);
    const item = workbench.statusBarItem(/Contributor/);
    await workbench.step('The countdown in the status bar', () => item.waitFor({ state: 'visible' }));
    assert.match((await item.innerText()).trim(), /Contributor ⟦(59m|1h 00m)⟧/);
  });
});
