// Helpers for tests that drive the emulator over real HTTP.
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadScenario, type Scenario } from './scenario';
import type { RunningEmulator, TokenRequest, TokenResponse } from './server';
import { ARM_SCOPE } from '../support/emulatorConnection';

export { ARM_SCOPE };

export const E2E_SCENARIO_FILE = resolve(__dirname, 'scenarios/e2e.json');
export const DEMO_SCENARIO_FILE = resolve(__dirname, 'scenarios/demo.json');

/** Ids from scenarios/e2e.json. */
export const E2E = {
  contoso: '11111111-1111-4111-8111-111111111111',
  fabrikam: '22222222-2222-4222-8222-222222222222',
  user: 'aaaaaaaa-0000-4000-8000-000000000001',
  approver: 'cccccccc-0000-4000-8000-00000000000c',
  subA: '/subscriptions/a0000000-0000-4000-8000-00000000000a',
  subB: '/subscriptions/b0000000-0000-4000-8000-00000000000b',
  rgApp: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app',
  rgData: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-data',
  rgProd: '/subscriptions/b0000000-0000-4000-8000-00000000000b/resourceGroups/rg-prod',
  fabrikamSub: '/subscriptions/f0000000-0000-4000-8000-00000000000f',
  roles: {
    owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  },
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  pimGroup: '9a000000-0000-4000-8000-0000000000a9',
  graphClient: '7d3c1a52-3f0e-4b7a-9a51-2c5d8e0f6a11',
} as const;

/**
 * scenarios/e2e.json for tests that are not in a browser: the same tenants and options, but PIM provisions and revokes
 * at once. There the tests move the emulator clock themselves (`clock.advance`) to see the delays; in the browser the
 * clock runs and the user waits for them.
 */
export function e2eScenario(overrides: Partial<Scenario> = {}): Scenario {
  return { ...loadScenario(E2E_SCENARIO_FILE), provisioningDelaySeconds: 0, revocationDelaySeconds: 0, ...overrides };
}

/**
 * e2eScenario for the approval tests: the approval policy (Alice approves) also names the requester, Dana, whom PIM
 * still never lets approve her own request. `groupNeedsApproval`: pim-contoso-admins takes that policy too.
 */
