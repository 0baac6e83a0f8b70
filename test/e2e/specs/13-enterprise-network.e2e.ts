// Behind an organisation's network: a forward proxy (CONNECT) and TLS inspection by a private root certificate.
// The spec serves a second emulator over HTTPS with a certificate from a private authority made for the run, and
// starts code-server instances whose only settings are VS Code's own (http.proxy, HTTPS_PROXY, NO_PROXY,
// http.systemCertificates): the extension relies on VS Code's extension host, which routes https.request (ARM, through
// @azure/core-rest-pipeline) and fetch (Graph SDK, and the stand-in sign-in) through its proxy resolver and adds the
// system store's certificates.
//
// Trusting the private root "as if installed": code-server's extension host (Node 24) reads the system store with
// tls.getCACertificates('system'), i.e. OpenSSL's default locations, which honour SSL_CERT_FILE. The instance gets
// SSL_CERT_FILE=<the root> in its environment only; nothing is installed on the machine. Node itself does not use
// that store for https or fetch, so the roles load only because VS Code's system-certificate support applies: turning
// http.systemCertificates off in the same editor makes the very same calls fail with "certificate … is not trusted".
// (NODE_EXTRA_CA_CERTS would not do: VS Code's patched fetch passes an explicit CA list, which drops Node's extras.)
//
// Loopback: VS Code's resolver sends only localhost, 127.0.0.1 and ::1 directly. The emulator listens on 127.0.0.2 and
// is addressed by names that only the test proxy resolves (arm.pim.test, graph.pim.test, login.pim.test): whatever
// reached it under those names went through the proxy, because a direct connection cannot even resolve them.
//
// Egress: with http.proxy set (and no http.noProxy), the extension host sends every request except loopback ones
// through the proxy, which records each CONNECT for the instance's whole life (start, sign-in, load, activation,
// deactivation). That record must hold exactly the chosen cloud's ARM and Graph hosts and the sign-in host. The
// editor's own traffic does not mix in: code-server's server process (gallery, open-vsx.org) takes its proxy from the
// environment, not from the user's http.proxy setting, so it never reaches this proxy. User agents cannot separate
// the traffic: a CONNECT carries none (https-proxy-agent, undici). Anything else the extension host contacted, by the
// product or not, would show up in the record and fail the test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { loadScenario, startEmulator, type RunningEmulator } from '../../emulator/index';
import { startForwardProxy, type ForwardProxy } from '../../support/forwardProxy';
import { createPrivateCa } from '../../support/privateCa';
import { e2e, setE2EContext, type E2EContext } from '../context';
import { repoRoot } from '../paths';
import {
  closeForm,
  GRAPH_CLIENT_ID,
  openActivationForm,
  productLog,
  TRUST_ENDPOINT_BUTTON,
  typeJustification,
  VIEW,
  waitForOutcome,
  waitForRole,
  waitForRoleOn,
} from '../pim';
import { updateUserSettings } from '../userSettings';

const ARM_HOST = 'arm.pim.test';
const GRAPH_HOST = 'graph.pim.test';
const LOGIN_HOST = 'login.pim.test';
/** Where the HTTPS emulator listens: on loopback, but not an address VS Code's resolver sends directly. */
const EMULATOR_ADDRESS = '127.0.0.2';
const PROXY_USER = 'pim-user';
const WRONG_PASSWORD = 'not-the-password';

type OtherWorkbench = E2EContext & { close(): Promise<void> };

/**
 * Signs in, allows VS Code's consent prompts and confirms each custom endpoint when the product asks about it (ARM
 * first, Graph once it is called), until every one is confirmed and `roleLabel` shows in the Roles view.
 */
