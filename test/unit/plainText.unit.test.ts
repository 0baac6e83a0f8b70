import * as assert from 'node:assert/strict';
import { escapeIcons } from '../../src/plainText';

describe('names shown where VS Code renders $(icon) syntax', () => {
  it('escapes every icon reference so a hostile name shows as typed', () => {
    assert.equal(escapeIcons('$(check) Owner $(shield)'), '\\$(check) Owner \\$(shield)');
    assert.equal(escapeIcons('Contributor'), 'Contributor');
    assert.equal(escapeIcons('cost $ (USD)'), 'cost $ (USD)');
  });
});
