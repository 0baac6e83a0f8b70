// Turns the VS Code sign-in into one connection per tenant (VSCODE_TENANT:<id>) and keeps the
// role store in step with sign-in changes and settings.
import * as vscode from 'vscode';
import { ArmPimClient } from '../core/api/armPimClient';
import { PimError } from '../core/errors/errors';
import { GraphPimClient, graphScopes } from '../core/api/graphPimClient';
import { readCaller } from '../core/auth/jwt';
import type { RoleStore, TenantConnection } from '../core/store/roleStore';
import type { Settings } from '../config';
import { configuredProxy, proxyChosenByHost } from './proxySetting';
import { SessionCredential, type AuthSession } from '../core/auth/sessionCredential';
import type { TokenDestinations } from '../core/api/tokenDestinations';
import type { ServiceTime } from '../core/api/http';
import { vscodeSessions } from './vscodeSessions';

export type SignInState = 'unknown' | 'signedOut' | 'loading' | 'signedIn';

/** globalState key: set by "Sign Out", cleared by "Sign In" (and "Switch Account"), so a reload does not sign in again. */
export const SIGNED_OUT_BY_USER_KEY = 'azurePim.signedOutByUser';

export class AccountManager implements vscode.Disposable {
  private state: SignInState = 'unknown';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<SignInState>();
  readonly onDidChangeState = this.changed.event;
  private initializing: Promise<void> | undefined;
  private sessionCheckTimer: NodeJS.Timeout | undefined;
  /** The account the current connections were made with (undefined = signed out). */
  private accountId: string | undefined;

  constructor(
    private readonly settings: () => Settings,
    private readonly store: RoleStore,
    private readonly tokenDestinations: TokenDestinations,
    private readonly log: vscode.LogOutputChannel,
    /** Remembers "Sign Out" across reloads (the VS Code account itself stays signed in, so a silent start would reconnect). */
    private readonly globalState: vscode.Memento,
    /** Learns PIM's time from the answers (core/store/serviceClock.ts). */
    private readonly serviceTime?: ServiceTime,
  ) {
    this.disposables.push(
      this.changed,
      vscode.authentication.onDidChangeSessions((event) => {
        if (event.provider.id === this.settings().cloud.authProviderId) {
          this.scheduleSessionCheck();
        }
      }),
      { dispose: () => clearTimeout(this.sessionCheckTimer) },
    );
  }

  /**
   * Sessions change for many reasons (a token for another tenant or scope was issued, often by us).
   * Reconnect only when the account behind the home session changed or went away.
   */
  private scheduleSessionCheck(): void {
    clearTimeout(this.sessionCheckTimer);
    this.sessionCheckTimer = setTimeout(() => {
      void this.checkAccount().catch((error: unknown) => this.log.warn(`Checking the sign-in failed: ${String(error)}`));
    }, 300);
  }

  /** After "Sign Out" the extension stays signed out, also across reloads and refreshes, until the user signs in again. */
  private get signedOutByUser(): boolean {
    return this.globalState.get<boolean>(SIGNED_OUT_BY_USER_KEY) === true;
  }

  private async checkAccount(): Promise<void> {
    await this.initializing;
    if (this.signedOutByUser) {
      return;
    }
    const settings = this.settings();
    const home = new SessionCredential(vscodeSessions, { providerId: settings.cloud.authProviderId, ...(settings.tenants.length === 1 ? { tenantId: settings.tenants[0] } : {}) });
    const session = await home.existingSession([settings.cloud.resourceManagerScope]);
    if (session?.account.id !== this.accountId) {
      this.log.info(session ? `Signed-in account changed to ${session.account.label}; reloading tenants.` : 'Signed out; clearing the roles.');
      await this.initialize();
    }
  }

  get signInState(): SignInState {
    return this.state;
  }

