// Tokens never leave the auth provider, and no secret reaches any output, with the extension's log at Trace. The
// spec signs in, loads, activates, deactivates and runs an azure-pim task, while the emulator quotes a real token,
// an authorization code and an Authorization header back in some error messages (as a verbose service or a proxy
// could). Then no token the emulator minted (found by its JWT signature part) occurs in any file of the editor's user
// data (logs including the "Azure PIM" output channel's log, settings.json, extension global storage), in the
// editor's browser storage (IndexedDB and localStorage: code-server keeps globalState there rather than in
// state.vscdb), in the output channel as shown, the task terminal, the notifications, the activation form's DOM or
// its saved state; and no other secret shape (a JWT, a Bearer token, an Authorization value, code=, client_info=,
// refresh_token=, id_token=, access_token=) occurs in what the product wrote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { e2e } from '../context';
import { closeForm, FORM_TITLE, openActivationForm, signIn, typeJustification, waitForOutcome, waitForPolicyLoaded, waitForRole, waitForRoleOn } from '../pim';
import { WorkspaceFiles } from '../workspaceFiles';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return filesUnder(full);
    }
    return entry.isFile() ? [full] : [];
  });
}

/** Where each signature occurs: "file: signature…" lines. */
function leaksIn(files: readonly string[], signatures: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue; // a log rotated away while reading
    }
    for (const signature of signatures) {
      if (bytes.includes(signature)) {
        found.push(`${file}: ${signature.slice(0, 8)}…`);
      }
    }
  }
  return found;
}

/**
 * The browser side of the editor's storage: in code-server the workbench keeps global state (extension
 * `globalState` included) and other profile data in IndexedDB and localStorage, not in state.vscdb.
 */
async function browserStorageText(page: ReturnType<typeof e2e>['page']): Promise<{ text: string; databases: string[] }> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const decoder = new TextDecoder();
    const asText = (value: unknown): string => {
      if (value instanceof Uint8Array) {
        return decoder.decode(value);
      }
      if (value instanceof ArrayBuffer) {
        return decoder.decode(new Uint8Array(value));
      }
      try {
        return typeof value === 'string' ? value : JSON.stringify(value);
      } catch {
        return String(value);
      }
    };
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      parts.push(key, localStorage.getItem(key) ?? '');
    }
    const names: string[] = [];
    for (const info of await indexedDB.databases()) {
      const name = info.name;
      if (!name) {
        continue;
      }
      names.push(name);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all(
          [store.getAllKeys(), store.getAll()].map(
            (request) =>
              new Promise<unknown[]>((resolve, reject) => {
                request.onsuccess = () => resolve(request.result as unknown[]);
                request.onerror = () => reject(request.error ?? new Error(`cannot read ${storeName}`));
              }),
          ),
        );
        (keys ?? []).forEach((key, index) => parts.push(asText(key), asText(values?.[index])));
      }
      db.close();
    }
    return { text: parts.join('\n'), databases: names };
  });
}

const DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';

