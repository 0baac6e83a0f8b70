// Errors as the services send them (pim-facts §8, §10, §11): Graph's wrapped PIM errors, the throttling bodies,
// answers with no `error` object, and a Date header from the emulator clock on every answer.
import * as assert from 'node:assert/strict';
import { startEmulator, validateScenario, type RunningEmulator, type Scenario } from '../../emulator';
import { E2E, e2eScenario, EmulatorClient, errorOf } from '../../emulator/testing';

const ELIGIBLE = '/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=asTarget()';
const GRAPH_ELIGIBLE = "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')";
const CLOCK_START = '2026-03-01T12:00:00Z';

describe('PIM emulator: error shapes, throttling and the Date header', () => {
  let emulator: RunningEmulator | undefined;
  let client: EmulatorClient;

  const start = async (overrides: Partial<Scenario> = {}): Promise<void> => {
    emulator = await startEmulator({ scenario: e2eScenario({ clockStart: CLOCK_START, freezeClock: true, ...overrides }) });
    client = new EmulatorClient(emulator);
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  /** A Graph token without the PIM scopes: VS Code's own client gets none. */
  const vscodeGraphToken = (): Promise<string> => client.token({ scopes: ['https://graph.microsoft.com/.default'] });

  describe('Graph PIM errors', () => {
    it('graphErrors "recorded" (the default): PermissionScopeNotGranted arrives wrapped in UnknownError, its JSON in the message', async () => {
      await start({ graphErrors: undefined });
      const res = await client.call('GET', GRAPH_ELIGIBLE, { token: await vscodeGraphToken() });
      assert.equal(res.status, 403);
      const error = (res.body as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
      assert.equal(error.code, 'UnknownError');
      const inner = JSON.parse(error.message) as { errorCode: string; message: string; instanceAnnotations: unknown[] };
      assert.equal(inner.errorCode, 'PermissionScopeNotGranted');
      assert.match(inner.message, /^Authorization failed due to missing permission scope .*RoleEligibilitySchedule\.Read\.Directory/);
      assert.deepEqual(inner.instanceAnnotations, []);
      assert.deepEqual(Object.keys(error.innerError).sort(), ['client-request-id', 'date', 'request-id']);
      assert.equal(error.innerError.date, '2026-03-01T12:00:00', 'UTC, no fraction, no zone');
    });

    it('graphErrors "recorded": RoleAssignmentExists stays flat, as recorded', async () => {
      await start({ graphErrors: 'recorded' });
      const graph = await client.graphToken();
      const post = (): ReturnType<EmulatorClient['call']> =>
        client.call('POST', '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests', {
          token: graph,
          body: { action: 'selfActivate', principalId: E2E.user, roleDefinitionId: E2E.globalReader, directoryScopeId: '/', justification: 'x', scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } } },
        });
      assert.equal((await post()).status, 201);
      assert.deepEqual(errorOf(await post()), { code: 'RoleAssignmentExists', message: 'The Role assignment already exists.' });
    });

    it('graphErrors "flat": the code at the top', async () => {
      await start({ graphErrors: 'flat' });
      const res = await client.call('GET', GRAPH_ELIGIBLE, { token: await vscodeGraphToken() });
      assert.equal(errorOf(res).code, 'PermissionScopeNotGranted');
    });
  });

  describe('throttling (fault kind "throttled")', () => {
    it('ARM: 429 ResourceRequestsThrottled naming the wait, with Retry-After', async () => {
      await start();
      emulator!.setFaults([{ match: { surface: 'arm' }, kind: 'throttled', retryAfterSeconds: 7 }]);
      const res = await client.call('GET', ELIGIBLE, { token: await client.armToken() });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.deepEqual(errorOf(res), {
        code: 'ResourceRequestsThrottled',
        message: "Number of requests for Microsoft.Authorization exceeded the limit of '120' for time interval '00:01:00'. Please try again after '7' seconds.",
      });
    });

    it("Graph: 429 TooManyRequests as in Graph's throttling guidance, with Retry-After (default 5 s)", async () => {
      await start();
      emulator!.setFaults([{ match: { surface: 'graph' }, kind: 'throttled' }]);
      const res = await client.call('GET', GRAPH_ELIGIBLE, { token: await client.graphToken() });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '5');
      const error = (res.body as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
      assert.equal(error.code, 'TooManyRequests');
      assert.equal(error.message, 'Please retry again later.');
      assert.equal(error.innerError.code, '429');
      assert.equal(error.innerError.status, '429');
      assert.equal(error.innerError.message, 'Please retry after');
      assert.equal(res.headers.get('request-id'), error.innerError['request-id']);
    });
  });

  describe('answers without an error object (fault kind "plainError")', () => {
    it('an HTML 502 page by default, a text page, or ASP.NET\'s {"Message": ...}', async () => {
      await start();
      const token = await client.armToken();
      emulator!.setFaults([
        { match: {}, kind: 'plainError' },
        { match: {}, kind: 'plainError', status: 503, format: 'text' },
        { match: {}, kind: 'plainError', status: 500, format: 'aspNetMessage' },
      ]);
      const html = await client.call('GET', ELIGIBLE, { token });
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(html.text, /^<!DOCTYPE html>/);
      const text = await client.call('GET', ELIGIBLE, { token });
      assert.equal(text.status, 503);
      assert.match(text.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(text.text, 'Service Unavailable');
      const aspNet = await client.call('GET', ELIGIBLE, { token });
      assert.equal(aspNet.status, 500);
      assert.deepEqual(aspNet.body, { Message: 'An error has occurred.' });
      assert.equal((await client.call('GET', ELIGIBLE, { token })).status, 200, 'each rule hits once');
      assert.deepEqual(emulator!.requests.map((r) => r.status), [502, 503, 500, 200]);
    });

    it('refuses a malformed rule', async () => {
      await start();
      const badFormat = await client.call('POST', '/_emulator/faults', { body: [{ match: {}, kind: 'plainError', format: 'xml' }] });
      assert.equal(badFormat.status, 400);
      assert.match(errorOf(badFormat).message, /format must be one of "html", "text", "aspNetMessage"/);
      const badStatus = await client.call('POST', '/_emulator/faults', { body: [{ match: {}, kind: 'plainError', status: 200 }] });
      assert.equal(badStatus.status, 400);
    });
  });

  describe('Date header', () => {
    it('every ARM and Graph answer, errors and faults included, carries the emulator clock', async () => {
      await start();
      const arm = await client.armToken();
      const expected = 'Sun, 01 Mar 2026 12:00:00 GMT';
      assert.equal((await client.call('GET', ELIGIBLE, { token: arm })).headers.get('date'), expected);
      assert.equal((await client.call('GET', ELIGIBLE)).headers.get('date'), expected, '401');
      assert.equal((await client.call('GET', GRAPH_ELIGIBLE, { token: await client.graphToken() })).headers.get('date'), expected);
      emulator!.clock.advance(90_000);
      emulator!.setFaults([{ match: {}, kind: 'throttled' }]);
      assert.equal((await client.call('GET', ELIGIBLE, { token: arm })).headers.get('date'), 'Sun, 01 Mar 2026 12:01:30 GMT');
    });
  });

  it('validates the new scenario options', () => {
    const withOptions = (options: Record<string, unknown>): unknown => JSON.parse(JSON.stringify({ ...e2eScenario(), ...options })) as unknown;
    assert.throws(() => validateScenario(withOptions({ graphErrors: 'wrapped' })), /\$\.graphErrors must be one of "flat", "recorded"/);
    assert.throws(() => validateScenario(withOptions({ realisticIds: 'yes' })), /\$\.realisticIds must be true or false/);
    assert.throws(() => validateScenario(withOptions({ revocationDelaySeconds: -1 })), /\$\.revocationDelaySeconds must be a non-negative number/);
    assert.doesNotThrow(() => validateScenario(withOptions({ graphErrors: 'recorded', realisticIds: true, revocationDelaySeconds: 3, duplicateRequestName: 'error' })));
  });
});
