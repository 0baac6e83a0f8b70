// The VS Code-facing wrappers (src/ui) against a `vscode` stand-in: what reaches VS Code is inert, and callers get
// their own items and buttons back.
import * as assert from 'node:assert/strict';
import * as notify from '../../src/ui/notify';
import * as quickInput from '../../src/ui/quickInput';
import * as safeLog from '../../src/ui/safeLog';
import { freshVscodeStub, type StubRecord } from '../support/vscodeStub';

const vscode = freshVscodeStub();

const LINK = '[Open](command:workbench.action.terminal.new)';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJvaWQiOiIxIn0.c2lnbmF0dXJl';
const FORGED = 'Owner\n2026-01-01 10:00:00.000 [error] forged';

function reset(): StubRecord {
  return freshVscodeStub();
}

function shown(api: string): unknown[] {
  const call = vscode.calls.find((candidate) => candidate.api === api);
  assert.ok(call, `${api} was called: ${vscode.calls.map((c) => c.api).join(', ')}`);
  return call.args;
}

describe('ui wrappers: notify', () => {
  beforeEach(reset);

  it('a notification gets no live link, no secret, one line; the caller gets its own button back', async () => {
    vscode.answer = (_, args) => args[2];
    const choice = await notify.showWarningMessage(`${LINK} expires; token ${JWT}\nnext`, 'Re-activate', 'Deactivate');
    const [message, options, ...buttons] = shown('showWarningMessage') as [string, object, ...string[]];
    assert.doesNotMatch(message, /\]\(/);
    assert.doesNotMatch(message, /eyJ|\n/);
    assert.deepEqual(options, {});
    assert.deepEqual(buttons, ['Re-activate', 'Deactivate']);
    assert.equal(choice, 'Re-activate');
  });

  it('a modal keeps its line breaks, loses bidi controls, and passes its options on', async () => {
    await notify.showErrorMessage('line one\nline \u202Etwo', { modal: true, detail: `detail\u2066 ${JWT}` }, 'Activate');
    const [message, options, button] = shown('showErrorMessage') as [string, { modal: boolean; detail: string }, string];
    assert.equal(message, 'line one\nline two');
    assert.deepEqual(options, { modal: true, detail: 'detail <redacted>' });
    assert.equal(button, 'Activate');
  });

  it('information messages go through the same helper', async () => {
    await notify.showInformationMessage(`Preset "${LINK}" saved.`);
    assert.doesNotMatch(shown('showInformationMessage')[0] as string, /\]\(/);
  });

  it('withProgress: title and every reported message are inert', async () => {
    const result = await notify.withProgress({ location: 15, title: `Activating ${LINK} $(alert)` }, (progress) => {
      progress.report({ message: `${LINK}: activating…` });
      return Promise.resolve(7);
    });
    assert.equal(result, 7);
    const [options] = shown('withProgress') as [{ title: string }];
    assert.doesNotMatch(options.title, /\]\(|\$\(/);
    const [report] = shown('progress.report') as [{ message: string }];
    assert.doesNotMatch(report.message, /\]\(/);
  });

  it('setStatusBarMessage: our icon renders, the text shows its icon references as typed', () => {
    notify.setStatusBarMessage('shield', 'Owner $(alert) re-activated', 1000);
    assert.equal(shown('setStatusBarMessage')[0], '$(shield) Owner \\$(alert) re-activated');
  });
});

describe('ui wrappers: quick input', () => {
  beforeEach(reset);

  it('showQuickPick shows inert copies and answers with the caller’s own items', async () => {
    const items = [
      { label: `$(alert) ${LINK}`, description: 'Subscription: $(zap)', detail: `justification ${FORGED}`, id: 1 },
      { label: 'Reader', id: 2 },
    ];
    vscode.answer = (_, args) => (args[0] as unknown[])[0];
    const picked = await quickInput.showQuickPick(items, { title: 'Pick \u202Eone' });
    assert.equal(picked, items[0]);
    const [shownItems, options] = shown('showQuickPick') as [{ label: string; description?: string; detail?: string; id: number }[], { title: string }];
    assert.equal(shownItems[0]?.label.startsWith('\\$(alert) [Open]\u200B(command:'), true, shownItems[0]?.label);
    assert.equal(shownItems[0]?.description, 'Subscription: \\$(zap)');
    assert.equal(shownItems[0]?.detail, 'justification Owner 2026-01-01 10:00:00.000 [error] forged');
    assert.equal(shownItems[0]?.id, 1, 'extra fields stay');
    assert.equal(options.title, 'Pick one');
  });

  it('showQuickPick with canPickMany answers with the caller’s items', async () => {
    const items = [{ label: 'a $(x)' }, { label: 'b' }];
    vscode.answer = (_, args) => args[0];
    assert.deepEqual(await quickInput.showQuickPick(items, { canPickMany: true }), items);
  });

  it('inertItem is applied once: an item shown again is not escaped twice', () => {
    const once = quickInput.inertItem({ label: '$(alert)' });
    assert.equal(quickInput.inertItem(once), once);
    assert.equal(once.label, '\\$(alert)');
  });

  it('showInputBox: the prompt and every validation message are inert', async () => {
    await quickInput.showInputBox({ prompt: `${LINK} $(alert)`, validateInput: (value) => `${value} ${LINK}` });
    const [options] = shown('showInputBox') as [{ prompt: string; validateInput: (value: string) => Promise<string> }];
    assert.equal(options.prompt, '[Open]\u200B(command:workbench.action.terminal.new) \\$(alert)');
    assert.equal(await options.validateInput('$(x)'), '\\$(x) [Open]\u200B(command:workbench.action.terminal.new)');
  });
});

describe('ui wrappers: safe log', () => {
  beforeEach(reset);

  it('every level, Trace included, writes one redacted line; Errors keep their stack on that line', () => {
    const log = safeLog.createSafeLog('Azure PIM');
    log.trace(`GET https://x/cb?code=abc ${FORGED}`);
    log.debug('Authorization: Bearer abc');
    log.info(`token ${JWT}`, { refresh_token: 'x' });
    log.warn(FORGED);
    log.error(new Error(`boom ${JWT}`));
    log.appendLine(`raw ${FORGED}`);
    const lines = vscode.calls.filter((call) => call.api.startsWith('log.')).map((call) => [call.api, ...call.args] as [string, string]);
    assert.deepEqual(
      lines.map(([api]) => api),
      ['log.trace', 'log.debug', 'log.info', 'log.warn', 'log.error', 'log.appendLine'],
    );
    for (const [api, line] of lines) {
      assert.equal(typeof line, 'string', api);
      assert.doesNotMatch(line, /\n|\r/, api);
      assert.doesNotMatch(line, /eyJ|code=abc|Bearer abc|"x"/, `${api}: ${line}`);
    }
    assert.match(lines[4]?.[1] ?? '', /^Error: boom <redacted> ⏎ {5}at /);
  });
});