  /** Silent start: uses an existing session if VS Code has one, never prompts; stays signed out after "Sign Out". */
  initialize(): Promise<void> {
    this.initializing ??= (this.signedOutByUser ? this.stayedSignedOut() : this.connect(false)).finally(() => {
      this.initializing = undefined;
    });
    return this.initializing;
  }

  /** Interactive sign-in through VS Code's Microsoft account provider. */
  async signIn(): Promise<void> {
    await this.globalState.update(SIGNED_OUT_BY_USER_KEY, undefined);
    this.tokenDestinations.askAgain();
    await this.connect(true);
  }

  /** Lets the user pick another account: VS Code forgets which account this extension uses and asks again. */
  async switchAccount(): Promise<void> {
    const settings = this.settings();
    const session = await vscode.authentication.getSession(settings.cloud.authProviderId, [settings.cloud.resourceManagerScope], {
      clearSessionPreference: true,
      createIfNone: true,
    });
    await this.globalState.update(SIGNED_OUT_BY_USER_KEY, undefined);
    this.log.info(`Switched to ${session.account.label}.`);
    await this.connect(false);
  }

  /**
   * Interactive sign-in for one tenant (e.g. one that needs its own consent or MFA). `graph`: for the
   * Microsoft Graph scopes of Entra roles and groups (the app registration in azurePim.graph.clientId).
   */
  async signInToTenant(tenantId: string, surface: 'arm' | 'graph' = 'arm'): Promise<void> {
    const settings = this.settings();
    const credential = new SessionCredential(vscodeSessions, { providerId: settings.cloud.authProviderId, tenantId });
    await credential.signIn(
      surface === 'graph' ? graphScopes(settings.cloud.microsoftGraphResource, settings.graphClientId) : [settings.cloud.resourceManagerScope],
    );
    await this.store.refresh(tenantId);
  }

  /**
   * After a PIM group activation: asks VS Code for the tenant's session again and reloads the roles.
   * An existing session is returned without a prompt (forceNewSession would make the user sign in again
   * for nothing); VS Code renews the token itself, and tokens issued from then on carry the membership.
   */
  async refreshSignIn(tenantId: string): Promise<void> {
    const settings = this.settings();
    const credential = new SessionCredential(vscodeSessions, { providerId: settings.cloud.authProviderId, tenantId });
    await credential.signIn([settings.cloud.resourceManagerScope]);
    await this.store.refresh(tenantId);
  }

