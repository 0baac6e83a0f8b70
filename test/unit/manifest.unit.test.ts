// The extension manifest (package.json) against the code: every command is registered, every setting
// is read, every user-facing string is localisable through package.nls.json, every file it names exists.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESTRICTED_MODE_SETTINGS, USER_ONLY_SETTINGS } from '../../src/core/settings/settingSources';
import { ACTIVATION_LIMITS } from '../../src/shared/limits';

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

function sourceText(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? sourceText(full) : entry.name.endsWith('.ts') ? fs.readFileSync(full, 'utf8') : '';
    })
    .join('\n');
}
const source = sourceText(path.join(root, 'src'));

function localised(value: string | undefined, where: string): void {
  assert.ok(value, `${where} is missing`);
  const key = /^%(.+)%$/.exec(value)?.[1];
  assert.ok(key, `${where} is "${value}", not a %key% from package.nls.json`);
  assert.ok(typeof nls[key] === 'string' && nls[key].trim() !== '', `${where}: package.nls.json has no text for "${key}"`);
}

describe('extension manifest', () => {
  const commandIds = new Set(manifest.contributes.commands.map((command) => command.command));

  it('every command is registered in the code and has a localised title and category', () => {
    for (const command of manifest.contributes.commands) {
      localised(command.title, `${command.command} title`);
      localised(command.category, `${command.command} category`);
      assert.match(command.icon ?? '', /^\$\([a-z-]+\)$/, `${command.command} has no codicon`);
      assert.ok(source.includes(`'${command.command}'`), `${command.command} is contributed but never registered in src/`);
    }
  });

  it('offers the command that revokes trusted endpoints in the command palette', () => {
    const forget = manifest.contributes.commands.find((command) => command.command === 'azurePim.forgetTrustedEndpoints');
    assert.ok(forget, 'azurePim.forgetTrustedEndpoints is contributed');
    assert.equal(nls[forget.title.replace(/%/g, '')], 'Forget Trusted Endpoints…');
    const hidden = (manifest.contributes.menus.commandPalette ?? []).find((entry) => entry.command === forget.command) as { when?: string } | undefined;
    assert.notEqual(hidden?.when, 'false', 'not hidden from the command palette');
  });

  it('every setting is read by the code and has a localised description', () => {
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      localised(setting.markdownDescription ?? setting.description, `${key} description`);
      for (const [index, text] of (setting.enumDescriptions ?? []).entries()) {
        localised(text, `${key} enumDescriptions[${index}]`);
      }
      const suffix = key.replace(/^azurePim\./, '');
      assert.ok(source.includes(`'${suffix}'`) || source.includes(`'${key}'`), `${key} is contributed but never read in src/`);
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
