// The activation form's host (src/webview/activationPanel.ts) on the `vscode` stand-in, against the emulator: closing
// the form while an activation is on its way does not stop it (the PUT may already have gone through); its outcome is
// logged and the roles are reloaded, so the view shows what really happened (issue #14).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readSettings } from '../../src/config';
import { ReactivationQueue } from '../../src/core/flows/reactivationQueue';
import { FormMemory } from '../../src/core/store/formMemory';
import { PolicyCache } from '../../src/core/store/policyCache';
import { createSafeLog } from '../../src/ui/safeLog';
import { ActivationForms } from '../../src/webview/activationPanel';
import { installVscodeStub } from '../support/vscodeStub';
import { withEmulator } from '../support/withEmulator';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('activation form host', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  const stub = installVscodeStub();
  let forms: ActivationForms | undefined;
  let reactivations: ReactivationQueue | undefined;
  afterEach(() => {
    forms?.dispose();
    reactivations?.dispose();
  });

  it('closing the form mid-activation: the activation goes on, its outcome is logged and the roles are reloaded', async () => {
    const store = await fixture.loadStore(fixture.connect().connection);
    const contributor = store.allRows().find((ref) => ref.row.roleName === 'Contributor');
    assert.ok(contributor);
    const values = new Map<string, unknown>();
    const memory = new FormMemory({ get: <T>(key: string) => values.get(key) as T | undefined, update: (key, value) => Promise.resolve(void values.set(key, value)) });
    const settings = readSettings();
    reactivations = new ReactivationQueue(store);
    forms = new ActivationForms({
      extensionUri: vscode.Uri.file('/extension'),
      store,
      policies: new PolicyCache(),
      settings: () => settings,
      memory,
      log: createSafeLog('Azure PIM'),
      reactivations,
    });
    forms.open([contributor.row.id]);
    const page = stub.webviewPanels.at(-1);
    assert.ok(page);
    page.receive({ type: 'ready' });
    // The service takes its time with the PUT: the user closes the form meanwhile.
    fixture.emulator.setLatency({ perRouteMs: { '/roleAssignmentScheduleRequests/': 800 } });
    page.receive({ type: 'submit', request: { roleIds: [contributor.row.id], justification: 'Deploy release 42', durationMinutes: 60, ticketNumber: '', ticketSystem: '' } });
    await until(() => fixture.emulator.requests.some((request) => request.method === 'PUT'), 'the PUT');
    page.close();
    fixture.emulator.setLatency({});

    await until(() => store.allRows().some((ref) => ref.row.roleName === 'Contributor' && ref.row.state === 'active'), 'the view to show Contributor active');
    const logged = stub.calls.filter((call) => call.api === 'log.info').map((call) => String(call.args[0]));
    assert.ok(logged.some((line) => /Activation of Contributor on Contoso Dev: active/.test(line)), `the outcome is logged: ${logged.join(' | ')}`);
    assert.ok(!stub.calls.some((call) => call.api === 'log.error'), 'nothing went wrong posting to a closed form');
  });
});