async function signInConfirming(endpointHosts: readonly string[], roleLabel: string): Promise<void> {
  const { workbench } = e2e();
  await workbench.openViewContainer('Azure PIM');
  const signIn = workbench.view(VIEW).getByRole('button', { name: 'Sign In' });
  await workbench.step('The signed-out welcome with a Sign In button', () => signIn.waitFor({ state: 'visible' }));
  await signIn.click();
  const unconfirmed = new Set(endpointHosts);
  const role = workbench.treeItem(VIEW, roleLabel).first();
  for (const deadline = Date.now() + 60_000; unconfirmed.size > 0 || !(await role.isVisible()); ) {
    await workbench.allowAuthenticationDialog(200);
    for (const host of unconfirmed) {
      if (await workbench.answerDialogIfShown(host, TRUST_ENDPOINT_BUTTON, 200)) {
        unconfirmed.delete(host);
      }
    }
    if (Date.now() > deadline) {
      const shot = await workbench.screenshot(`failure-13-sign-in-${Date.now()}`);
      assert.fail(`Not asked about ${[...unconfirmed].join(', ') || '(all confirmed)'} or no "${roleLabel}" row within 60 s. Screenshot: ${shot}`);
    }
  }
}

/** Hovers a problem row of the Roles view until its tooltip shows `text` (the row itself is cut short), for a screenshot. */
async function showTooltip(row: Locator, text: string): Promise<void> {
  const { workbench, page } = e2e();
  const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: text }).first();
  // The tree re-renders while policy hints arrive, which drops a hover: try again a few times.
  for (let attempt = 0; attempt < 4 && !(await tooltip.isVisible()); attempt++) {
    await page.mouse.move(0, 0);
    await row.hover();
    await tooltip.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
  }
  await workbench.step(`The tooltip with "${text}"`, () => tooltip.waitFor({ state: 'visible', timeout: 1_000 }));
}

/** "host:port" of each CONNECT the proxy was asked for, in order of first appearance. */
function connectedHosts(proxy: ForwardProxy): string[] {
  return [...new Set(proxy.requests.map((request) => `${request.host}:${request.port}`))];
}

