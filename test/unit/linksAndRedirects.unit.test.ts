// Links in answers never take the token to another host [security]: the product's ARM and Graph clients against
// the emulator over real HTTP, while the emulator (test-only faults) answers with a next-page link or a redirect
// to a second local listener that records every request. The call must fail with a clear error, and the listener
// must see nothing: no request, so certainly no Authorization header.
import * as assert from 'node:assert/strict';
import { isPimError } from '../../src/core/errors/errors';
import type { FaultRule, RunningEmulator } from '../emulator';
import { E2E, e2eScenario } from '../emulator/testing';
import { startRecordingListener, type RecordingListener } from '../support/recordingListener';
import { withEmulator } from '../support/withEmulator';

describe('Links and redirects from the services never take the token to another host [security]', () => {
  // Two items a page, so the ordinary lists page on the same origin too.
  const fixture = withEmulator({ scenario: () => e2eScenario({ pageSize: 2 }), resetBeforeEach: false });
  let emulator: RunningEmulator;
  let elsewhere: RecordingListener;

  before(async () => {
    elsewhere = await startRecordingListener();
  });
  after(async () => {
    await elsewhere.close();
  });
  beforeEach(() => {
    emulator = fixture.emulator;
    emulator.setFaults([]);
    elsewhere.requests.length = 0;
  });

  const clients = () => {
    const { arm, connection } = fixture.connect({ graphClientId: E2E.graphClient, maxRetries: 0 });
    assert.ok(connection.graph);
    return { arm, graph: connection.graph };
  };

  const fault = (kind: FaultRule['kind'], surface: 'arm' | 'graph', pathIncludes: string, extra: Partial<FaultRule> = {}): void =>
    emulator.setFaults([{ match: { surface, pathIncludes }, kind, targetOrigin: elsewhere.url, ...extra }]);

  /** The call fails with the clear message, and the other host received nothing at all. */
  const refusesToFollow = async (call: Promise<unknown>, message: RegExp): Promise<void> => {
    await assert.rejects(call, (error: unknown) => {
      assert.ok(isPimError(error), String(error));
      assert.equal(error.kind, 'untrustedEndpoint', error.message);
      assert.match(error.userMessage, message);
      assert.ok(error.userMessage.includes(elsewhere.url), `names the other host: ${error.userMessage}`);
      assert.ok(error.userMessage.includes(`your token stays with ${emulator.url}`), error.userMessage);
      return true;
    });
    assert.deepEqual(
      elsewhere.requests.map((request) => `${request.method} ${request.path} auth=${request.headers.authorization ? 'yes' : 'no'}`),
      [],
      'the other host received no request',
    );
  };

  it('ARM: a nextLink to another host fails clearly and is never followed', async () => {
    fault('foreignNextLink', 'arm', 'roleEligibilityScheduleInstances');
    await refusesToFollow(clients().arm.listEligible(), /^Azure answered with a next-page link to another host/);
  });

  it('Graph: an @odata.nextLink to another host fails clearly and is never followed', async () => {
    fault('foreignNextLink', 'graph', 'roleEligibilityScheduleInstances');
    await refusesToFollow(clients().graph.listEntraEligible(), /^Microsoft Graph answered with a next-page link to another host/);
  });

  it('ARM: a 302 redirect to another host fails clearly and is never followed', async () => {
    fault('redirect', 'arm', 'roleEligibilityScheduleInstances');
    await refusesToFollow(clients().arm.listEligible(), /^Azure answered with a redirect to another host/);
  });

  it('Graph: a 302 redirect to another host fails clearly and is never followed', async () => {
    fault('redirect', 'graph', 'roleEligibilityScheduleInstances');
    await refusesToFollow(clients().graph.listEntraEligible(), /^Microsoft Graph answered with a redirect to another host/);
  });

  it('Graph: a 307 on an activation takes neither the token nor the justification elsewhere', async () => {
    fault('redirect', 'graph', 'roleAssignmentScheduleRequests', { match: { surface: 'graph', method: 'POST', pathIncludes: 'roleAssignmentScheduleRequests' }, status: 307 });
    const activation = clients().graph.activateEntra({
      principalId: E2E.user,
      roleDefinitionId: E2E.globalReader,
      directoryScopeId: '/',
      justification: 'must stay with the endpoint',
      duration: 'PT1H',
    });
    await refusesToFollow(activation, /^Microsoft Graph answered with a redirect to another host/);
  });

  it('still follows next links on the same origin', async () => {
    emulator.clearRequests();
    const { arm, graph } = clients();
    assert.equal((await arm.listEligible()).length, 4, 'every Contoso eligibility, over two pages');
    assert.ok((await graph.listGroupEligible()).length > 0);
    const pages = emulator.requests.filter((request) => request.path.includes('roleEligibilityScheduleInstances'));
    assert.equal(pages.length, 2, pages.map((request) => request.path).join('\n'));
    assert.deepEqual(elsewhere.requests, []);
  });
});
