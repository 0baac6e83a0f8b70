// The extension manifest (package.json) against the code: every command it contributes is the set activate()
// registers, every setting is one the code reads, every user-facing string is localisable through package.nls.json,
// every file it names exists. The code is run (activate() on the `vscode` stand-in, which records registrations and
// setting reads), not searched for strings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { readSettings } from '../../src/config';
import type { RowRef } from '../../src/core/store/roleStore';
import { RESTRICTED_MODE_SETTINGS, USER_ONLY_SETTINGS } from '../../src/core/settings/settingSources';
import { activate } from '../../src/extension';
import { ACTIVATION_LIMITS } from '../../src/shared/limits';
import { AutoReactivation } from '../../src/workspace/autoReactivate';
import { readWorkspaceRoles } from '../../src/workspace/workspaceRoles';
import { createExtensionContext, installVscodeStub } from '../support/vscodeStub';

const root = path.resolve(__dirname, '..', '..');

/** An array of declared roles, whose items have a duration in minutes. */
interface DurationItems {
  items: { properties: { durationMinutes: { minimum?: number; maximum?: number } } };
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    configuration: {
      properties: Record<string, { scope?: string; description?: string; markdownDescription?: string; enumDescriptions?: string[]; minimum?: number; maximum?: number; items?: DurationItems['items'] }>;
    };
    taskDefinitions: { type: string; properties: { roles: DurationItems } }[];
    menus: Record<string, { command: string }[]>;
    viewsWelcome: { contents: string }[];
    walkthroughs?: { steps: { media: { markdown?: string; image?: string } }[] }[];
    keybindings?: { command: string; args?: unknown }[];
  };
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** The commands activate() registers with VS Code (the stand-in records each registerCommand). */
function commandsActivateRegisters(): Set<string> {
  const stub = installVscodeStub();
  const context = createExtensionContext(root, stub);
  try {
    activate(context as unknown as vscode.ExtensionContext);
    return new Set(stub.registeredCommands.keys());
  } finally {
    context.subscriptions.splice(0).forEach((disposable) => disposable.dispose());
  }
}

/** Every setting the code reads: the settings of activate() and the workspace roles and their re-activation. */
function settingsTheCodeReads(): Set<string> {
  const stub = installVscodeStub();
  stub.settingReads.clear();
  readSettings();
  readWorkspaceRoles();
  let expire: ((refs: readonly RowRef[]) => void) | undefined;
  const clock = { onDidExpire: (listener: (refs: readonly RowRef[]) => void) => ((expire = listener), { dispose: () => undefined }) };
  const autoReactivation = new AutoReactivation(clock as never, {} as never, {} as never);
  expire?.([]);
  autoReactivation.dispose();
  return new Set(stub.settingReads);
}

function localised(value: string | undefined, where: string): void {
  assert.ok(value, `${where} is missing`);
  const key = /^%(.+)%$/.exec(value)?.[1];
  assert.ok(key, `${where} is "${value}", not a %key% from package.nls.json`);
  assert.ok(typeof nls[key] === 'string' && nls[key].trim() !== '', `${where}: package.nls.json has no text for "${key}"`);
}