describe('Enterprise networks: a proxy, TLS inspection by a private root, and no surprise egress', function () {
  this.timeout(300_000);
  let main: E2EContext;
  let tlsEmulator: RunningEmulator;
  let port: number;
  let rootCertificateFile: string;
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pim-private-ca-'));
  const httpsUrl = (host: string): string => `https://${host}:${port}`;

  before(async () => {
    main = e2e();
    const ca = await createPrivateCa('Contoso TLS Inspection Root (test)');
    rootCertificateFile = ca.writeRootCertificate(caDir);
    tlsEmulator = await startEmulator({
      scenario: loadScenario(path.join(repoRoot, 'test', 'emulator', 'scenarios', 'e2e.json')),
      host: EMULATOR_ADDRESS,
      publicHost: ARM_HOST,
      tls: await ca.issue({ dns: [ARM_HOST, GRAPH_HOST, LOGIN_HOST], ips: [EMULATOR_ADDRESS] }),
    });
    port = Number(new URL(tlsEmulator.url).port);
  });

  after(async () => {
    setE2EContext(main);
    await tlsEmulator.close();
    fs.rmSync(caDir, { recursive: true, force: true });
  });

  describe('http.proxy, with the private root in the system store', () => {
    let proxy: ForwardProxy;
    let other: OtherWorkbench | undefined;
    const settings = (): Record<string, unknown> => ({
      'http.proxy': proxy.url,
      'azurePim.customCloud.resourceManagerEndpoint': httpsUrl(ARM_HOST),
      'azurePim.customCloud.microsoftGraphEndpoint': httpsUrl(GRAPH_HOST),
      'azurePim.graph.clientId': GRAPH_CLIENT_ID,
    });
    const loginUrl = (): string => httpsUrl(LOGIN_HOST);

    before(async () => {
      proxy = await startForwardProxy({ hosts: { [ARM_HOST]: EMULATOR_ADDRESS, [GRAPH_HOST]: EMULATOR_ADDRESS, [LOGIN_HOST]: EMULATOR_ADDRESS } });
      other = await main.startAnotherWorkbench({
        name: 'code-server-proxy',
        settings: settings(),
        env: { SSL_CERT_FILE: rootCertificateFile, PIM_EMULATOR_URL: loginUrl() },
      });
      setE2EContext({ ...other, emulator: tlsEmulator, emulatorUrl: httpsUrl(ARM_HOST) });
    });

    after(async () => {
      setE2EContext(main);
      await other?.close();
      await proxy.close();
    });

    it('signs in, loads Azure and Entra roles, activates and deactivates, every call through the proxy', async () => {
      const { workbench, emulator } = e2e();
      await signInConfirming([ARM_HOST, GRAPH_HOST], 'Contributor');
      await waitForRole('Contributor', /eligible/);
      await waitForRole('Global Reader', /eligible/);
      await workbench.screenshot('13-proxy-roles');

      const form = await openActivationForm(['Contributor']);
      await typeJustification(form, 'Deploy from behind the proxy');
      await form.locator('#activate').click();
      await waitForOutcome(form, 'Contributor', 'active');
      await closeForm();
      await waitForRole('Contributor', /active · /);
      emulator.clock.advance(6 * 60_000); // PIM refuses a deactivation within 5 minutes
      await workbench.runCommand('Azure PIM: Deactivate');
      await workbench.checkQuickPickItems(['Contributor']);
      // PIM accepts the deactivation (PendingRevocation) and removes the role a few seconds later (revocationDelaySeconds).
      await workbench.waitForNotification(/Contributor on Contoso Dev is being deactivated/);
      await waitForRoleOn('Contributor', 'Contoso Dev', /^eligible/);

      const calls = emulator.requests.map((request) => `${request.method} ${request.path.split('?')[0] ?? ''}`);
      assert.ok(calls.some((call) => call.startsWith('PUT ') && call.includes('roleAssignmentScheduleRequests')), `ARM activation and deactivation: ${calls.join(' | ')}`);
      assert.ok(calls.some((call) => call.includes('/v1.0/roleManagement/directory/roleEligibilityScheduleInstances')), `Graph calls: ${calls.join(' | ')}`);
      assert.ok(
        proxy.requests.every((request) => request.method === 'CONNECT' && request.status === 200),
        `only tunnels, all opened: ${JSON.stringify(proxy.requests)}`,
      );
    });

    it('contacts only the chosen cloud: its ARM and Graph hosts and the sign-in host, nothing else', () => {
      const allowed = [
        new URL(String(settings()['azurePim.customCloud.resourceManagerEndpoint'])).host,
        new URL(String(settings()['azurePim.customCloud.microsoftGraphEndpoint'])).host,
        new URL(loginUrl()).host,
      ];
      assert.deepEqual(connectedHosts(proxy).sort(), [...allowed].sort(), 'every host the extension host reached during start, sign-in, load, activation and deactivation');
    });

    it('trusts the private root only through VS Code: with http.systemCertificates off the same calls say "not trusted"', async () => {
      const { workbench } = e2e();
      await updateUserSettings({ 'http.systemCertificates': false });
      await workbench.runCommand('Azure PIM: Refresh');
      const azure = workbench.treeItem(VIEW, new RegExp(`The certificate of ${ARM_HOST.replace(/\./g, '\\.')}:${port} is not trusted \\(SELF_SIGNED_CERT_IN_CHAIN\\)`));
      const graph = workbench.treeItem(VIEW, new RegExp(`The certificate of ${GRAPH_HOST.replace(/\./g, '\\.')}:${port} is not trusted`));
      await workbench.step('The untrusted certificate named for Azure roles', () => azure.first().waitFor({ state: 'visible' }));
      await workbench.step('… and for Entra roles and groups', () => graph.first().waitFor({ state: 'visible' }));
      const text = (await workbench.treeItems(VIEW)).map((item) => item.ariaLabel).join('\n');
      assert.match(text, /root certificate is installed in this computer's system certificate store/);
      assert.match(text, /http\.systemCertificates/);
      await showTooltip(azure.first(), 'system certificate store');
      await workbench.screenshot('13-untrusted-certificate');
      await e2e().page.mouse.move(0, 0);
      await updateUserSettings({ 'http.systemCertificates': null });
    });
  });

  describe('HTTPS_PROXY that asks for credentials, with NO_PROXY', () => {
    let proxy: ForwardProxy;
    let other: OtherWorkbench | undefined;
    let proxyWithWrongPassword: string;

    before(async () => {
      proxy = await startForwardProxy({ hosts: { [GRAPH_HOST]: EMULATOR_ADDRESS }, credentials: { username: PROXY_USER, password: 'correct-horse' } });
      proxyWithWrongPassword = proxy.url.replace('//', `//${PROXY_USER}:${WRONG_PASSWORD}@`);
      // Both emulators on their scenario's clock: the sign-in's tokens come from one and go to the other.
      main.emulator.reset();
      tlsEmulator.reset();
      other = await main.startAnotherWorkbench({
        name: 'code-server-proxy-auth',
        settings: {
          // Loopback: VS Code sends it directly, whatever HTTPS_PROXY says; so must the ARM client.
          'azurePim.customCloud.resourceManagerEndpoint': main.emulatorUrl,
          'azurePim.customCloud.microsoftGraphEndpoint': httpsUrl(GRAPH_HOST),
        },
        env: {
          HTTPS_PROXY: proxyWithWrongPassword,
          NO_PROXY: EMULATOR_ADDRESS,
          SSL_CERT_FILE: rootCertificateFile,
          // The sign-in's token calls are excluded by NO_PROXY: through the proxy they would be refused too.
          PIM_EMULATOR_URL: httpsUrl(EMULATOR_ADDRESS),
        },
      });
      setE2EContext(other);
    });

    after(async () => {
      setE2EContext(main);
      await other?.close();
      await proxy.close();
    });

    it('Azure roles from loopback directly; Graph refused by the proxy with 407, named without its credentials; NO_PROXY honoured', async () => {
      const { workbench, emulator } = e2e();
      await signInConfirming([new URL(main.emulatorUrl).host, GRAPH_HOST], 'Contributor');
      const refusal = workbench.treeItem(
        VIEW,
        new RegExp(`The proxy ${proxy.url.replace(/[.:/]/g, '\\$&')} asks for authentication \\(HTTP 407\\) before it lets Microsoft Graph through`),
      );
      await workbench.step('The 407 named in the view', () => refusal.first().waitFor({ state: 'visible' }));
      await showTooltip(refusal.first(), 'asks for authentication');
      await workbench.screenshot('13-proxy-authentication');

      assert.ok(emulator.requests.some((request) => request.path.includes('roleEligibilityScheduleInstances')), 'the Azure roles came from the loopback emulator');
      const seen = proxy.requests.filter((request) => request.host.endsWith('.pim.test') || request.host.startsWith('127.'));
      assert.ok(seen.length > 0, 'the environment proxy was used');
      assert.deepEqual(
        [...new Set(seen.map((request) => `${request.method} ${request.host} ${request.proxyUser ?? '-'} → ${request.status}`))],
        [`CONNECT ${GRAPH_HOST} ${PROXY_USER} → 407`],
        'only Graph went to the proxy (with the credentials of HTTPS_PROXY); loopback and the NO_PROXY host went directly',
      );
      const shown = (await workbench.treeItems(VIEW)).map((item) => `${item.label} ${item.ariaLabel}`).join('\n');
      for (const [where, text] of [
        ['the view', shown],
        ['the log', productLog()],
      ] as const) {
        assert.ok(!text.includes(WRONG_PASSWORD), `${where} never shows the proxy password`);
        assert.ok(!text.includes(`${PROXY_USER}:`), `${where} never shows the proxy user name with a password`);
      }
    });
  });
});