export function approvalScenario(options: { groupNeedsApproval?: boolean } = {}): Scenario {
  const scenario = e2eScenario();
  const tenant = scenario.tenants[0];
  const approval = tenant?.policies?.approval;
  const group = tenant?.groups?.[0];
  assert.ok(approval?.approvers && group, 'scenarios/e2e.json has an approval policy and a PIM group');
  approval.approvers = [...approval.approvers, { id: E2E.user, displayName: 'Dana Developer' }];
  if (options.groupNeedsApproval) {
    group.policy = 'approval';
  }
  return scenario;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

export class EmulatorClient {
  constructor(readonly emulator: RunningEmulator) {}

  async token(request: TokenRequest): Promise<string> {
    return (await this.tokenResponse(request)).accessToken;
  }

  async tokenResponse(request: TokenRequest): Promise<TokenResponse> {
    const res = await fetch(`${this.emulator.url}/_emulator/token`, { method: 'POST', body: JSON.stringify(request) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as TokenResponse;
  }

  armToken(extra: Partial<TokenRequest> = {}): Promise<string> {
    return this.token({ scopes: [ARM_SCOPE], ...extra });
  }

  graphToken(extra: Partial<TokenRequest> = {}): Promise<string> {
    return this.token({ scopes: ['https://graph.microsoft.com/.default', `VSCODE_CLIENT_ID:${E2E.graphClient}`], ...extra });
  }

  async call(method: string, pathOrUrl: string, options: { token?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<HttpResult> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.emulator.url}${pathOrUrl}`;
    const res = await fetch(url, {
      method,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body };
  }

  /** PUT a roleAssignmentScheduleRequest with sensible defaults. */
  activate(token: string, options: ScheduleRequestOptions): Promise<HttpResult> {
    const name = options.name ?? crypto.randomUUID();
    return this.call('PUT', `${requestPath(options.scope, name)}?api-version=2020-10-01`, { token, body: scheduleRequestBody(options) });
  }

  /** POST .../roleAssignmentScheduleRequests/{name}/validate with the body `activate` would PUT. */
  validate(token: string, options: ScheduleRequestOptions): Promise<HttpResult> {
    const name = options.name ?? crypto.randomUUID();
    return this.call('POST', `${requestPath(options.scope, name)}/validate?api-version=2020-10-01`, { token, body: scheduleRequestBody(options) });
  }

  /** POST .../roleAssignmentScheduleRequests/{name}/cancel. */
  cancel(token: string, scope: string, name: string): Promise<HttpResult> {
    return this.call('POST', `${requestPath(scope, name)}/cancel?api-version=2020-10-01`, { token });
  }

  /** The emulator's own view (GET /_emulator/state) of the first tenant's requests. */
  async requestStates(): Promise<{ name: string; requestType: string; status: string }[]> {
    const state = (await this.call('GET', '/_emulator/state')).body as { tenants: { requests: { name: string; requestType: string; status: string }[] }[] };
    return state.tenants[0]?.requests ?? [];
  }
}

export interface ScheduleRequestOptions {
  scope: string;
  role: string;
  name?: string;
  requestType?: string;
  principalId?: string;
  duration?: string;
  justification?: string | null;
  ticket?: { ticketNumber: string; ticketSystem: string };
  startDateTime?: string;
  linkedRoleEligibilityScheduleId?: string;
}

function requestPath(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}`;
}

function scheduleRequestBody(options: ScheduleRequestOptions): unknown {
  return {
    properties: {
      principalId: options.principalId ?? E2E.user,
      roleDefinitionId: `${options.scope.startsWith('/subscriptions/') ? options.scope.split('/').slice(0, 3).join('/') : ''}/providers/Microsoft.Authorization/roleDefinitions/${options.role}`,
      requestType: options.requestType ?? 'SelfActivate',
      ...(options.justification === null ? {} : { justification: options.justification ?? 'Investigating incident 42' }),
      ...(options.ticket ? { ticketInfo: options.ticket } : {}),
      ...(options.linkedRoleEligibilityScheduleId ? { linkedRoleEligibilityScheduleId: options.linkedRoleEligibilityScheduleId } : {}),
      scheduleInfo: {
        ...(options.startDateTime ? { startDateTime: options.startDateTime } : {}),
        expiration: { type: 'AfterDuration', duration: options.duration ?? 'PT1H' },
      },
    },
  };
}

export function errorOf(result: HttpResult): { code: string; message: string } {
  const error = (result.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  assert.ok(error, `expected an error envelope, got ${result.status} ${result.text}`);
  return { code: String(error.code), message: String(error.message) };
}

export function valueOf(result: HttpResult): Record<string, unknown>[] {
  assert.equal(result.status, 200, result.text);
  const value = (result.body as { value?: unknown }).value;
  assert.ok(Array.isArray(value), `expected a value array, got ${result.text}`);
  return value as Record<string, unknown>[];
}

function kind(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Asserts `actual` has exactly the documented keys (plus `extraKeys`) with the documented JSON types,
 * recursing into objects and the first element of arrays. A null in either side stands for "nullable".
 */
export function assertShape(actual: unknown, example: unknown, path = '$', extraKeys: readonly string[] = []): void {
  if (example === null || actual === null) {
    return;
  }
  assert.equal(kind(actual), kind(example), `${path}: expected ${kind(example)}, got ${kind(actual)} (${JSON.stringify(actual)})`);
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length > 0 && actual.length > 0) {
      assertShape(actual[0], example[0], `${path}[0]`, extraKeys);
    }
    return;
  }
  if (typeof example === 'object' && typeof actual === 'object') {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    const missing = Object.keys(e).filter((k) => !(k in a));
    const extra = Object.keys(a).filter((k) => !(k in e) && !extraKeys.includes(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${path}: key sets differ`);
    for (const key of Object.keys(e)) {
      assertShape(a[key], e[key], `${path}.${key}`, extraKeys);
    }
  }
}
