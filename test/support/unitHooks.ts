// Mocha root hooks for the unit tests (.mocharc.json): every test starts with the display language the
// expected texts are written in, whatever the machine's own locale is, and with a fresh `vscode` stand-in
// (./vscodeStub.ts), so host code loads in plain mocha. src/core and src/shared never import `vscode` (eslint).
import { setDisplayLocale } from '../../src/shared/locale';
import { freshVscodeStub, installVscodeStub } from './vscodeStub';

installVscodeStub();

export const mochaHooks = {
  beforeEach(): void {
    setDisplayLocale('en-US');
    freshVscodeStub();
  },
};
