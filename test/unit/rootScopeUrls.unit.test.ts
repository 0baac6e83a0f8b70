// Every ARM URL the product builds from a scope, for every scope form the API returns, root scope "/" included:
// never "//providers/..." (a URL parser reads "//providers" as a host name). Checked in the emulator's log of the raw
// request lines.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { E2E } from '../emulator/testing';
import { withEmulator } from '../support/withEmulator';

const ROOT = '/';
const MANAGEMENT_GROUP = '/providers/Microsoft.Management/managementGroups/contoso-root';
const READER = `/providers/Microsoft.Authorization/roleDefinitions/${E2E.roles.reader}`;

describe('ARM URLs built from a scope: the root scope and tenant-level providers', function () {
  this.timeout(20_000);
  const fixture = withEmulator();

  const paths = (): string[] => fixture.emulator.requests.map((request) => request.path.split('?')[0] ?? '');
  const activation = (scope: string) => ({
    scope,
    roleDefinitionId: READER,
    principalId: 'aaaaaaaa-0000-4000-8000-000000000001',
    justification: 'root',
    duration: 'PT1H',
    requestName: randomUUID(),
  });

  for (const [label, scope, prefix] of [
    ['the root scope "/"', ROOT, ''],
    ['a management group', MANAGEMENT_GROUP, MANAGEMENT_GROUP],
    ['a subscription', E2E.subA, E2E.subA],
  ] as const) {
    it(`${label}: policy, validate, activation and permissions all go to ${prefix || '(nothing)'}/providers/Microsoft.Authorization/...`, async () => {
      const { arm } = fixture.connect();
      fixture.emulator.clearRequests();
      // The answers do not matter here (no eligibility at these scopes): only where the calls went.
      await arm.getPolicy(scope, READER).catch(() => undefined);
      await arm.validateActivation(activation(scope)).catch(() => undefined);
      await arm.activate(activation(scope)).catch(() => undefined);
      await arm.deactivate({ scope, roleDefinitionId: READER, principalId: 'aaaaaaaa-0000-4000-8000-000000000001' }).catch(() => undefined);
      await arm.listPermissions(scope).catch(() => undefined);
      const seen = paths();
      assert.ok(seen.length >= 5, seen.join('\n'));
      for (const path of seen) {
        assert.ok(!path.includes('//'), `no empty segment: ${path}`);
        // The policy itself is read at the id the assignment named (it may be in the recorded Microsoft.Subscription form).
        if (!path.includes('/roleManagementPolicies/')) {
          assert.ok(path.startsWith(`${prefix}/providers/`), `${path} starts with ${prefix}/providers/`);
        }
      }
      assert.ok(seen.some((path) => path.endsWith('/validate')));
      assert.ok(seen.some((path) => path.endsWith('/roleManagementPolicyAssignments')));
      assert.ok(seen.some((path) => path.endsWith('/permissions')));
    });
  }
});
