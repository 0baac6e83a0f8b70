// The naive baseline: what a client does without the tenant-wide asTarget() call. It lists the
// subscriptions, then asks every subscription for its eligible and active instances; for Entra roles and groups
// it makes Graph's natural calls, one GET per list (eligible and active, Entra roles and groups: 4). Same HTTP
// client, credential and retry policy as the product, so only the strategy differs.
import type { TokenCredential } from '@azure/core-auth';
import { classifyArmError } from '../../src/core/errors/errors';
import { JsonClient } from '../../src/core/api/http';
import { asArray, asObject, readString, type JsonObject } from '../../src/shared/json';
import { trustingDestinations } from '../support/tokenDestinations';

export interface NaiveResult {
  readonly subscriptions: number;
  /** Distinct instance ids found (inherited entries repeat per subscription and are de-duplicated). */
  readonly eligibleIds: ReadonlySet<string>;
  readonly activeIds: ReadonlySet<string>;
  /** Items received before de-duplication. */
  readonly rawItems: number;
}

const GRAPH_LISTS = [
  "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition",
  "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition",
  "/v1.0/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=group",
  "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=group",
];

export class NaiveClient {
  private readonly http: JsonClient;
  private readonly graph: JsonClient;

  constructor(
    private readonly endpoint: string,
    credential: TokenCredential,
    scopes: readonly string[],
    graphScopes: readonly string[],
  ) {
    const common = { credential, tokenDestinations: trustingDestinations(endpoint), classifyError: classifyArmError, retryDelayMs: 100, maxRetryDelayMs: 1000 };
    this.http = new JsonClient({ ...common, scopes });
    this.graph = new JsonClient({ ...common, scopes: graphScopes });
  }

  /** `concurrency` 1 = strictly one call after the other, as a simple client would do it. */
  async load(concurrency: number): Promise<NaiveResult> {
    const subscriptions = (await this.listAll('/subscriptions?api-version=2022-12-01')).flatMap((s) => readString(s, 'subscriptionId') ?? []);
    const calls: { kind: 'eligible' | 'active' | 'graph'; path: string }[] = GRAPH_LISTS.map((path) => ({ kind: 'graph', path }));
    for (const id of subscriptions) {
      for (const [kind, collection] of [
        ['eligible', 'roleEligibilityScheduleInstances'],
        ['active', 'roleAssignmentScheduleInstances'],
      ] as const) {
        calls.push({ kind, path: `/subscriptions/${id}/providers/Microsoft.Authorization/${collection}?api-version=2020-10-01&$filter=${encodeURIComponent('asTarget()')}` });
      }
    }
    const eligibleIds = new Set<string>();
    const activeIds = new Set<string>();
    let rawItems = 0;
    await forEachLimited(calls, concurrency, async (call) => {
      const items = await this.listAll(call.path, call.kind === 'graph' ? this.graph : this.http);
      if (call.kind === 'graph') {
        return;
      }
      rawItems += items.length;
      for (const item of items) {
        const id = readString(item, 'id');
        if (id) {
          (call.kind === 'eligible' ? eligibleIds : activeIds).add(id.toLowerCase());
        }
      }
    });
    return { subscriptions: subscriptions.length, eligibleIds, activeIds, rawItems };
  }

  /** Tenant-wide listing (the product's strategy), used only as the reference for what the naive client misses. */
  async referenceIds(collection: 'roleEligibilityScheduleInstances' | 'roleAssignmentScheduleInstances'): Promise<Map<string, string>> {
    const items = await this.listAll(`/providers/Microsoft.Authorization/${collection}?api-version=2020-10-01&$filter=${encodeURIComponent('asTarget()')}`);
    const ids = new Map<string, string>();
    for (const item of items) {
      const id = readString(item, 'id');
      if (id) {
        ids.set(id.toLowerCase(), readString(item, 'properties.scope') ?? '');
      }
    }
    return ids;
  }

  private async listAll(pathAndQuery: string, http = this.http): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    let url: string | undefined = `${this.endpoint}${pathAndQuery}`;
    while (url) {
      const body = asObject((await http.send(url)).body);
      for (const item of asArray(body?.value)) {
        const object = asObject(item);
        if (object) {
          items.push(object);
        }
      }
      url = body ? (readString(body, 'nextLink') ?? readString(body, '@odata.nextLink')) : undefined;
    }
    return items;
  }
}

export async function forEachLimited<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, () => worker()));
}
