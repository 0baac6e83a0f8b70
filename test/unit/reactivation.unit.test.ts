// Re-activating a role that is still active (src/webview/reactivationChoice.ts on the `vscode` stand-in, and the text of
// what is lost from core/model/presentation.ts): PIM cannot extend an activation, so the user chooses "when it ends" or
// "now", and "now" is only taken after a modal that names the time left and a new approval.
import * as assert from 'node:assert/strict';
import { roleKeyString, type RoleKey, type ScopeInfo } from '../../src/core/model/model';
import { reactivationLossText } from '../../src/core/model/presentation';
import type { RoleRow } from '../../src/core/model/roleRows';
import type { RowRef } from '../../src/core/store/roleStore';
import type { ActivationPolicy } from '../../src/shared/policyShape';
import { askHowToReactivate } from '../../src/webview/reactivationChoice';
import { installVscodeStub } from '../support/vscodeStub';

const NOW = new Date('2026-03-01T12:00:00Z');
const PROD: ScopeInfo = { id: '/subscriptions/b0', displayName: 'Contoso Prod', type: 'subscription', subscriptionId: 'b0' };
const KEY: RoleKey = { kind: 'azure', tenantId: 't', scope: PROD.id, roleDefinitionId: `${PROD.id}/providers/Microsoft.Authorization/roleDefinitions/owner` };
const OWNER: RoleRow = {
  id: roleKeyString(KEY),
  roleName: 'Owner',
  scope: PROD,
  state: 'active',
  active: { key: KEY, id: roleKeyString(KEY), roleName: 'Owner', scope: PROD, principalId: 'me', memberType: 'Direct', assignmentType: 'Activated' },
  endsAt: new Date(NOW.getTime() + 83 * 60_000),
};
const policy = (extra: Partial<ActivationPolicy> = {}): ActivationPolicy => ({
  maximumDurationMinutes: 240,
  requiresJustification: true,
  requiresTicket: false,
  requiresMfa: false,
  requiresApproval: false,
  approvers: [],
  ...extra,
});
const APPROVAL = policy({ requiresApproval: true, approvers: ['Alice Admin'] });

describe('re-activating a role that is still active', () => {
  describe('what ending it now costs', () => {
    it('names the time left, and a new approval (with its approvers) when the policy asks for one', () => {
      assert.equal(reactivationLossText(OWNER, policy(), NOW), 'Owner on Contoso Prod: the 1h 23m left end now.');
      assert.equal(
        reactivationLossText(OWNER, APPROVAL, NOW),
        'Owner on Contoso Prod: the 1h 23m left end now, and the new request needs approval again (by Alice Admin); until then you have no access.',
      );
      assert.match(reactivationLossText(OWNER, undefined, NOW), /if its policy asks for approval, the new request waits for it/);
    });
  });

  describe('the choice', () => {
    const stub = installVscodeStub();
    // The time left is measured on PIM's clock (the connection's service time), not the local one.
    const ref = { row: OWNER, connection: { serviceNow: () => NOW } } as unknown as RowRef;

    it('"Activate again when it ends" ends nothing and asks nothing more', async () => {
      stub.answer = (api, args) => (api === 'showQuickPick' ? (args[0] as { label: string }[])[0] : undefined);
      assert.equal(await askHowToReactivate([ref], () => APPROVAL), 'whenEnds');
      assert.deepEqual(stub.calls.map((call) => call.api), ['showQuickPick']);
      const [items, options] = stub.calls[0]?.args as [{ label: string }[], { title: string }];
      assert.deepEqual(items.map((item) => item.label), ['Activate again when it ends', 'Deactivate now and activate again…']);
      assert.equal(options.title, 'Owner on Contoso Prod is still active, and PIM cannot extend an activation');
    });

    it('"Deactivate now" only after a modal that says what is lost; declining it sends nothing', async () => {
      stub.answer = (api, args) => (api === 'showQuickPick' ? (args[0] as { label: string }[])[1] : api === 'showWarningMessage' ? 'Deactivate and Activate Again' : undefined);
      assert.equal(await askHowToReactivate([ref], () => APPROVAL), 'replace');
      const modal = stub.calls.find((call) => call.api === 'showWarningMessage');
      assert.ok(modal);
      const [message, options, button] = modal.args as [string, { modal: boolean; detail: string }, string];
      assert.equal(message, 'Deactivate the current activation now?');
      assert.equal(options.modal, true);
      assert.match(options.detail, /the 1h 23m left end now, and the new request needs approval again \(by Alice Admin\)/);
      assert.equal(button, 'Deactivate and Activate Again');

      stub.answer = (api, args) => (api === 'showQuickPick' ? (args[0] as { label: string }[])[1] : undefined);
      assert.equal(await askHowToReactivate([ref], () => APPROVAL), undefined, 'the modal was dismissed');
      stub.answer = () => undefined;
      assert.equal(await askHowToReactivate([ref], () => APPROVAL), undefined, 'the pick was dismissed');
    });
  });
});