  /** Forgets the connections; the account itself stays signed in to VS Code (Accounts menu). */
  async signOut(): Promise<void> {
    await this.globalState.update(SIGNED_OUT_BY_USER_KEY, true);
    this.accountId = undefined;
    await this.store.setConnections([]);
    this.setState('signedOut');
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private async stayedSignedOut(): Promise<void> {
    this.log.info('Signed out with "Sign Out": not signing in again until "Sign In".');
    this.accountId = undefined;
    await this.store.setConnections([]);
    this.setState('signedOut');
  }

  private async connect(interactive: boolean): Promise<void> {
    const settings = this.settings();
    const providerId = settings.cloud.authProviderId;
    const scope = settings.cloud.resourceManagerScope;
    const home = new SessionCredential(vscodeSessions, { providerId, ...(settings.tenants.length === 1 ? { tenantId: settings.tenants[0] } : {}) });
    let session: AuthSession | undefined;
    try {
      session = interactive
        ? await home.signIn([scope])
        : await home.existingSession([scope]);
    } catch (error) {
      this.log.warn(`Sign-in did not complete: ${error instanceof Error ? error.message : String(error)}`);
      if (interactive) {
        throw error;
      }
    }
    this.accountId = session?.account.id;
    if (!session) {
      await this.store.setConnections([]);
      this.setState('signedOut');
      return;
    }
    this.setState('loading');
    const homeTenant = readCaller(session.accessToken)?.tenantId;
    const tenants = await this.discoverTenants(home, homeTenant);
    this.log.info(`Signed in as ${session.account.label}; ${tenants.length} tenant(s).`);
    await this.store.setConnections(tenants.map((tenant) => this.connection(tenant.tenantId, tenant.displayName)));
    this.setState('signedIn');
  }

  private async discoverTenants(home: SessionCredential, homeTenant: string | undefined): Promise<{ tenantId: string; displayName: string }[]> {
    const settings = this.settings();
    const client = new ArmPimClient({
      endpoint: settings.cloud.resourceManagerEndpoint,
      tenantId: homeTenant ?? 'home',
      credential: home,
      tokenDestinations: this.tokenDestinations,
      scopes: [settings.cloud.resourceManagerScope],
      proxy: configuredProxy,
      proxyChosenByHost: proxyChosenByHost(),
    });
    let discovered: { tenantId: string; displayName: string }[] = [];
    try {
      discovered = await client.listTenants();
    } catch (error) {
      this.log.warn(`Could not list tenants: ${error instanceof Error ? error.message : String(error)}`);
    }
    const wanted = settings.tenants.map((id) => id.toLowerCase());
    if (wanted.length > 0) {
      return wanted.map((id) => discovered.find((t) => t.tenantId.toLowerCase() === id) ?? { tenantId: id, displayName: id });
    }
    if (discovered.length > 0) {
      return discovered;
    }
    return homeTenant ? [{ tenantId: homeTenant, displayName: homeTenant }] : [];
  }

  private connection(tenantId: string, displayName: string): TenantConnection {
    const settings = this.settings();
    const credential = new SessionCredential(vscodeSessions, { providerId: settings.cloud.authProviderId, tenantId });
    const scopes = [settings.cloud.resourceManagerScope];
    const arm = new ArmPimClient({
      endpoint: settings.cloud.resourceManagerEndpoint,
      tenantId,
      credential,
      tokenDestinations: this.tokenDestinations,
      scopes,
      proxy: configuredProxy,
      proxyChosenByHost: proxyChosenByHost(),
      log: { debug: (message) => this.log.debug(message) },
      ...(this.serviceTime ? { serviceTime: this.serviceTime } : {}),
    });
    let objectId: string | undefined;
    const graph = this.graphClient(tenantId, credential);
    const serviceTime = this.serviceTime;
    return {
      tenantId,
      displayName,
      arm,
      ...(graph ? { graph } : {}),
      ...(serviceTime ? { serviceNow: () => serviceTime.now() } : {}),
      callerObjectId: async () => {
        if (!objectId) {
          const token = await credential.getToken(scopes);
          objectId = token ? readCaller(token.token)?.objectId : undefined;
          if (!objectId) {
            throw new PimError({ kind: 'authentication', message: vscode.l10n.t('Could not tell who is signed in (the token has no object id).') });
          }
        }
        return objectId;
      },
    };
  }

  /** Entra roles and PIM for Groups, on the same credential; without a usable Graph endpoint, Azure roles only. */
  private graphClient(tenantId: string, credential: SessionCredential): GraphPimClient | undefined {
    const settings = this.settings();
    try {
      return new GraphPimClient({
        endpoint: settings.cloud.microsoftGraphEndpoint,
        tenantId,
        credential,
        tokenDestinations: this.tokenDestinations,
        scopes: graphScopes(settings.cloud.microsoftGraphResource, settings.graphClientId),
        proxy: configuredProxy,
        log: { debug: (message) => this.log.debug(message) },
        ...(this.serviceTime ? { serviceTime: this.serviceTime } : {}),
      });
    } catch (error) {
      this.log.warn(`Entra roles and groups are off: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private setState(state: SignInState): void {
    if (this.state !== state) {
      this.state = state;
      void vscode.commands.executeCommand('setContext', 'azurePim.signedIn', state === 'signedIn' ? true : state === 'loading' ? 'loading' : false);
      this.changed.fire(state);
    }
  }
}
