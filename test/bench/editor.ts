// `npm run bench:editor`: issue #15 target 4, large tenants in the real editor. code-server + headless Chromium + the
// PIM emulator + the fake Microsoft sign-in (the e2e harness, test/e2e), 20 tenants × (300 Azure + 50 Entra + 50 group
// eligibilities), every call answered after LATENCY_MS. Measured in the page's own clock, from the user's input event
// (the click on "Trust and Send Token" that ends the sign-in, the Enter that applies a filter, the click that expands a
// tenant) to the frame in which the Roles view showed the result, with the emulator's request count for each step.
// Prints a table with targets, writes bench-results/bench-editor.json, exits 1 when a figure misses its target.
// Run it alone on the machine (e2e runs share the lock: `flock /work/e2e.lock npm run bench:editor` here).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { buildFixtures } from '../e2e/build';
import { startCodeServer } from '../e2e/codeServer';
import { exec } from '../e2e/exec';
import { productVsix, repoRoot, vscodeTestDir } from '../e2e/paths';
import { collapseAllRows, endpointQuestion, TRUST_ENDPOINT_BUTTON, VIEW } from '../e2e/pim';
import { ensureCodeServer, ensureSystemPackages } from '../e2e/tools';
import { launchChromium, Workbench } from '../e2e/workbench';
import { buildLargeTenants, LARGE_TENANTS, LARGE_TENANTS_GRAPH_CLIENT, largeTenantName, uniqueRoleName } from './largeTenants';
import { armRecorder, firstFrame, holdsFrom, lastHeightChange, settled, type Frame } from './treeRecorder';
import { formatTable, median, ms } from './table';

const LATENCY_MS = 100;
/** The emulator's (and ARM's and Graph's usual) page: 300 Azure eligibilities are 3 pages. */
const PAGE_SIZE = 100;
const FILTER_RUNS = 3;
/** The first with VS Code's consent prompt and the question about the emulator, then Sign Out and Sign In again. */
const SIGN_IN_RUNS = 3;
/** The tenant the filter and the expand steps look at ("the 17th tenant"). */
const PROBE_TENANT = 16;
const NARROW_FILTER = uniqueRoleName(PROBE_TENANT);
const BROAD_FILTER = 'Key Vault Administrator';
// Targets. Network-bound steps: their limit in round trips plus a budget for VS Code to draw, measured on a 2-core
// machine that also runs code-server, the extension host, Chromium and the emulator (the sign-in: a token, the
// tenant list, then each tenant's 3 Azure pages one after another beside its Graph batch, all 20 tenants at once).
// Steps that need no new data: 0.1 s is what feels instant, so 200 ms with a frame budget for this machine (a filter
// that keeps a few rows, clearing it, opening a tenant or a section); 1 s keeps the user's flow of thought, for the
// broad filter that opens every match in 20 tenants (1,240 roles, about 3,500 nodes VS Code asks for).
const RENDER_BUDGET_MS = 1000;
const INSTANT_MS = 200;
const BROAD_FILTER_MS = 1000;

const outDir = path.join(repoRoot, 'bench-results');
const runDir = path.join(vscodeTestDir, 'bench-editor');
const log = (message: string): void => console.log(`[bench:editor] ${message}`);

type Row = [measurement: string, requests: string, wallMs: string, target: string, result: string];

interface Figure {
  readonly name: string;
  readonly ms: number;
  readonly requests: number;
  readonly targetMs: number;
  readonly target: string;
}

function verdict(figure: Figure): boolean {
  return Number.isFinite(figure.ms) && figure.ms <= figure.targetMs;
}

/** The request log's growth while `action` runs. */
async function counting<T>(emulator: RunningEmulator, action: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = emulator.requests.length;
  const value = await action();
  return { value, requests: emulator.requests.length - before };
}

async function signIn(workbench: Workbench, emulatorUrl: string): Promise<Frame[]> {
  const { page } = workbench;
  await workbench.openViewContainer('Azure PIM');
  const view = workbench.view(VIEW);
  await view.getByRole('button', { name: 'Sign In' }).click();
  await workbench.allowAuthenticationDialog();
  // The product asks before its first token goes to a custom endpoint (the emulator): the click that answers it is
  // the last thing the user does to sign in, and nothing reaches the emulator before it.
  const question = endpointQuestion(workbench, emulatorUrl);
  await question.waitFor({ state: 'visible', timeout: 30_000 });
  await armRecorder(page, 'pointerdown');
  await question.getByRole('button', { name: TRUST_ENDPOINT_BUTTON }).click();
  return settled(page, 60_000);
}

