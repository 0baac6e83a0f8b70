// The status bar's countdowns and the expiry warnings (src/statusBar) on the `vscode` stand-in, driven by the role
// clock over roles activated on the emulator: what is shown in each mode and colour, inert names, one warning.
import * as assert from 'node:assert/strict';
import { readSettings, type Settings } from '../../src/config';
import { activateRow } from '../../src/core/flows/activation';
import { RoleClock, type Timers } from '../../src/core/store/clock';
import type { RoleStore, RowRef } from '../../src/core/store/roleStore';
import { CountdownStatusBar } from '../../src/statusBar/countdownStatusBar';
import { ExpiryWarnings } from '../../src/statusBar/expiryWarnings';
import { installVscodeStub, type StubStatusBarItem } from '../support/vscodeStub';
import { withEmulator } from '../support/withEmulator';

const noTimers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined, setInterval: () => 0, clearInterval: () => undefined };

describe('status bar and expiry warnings', function () {
  this.timeout(20_000);
  const fixture = withEmulator();
  const stub = installVscodeStub();
  let store: RoleStore;
  let clock: RoleClock;
  let settings: Settings;
  const disposables: { dispose(): void }[] = [];

  const row = (roleName: string, scopeName: string): RowRef => {
    const ref = store.allRows().find((candidate) => candidate.row.roleName === roleName && candidate.row.scope.displayName === scopeName);
    assert.ok(ref, `no row for ${roleName}@${scopeName}`);
    return ref;
  };
  const visible = (): StubStatusBarItem[] => stub.statusBarItems.filter((item) => item.visible && !item.disposed);
  const minutesPass = (minutes: number): void => {
    fixture.emulator.clock.advance(minutes * 60_000);
    clock.tick();
  };

  beforeEach(async () => {
    store = await fixture.loadStore(fixture.connect().connection);
    const fast = { pollIntervalsMs: [20], pollTimeoutMs: 5000 };
    assert.equal((await activateRow(row('Contributor', 'Contoso Dev'), { justification: 'j', durationMinutes: 60 }, fast)).outcome, 'active');
    assert.equal((await activateRow(row('Key Vault Administrator', 'Contoso Dev'), { justification: 'j', durationMinutes: 30 }, fast)).outcome, 'active');
    settings = readSettings();
    clock = new RoleClock(store, { now: () => fixture.emulator.clock.now(), timers: noTimers });
    disposables.push(clock);
  });
  afterEach(() => disposables.splice(0).forEach((disposable) => disposable.dispose()));

  describe('countdowns', () => {
    beforeEach(() => {
      disposables.push(new CountdownStatusBar(clock, store, () => settings));
    });

    it('summary: one item for the nearest end, "+1" for the rest, every role in the tooltip, a click to manage them', async () => {
      await store.refresh();
      assert.equal(visible().length, 1);
      const [item] = visible();
      assert.match(item?.text ?? '', /^\$\(shield\) Key Vault Administrator (29|30)m \+1$/);
      assert.equal(item?.backgroundColor, undefined, 'far from the end: no colour');
      const tooltip = item?.tooltip as { value: string; isTrusted: boolean; supportHtml: boolean };
      assert.equal(tooltip.isTrusted, false);
      assert.equal(tooltip.supportHtml, false);
      assert.match(tooltip.value, /Key Vault Administrator on Contoso Dev: (29|30)m left/);
      assert.match(tooltip.value, /Contributor on Contoso Dev: (59m|1h 00m) left/);
      const command = item?.command as { command: string; arguments: unknown[] };
      assert.equal(command.command, 'azurePim.manageActive');
      assert.deepEqual(command.arguments, [[row('Key Vault Administrator', 'Contoso Dev').row.id, row('Contributor', 'Contoso Dev').row.id]]);
    });

    it('turns warning, then error coloured as the end nears, and goes when the activation ends', async () => {
      await store.refresh();
      minutesPass(20);
      assert.equal((visible()[0]?.backgroundColor as { id: string } | undefined)?.id, 'statusBarItem.warningBackground');
      minutesPass(6);
      assert.equal((visible()[0]?.backgroundColor as { id: string } | undefined)?.id, 'statusBarItem.errorBackground');
      minutesPass(5);
      assert.match(visible()[0]?.text ?? '', /^\$\(shield\) Contributor (28|29)m$/, 'the ended role is gone, the other one shows');
    });

    it('per role: one item each; off: none', async () => {
      settings = { ...settings, statusBarMode: 'perRole' };
      await store.refresh();
      assert.deepEqual(
        visible().map((item) => item.text.replace(/(\d+h )?\d+m/, 'N')),
        ['$(shield) Key Vault Administrator N', '$(shield) Contributor N'],
      );
      settings = { ...settings, statusBarMode: 'off' };
      clock.tick();
      assert.equal(visible().length, 0);
      assert.ok(stub.statusBarItems.every((item) => item.disposed), 'the items are disposed, not just hidden');
    });

    it('a hostile role name shows as typed: no icon, no link in the text or the tooltip', async () => {
      fixture.emulator.rename({ role: 'Key Vault Administrator', displayName: '$(alert) [Open](command:workbench.action.quit) https://evil.example' });
      await store.refresh();
      const [item] = visible();
      assert.ok(item?.text.startsWith('$(shield) \\$(alert) [Open]\u200B(command:'), item?.text);
      const tooltip = (item?.tooltip as { value: string }).value;
      assert.doesNotMatch(tooltip, /\]\(command:/);
      assert.doesNotMatch(tooltip, /https:\/\/evil/);
    });
  });

  describe('expiry warnings', () => {
    const deactivated: string[] = [];
    const reactivated: string[] = [];
    beforeEach(() => {
      deactivated.length = 0;
      reactivated.length = 0;
      settings = { ...settings, statusBarMode: 'off', expiryWarningMinutes: 10 };
      disposables.push(
        new CountdownStatusBar(clock, store, () => settings),
        new ExpiryWarnings(clock, store, () => settings, {
          reactivate: (ref) => Promise.resolve(void reactivated.push(ref.row.roleName)),
          deactivate: (ref) => Promise.resolve(void deactivated.push(ref.row.roleName)),
        }),
      );
    });

    it('warns once per activation when it enters the warning time, with the status bar off', async () => {
      await store.refresh();
      const warnings = (): unknown[][] => stub.calls.filter((call) => call.api === 'showWarningMessage').map((call) => call.args);
      assert.equal(warnings().length, 0);
      minutesPass(21);
      assert.equal(warnings().length, 1);
      assert.match(String(warnings()[0]?.[0]), /^Key Vault Administrator on Contoso Dev expires in (8|9)m\.$/);
      assert.deepEqual(warnings()[0]?.slice(2), ['Re-activate', 'Deactivate']);
      minutesPass(1);
      assert.equal(warnings().length, 1, 'not again for the same activation');
      assert.equal(visible().length, 0, 'nothing in the status bar');
    });

    it('runs the action the user picks', async () => {
      await store.refresh();
      stub.answer = (api) => (api === 'showWarningMessage' ? 'Deactivate' : undefined);
      minutesPass(21);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(deactivated, ['Key Vault Administrator']);
      stub.answer = (api) => (api === 'showWarningMessage' ? 'Re-activate' : undefined);
      minutesPass(30);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(reactivated, ['Contributor']);
    });
  });
});
