// What another extension gets without asking: only roles a trusted workspace declares, within the declaration, with a
// justification that says the API asked. Everything else goes to the user.
import * as assert from 'node:assert/strict';
import { apiJustification, planApiRequest } from '../../src/core/flows/apiElevation';
import type { DeclaredRole } from '../../src/core/flows/declaredRoles';

const DEV = '/subscriptions/a0000000-0000-4000-8000-00000000000a';
const PROD = '/subscriptions/b0000000-0000-4000-8000-00000000000b';
const CONTOSO = '11111111-1111-4111-8111-111111111111';

describe('API requests (ensureActive)', () => {
  const workspace: DeclaredRole[] = [
    { role: 'Contributor', scope: DEV, durationMinutes: 30, justification: 'Deploy from VS Code' },
    { role: 'Reader', scope: PROD, tenantId: CONTOSO },
  ];

  it('activates without asking only what the workspace declares; the rest needs the user', () => {
    const plan = planApiRequest(
      [
        { role: 'contributor', scope: `${DEV}/` },
        { role: 'Owner', scope: PROD },
        { role: 'Contributor', scope: `${DEV}/resourceGroups/rg-app` },
        { role: 'Reader', scope: PROD },
      ],
      workspace,
      { defaultDurationMinutes: 60 },
    );
    assert.deepEqual(plan.map((request) => request.declared), [true, false, false, true]);
    assert.equal(plan[3]?.role.tenantId, CONTOSO, 'a declared tenant binds the request');
  });

  it('in Restricted Mode (no declared roles) every role needs the user', () => {
    const plan = planApiRequest([{ role: 'Contributor', scope: DEV }], [], { defaultDurationMinutes: 60 });
    assert.deepEqual(plan.map((request) => request.declared), [false]);
  });

  it('caps a declared role at its declared duration, else at the user default; undeclared ones keep what was asked', () => {
    const [declared, withDefault, undeclared, fromOptions] = planApiRequest(
      [
        { role: 'Contributor', scope: DEV, durationMinutes: 480 },
        { role: 'Reader', scope: PROD, durationMinutes: 480 },
        { role: 'Owner', scope: PROD, durationMinutes: 240 },
        { role: 'Owner', scope: DEV },
      ],
      workspace,
      { defaultDurationMinutes: 60, durationMinutes: 90 },
    );
    assert.equal(declared?.role.durationMinutes, 30);
    assert.equal(withDefault?.role.durationMinutes, 60);
    assert.equal(undeclared?.role.durationMinutes, 240);
    assert.equal(fromOptions?.role.durationMinutes, 90);
    assert.equal(planApiRequest([{ role: 'Contributor', scope: DEV }], workspace, { defaultDurationMinutes: 60, durationMinutes: 1 })[0]?.role.durationMinutes, 5);
    assert.equal(planApiRequest([{ role: 'Owner', scope: DEV }], workspace, { defaultDurationMinutes: 60, durationMinutes: Number.NaN })[0]?.role.durationMinutes, 60);
  });

  it("keeps the declaration's justification on the silent path; the caller's text is used otherwise", () => {
    const [declared, undeclared, bare] = planApiRequest(
      [
        { role: 'Contributor', scope: DEV, justification: 'Something else entirely' },
        { role: 'Owner', scope: PROD, justification: ' Rotate keys ' },
        { role: 'Owner', scope: DEV },
      ],
      workspace,
      { defaultDurationMinutes: 60, justification: 'From the caller' },
    );
    assert.equal(declared?.role.justification, 'Deploy from VS Code');
    assert.equal(undeclared?.role.justification, 'Rotate keys');
    assert.equal(bare?.role.justification, 'From the caller');
  });

  it('the justification says the request came through the API, and stays within the length limit', () => {
    assert.equal(apiJustification('Deploy'), 'Deploy (requested by another extension through the Azure PIM API)');
    assert.equal(apiJustification('  '), 'Requested by another extension through the Azure PIM API');
    const long = apiJustification('x'.repeat(500));
    assert.equal(long.length, 500);
    assert.match(long, /^x+… \(requested by another extension through the Azure PIM API\)$/);
  });
});
