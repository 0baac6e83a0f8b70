import * as assert from 'node:assert/strict';
import type { ActivationPolicy } from '../../src/shared/policyShape';
import { directActivationBlocker, parsePinnedIds, parsePresets, withPreset } from '../../src/core/flows/presets';

const open: ActivationPolicy = {
  maximumDurationMinutes: 480,
  requiresJustification: true,
  requiresTicket: false,
  requiresMfa: false,
  requiresApproval: false,
  approvers: [],
};

describe('pinned roles and presets', () => {
  it('reads what globalState holds defensively', () => {
    assert.deepEqual(parsePinnedIds(['a', 'a', 3, '', 'b']), ['a', 'b']);
    assert.deepEqual(parsePinnedIds('a'), []);
    assert.deepEqual(
      parsePresets([
        { name: ' Deploy ', rowIds: ['x', 'y'], justification: ' release ', durationMinutes: 90.4 },
        { name: 'empty', rowIds: [] },
        { name: 'bad duration', rowIds: ['x'], durationMinutes: 99999 },
        null,
      ]),
      [
        { name: 'Deploy', rowIds: ['x', 'y'], justification: 'release', durationMinutes: 90 },
        { name: 'bad duration', rowIds: ['x'] },
      ],
    );
  });

  it('replaces a preset of the same name, newest first', () => {
    const presets = withPreset([{ name: 'Deploy', rowIds: ['a'] }, { name: 'Other', rowIds: ['b'] }], { name: 'deploy', rowIds: ['c'] });
    assert.deepEqual(presets.map((preset) => `${preset.name}:${preset.rowIds.join()}`), ['deploy:c', 'Other:b']);
  });

  it('activates directly only when nothing more is needed', () => {
    const preset = { name: 'Deploy', rowIds: ['a', 'b'], justification: 'release' };
    assert.equal(directActivationBlocker(preset, 2, [open, open]), undefined);
    assert.match(directActivationBlocker(preset, 1, [open]) ?? '', /not loaded/);
    assert.match(directActivationBlocker(preset, 2, [open, undefined]) ?? '', /could not be read/);
    assert.match(directActivationBlocker(preset, 2, [open, { ...open, requiresApproval: true }]) ?? '', /approval/);
    assert.match(directActivationBlocker(preset, 2, [open, { ...open, requiresTicket: true }]) ?? '', /ticket/);
    assert.match(directActivationBlocker(preset, 2, [open, { ...open, authenticationContext: 'c1' }]) ?? '', /stronger sign-in/);
    assert.match(directActivationBlocker({ name: 'x', rowIds: ['a'] }, 1, [open]) ?? '', /justification/);
  });
});