describe('extension manifest', () => {
  const commandIds = new Set(manifest.contributes.commands.map((command) => command.command));

  it('the commands package.json contributes are exactly the ones activate() registers', () => {
    const registered = commandsActivateRegisters();
    assert.ok(registered.size > 10, `activate() registered ${registered.size} commands`);
    assert.deepEqual([...commandIds].filter((id) => !registered.has(id)), [], 'contributed but never registered');
    assert.deepEqual([...registered].filter((id) => !commandIds.has(id)), [], 'registered but not contributed (no title, no palette entry)');
  });

  it('every command has a localised title and category, and a codicon', () => {
    for (const command of manifest.contributes.commands) {
      localised(command.title, `${command.command} title`);
      localised(command.category, `${command.command} category`);
      assert.match(command.icon ?? '', /^\$\([a-z-]+\)$/, `${command.command} has no codicon`);
    }
  });

  it('offers the command that revokes trusted endpoints in the command palette', () => {
    const forget = manifest.contributes.commands.find((command) => command.command === 'azurePim.forgetTrustedEndpoints');
    assert.ok(forget, 'azurePim.forgetTrustedEndpoints is contributed');
    assert.equal(nls[forget.title.replace(/%/g, '')], 'Forget Trusted Endpoints…');
    const hidden = (manifest.contributes.menus.commandPalette ?? []).find((entry) => entry.command === forget.command) as { when?: string } | undefined;
    assert.notEqual(hidden?.when, 'false', 'not hidden from the command palette');
  });

  it('the settings package.json contributes are exactly the ones the code reads, each with a localised description', () => {
    const contributed = Object.keys(manifest.contributes.configuration.properties);
    const read = settingsTheCodeReads();
    assert.deepEqual(contributed.filter((key) => !read.has(key)), [], 'contributed but never read');
    assert.deepEqual([...read].filter((key) => !contributed.includes(key)), [], 'read but not contributed');
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      localised(setting.markdownDescription ?? setting.description, `${key} description`);
      for (const [index, text] of (setting.enumDescriptions ?? []).entries()) {
        localised(text, `${key} enumDescriptions[${index}]`);
      }
    }
  });

  it('menus, key bindings and welcome links only name contributed commands', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok(commandIds.has(entry.command), `menu ${menu} names unknown command ${entry.command}`);
      }
    }
    for (const binding of manifest.contributes.keybindings ?? []) {
      // VS Code's runCommands runs a list of commands: ours, or the list selection of the focused row (list.select).
      const commands =
        binding.command === 'runCommands'
          ? (binding.args as { commands: (string | { command: string })[] }).commands.map((entry) => (typeof entry === 'string' ? entry : entry.command))
          : [binding.command];
      for (const command of commands) {
        assert.ok(commandIds.has(command) || command === 'list.select', `key binding for unknown command ${command}`);
      }
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      const text = nls[/^%(.+)%$/.exec(welcome.contents)?.[1] ?? ''] ?? welcome.contents;
      for (const match of text.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(commandIds.has(match[1] ?? ''), `welcome content links unknown command ${match[1]}`);
      }
    }
  });

  it('every activation duration in the schema has the bounds the code uses (shared/limits.ts)', () => {
    const properties = manifest.contributes.configuration.properties;
    const durations = {
      'azurePim.activation.defaultDurationMinutes': properties['azurePim.activation.defaultDurationMinutes'],
      'azurePim.workspaceRoles[].durationMinutes': properties['azurePim.workspaceRoles']?.items?.properties.durationMinutes,
      'azure-pim task roles[].durationMinutes': manifest.contributes.taskDefinitions.find((task) => task.type === 'azure-pim')?.properties.roles.items.properties.durationMinutes,
    };
    for (const [where, schema] of Object.entries(durations)) {
      assert.deepEqual([schema?.minimum, schema?.maximum], [ACTIVATION_LIMITS.minMinutes, ACTIVATION_LIMITS.maxMinutes], where);
    }
  });

  it('every file the walkthrough shows exists', () => {
    for (const walkthrough of manifest.contributes.walkthroughs ?? []) {
      for (const step of walkthrough.steps) {
        const file = step.media.markdown ?? step.media.image;
        assert.ok(file && fs.existsSync(path.join(root, file)), `walkthrough media ${file} is missing`);
      }
    }
    assert.ok((manifest.contributes.walkthroughs ?? []).length > 0, 'a getting-started walkthrough is contributed');
  });

  describe('what a workspace can set', () => {
    const properties = manifest.contributes.configuration.properties;
    const userOnly = USER_ONLY_SETTINGS.map((key) => `azurePim.${key}`);
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    // Only change what the status bar and notifications look like: harmless from any workspace.
    const presentationOnly = ['azurePim.statusBar.mode', 'azurePim.statusBar.warningMinutes', 'azurePim.statusBar.errorMinutes', 'azurePim.notifications.expiryWarningMinutes'];

    it('every setting that steers the sign-in token (endpoint, audience, cloud, client id, tenants, refresh) is application-scoped', () => {
      for (const key of userOnly) {
        assert.ok(properties[key], `${key} is not contributed`);
        assert.equal(properties[key].scope, 'application', `${key} must have "scope": "application" so only user settings can set it`);
      }
      const steering = Object.keys(properties).filter((key) => /endpoint|audience|cloud|client|tenant|authority|provider|refresh/i.test(key));
      assert.deepEqual(steering.filter((key) => !userOnly.includes(key)), [], 'a setting that looks token-steering is not read as user-only');
    });

    it('Restricted Mode is "limited" and turns off every workspace setting that could be used against the user', () => {
      assert.equal(untrusted?.supported, 'limited');
      const restricted = untrusted?.restrictedConfigurations ?? [];
      for (const key of RESTRICTED_MODE_SETTINGS) {
        assert.ok(restricted.includes(`azurePim.${key}`), `restrictedConfigurations lacks azurePim.${key}`);
      }
      for (const key of restricted) {
        assert.ok(properties[key], `restrictedConfigurations names ${key}, which is not contributed`);
      }
      // A new setting needs a decision: user-only, off in Restricted Mode, or harmless presentation.
      const undecided = Object.keys(properties).filter((key) => !userOnly.includes(key) && !restricted.includes(key) && !presentationOnly.includes(key));
      assert.deepEqual(undecided, [], 'settings with no decision about untrusted workspaces');
    });

    it('Restricted Mode says what is off: workspace roles, the task, re-activation, the API without asking, workspace patterns', () => {
      localised(untrusted?.description, 'capabilities.untrustedWorkspaces.description');
      const text = nls[/^%(.+)%$/.exec(untrusted?.description ?? '')?.[1] ?? ''] ?? '';
      for (const part of [/azurePim\.workspaceRoles/, /azure-pim task/, /re-activation/, /API/, /asks you/, /justification pattern/]) {
        assert.match(text, part);
      }
    });
  });
});
