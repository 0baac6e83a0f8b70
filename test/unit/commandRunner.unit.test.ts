// The one wrapper around every command (src/commands/commandRunner.ts), against the `vscode` stand-in: silent on
// cancel, the user's message with "Show Log", the whole error in the log, no secret in either.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { registerCommand, reportError } from '../../src/commands/commandRunner';
import { PimError } from '../../src/core/errors/errors';
import { createSafeLog } from '../../src/ui/safeLog';
import { installVscodeStub } from '../support/vscodeStub';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJvaWQiOiIxIn0.c2lnbmF0dXJl';

describe('command runner', () => {
  const stub = installVscodeStub();
  const apis = (): string[] => stub.calls.map((call) => call.api);
  const argsOf = (api: string): unknown[] => stub.calls.find((call) => call.api === api)?.args ?? [];

  it('a cancelled command says nothing to the user and only notes it in the log', () => {
    const log = createSafeLog('test');
    reportError(log, 'azurePim.activate', new vscode.CancellationError());
    reportError(log, 'azurePim.refresh', new PimError({ kind: 'cancelled', message: 'Cancelled.' }));
    assert.deepEqual(apis().filter((api) => api !== 'createOutputChannel'), ['log.debug', 'log.debug']);
    assert.deepEqual(argsOf('log.debug'), ['azurePim.activate: cancelled']);
  });

  it('a PimError shows its user message with "Show Log", and logs its kind, code and stack', async () => {
    const log = createSafeLog('test');
    stub.answer = (api, args) => (api === 'showErrorMessage' ? args.at(-1) : undefined);
    reportError(log, 'azurePim.deactivate', new PimError({ kind: 'activeDurationTooShort', code: 'ActiveDurationTooShort', message: 'ARM said no', userMessage: 'Too soon.' }));
    const [message, , button] = argsOf('showErrorMessage');
    assert.deepEqual([message, button], ['Too soon.', 'Show Log']);
    assert.match(String(argsOf('log.error')[0]), /^azurePim\.deactivate: \[activeDurationTooShort\/ActiveDurationTooShort\] PimError: ARM said no/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(apis().includes('log.show'), 'choosing Show Log opens the log');
  });

  it('any other error shows its message; neither the message nor the log keeps a token', () => {
    const log = createSafeLog('test');
    reportError(log, 'azurePim.signIn', new Error(`sign-in failed with ${JWT}`));
    assert.equal(argsOf('showErrorMessage')[0], 'sign-in failed with <redacted>');
    assert.ok(!JSON.stringify(stub.calls).includes(JWT.split('.')[2] ?? JWT));
    reportError(log, 'x', 'plain text');
    assert.equal(stub.calls.filter((call) => call.api === 'showErrorMessage')[1]?.args[0], 'plain text');
  });

  it('registerCommand passes arguments and results through, and reports what the handler throws', async () => {
    const log = createSafeLog('test');
    registerCommand(log, 'azurePim.ok', (...args: unknown[]) => args.length);
    registerCommand(log, 'azurePim.broken', () => Promise.reject(new PimError({ kind: 'notFound', message: 'gone', userMessage: 'It is gone.' })));
    assert.equal(await stub.registeredCommands.get('azurePim.ok')?.('a', 'b'), 2);
    assert.equal(await stub.registeredCommands.get('azurePim.broken')?.(), undefined);
    assert.equal(argsOf('showErrorMessage')[0], 'It is gone.');
  });
});
