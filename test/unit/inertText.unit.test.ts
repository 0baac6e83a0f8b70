// Each surface's helper against hostile text from the tenant or the workspace. The checks use VS Code's own
// recognisers (copied from microsoft/vscode 1.139): parseLinkedText for notifications and prompts,
// renderLabelWithIcons for icon surfaces, and the Output view's log-entry line format.
import * as assert from 'node:assert/strict';
import {
  breakAutolinks,
  breakLinks,
  capLength,
  escapeIcons,
  labelText,
  logEntry,
  logLine,
  modalText,
  nameText,
  NAME_MAX_LENGTH,
  pickDetailText,
  notificationText,
  NOTIFICATION_MAX_LENGTH,
  stripControls,
  terminalLine,
  tooltipText,
} from '../../src/shared/inertText';

const COMMAND_LINK = '[Open](command:workbench.action.terminal.new)';
const IMAGE = '![x](https://tracker.example/pixel.png)';
const ICON = '$(alert) x';
const HTML = '<img src=x onerror=alert(1)>';
const BIDI = 'Dev \u202Eexe.txt\u202C \u2066iso\u2069 \u200Fmark';
const OSC8 = '\x1b]8;;command:workbench.action.terminal.new\x1b\\link\x1b]8;;\x1b\\';
const OSC52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
const OSC99 = '\x1b]99;;osc99-notice\x1b\\';
const C1_CSI = '\u009b2J\u009d0;title\u009c';
const FORGED_LOG = 'Owner\n2026-01-01 10:00:00.000 [error] forged entry\r\nsecond';
const LONG = `Role ${'W'.repeat(5000)}`;
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvaWQiOiIxIiwic2NwIjoidXNlcl9pbXBlcnNvbmF0aW9uIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';

/** microsoft/vscode src/vs/base/common/linkedText.ts */
const LINKED_TEXT = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** microsoft/vscode src/vs/base/browser/ui/iconLabel/iconLabels.ts renderLabelWithIcons */
const LABEL_ICONS = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z0-9-]*)?)\)/g;
/** The Output view starts a log entry at a line like "2026-01-01 10:00:00.000 [error] …". */
const LOG_ENTRY_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[\w+\]/m;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const links = (text: string): string[] => [...text.matchAll(LINKED_TEXT)].map((match) => match[0]);
/** What renderLabelWithIcons shows: rendered icons as `<icon:name>`, escaped references as their text. */
function renderedLabel(text: string): string {
  return text.replace(LABEL_ICONS, (_, escaped: string | undefined, name: string) => (escaped ? `$(${name})` : `<icon:${name}>`));
}
const visible = (text: string): string => text.replace(/\u200B/g, '');

