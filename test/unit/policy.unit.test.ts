// Fixtures are the real example bodies listed in test/unit/fixtures/README.md:
//  - Azure/azure-rest-api-specs …/Microsoft.Authorization/stable/2020-10-01/examples/GetRoleManagementPolicyByName.json
//  - Azure/azure-rest-api-specs …/Microsoft.Authorization/stable/2020-10-01/examples/GetRoleManagementPolicyAssignmentByName.json
//  - microsoft-graph-docs-contrib api-reference/v1.0/api/policyroot-list-rolemanagementpolicyassignments.md, example 2
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ActivationPolicy } from '../../src/shared/policyShape';
import { DEFAULT_POLICY, parseArmPolicy, parseGraphPolicy } from '../../src/core/api/policy';

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as Json;
}

/** The 200 response body of a spec example file. */
function exampleBody(name: string): Json {
  const example = fixture(name) as { responses: { '200': { body: Json } } };
  return example.responses['200'].body;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// What both ARM examples say for EndUser/Assignment: PT7H; MFA + Justification + Ticketing;
// approval by two groups; authentication context disabled.
const ARM_EXAMPLE_POLICY: ActivationPolicy = {
  maximumDurationMinutes: 420,
  requiresJustification: true,
  requiresTicket: true,
  requiresMfa: true,
  requiresApproval: true,
  approvers: ['amansw_new_group', 'amansw_group'],
};

describe('policy', () => {
  describe('DEFAULT_POLICY', () => {
    it('is the out-of-the-box activation policy: 8 hours, justification and MFA, no ticket, no approval', () => {
      assert.deepEqual(DEFAULT_POLICY, {
        maximumDurationMinutes: 480,
        requiresJustification: true,
        requiresTicket: false,
        requiresMfa: true,
        requiresApproval: false,
        approvers: [],
      });
    });

    it('cannot be changed by a caller', () => {
      assert.ok(Object.isFrozen(DEFAULT_POLICY));
      assert.ok(Object.isFrozen(DEFAULT_POLICY.approvers));
    });
  });

  describe('parseArmPolicy', () => {
    it('reads GetRoleManagementPolicyByName.json', () => {
      assert.deepEqual(parseArmPolicy(exampleBody('arm-GetRoleManagementPolicyByName.json')), ARM_EXAMPLE_POLICY);
    });

    it("reads a policy assignment's effectiveRules (GetRoleManagementPolicyAssignmentByName.json)", () => {
      assert.deepEqual(parseArmPolicy(exampleBody('arm-GetRoleManagementPolicyAssignmentByName.json')), ARM_EXAMPLE_POLICY);
    });

    it('reads the first item of a list answer', () => {
      const body = exampleBody('arm-GetRoleManagementPolicyAssignmentByName.json');
      assert.deepEqual(parseArmPolicy({ value: [body] }), ARM_EXAMPLE_POLICY);
    });

    it('prefers effectiveRules over rules', () => {
      const body = clone(exampleBody('arm-GetRoleManagementPolicyByName.json')) as { properties: { rules: Json[] } };
      const expiration = body.properties.rules.find((r) => r.id === 'Expiration_EndUser_Assignment');
      assert.ok(expiration);
      expiration.maximumDuration = 'PT1H';
      assert.equal(parseArmPolicy(body).maximumDurationMinutes, 420);
    });

    it('falls back to rules when effectiveRules is missing', () => {
      const body = clone(exampleBody('arm-GetRoleManagementPolicyByName.json')) as { properties: Json };
      delete body.properties.effectiveRules;
      assert.deepEqual(parseArmPolicy(body), ARM_EXAMPLE_POLICY);
    });

    it('ignores the Admin rules that share a rule type with the self-activation rules', () => {
      // Expiration_Admin_Assignment says P90D, Enablement_Admin_Assignment lacks Ticketing.
      const policy = parseArmPolicy(exampleBody('arm-GetRoleManagementPolicyByName.json'));
      assert.equal(policy.maximumDurationMinutes, 420);
      assert.equal(policy.requiresTicket, true);
    });

    it('finds rules by type and target when their ids are unfamiliar', () => {
      const body = clone(exampleBody('arm-GetRoleManagementPolicyAssignmentByName.json')) as {
        properties: { effectiveRules: Json[] };
      };
      // Keep only EndUser/Assignment rules and the Admin expiration rule, and rename them all.
      const rules = body.properties.effectiveRules
        .filter((r) => (r.target as Json).caller === 'EndUser' || r.id === 'Expiration_Admin_Assignment')
        .map((r, i) => ({ ...r, id: `rule-${i}` }));
      assert.deepEqual(parseArmPolicy({ properties: { effectiveRules: rules } }), ARM_EXAMPLE_POLICY);
    });

    it('reads an authentication context claim when the rule is enabled', () => {
      const body = clone(exampleBody('arm-GetRoleManagementPolicyByName.json')) as {
        properties: { effectiveRules: Json[] };
      };
      const rule = body.properties.effectiveRules.find((r) => r.id === 'AuthenticationContext_EndUser_Assignment');
      assert.ok(rule);
      rule.isEnabled = true;
      rule.claimValue = 'c1';
      assert.equal(parseArmPolicy(body).authenticationContext, 'c1');
    });

    it('has no authentication context when the rule is disabled, even with a claim value', () => {
      const rules = [
        { id: 'AuthenticationContext_EndUser_Assignment', isEnabled: false, claimValue: 'c1' },
      ];
      assert.equal(parseArmPolicy(rules).authenticationContext, undefined);
      assert.equal('authenticationContext' in parseArmPolicy(rules), false);
    });

    it('lists no approvers when approval is not required', () => {
      const body = clone(exampleBody('arm-GetRoleManagementPolicyByName.json')) as {
        properties: { effectiveRules: { id: string; setting?: Json }[] };
      };
      const approval = body.properties.effectiveRules.find((r) => r.id === 'Approval_EndUser_Assignment');
      assert.ok(approval?.setting);
      approval.setting.isApprovalRequired = false;
      const policy = parseArmPolicy(body);
      assert.equal(policy.requiresApproval, false);
      assert.deepEqual(policy.approvers, []);
    });

    it('names approvers by id when they have no description', () => {
      const rules = [
        {
          id: 'Approval_EndUser_Assignment',
          setting: {
            isApprovalRequired: true,
            approvalStages: [{ primaryApprovers: [{ id: 'a1' }, { description: '  Ops team ' }, 'junk', {}] }],
          },
        },
      ];
      assert.deepEqual(parseArmPolicy(rules).approvers, ['a1', 'Ops team']);
    });

    it('an empty enabledRules list means nothing is required', () => {
      const policy = parseArmPolicy([{ id: 'Enablement_EndUser_Assignment', enabledRules: [] }]);
      assert.equal(policy.requiresJustification, false);
      assert.equal(policy.requiresTicket, false);
      assert.equal(policy.requiresMfa, false);
    });

    it('matches rule ids and names case-insensitively', () => {
      const policy = parseArmPolicy([
        { id: 'expiration_enduser_assignment', maximumDuration: 'pt2h' },
        { id: 'ENABLEMENT_ENDUSER_ASSIGNMENT', enabledRules: ['justification', 'TICKETING'] },
      ]);
      assert.equal(policy.maximumDurationMinutes, 120);
      assert.equal(policy.requiresJustification, true);
      assert.equal(policy.requiresTicket, true);
      assert.equal(policy.requiresMfa, false);
    });

    describe('untrusted input', () => {
      const odd: [string, unknown][] = [
        ['undefined', undefined],
        ['null', null],
        ['a number', 42],
        ['a string', 'PT8H'],
        ['an empty object', {}],
        ['an empty list answer', { value: [] }],
        ['properties that are not an object', { properties: 'x' }],
        ['rules that are not an array', { properties: { effectiveRules: {}, rules: 'x' } }],
        ['rules that are not objects', { properties: { effectiveRules: [null, 1, 'x', []] } }],
      ];
      for (const [what, input] of odd) {
        it(`gives the defaults for ${what}`, () => {
          assert.deepEqual(parseArmPolicy(input), DEFAULT_POLICY);
        });
      }

      it('keeps the default for a field whose rule is odd, and reads the others', () => {
        const policy = parseArmPolicy([
          { id: 'Expiration_EndUser_Assignment', maximumDuration: 'P1M' },
          { id: 'Enablement_EndUser_Assignment', enabledRules: 'Justification' },
          { id: 'Approval_EndUser_Assignment', setting: { isApprovalRequired: 'yes', approvalStages: 'x' } },
          { id: 'AuthenticationContext_EndUser_Assignment', isEnabled: true, claimValue: 7 },
        ]);
        assert.deepEqual(policy, DEFAULT_POLICY);
      });

      it('ignores a zero maximum duration', () => {
        assert.equal(parseArmPolicy([{ id: 'Expiration_EndUser_Assignment', maximumDuration: 'PT0M' }]).maximumDurationMinutes, 480);
      });

      it('survives an object whose getters throw', () => {
        const hostile = {
          get properties(): never {
            throw new Error('boom');
          },
        };
        assert.deepEqual(parseArmPolicy(hostile), DEFAULT_POLICY);
      });
    });
  });

  describe('parseGraphPolicy', () => {
    const graphList = fixture('graph-list-roleManagementPolicyAssignments-expand-rules.json');
    // Learn example: PT8H, MFA + Justification, no approval, authentication context off.
    const expected: ActivationPolicy = {
      maximumDurationMinutes: 480,
      requiresJustification: true,
      requiresTicket: false,
      requiresMfa: true,
      requiresApproval: false,
      approvers: [],
    };

    it('reads a list of policy assignments expanded with policy($expand=rules)', () => {
      assert.deepEqual(parseGraphPolicy(graphList), expected);
    });

    it('reads one policy assignment', () => {
      const assignment = (graphList.value as Json[])[0];
      assert.deepEqual(parseGraphPolicy(assignment), expected);
    });

    it('reads a unifiedRoleManagementPolicy', () => {
      const policy = (graphList.value as { policy: Json }[])[0].policy;
      assert.deepEqual(parseGraphPolicy(policy), expected);
    });

    it('finds rules by @odata.type and target when their ids are unfamiliar', () => {
      const policy = clone((graphList.value as { policy: { rules: Json[] } }[])[0].policy);
      policy.rules = policy.rules.map((r, i) => ({ ...r, id: `rule-${i}` }));
      assert.deepEqual(parseGraphPolicy(policy), expected);
    });

    it('reads Graph approvers and an authentication context', () => {
      const policy = parseGraphPolicy({
        rules: [
          {
            '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
            id: 'Approval_EndUser_Assignment',
            target: { caller: 'EndUser', level: 'Assignment' },
            setting: {
              isApprovalRequired: true,
              approvalStages: [
                {
                  primaryApprovers: [
                    { '@odata.type': '#microsoft.graph.singleUser', userId: 'u-1', description: 'Alex Wilber' },
                    { '@odata.type': '#microsoft.graph.groupMembers', groupId: 'g-1' },
                  ],
                },
              ],
            },
          },
          {
            '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
            id: 'AuthenticationContext_EndUser_Assignment',
            isEnabled: true,
            claimValue: 'c2',
          },
        ],
      });
      assert.equal(policy.requiresApproval, true);
      assert.deepEqual(policy.approvers, ['Alex Wilber', 'g-1']);
      assert.equal(policy.authenticationContext, 'c2');
    });

    it('gives the defaults for odd input', () => {
      for (const input of [undefined, null, {}, { value: [] }, { policy: null }, { rules: {} }, 'x']) {
        assert.deepEqual(parseGraphPolicy(input), DEFAULT_POLICY);
      }
    });
  });
});
