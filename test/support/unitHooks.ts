// Mocha root hooks for the unit tests (.mocharc.json): every test starts with the display language the
// expected texts are written in, whatever the machine's own locale is.
import { setDisplayLocale } from '../../src/shared/locale';

export const mochaHooks = {
  beforeEach(): void {
    setDisplayLocale('en-US');
  },
};