describe('inert text: the steps', () => {
  it('stripControls drops bidirectional and control characters; line breaks become spaces unless kept', () => {
    assert.equal(stripControls(BIDI), 'Dev exe.txt iso mark');
    assert.equal(stripControls('a\x00b\x07c\x1bd\x7fe\u0085f\u009bg'), 'abcdefg');
    assert.equal(stripControls('one\r\ntwo\nthree\rfour\u2028five'), 'one two three four five');
    assert.equal(stripControls('one\r\ntwo\u2029three', { keepLineBreaks: true }), 'one\ntwo\nthree');
    assert.equal(stripControls('tab\there'), 'tab here');
  });

  it('capLength keeps short text and cuts long text with an ellipsis', () => {
    assert.equal(capLength('short', 10), 'short');
    assert.equal(capLength('0123456789ab', 10), '012345678…');
  });

  it('breakLinks leaves nothing parseLinkedText or markdown takes for a link or an image, and shows the same text', () => {
    for (const hostile of [COMMAND_LINK, IMAGE, '[a](file:///etc/passwd "t")', '[[nested](command:x)](command:y)']) {
      assert.deepEqual(links(breakLinks(hostile)), [], hostile);
      assert.doesNotMatch(breakLinks(hostile), /\]\(|!\[/);
      assert.equal(visible(breakLinks(hostile)), hostile);
    }
  });

  it('breakAutolinks leaves no bare address for markdown to link, and shows the same text', () => {
    const hostile = 'see https://evil.example/x and www.evil.example and HTTP://X, mail dana@contoso.example';
    const shown = breakAutolinks(hostile);
    assert.doesNotMatch(shown, /:\/\/|www\.|@[a-z]/i);
    assert.equal(visible(shown), hostile);
  });

  it('escapeIcons makes every icon reference show as typed, including one that was escaped already', () => {
    for (const hostile of [ICON, '$(check) Owner $(shield~spin)', '\\$(alert)', 'cost $ (USD) $(not an icon)']) {
      assert.equal(renderedLabel(escapeIcons(hostile)), hostile, hostile);
    }
    assert.equal(escapeIcons('cost $ (USD)'), 'cost $ (USD)', 'text that is no icon stays as it is');
  });
});

describe('inert text: one helper per surface', () => {
  it('notificationText: no live link, no icon, no control, one line, the text still readable', () => {
    const hostile = `${COMMAND_LINK} ${IMAGE} ${ICON} ${HTML} ${BIDI}\nnext`;
    const shown = notificationText(hostile);
    assert.deepEqual(links(shown), []);
    assert.doesNotMatch(shown, LABEL_ICONS, 'no icon reference for the status-bar fallback of a progress notification');
    assert.doesNotMatch(shown, ANY_CONTROL);
    assert.doesNotMatch(shown, BIDI_CONTROL);
    assert.equal(visible(shown), `${COMMAND_LINK} ${IMAGE} ${ICON} ${HTML} Dev exe.txt iso mark next`);
  });

  it('notificationText: a 5,000-character name put in a sentence through nameText keeps our own words visible', () => {
    assert.ok(nameText(LONG).length <= NAME_MAX_LENGTH);
    const sentence = notificationText(`${nameText(LONG)} on ${nameText(LONG)} expires in 5m.`);
    assert.ok(sentence.length <= NOTIFICATION_MAX_LENGTH, `${sentence.length} characters`);
    assert.match(sentence, / on Role W+… expires in 5m\.$/);
    assert.ok(notificationText(LONG).length <= NOTIFICATION_MAX_LENGTH, 'a whole message is bounded too');
  });

  it('nameText: one line without controls or bidi, trimmed and bounded', () => {
    assert.equal(nameText(` ${FORGED_LOG} `), 'Owner 2026-01-01 10:00:00.000 [error] forged entry second');
    assert.equal(nameText(BIDI), 'Dev exe.txt iso mark');
    assert.equal(nameText(LONG).at(-1), '…');
  });

  it('modalText: plain text with its line breaks, without bidi or control characters', () => {
    assert.equal(modalText(`a\u202Eb\x1b[2Jc\r\nd`), 'ab[2Jc\nd');
  });

  it('labelText (quick picks, status bar, prompts): icons show as typed, links broken, one line', () => {
    const hostile = `${ICON} ${COMMAND_LINK} ${HTML}\n${BIDI}`;
    const shown = labelText(hostile);
    assert.equal(visible(renderedLabel(shown)), `${ICON} ${COMMAND_LINK} ${HTML} Dev exe.txt iso mark`);
    assert.doesNotMatch(renderedLabel(shown), /<icon:/);
    assert.deepEqual(links(shown), [], 'prompts and markdown hovers find no link');
    assert.equal(labelText('https://x.example'), 'https://x.example', 'a label shows an address as it is (no markdown there)');
  });

  it('pickDetailText (quick pick description and detail, shown again in a markdown hover): labelText and no bare address', () => {
    const shown = pickDetailText(`Subscription: ${COMMAND_LINK} ${ICON} https://evil.example www.evil.example`);
    assert.doesNotMatch(shown, /:\/\/|www\./);
    assert.deepEqual(links(shown), []);
    assert.equal(visible(renderedLabel(shown)), `Subscription: ${COMMAND_LINK} ${ICON} https://evil.example www.evil.example`);
    assert.doesNotMatch(shown, ANY_CONTROL);
  });

  it('tooltipText (for MarkdownString.appendText): no bare address for markdown to link, no controls', () => {
    const shown = tooltipText(`Subscription: Dev https://evil.example/x www.evil.example\x1b[2J\n${BIDI}`);
    assert.doesNotMatch(shown, /:\/\/|www\./);
    assert.doesNotMatch(shown, ANY_CONTROL);
    assert.equal(visible(shown), 'Subscription: Dev https://evil.example/x www.evil.example[2J Dev exe.txt iso mark');
  });

  it('terminalLine: no escape sequence survives (OSC 8 link, OSC 52 clipboard, OSC 99 notification, C1 CSI), one line', () => {
    const shown = terminalLine(`Owner ${OSC8} ${OSC52} ${OSC99} ${C1_CSI} ${BIDI}\r\nnext\x1b[2J`);
    assert.doesNotMatch(shown, ANY_CONTROL);
    assert.doesNotMatch(shown, BIDI_CONTROL);
    assert.equal(shown, 'Owner ]8;;command:workbench.action.terminal.new\\link]8;;\\ ]52;c;ZWNobyBwd25lZA== ]99;;osc99-notice\\ 2J0;title Dev exe.txt iso mark next[2J');
  });

  it('logLine: a line break cannot start a forged entry; controls are shown as escapes; bidi goes', () => {
    const shown = logLine(`Activation of ${FORGED_LOG}\x1b[31m${BIDI}`);
    assert.equal(shown.split(/\r\n|\r|\n/).length, 1);
    assert.doesNotMatch(shown, LOG_ENTRY_START);
    assert.equal(shown, 'Activation of Owner ⏎ 2026-01-01 10:00:00.000 [error] forged entry ⏎ second\\u001b[31mDev exe.txt iso mark');
    assert.equal(logLine('a\u2028b'), 'a ⏎ b');
  });

  it('logEntry: an Error is logged with its stack, extra arguments appended, all on one line', () => {
    const error = new Error(`failed for ${FORGED_LOG}`);
    const shown = logEntry(error, [{ tenant: 'Contoso\n2026-01-01 10:00:00.000 [info] x' }, 42]);
    assert.equal(shown.split('\n').length, 1);
    assert.match(shown, /^Error: failed for Owner ⏎ 2026-01-01 .* ⏎ {5}at /);
    assert.match(shown, /\{"tenant":"Contoso\\n2026-01-01 10:00:00.000 \[info\] x"\} 42$/);
  });

  it('every helper redacts secrets (the log also at Trace: see safeLog)', () => {
    const secret = `token ${JWT} and https://app/callback?code=0.AAAA-secret-code&state=1`;
    for (const helper of [notificationText, modalText, labelText, terminalLine, logLine]) {
      const shown = visible(helper(secret));
      assert.ok(!shown.includes(JWT.slice(0, 20)) && !shown.includes('secret-code'), `${helper.name}: ${shown}`);
    }
  });
});
