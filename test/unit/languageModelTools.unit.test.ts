// The language-model tools' VS Code layer (workspace/languageModelTools.ts) with the vscode stand-in and the emulator:
// invoke() sends only what a confirmation just stated, and nothing in Restricted Mode. (The real VS Code showing the
// confirmation is tested in test/suite/languageModelTools.test.ts through vscode.lm.invokeTool.)
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { readSettings } from '../../src/config';
import { DeactivationScheduler } from '../../src/core/flows/deactivateWhenDone';
import { ElevationReceipts } from '../../src/core/store/elevationReceipts';
import { FormMemory } from '../../src/core/store/formMemory';
import { PolicyCache } from '../../src/core/store/policyCache';
import type { RoleStore } from '../../src/core/store/roleStore';
import { ElevationRunner } from '../../src/workspace/elevationRunner';
import { ACTIVATE_ROLES_TOOL, registerLanguageModelTools } from '../../src/workspace/languageModelTools';
import { LeastPrivilege } from '../../src/workspace/leastPrivilege';
import { E2E } from '../emulator/testing';
import { installVscodeStub } from '../support/vscodeStub';
import { withEmulator } from '../support/withEmulator';

type Tool = vscode.LanguageModelTool<object>;

describe('language-model tools (VS Code layer)', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  const stub = installVscodeStub();
  let store: RoleStore;
  let tool: Tool;
  const disposables: { dispose(): void }[] = [];
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) } as unknown as vscode.CancellationToken;
  const input = { roles: [{ role: 'Contributor', scope: E2E.subA }] };
  const puts = () => fixture.emulator.requests.filter((request) => request.method === 'PUT').length;
  const text = (result: unknown) => (result as { content: { value: string }[] }).content.map((part) => part.value).join('');

  beforeEach(async () => {
    stub.workspace.trusted = true;
    stub.settings.set('azurePim.workspaceRoles', { workspaceValue: [{ role: 'Contributor', scope: E2E.subA, justification: 'Deploy', durationMinutes: 30 }] });
    store = await fixture.loadStore(fixture.connect().connection);
    const now = () => fixture.emulator.clock.now();
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
    const memento = new Map<string, unknown>();
    const storage = { get: <T>(key: string) => memento.get(key) as T | undefined, update: (key: string, value: unknown) => Promise.resolve(void memento.set(key, value)) };
    const elevator = new ElevationRunner({ store, policies: new PolicyCache(), settings: readSettings, memory: new FormMemory(storage), log, now });
    const scheduler = new DeactivationScheduler({ store, now, log, deactivate: () => Promise.reject(new Error('not in this test')) });
    const leastPrivilege = new LeastPrivilege({ store, now, receipts: new ElevationReceipts(storage), scheduler, log });
    disposables.push(scheduler, leastPrivilege, ...registerLanguageModelTools({ store, elevator, now, defaultDurationMinutes: () => 60, justificationVerdict: () => ({ kind: 'matches' }), log, leastPrivilege }));
    tool = stub.languageModelTools.get(ACTIVATE_ROLES_TOOL) as Tool;
  });

  afterEach(() => {
    disposables.splice(0).forEach((disposable) => disposable.dispose());
    stub.settings.delete('azurePim.workspaceRoles');
  });

  it('refuses an invocation no confirmation was shown for', async () => {
    const result = await tool.invoke({ input, toolInvocationToken: undefined }, token);
    assert.equal(text(result), 'Refused: this request was not confirmed by the user.');
    assert.equal(puts(), 0);
  });

  it('runs what the confirmation stated, once', async () => {
    const prepared = await tool.prepareInvocation?.({ input }, token);
    const message = prepared?.confirmationMessages?.message as vscode.MarkdownString | undefined;
    // appendText escapes markdown; read it back as the plain text the user sees.
    assert.match((message?.value ?? '').replace(/\\(.)/g, '$1'), /Contributor on Contoso Dev \(\/subscriptions\/a0000000-0000-4000-8000-00000000000a\) for 30 minutes · justification: “Deploy”/);
    const result = JSON.parse(text(await tool.invoke({ input, toolInvocationToken: undefined }, token))) as { ok: boolean; roles: { outcome: string }[] };
    assert.equal(result.ok, true);
    assert.equal(result.roles[0]?.outcome, 'active');
    assert.equal(puts(), 1);
    assert.match(text(await tool.invoke({ input, toolInvocationToken: undefined }, token)), /not confirmed/, 'a confirmation is used once');
  });

  it('in Restricted Mode: no confirmation is prepared and invoke refuses', async () => {
    stub.workspace.trusted = false;
    const prepared = await tool.prepareInvocation?.({ input }, token);
    assert.equal(prepared?.confirmationMessages, undefined);
    assert.match(text(await tool.invoke({ input, toolInvocationToken: undefined }, token)), /^This workspace is in Restricted Mode/);
    assert.equal(puts(), 0);
  });
});
