// Tokens never leave the auth provider: after signing in and activating a role, no token the emulator minted
// (found by its JWT signature part) occurs in any file of the editor's user data (logs including the
// "Azure PIM" output channel's log, settings.json, extension global storage), in the editor's browser storage
// (IndexedDB and localStorage: code-server keeps globalState there rather than in state.vscdb), in the output
// channel as shown, or in the activation form's DOM.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2e } from '../context';
import { closeForm, openActivationForm, signIn, typeJustification, waitForOutcome, waitForPolicyLoaded, waitForRole } from '../pim';

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

describe('No token leaks [security]', function () {
  this.timeout(240_000);

  it('no token leaks: after sign-in and an activation, no minted token is in user data, the output channel or the form', async () => {
    const { workbench, emulator, codeServer, page } = e2e();
    await signIn();
    await waitForRole('Contributor', /eligible/);
    const form = await openActivationForm(['Contributor']);
    await waitForPolicyLoaded(form, 'Contributor');
    await typeJustification(form, 'Token leak check');
    await form.locator('#activate').click();
    await waitForOutcome(form, 'Contributor', 'active');
    const formHtml = await form.locator('html').evaluate((node) => node.outerHTML);
    await closeForm();

    const signatures = emulator.mintedTokenSignatures.filter((signature) => signature.length >= 16);
    assert.ok(signatures.length > 0, 'the emulator minted tokens for the sign-in');
    // The fake provider records requests, and must never record a token itself.
    assert.ok(!JSON.stringify(e2e().authRequests()).includes(signatures[0] ?? ''), 'the fake provider log has no token');

    assert.equal(
      signatures.filter((signature) => formHtml.includes(signature)).length,
      0,
      'no token in the activation form DOM',
    );

    await workbench.runCommand('Azure PIM: Show Log');
    const output = page.locator('.part.panel .output, .part.panel [id="workbench.panel.output"]').first();
    await workbench.step('The Azure PIM output channel', () => output.waitFor({ state: 'visible' }));
    await page.waitForTimeout(500);
    // Monaco renders spaces as no-break spaces.
    const shown = (await output.innerText()).replace(/\u00a0/g, ' ');
    assert.match(shown, /roles loaded|Activation of/, `the output channel shows the product log: ${shown.slice(0, 300)}`);
    assert.equal(signatures.filter((signature) => shown.includes(signature)).length, 0, 'no token in the output channel');

    // Let the editor flush its logs and global state to disk before reading them.
    await page.waitForTimeout(2000);
    const files = filesUnder(codeServer.userDataDir);
    const productLog = files.find((file) => /Azure PIM\.log$/.test(file));
    assert.ok(productLog, `the Azure PIM output channel log under ${codeServer.userDataDir}: ${files.filter((f) => f.endsWith('.log')).slice(0, 20).join(', ')}`);
    assert.ok(files.some((file) => file.endsWith('settings.json')), 'settings.json is checked');
    const storage = await browserStorageText(page);
    assert.ok(storage.databases.some((name) => /global/i.test(name)), `the global state database is checked: ${storage.databases.join(', ')}`);
    assert.ok(storage.text.includes('Token leak check'), "the product's globalState (recent justifications) is among what was read");
    assert.equal(signatures.filter((signature) => storage.text.includes(signature)).length, 0, 'no token in global state, workspace state or localStorage');
    assert.deepEqual(leaksIn(files, signatures), [], `no token in any of ${files.length} files under the user data dir`);
    await workbench.screenshot('07-no-token-leaks');
  });
});