/** Sign Out, then Sign In again (VS Code holds the account and its tokens): from the click on Sign In. */
async function signInAgain(workbench: Workbench, emulatorUrl: string): Promise<Frame[]> {
  const { page } = workbench;
  await workbench.runCommand('Azure PIM: Sign Out');
  const signInButton = workbench.view(VIEW).getByRole('button', { name: 'Sign In' });
  await signInButton.waitFor({ state: 'visible' });
  await workbench.clearNotifications();
  await armRecorder(page, 'pointerdown');
  await signInButton.click();
  if (await workbench.answerDialogIfShown(new URL(emulatorUrl).host, TRUST_ENDPOINT_BUTTON, 1000)) {
    fail('the product asked about the emulator again after Sign Out and Sign In: the sign-in figures would include a dialog');
  }
  return settled(page, 60_000);
}

async function applyFilter(workbench: Workbench, text: string): Promise<Frame[]> {
  const { page } = workbench;
  await workbench.runCommand('Azure PIM: Filter Roles…');
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await armRecorder(page, 'Enter');
  await input.press('Enter');
  return settled(page, 30_000);
}

async function clickTreeRow(workbench: Workbench, label: string): Promise<Frame[]> {
  const row = workbench.treeItem(VIEW, label);
  await row.waitFor({ state: 'visible' });
  await armRecorder(workbench.page, 'pointerdown');
  await row.click();
  return settled(workbench.page, 30_000);
}

function fail(message: string): never {
  throw new Error(message);
}

/** What the view showed, checked along the way: a failed check fails the bench like a missed target. */
interface Check {
  readonly what: string;
  readonly pass: boolean;
}

/** How the view filled after sign-in, frame by frame (in bench-editor.json). */
interface TimelineEntry {
  readonly t: number;
  readonly rows: number;
  readonly onScreen: number;
  readonly tenantsLoading: number;
}

