import * as assert from 'node:assert/strict';
import { portFromEnvironment } from '../e2e/ports';

describe('npm run demo: ports from the environment', () => {
  it('takes PIM_DEMO_PORT when set, else the fallback', () => {
    assert.equal(portFromEnvironment({ PIM_DEMO_PORT: '8080' }, 'PIM_DEMO_PORT'), 8080);
    assert.equal(portFromEnvironment({ PIM_DEMO_PORT: ' 8080 ' }, 'PIM_DEMO_PORT'), 8080);
    assert.equal(portFromEnvironment({}, 'PIM_DEMO_PORT'), undefined);
    assert.equal(portFromEnvironment({ PIM_DEMO_PORT: '' }, 'PIM_DEMO_PORT'), undefined);
    assert.equal(portFromEnvironment({}, 'PIM_DEMO_EMULATOR_PORT', 8765), 8765);
  });

  it('refuses what is not a port instead of picking another one silently', () => {
    for (const text of ['0', '65536', 'http', '80.5', '-1', '8080x']) {
      assert.throws(() => portFromEnvironment({ PIM_DEMO_PORT: text }, 'PIM_DEMO_PORT'), /PIM_DEMO_PORT must be a TCP port number/, text);
    }
  });
});
