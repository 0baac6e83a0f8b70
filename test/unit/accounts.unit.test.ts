// "Sign Out" (src/auth/accounts.ts on the `vscode` stand-in): the account stays signed in to VS Code, so a silent start
// would connect again; the choice is kept in globalState and honoured by every reload, refresh and settings change,
// until "Sign In".
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { AccountManager, SIGNED_OUT_BY_USER_KEY } from '../../src/auth/accounts';
import { readSettings } from '../../src/config';
import { RoleStore } from '../../src/core/store/roleStore';
import { createSafeLog } from '../../src/ui/safeLog';
import { quietLog } from '../support/emulatorConnection';
import { trustingDestinations } from '../support/tokenDestinations';
import { installVscodeStub } from '../support/vscodeStub';

/** globalState: survives the AccountManager, as it survives a reload of the window. */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
    return Promise.resolve();
  }
}

describe('accounts: Sign Out', () => {
  const stub = installVscodeStub();
  const disposables: { dispose(): void }[] = [];
  afterEach(() => disposables.splice(0).forEach((disposable) => disposable.dispose()));

  const accountManager = (globalState: vscode.Memento): AccountManager => {
    const store = new RoleStore(() => new Date(), quietLog);
    const accounts = new AccountManager(() => readSettings(), store, trustingDestinations('https://management.azure.com'), createSafeLog('test'), globalState);
    disposables.push(store, accounts);
    return accounts;
  };

  const sessionAsks = (): number => stub.counts['authentication.getSession'] ?? 0;

  it('stays signed out after a reload: the silent start never asks VS Code for a session', async () => {
    const globalState = new MemoryMemento();
    const asksBefore = sessionAsks();
    await accountManager(globalState).signOut();
    assert.equal(globalState.get(SIGNED_OUT_BY_USER_KEY), true);

    // A reload: a new AccountManager on the same globalState. (The stand-in's getSession never answers: a call would hang.)
    const reloaded = accountManager(globalState);
    const started = await Promise.race([reloaded.initialize().then(() => 'done'), new Promise((resolve) => setTimeout(() => resolve('hung'), 500))]);
    assert.equal(started, 'done');
    assert.equal(sessionAsks(), asksBefore, 'no session was asked for');
    assert.equal(reloaded.signInState, 'signedOut');
    assert.deepEqual(stub.executedCommands.at(-1), { api: 'setContext', args: ['azurePim.signedIn', false] });

    // A refresh or a settings change starts the same silent connect: still signed out.
    await reloaded.initialize();
    assert.equal(sessionAsks(), asksBefore);
  });

  it('Sign In clears it', async () => {
    const globalState = new MemoryMemento();
    const accounts = accountManager(globalState);
    await accounts.signOut();
    const asksBefore = sessionAsks();
    void accounts.signIn();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(globalState.get(SIGNED_OUT_BY_USER_KEY), undefined);
    assert.ok(sessionAsks() > asksBefore, 'Sign In asks VS Code for the session');
  });
});