async function run(): Promise<{ figures: Figure[]; checks: Check[]; signInTimeline: TimelineEntry[][]; signInRequests: string[] }> {
  log('system packages and tools (node@24, code-server)');
  await ensureSystemPackages();
  const tools = await ensureCodeServer();
  if (!process.env.PIM_E2E_SKIP_PACKAGE || !fs.existsSync(productVsix)) {
    log('npm run package');
    await exec('npm', ['run', 'package'], { cwd: repoRoot, timeoutMs: 180_000 });
  }
  const fixtures = await buildFixtures();
  const large = buildLargeTenants({ latencyMs: LATENCY_MS, pageSize: PAGE_SIZE });
  const emulator = await startEmulator({ scenario: large.scenario, port: 0, host: '127.0.0.1' });
  const workspaceFolder = path.join(runDir, 'workspace');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(workspaceFolder, { recursive: true });
  const codeServer = await startCodeServer({
    tools,
    runDir: path.join(runDir, 'code-server'),
    workspaceFolder,
    logFile: path.join(outDir, 'bench-editor-code-server.log'),
    vsixFiles: [productVsix, fixtures['fake-auth']],
    settings: {
      'azurePim.cloud': 'Custom',
      'azurePim.customCloud.resourceManagerEndpoint': emulator.url,
      'azurePim.customCloud.microsoftGraphEndpoint': emulator.url,
      'azurePim.graph.clientId': LARGE_TENANTS_GRAPH_CLIENT,
    },
    env: { PIM_EMULATOR_URL: emulator.url, PIM_FAKE_AUTH_LOG: path.join(runDir, 'fake-auth-requests.json') },
  });
  const browser = await launchChromium();
  try {
    const workbench = await Workbench.open(browser, codeServer.workbenchUrl);
    const { page } = workbench;
    // A taller window than the e2e specs': the filtered tree of 20 tenants (two rows each) fits without scrolling.
    await page.setViewportSize({ width: 1400, height: 1300 });
    const figures: Figure[] = [];
    const checks: Check[] = [];
    const rtt = LATENCY_MS;

    log(`signing in to ${LARGE_TENANTS} tenants × ${large.rowsPerTenant} roles (every call ${LATENCY_MS} ms), ${SIGN_IN_RUNS} times`);
    const signIns: { firstRoles: number; allTenants: number; wholeTree: number; requests: number; timeline: TimelineEntry[] }[] = [];
    let signInRequests: string[] = [];
    for (let runIndex = 0; runIndex < SIGN_IN_RUNS; runIndex++) {
      emulator.clearRequests();
      const signedIn = await counting(emulator, () => (runIndex === 0 ? signIn(workbench, emulator.url) : signInAgain(workbench, emulator.url)));
      const frames = signedIn.value;
      if (runIndex === 0) {
        const firstCall = Date.parse(emulator.requests[0]?.timestamp ?? '');
        signInRequests = emulator.requests.map((request) => `${Date.parse(request.timestamp) - firstCall} ${request.tokenTenantId?.slice(-2) ?? '--'} ${request.method} ${request.path.split('?')[0]?.split('/').slice(-1)[0] ?? ''}`);
      }
      signIns.push({
        // A tenant's first rows: its sections (with their role counts), scopes or roles, not "Loading roles…".
        firstRoles: firstFrame(frames, (frame) => frame.items.some((item) => item.level >= 2 && /\d+ roles?$|eligible|active|assigned|Subscription|Management group/.test(item.description))),
        allTenants: firstFrame(frames, (frame) => frame.items.some((item) => item.level === 1 && item.setSize === LARGE_TENANTS)),
        // The tree at its final size, and no tenant line on screen saying "loading…" any more.
        wholeTree: Math.max(lastHeightChange(frames), holdsFrom(frames, (frame) => frame.items.length > 0 && !frame.items.some((item) => item.level === 1 && /loading/.test(item.description)))),
        requests: signedIn.requests,
        timeline: frames.map((frame) => ({
          t: Math.round(frame.t),
          rows: Math.round(frame.height / 22),
          onScreen: frame.items.length,
          tenantsLoading: frame.items.filter((item) => item.level === 1 && /loading/.test(item.description)).length,
        })),
      });
    }
    const signInTimeline = signIns.map((run) => run.timeline);
    const signInMedian = (pick: (run: (typeof signIns)[number]) => number): number => median(signIns.map(pick));
    // The sign-in: one tenant list, then per tenant its Azure pages one after another (P round trips) beside the rest.
    const coldRtts = 1 + large.listPages;
    const ofRuns = `median of ${SIGN_IN_RUNS}`;
    figures.push(
      {
        name: `sign-in → the first tenant's roles shown, ${ofRuns}`,
        ms: signInMedian((run) => run.firstRoles),
        requests: Number.NaN,
        targetMs: coldRtts * rtt + RENDER_BUDGET_MS,
        target: `≤ ${coldRtts} × RTT + ${RENDER_BUDGET_MS} ms`,
      },
      {
        name: `sign-in → all ${LARGE_TENANTS} tenant nodes shown, ${ofRuns}`,
        ms: signInMedian((run) => run.allTenants),
        requests: Number.NaN,
        targetMs: 2 * rtt + RENDER_BUDGET_MS / 2,
        target: `≤ 2 × RTT + ${RENDER_BUDGET_MS / 2} ms`,
      },
      {
        name: `sign-in → every tenant's roles drawn (${LARGE_TENANTS} × ${large.rowsPerTenant}), ${ofRuns}`,
        ms: signInMedian((run) => run.wholeTree),
        requests: Math.max(...signIns.map((run) => run.requests)),
        targetMs: (coldRtts + 1) * rtt + 2 * RENDER_BUDGET_MS,
        target: `≤ ${coldRtts + 1} × RTT + ${2 * RENDER_BUDGET_MS} ms`,
      },
    );
    log(`sign-ins (first roles / all tenants / whole tree, ms): ${signIns.map((run) => [run.firstRoles, run.allTenants, run.wholeTree].map((value) => ms(value)).join(' / ')).join('; ')}`);
    await workbench.screenshot('bench-editor-signed-in');

    const filterFigures: Record<string, { ms: number[]; requests: number[] }> = { narrow: { ms: [], requests: [] }, broad: { ms: [], requests: [] }, clear: { ms: [], requests: [] } };
    for (let runIndex = 0; runIndex < FILTER_RUNS; runIndex++) {
      for (const [kind, text, shownLabel] of [
        ['narrow', NARROW_FILTER, NARROW_FILTER],
        ['clear', '', largeTenantName(0)],
        ['broad', BROAD_FILTER, BROAD_FILTER],
        ['clear', '', largeTenantName(0)],
      ] as const) {
        const filtered = await counting(emulator, () => applyFilter(workbench, text));
        const shown = firstFrame(filtered.value, (frame) => frame.items.some((item) => item.label === shownLabel));
        const complete = Math.max(shown, lastHeightChange(filtered.value));
        filterFigures[kind]?.ms.push(complete);
        filterFigures[kind]?.requests.push(filtered.requests);
        if (runIndex === 0 && kind !== 'clear') {
          await workbench.screenshot(`bench-editor-filter-${kind}`);
          const labels = (await workbench.treeItems(VIEW)).filter((item) => item.level >= 2 && /eligible|active|assigned/.test(item.description)).map((item) => item.label);
          const only = labels.length > 0 && labels.every((label) => label === shownLabel);
          checks.push({ what: `filter "${text}": roles on screen, all ${shownLabel}: ${only ? labels.length : `no, ${labels.join(', ') || 'none'}`}`, pass: only });
        }
      }
    }
    const broadMatches = (large.scenario.tenants[0]?.eligibilities ?? []).filter((eligibility) => eligibility.role === BROAD_FILTER).length;
    const filterTarget = { narrow: INSTANT_MS, broad: BROAD_FILTER_MS, clear: INSTANT_MS } as const;
    for (const [kind, label] of [
      ['narrow', `filter keystroke → filtered tree ("${NARROW_FILTER}", 1 role)`],
      ['broad', `filter keystroke → filtered tree ("${BROAD_FILTER}", ${broadMatches} roles × ${LARGE_TENANTS})`],
      ['clear', 'clearing the filter → whole tree again'],
    ] as const) {
      const runs = filterFigures[kind] ?? fail(kind);
      figures.push({ name: `${label}, median of ${FILTER_RUNS}`, ms: median(runs.ms), requests: Math.max(...runs.requests), targetMs: filterTarget[kind], target: `≤ ${filterTarget[kind]} ms` });
    }

    // Collapse every tenant (the view's Collapse All), then every tenant line with its role count is on one screen.
    const tenantLines = (await collapseAllRows(workbench)).filter((item) => item.level === 1);
    const wrongCounts = tenantLines.filter((item) => !item.description.startsWith(`${large.rowsPerTenant} roles`));
    checks.push({
      what: `after Collapse All, ${LARGE_TENANTS} tenant lines each saying "${large.rowsPerTenant} roles": ${tenantLines.length} lines, ${wrongCounts.length} other (${wrongCounts.map((item) => `${item.label} [${item.description}]`).join(' | ')})`,
      pass: tenantLines.length === LARGE_TENANTS && wrongCounts.length === 0,
    });
    await workbench.screenshot('bench-editor-tenants');

    const tenant = largeTenantName(PROBE_TENANT);
    const expandTenant = await counting(emulator, () => clickTreeRow(workbench, tenant));
    figures.push({
      name: `expanding ${tenant} → its sections shown`,
      ms: firstFrame(expandTenant.value, (frame) => frame.items.some((item) => item.label === 'Microsoft Entra roles')),
      requests: expandTenant.requests,
      targetMs: INSTANT_MS,
      target: `≤ ${INSTANT_MS} ms`,
    });
    const expandEntra = await counting(emulator, () => clickTreeRow(workbench, 'Microsoft Entra roles'));
    figures.push({
      name: `expanding its Microsoft Entra roles → 50 role rows`,
      ms: Math.max(
        firstFrame(expandEntra.value, (frame) => frame.items.some((item) => item.label === 'Entra Role 02')),
        lastHeightChange(expandEntra.value),
      ),
      requests: expandEntra.requests,
      targetMs: INSTANT_MS,
      target: `≤ ${INSTANT_MS} ms`,
    });
    await workbench.screenshot('bench-editor-expanded');
    return { figures, checks, signInTimeline, signInRequests };
  } finally {
    await browser.close();
    await codeServer.stop();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const { figures, checks, signInTimeline, signInRequests } = await run();
  const rows: Row[] = figures.map((figure) => [figure.name, Number.isNaN(figure.requests) ? '' : String(figure.requests), ms(figure.ms), figure.target, verdict(figure) ? 'PASS' : 'FAIL']);
  console.log('');
  console.log(
    formatTable(
      `Large tenants in the editor (code-server ${'+'} Chromium, ${LARGE_TENANTS} tenants, RTT = ${LATENCY_MS} ms per call, page ${PAGE_SIZE})`,
      ['measurement', 'requests', 'ms', 'target', 'result'],
      rows,
    ),
  );
  console.log('');
  checks.forEach((check) => console.log(`check ${check.pass ? 'PASS' : 'FAIL'}: ${check.what}`));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'bench-editor.json'), JSON.stringify({ latencyMs: LATENCY_MS, pageSize: PAGE_SIZE, figures, checks, signInTimeline, signInRequests }, null, 2));
  const failed = [...figures.filter((figure) => !verdict(figure)).map((figure) => `${figure.name} (${ms(figure.ms)} ms, ${figure.target})`), ...checks.filter((check) => !check.pass).map((check) => check.what)];
  if (failed.length > 0) {
    console.log(`FAIL: ${failed.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(`PASS: all ${figures.length} figures are within their targets, and all ${checks.length} checks hold`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
