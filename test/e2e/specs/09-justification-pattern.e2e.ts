// The organisation's justification pattern is evaluated only by the extension host, under a time limit: a pattern
// that backtracks catastrophically is reported as the configuration's fault within a second, the editor keeps
// answering and nothing is sent; an ordinary pattern still explains a mismatch and accepts a matching justification.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { e2e } from '../context';
import { closeForm, openActivationForm, putRequests, signIn, typeJustification, waitForOutcome, waitForPolicyLoaded } from '../pim';
import { updateUserSettings } from '../userSettings';

const PATTERN = 'azurePim.activation.justificationPattern';
const HINT = 'azurePim.activation.justificationPatternHint';
const CATASTROPHIC_PATTERN = '^(a+)+$';
const CATASTROPHIC_TEXT = `${'a'.repeat(40)}!`;
const CHANGE_NUMBER_PATTERN = '^C\\d{5}[A-Z]$';
const CHANGE_NUMBER_HINT = 'A change number such as C11432A';

describe('Justification pattern: evaluated by the extension host under a time limit', function () {
  this.timeout(180_000);

  /** Sets the pattern (and hint) as user settings, then opens the form and waits until it shows them. */
  async function formWithPattern(settings: Record<string, string>, hintShown: string): Promise<FrameLocator> {
    const { workbench } = e2e();
    await updateUserSettings({ [PATTERN]: null, [HINT]: null, ...settings });
    const form = await openActivationForm(['Contributor']);
    await waitForPolicyLoaded(form, 'Contributor');
    const hint = form.locator('#justificationHint');
    await workbench.step(`The form showing the pattern hint "${hintShown}"`, () => hint.filter({ hasText: hintShown }).waitFor({ state: 'visible', timeout: 10_000 }));
    return form;
  }

  function justificationError(form: FrameLocator) {
    return form.locator('#justificationError');
  }

  before(async () => {
    await signIn();
  });

  after(async () => {
    await closeForm();
    // Later specs start with the settings the runner wrote, which set neither.
    await updateUserSettings({ [PATTERN]: null, [HINT]: null });
  });

  it('justification pattern: a catastrophic pattern is reported as too slow within a second, the editor stays responsive, nothing is sent', async () => {
    const { workbench, page } = e2e();
    const form = await formWithPattern({ [PATTERN]: CATASTROPHIC_PATTERN }, `Format: ${CATASTROPHIC_PATTERN}`);
    const putsBefore = putRequests().length;

    const typed = Date.now();
    await typeJustification(form, CATASTROPHIC_TEXT);
    const tooSlow = justificationError(form).filter({ hasText: /too slow to check/ });
    await workbench.step('The "too slow" message next to the justification within a second', () => tooSlow.waitFor({ state: 'visible', timeout: 1000 }));
    const shownAfterMs = Date.now() - typed;
    assert.ok(shownAfterMs < 1000, `shown after ${shownAfterMs} ms`);
    const message = (await justificationError(form).textContent()) ?? '';
    assert.match(message, /organisation's justification pattern is too slow to check .*ask your administrator to simplify azurePim\.activation\.justificationPattern/);
    await workbench.screenshot('09-pattern-too-slow');

    // The extension host still answers: a command of ours opens its input box at once.
    const asked = Date.now();
    await workbench.runCommand('Azure PIM: Filter Roles…');
    await workbench.step('The Filter Roles input box (the extension host answering)', async () => {
      while (!/Filter roles/.test(await workbench.quickPickTitle())) {
        if (Date.now() - asked > 5000) {
          throw new Error(`the extension host did not open its input box within 5 s (quick input shows "${await workbench.quickPickTitle()}")`);
        }
        await page.waitForTimeout(100);
      }
    });
    await page.keyboard.press('Escape');

    // Another slow text: still a quick verdict, and submitting sends nothing.
    await typeJustification(form, `${'a'.repeat(39)}!!`);
    await form.locator('#activate').click();
    const status = form.locator('#status');
    await workbench.step('The form refusing to send', () => status.filter({ hasText: /Not sent\..*too slow to check/ }).waitFor({ state: 'visible', timeout: 5000 }));
    await page.waitForTimeout(1000);
    assert.deepEqual(putRequests().slice(putsBefore), [], 'no activation request reached the emulator');
    await workbench.screenshot('09-pattern-too-slow-not-sent');
    await closeForm();
  });

  it('justification pattern: an ordinary pattern explains a mismatch and accepts a matching justification', async () => {
    const { workbench, page } = e2e();
    const form = await formWithPattern({ [PATTERN]: CHANGE_NUMBER_PATTERN, [HINT]: CHANGE_NUMBER_HINT }, CHANGE_NUMBER_HINT);
    const putsBefore = putRequests().length;

    await typeJustification(form, 'Deploy release 42');
    const mismatch = justificationError(form).filter({ hasText: `The justification must follow the organisation format: ${CHANGE_NUMBER_HINT}` });
    await workbench.step('The mismatch message while typing', () => mismatch.waitFor({ state: 'visible', timeout: 5000 }));
    await workbench.screenshot('09-pattern-mismatch');
    await form.locator('#activate').click();
    await page.waitForTimeout(1000);
    assert.equal(putRequests().length, putsBefore, 'a mismatching justification is not sent');

    await typeJustification(form, 'C11432A');
    await workbench.step('The mismatch message going away', () => justificationError(form).waitFor({ state: 'hidden', timeout: 5000 }));
    await form.locator('#activate').click();
    await waitForOutcome(form, 'Contributor', 'active');
    const puts = putRequests().slice(putsBefore);
    assert.equal(puts.length, 1, `one activation request: ${puts.join(', ')}`);
    await workbench.screenshot('09-pattern-accepted');
    await closeForm();
  });
});
