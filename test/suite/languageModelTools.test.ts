// The language-model tools, invoked for real through vscode.lm.invokeTool inside VS Code against the emulator, as an
// agent would: outside a chat VS Code shows the tool's confirmation as a modal dialog, which the e2e runner answers
// and writes to PIM_EXTHOST_DIALOGS (test/e2e/toolConfirmations.ts), so the text the user was asked is checked here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AzurePimApi } from '../../src/api';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'azure-pim-tools.azure-pim-vscode';
const LIST = 'azurePim_listRoles';
const ACTIVATE = 'azurePim_activateRoles';
const CONTOSO_DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const CONTOSO_PROD = '/subscriptions/b0000000-0000-4000-8000-00000000000b';
const JUSTIFICATION = 'Deploy the web app (language-model tool suite)';

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

interface EmulatorRequest {
  method: string;
  path: string;
}

async function emulatorPuts(): Promise<EmulatorRequest[]> {
  const response = await fetch(`${process.env.PIM_EMULATOR_URL}/_emulator/requests`);
  return ((await response.json()) as EmulatorRequest[]).filter((request) => request.method === 'PUT');
}

/** The emulator's clock (ms): it went back to its start with the reset above. */
async function emulatorNow(): Promise<number> {
  const response = await fetch(`${process.env.PIM_EMULATOR_URL}/_emulator/clock`);
  const body = (await response.json()) as { now?: string };
  return Date.parse(body.now ?? '');
}

function confirmationsShown(): string[] {
  const file = process.env.PIM_EXTHOST_DIALOGS ?? '';
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string) : [];
}

describe('language-model tools (vscode.lm.invokeTool)', function () {
  this.timeout(120_000);
  let api: AzurePimApi;
  const config = () => vscode.workspace.getConfiguration('azurePim');

  before(async function () {
    if (!process.env.PIM_EMULATOR_URL || !process.env.PIM_EXTHOST_DIALOGS) {
      // Only the code-server run (npm run test:e2e) has the emulator, the fake sign-in and someone to confirm.
      this.skip();
    }
    const extension = vscode.extensions.getExtension<AzurePimApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    api = await extension.activate();
    // The scenario's initial state: nothing the API suite activated is left.
    await fetch(`${process.env.PIM_EMULATOR_URL}/_emulator/reset`, { method: 'POST' });
    await config().update('workspaceRoles', [{ role: 'Contributor', scope: CONTOSO_DEV, justification: JUSTIFICATION, durationMinutes: 30 }], vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('azurePim.signIn');
    await vscode.commands.executeCommand('azurePim.refresh');
    await waitFor('the roles to load', () => api.listActive().some((role) => role.scope === CONTOSO_PROD));
  });

  after(async () => {
    await config().update('workspaceRoles', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('contributes and registers both tools', () => {
    const names = vscode.lm.tools.map((tool) => tool.name);
    assert.ok(names.includes(LIST) && names.includes(ACTIVATE), names.join(', '));
    const activate = vscode.lm.tools.find((tool) => tool.name === ACTIVATE);
    assert.match(activate?.description ?? '', /AuthorizationFailed/, 'the description tells an agent to use it after an AuthorizationFailed');
  });

  it('lists the roles as plain data, marks the declared one, and holds no token', async () => {
    const text = await invoke(LIST, {});
    const listed = JSON.parse(text) as { signedIn: boolean; workspaceTrusted: boolean; roles: { role: string; scope: string; state: string; declaredByWorkspace: boolean }[] };
    assert.equal(listed.signedIn, true);
    assert.equal(listed.workspaceTrusted, true);
    const contributor = listed.roles.find((role) => role.role === 'Contributor' && role.scope === CONTOSO_DEV);
    assert.deepEqual([contributor?.state, contributor?.declaredByWorkspace], ['eligible', true], text);
    assert.equal(listed.roles.find((role) => role.role === 'Owner')?.declaredByWorkspace, false);
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}/, 'no JWT');
    assert.doesNotMatch(text, /token/i);
  });

  it('refuses a role the workspace does not declare, without asking or sending anything', async () => {
    const shownBefore = confirmationsShown().length;
    const putsBefore = (await emulatorPuts()).length;
    const text = await invoke(ACTIVATE, { roles: [{ role: 'Owner', scope: CONTOSO_PROD }], justification: 'please' });
    assert.match(text, /^Refused: Owner on \/subscriptions\/b0000000-0000-4000-8000-00000000000b not declared/);
    assert.equal(confirmationsShown().length, shownBefore, 'no confirmation for a refused request');
    assert.equal((await emulatorPuts()).length, putsBefore, 'nothing sent to PIM');
  });

  it('asks the user with role, scope, duration and justification, then activates the declared role', async () => {
    const shownBefore = confirmationsShown().length;
    // The agent asks for 8 hours; the declaration allows 30 minutes.
    const text = await invoke(ACTIVATE, { roles: [{ role: 'Contributor', scope: CONTOSO_DEV }], durationMinutes: 480 });
    const shown = confirmationsShown().slice(shownBefore);
    assert.equal(shown.length, 1, 'one confirmation shown');
    assert.match(shown[0] ?? '', /Activate an Azure PIM role for the agent\?/);
    assert.match(shown[0] ?? '', /Contributor on Contoso Dev \(\/subscriptions\/a0000000-0000-4000-8000-00000000000a\) for 30 minutes/);
    assert.match(shown[0] ?? '', new RegExp(`justification: “${JUSTIFICATION.replace(/[()]/g, '\\$&')}”`));
    const result = JSON.parse(text) as { ok: boolean; roles: { outcome: string; endsAt?: string }[] };
    assert.equal(result.ok, true, text);
    assert.equal(result.roles[0]?.outcome, 'active');
    const minutes = (Date.parse(result.roles[0]?.endsAt ?? '') - (await emulatorNow())) / 60_000;
    assert.ok(minutes > 25 && minutes <= 31, `30 minutes, got ${minutes}`);
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}/);
  });
});