/** Secret shapes that must not occur in anything the product wrote (redacted values read "<redacted>"). */
const SECRET_SHAPES: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/,
  /\bBearer\s+(?!<redacted>)[A-Za-z0-9\-._~+/]{8,}/i,
  /\bauthorization["']?\s*[:=]\s*["']?(?!<redacted>)\S/i,
  /(?:^|[?&#\s"'(])(?:code|client_info|refresh_token|id_token|access_token)=(?!<redacted>)[^&\s"']/,
];

function secretShapesIn(what: string, html: string): string[] {
  // Markup escapes "<redacted>"; read it as text.
  const text = html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return SECRET_SHAPES.flatMap((shape) => {
    const match = shape.exec(text);
    return match ? [`${what}: ${shape.source} matched "${text.slice(Math.max(0, match.index - 40), match.index + 40)}"`] : [];
  });
}

/**
 * The form's saved state (vscode.setState), and the form again: VS Code builds the page anew when a hidden form
 * shows again, with the saved state in its API script.
 */
async function savedFormState(): Promise<{ state: string; form: FrameLocator }> {
  const { workbench } = e2e();
  await workbench.runCommand('File: New Untitled Text File');
  const form = await workbench.webview(FORM_TITLE);
  const script = (await form.locator('script#_vscodeApiScript').textContent()) ?? '';
  const encoded = /JSON\.parse\(decodeURIComponent\("([^"]*)"\)\)/.exec(script)?.[1];
  assert.ok(encoded, `the saved state in the form's page: ${script.slice(0, 600)}`);
  return { state: decodeURIComponent(encoded), form };
}

/** Texts of every notification since the spec began (the notification center keeps them). */
async function notificationTexts(): Promise<string[]> {
  const { workbench, page } = e2e();
  await workbench.runCommand('Notifications: Show Notifications');
  const messages = page.locator('.notifications-center .notification-list-item-message');
  await workbench.step('The notification center', () => messages.first().waitFor({ state: 'visible' }));
  const texts = await messages.allTextContents();
  await page.keyboard.press('Escape');
  return texts;
}

describe('No token leaks [security]', function () {
  this.timeout(360_000);
  const files = new WorkspaceFiles();

  before(async () => {
    files.write('.vscode/tasks.json', {
      version: '2.0.0',
      tasks: [{ label: 'leak-check', type: 'azure-pim', roles: [{ role: 'Contributor', scope: DEV, justification: 'Token leak check (task)' }], problemMatcher: [] }],
    });
    await e2e().page.waitForTimeout(1000);
  });

  after(async () => {
    const { workbench } = e2e();
    e2e().emulator.setFaults([]);
    await setProductLogLevel(workbench, /^Info/);
    files.restore();
  });

  it('no token leaks: at Trace, with tokens quoted back by the service, no secret in user data, the log, output, terminal, notifications, the form or its state', async () => {
    const { workbench, emulator, emulatorUrl, codeServer, page } = e2e();
    await setProductLogLevel(workbench, /^Trace/);
    await signIn();
    await waitForRole('Contributor', /eligible/);

    // A token the emulator minted, quoted back in error messages with an authorization code and a header.
    const minted = (await fetch(`${emulatorUrl}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['https://management.azure.com/.default'] }),
    }).then((response) => response.json())) as { accessToken: string };
    const quoted = `Token ${minted.accessToken} rejected; see https://login.example/cb?code=0.AXo-secret-code&client_info=eyJ1aWQiOiIxIn0 Authorization: Bearer ${minted.accessToken}`;
    const quotingFault = (match: { method?: string; pathIncludes?: string }) => ({ match, kind: 'status' as const, status: 400, code: 'BadRequest', message: quoted, times: 1 });

    // Load: one list answers with the quote; the next refresh recovers.
    emulator.setFaults([quotingFault({ method: 'GET', pathIncludes: 'roleEligibilityScheduleInstances' })]);
    await workbench.runCommand('Azure PIM: Refresh');
    await page.waitForTimeout(1500);
    emulator.setFaults([]);
    await workbench.runCommand('Azure PIM: Refresh');
    await waitForRole('Contributor', /eligible/);

    // Activate: the first PUT answers with the quote (the form shows the failure), the second activates.
    const firstForm = await openActivationForm(['Contributor']);
    await waitForPolicyLoaded(firstForm, 'Contributor');
    await typeJustification(firstForm, 'Token leak check');
    emulator.setFaults([quotingFault({ method: 'PUT' })]);
    await firstForm.locator('#activate').click();
    const failure = await waitForOutcome(firstForm, 'Contributor', 'failed');
    assert.match(failure, /Token <redacted> rejected/, 'the form showed the service message, redacted');
    const failedFormHtml = await firstForm.locator('html').evaluate((node) => node.outerHTML);
    // After a failure the form keeps what was typed in its saved state (a success clears it).
    const { state: formState, form } = await savedFormState();
    assert.ok(formState.includes('Token leak check'), `the saved state holds the draft: ${formState.slice(0, 300)}`);
    emulator.setFaults([]);
    await waitForPolicyLoaded(form, 'Contributor');
    await form.locator('#activate').click();
    await waitForOutcome(form, 'Contributor', 'active');
    const formHtml = await form.locator('html').evaluate((node) => node.outerHTML);
    await closeForm();
    await workbench.runCommand('View: Close Editor');

    // Deactivate (PIM wants 5 minutes first): the first answer quotes, the second deactivates.
    emulator.clock.advance(6 * 60_000);
    emulator.setFaults([quotingFault({ method: 'PUT' })]);
    await workbench.runCommand('Azure PIM: Deactivate');
    await workbench.checkQuickPickItems(['Contributor']);
    await workbench.waitForNotification(/rejected the request/);
    emulator.setFaults([]);
    await workbench.runCommand('Azure PIM: Deactivate');
    await workbench.checkQuickPickItems(['Contributor']);
    // The scenario's revocation delay: PIM accepts (PendingRevocation) and removes the role a few seconds later.
    await workbench.waitForNotification(/Contributor on Contoso Dev is being deactivated/);
    await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/);

    // A task run activates it again and prints one line per role.
    await workbench.runCommand('Tasks: Run Task');
    await workbench.pickQuickPickItem(/^leak-check$/);
    const terminal = await workbench.terminalText(/All roles active/, 90_000);

    const notifications = await notificationTexts();
    assert.ok(notifications.some((text) => /rejected the request: Token <redacted> rejected/.test(text)), `the quoting error was shown, redacted: ${notifications.join(' | ')}`);

    await workbench.runCommand('Azure PIM: Show Log');
    const output = page.locator('.part.panel .output, .part.panel [id="workbench.panel.output"]').first();
    await workbench.step('The Azure PIM output channel', () => output.waitFor({ state: 'visible' }));
    await page.waitForTimeout(500);
    // Monaco renders spaces as no-break spaces.
    const shown = (await output.innerText()).replace(/\u00a0/g, ' ');
    assert.match(shown, /roles loaded|Activation of/, `the output channel shows the product log: ${shown.slice(0, 300)}`);

    const signatures = emulator.mintedTokenSignatures.filter((signature) => signature.length >= 16);
    const quotedSignature = minted.accessToken.split('.')[2] ?? '';
    assert.ok(signatures.includes(quotedSignature), 'the quoted token is among those looked for');
    // The fake provider records requests, and must never record a token itself.
    assert.ok(!JSON.stringify(e2e().authRequests()).includes(signatures[0] ?? ''), 'the fake provider log has no token');

    // Let the editor flush its logs and global state to disk before reading them.
    await page.waitForTimeout(2000);
    const files = filesUnder(codeServer.userDataDir);
    const productLogs = files.filter((file) => /Azure PIM\.log$/.test(file));
    assert.ok(productLogs.length > 0, `the Azure PIM output channel log under ${codeServer.userDataDir}: ${files.filter((f) => f.endsWith('.log')).slice(0, 20).join(', ')}`);
    const productLog = productLogs.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    assert.match(productLog, /\[debug\] GET /, 'the log is at Trace: request lines are logged');
    assert.match(productLog, /Token <redacted> rejected/, 'the quoted answer reached the log, redacted');
    assert.ok(files.some((file) => file.endsWith('settings.json')), 'settings.json is checked');
    const storage = await browserStorageText(page);
    assert.ok(storage.databases.some((name) => /global/i.test(name)), `the global state database is checked: ${storage.databases.join(', ')}`);
    assert.ok(storage.text.includes('Token leak check'), "the product's globalState (recent justifications) is among what was read");

    const outputs: Record<string, string> = {
      'the product log': productLog,
      'the output channel': shown,
      'the task terminal': terminal,
      notifications: notifications.join('\n'),
      'the form DOM after the failure': failedFormHtml,
      'the form DOM': formHtml,
      'the saved form state': formState,
      'global state, workspace state and localStorage': storage.text,
    };
    for (const [what, text] of Object.entries(outputs)) {
      assert.deepEqual(signatures.filter((signature) => text.includes(signature)).map((signature) => `${signature.slice(0, 8)}…`), [], `no token in ${what}`);
    }
    const productOutputs = Object.entries(outputs).filter(([what]) => !what.startsWith('global state'));
    assert.deepEqual(productOutputs.flatMap(([what, text]) => secretShapesIn(what, text)), [], 'no secret shape in what the product wrote');
    assert.deepEqual(leaksIn(files, signatures), [], `no token in any of ${files.length} files under the user data dir`);
    await workbench.screenshot('07-no-token-leaks');
  });
});

/** "Developer: Set Log Level...": the Azure PIM channel's level (the global default stays). */
async function setProductLogLevel(workbench: ReturnType<typeof e2e>['workbench'], level: RegExp): Promise<void> {
  await workbench.runCommand('Developer: Set Log Level...');
  await workbench.pickQuickPickItem(/^Azure PIM$/);
  await workbench.pickQuickPickItem(level);
}
