// Graph JSON batching as learn.microsoft.com/graph/json-batching documents it: POST /v1.0/$batch with up to 20
// requests, answered 200 with one response per request id (status, headers, body), each request answered as if
// sent alone with the batch's token; the product's parser of that answer (src/core/api/graphBatch.ts).
import * as assert from 'node:assert/strict';
import { batchAnswers, batchOfGets } from '../../../src/core/api/graphBatch';
import type { RunningEmulator } from '../../emulator';
import { EmulatorClient, valueOf } from '../../emulator/testing';
import { withEmulator } from '../../support/withEmulator';

const ENTRA_ELIGIBLE = "/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition";
const GROUP_ACTIVE = "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=group";

describe('PIM emulator: Graph JSON batching', () => {
  const fixture = withEmulator();
  let emulator: RunningEmulator;
  let client: EmulatorClient;

  beforeEach(() => {
    emulator = fixture.emulator;
    client = new EmulatorClient(emulator);
  });

  it('answers each request as if sent alone, by id, in one HTTP request', async () => {
    const token = await client.graphToken();
    const alone = await client.call('GET', `/v1.0${ENTRA_ELIGIBLE}`, { token });
    emulator.clearRequests();
    const res = await client.call('POST', '/v1.0/$batch', { token, body: batchOfGets([ENTRA_ELIGIBLE, GROUP_ACTIVE]) });
    assert.equal(res.status, 200);
    assert.deepEqual(
      emulator.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /v1.0/$batch'],
    );
    const answers = batchAnswers(res.body, 2);
    assert.equal(answers[0]?.status, 200);
    assert.equal(answers[0]?.headers['content-type'], 'application/json');
    const ids = (items: Record<string, unknown>[]): unknown[] => items.map((item) => item.id);
    assert.deepEqual(ids(valueOf({ status: 200, headers: new Headers(), text: '', body: answers[0]?.body })), ids(valueOf(alone)));
    assert.ok(ids(valueOf(alone)).length > 0);
    assert.equal(answers[1]?.status, 200);
    assert.ok(Array.isArray((answers[1]?.body as { value?: unknown }).value));
  });

  it("each request gets its own error (a permission the token lacks), the batch itself still 200", async () => {
    const token = await client.token({ scopes: ['https://graph.microsoft.com/RoleEligibilitySchedule.Read.Directory'] });
    const res = await client.call('POST', '/v1.0/$batch', { token, body: batchOfGets([ENTRA_ELIGIBLE, GROUP_ACTIVE]) });
    assert.equal(res.status, 200);
    const [entra, group] = batchAnswers(res.body, 2);
    assert.equal(entra?.status, 200);
    assert.equal(group?.status, 403);
    assert.match(JSON.stringify(group?.body), /PermissionScopeNotGranted/);
  });

  it('refuses a batch without a valid token (401) and one of more than 20 requests (400)', async () => {
    const unsigned = await client.call('POST', '/v1.0/$batch', { body: batchOfGets([ENTRA_ELIGIBLE]) });
    assert.equal(unsigned.status, 401);
    const token = await client.graphToken();
    const tooMany = { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: ENTRA_ELIGIBLE })) };
    assert.equal((await client.call('POST', '/v1.0/$batch', { token, body: tooMany })).status, 400);
    assert.throws(() => batchOfGets(tooMany.requests.map((r) => r.url)), RangeError);
  });

  it('a throttling fault aimed at one list answers that request 429 with Retry-After inside the batch', async () => {
    emulator.setFaults([{ match: { surface: 'graph', pathIncludes: 'group/assignmentScheduleInstances' }, kind: 'throttled', retryAfterSeconds: 7 }]);
    const res = await client.call('POST', '/v1.0/$batch', { token: await client.graphToken(), body: batchOfGets([ENTRA_ELIGIBLE, GROUP_ACTIVE]) });
    assert.equal(res.status, 200);
    const [entra, group] = batchAnswers(res.body, 2);
    assert.equal(entra?.status, 200);
    assert.equal(group?.status, 429);
    assert.equal(group?.headers['retry-after'], '7');
  });

  it('the parser keeps only usable answers: unknown or repeated ids, missing statuses and non-objects count as no answer', () => {
    const answers = batchAnswers(
      {
        responses: [
          { id: '2', status: 200, body: { value: [] } },
          { id: '2', status: 500, body: {} },
          { id: '9', status: 200 },
          { id: '1' },
          'nonsense',
          { id: '3', status: 204, headers: { 'Retry-After': '3', 'X-Number': 4 } },
        ],
      },
      3,
    );
    assert.equal(answers[0], undefined);
    assert.equal(answers[1]?.status, 200, 'the first answer for an id counts');
    assert.deepEqual(answers[2]?.headers, { 'retry-after': '3' });
    assert.deepEqual(batchAnswers('not json at all', 2), [undefined, undefined]);
  });
});
