import * as path from 'node:path';

/** Absolute paths shared by the e2e scripts. Everything generated lives in git-ignored folders. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Cache and scratch space, like @vscode/test-electron's `.vscode-test/`. */
export const vscodeTestDir = path.join(repoRoot, '.vscode-test');

/** Where node@24 and code-server are installed (override with PIM_TOOLS_DIR, e.g. a CI cache folder). */
export const toolsDir = process.env.PIM_TOOLS_DIR ? path.resolve(process.env.PIM_TOOLS_DIR) : path.join(vscodeTestDir, 'tools');

/** Compiled extension-host suites: `index.js` (the mocha runner) next to one `*.test.js` per suite. */
export const suitesOutDir = path.join(repoRoot, 'out', 'test', 'suite');

/** Artifacts CI keeps: screenshots, results, logs. */
export const testResultsDir = path.join(repoRoot, 'test-results');
export const screenshotsDir = path.join(testResultsDir, 'screenshots');

/** The product's package, produced by `npm run package`. */
export const productVsix = path.join(repoRoot, 'dist', 'azure-pim-vscode.vsix');

export const productExtensionId = 'azure-pim-tools.azure-pim-vscode';

export const chromiumPath = process.env.PIM_CHROMIUM_PATH ?? '/usr/bin/chromium';
