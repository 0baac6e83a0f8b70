// The authorization-error parser against a corpus of real error texts (test/unit/fixtures/authorization-errors.json:
// short quotes of tool output from public issues and Microsoft Learn, each with its source), the forms a terminal or
// a JSON serializer gives them, and hostile input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findAuthorizationDenials, MAX_ERROR_TEXT_LENGTH } from '../../src/core/permissions/authorizationErrors';
import { scopeHolds, toFailingScope } from '../../src/core/permissions/failingScope';

interface CorpusEntry {
  source: string;
  format: string;
  text: string;
  expected: { operation: string; kind: 'action' | 'dataAction'; scope: string | null }[];
}

const corpus = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'authorization-errors.json'), 'utf8')) as { entries: CorpusEntry[] }).entries;

function parsed(text: string): CorpusEntry['expected'] {
  return findAuthorizationDenials(text).map((denial) => ({ operation: denial.operation, kind: denial.kind, scope: denial.scope ?? null }));
}

/** The az CLI's text for the emulator's 403 (test/emulator/resources.ts), as the e2e deploy script prints it. */
const AZ_STYLE = `ERROR: (AuthorizationFailed) The client 'dana@contoso.onmicrosoft.com' with object id 'aaaaaaaa-0000-4000-8000-000000000001' does not have authorization to perform action 'Microsoft.Web/sites/write' over scope '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

describe('authorization errors: the parser', () => {
  it('the corpus holds at least 30 real texts from distinct public sources, with and without a usable answer', () => {
    const sources = new Set(corpus.map((entry) => entry.source));
    assert.ok(corpus.length >= 30 && sources.size >= 30, `${corpus.length} entries from ${sources.size} sources`);
    assert.ok(corpus.every((entry) => /^https:\/\/(github\.com|learn\.microsoft\.com|pastebin\.com)\//.test(entry.source)));
    assert.ok(corpus.filter((entry) => entry.expected.length > 0).length >= 30);
    assert.ok(corpus.some((entry) => entry.expected.length === 0), 'negative examples too');
    for (const kind of ['action', 'dataAction'] as const) {
      assert.ok(corpus.some((entry) => entry.expected.some((expected) => expected.kind === kind)), `some ${kind}`);
    }
  });

  for (const entry of corpus) {
    it(`${entry.format}: ${entry.source}`, () => {
      assert.deepEqual(parsed(entry.text), entry.expected);
    });
  }

  it('points each denial at its operation in the text as given (a terminal link covers the operation through the scope)', () => {
    for (const entry of corpus) {
      for (const denial of findAuthorizationDenials(entry.text)) {
        const linked = entry.text.slice(denial.start, denial.start + denial.length);
        assert.ok(linked.startsWith(denial.operation), `${entry.source}: "${linked.slice(0, 80)}"`);
        if (denial.scope && !/\n/.test(linked)) {
          assert.ok(linked.includes(denial.scope.split(',')[0] ?? ''), `${entry.source}: the link covers the scope`);
        }
      }
    }
  });

  it('reads a message JSON-escaped once or twice, with \\u0027 quotes (System.Text.Json escapes \' by default) and \\/ slashes', () => {
    const once = JSON.stringify(AZ_STYLE).replace(/'/g, '\\u0027');
    const twice = JSON.stringify(JSON.stringify(AZ_STYLE));
    const slashes = JSON.stringify(AZ_STYLE).replace(/\//g, '\\/');
    const expected = [{ operation: 'Microsoft.Web/sites/write', kind: 'action', scope: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e' }];
    for (const text of [AZ_STYLE, once, twice, slashes]) {
      assert.deepEqual(parsed(text), expected, text.slice(0, 120));
    }
    const [denial] = findAuthorizationDenials(once);
    assert.ok(denial && once.slice(denial.start).startsWith('Microsoft.Web/sites/write\\u0027'), 'positions map back through the escapes');
  });

  it('reads a line a tool wrapped at a fixed width, and a Terraform box edge before the scope', () => {
    const cut = AZ_STYLE.replace('Microsoft.Web/sites/app-e2e', 'Microsoft.Web/si\ntes/app-e2e');
    assert.equal(findAuthorizationDenials(cut)[0]?.scope, '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e');
    const boxed = AZ_STYLE.replace("over scope '", "over scope\n│ '");
    assert.equal(findAuthorizationDenials(boxed)[0]?.scope, '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e');
  });

  it("reads PowerShell's ConciseView one terminal line at a time: the continuation line with the quoted action and its scope", () => {
    const entry = corpus.find((candidate) => candidate.format === 'powershell-concise-view-wrapped');
    const lines = entry?.text.split('\n') ?? [];
    const continued = lines.find((line) => line.includes("'Microsoft.Authorization/roleAssignments/write' over scope")) ?? '';
    assert.deepEqual(parsed(continued), entry?.expected);
    const [denial] = findAuthorizationDenials(continued);
    assert.ok(denial && continued.slice(denial.start).startsWith('Microsoft.Authorization/roleAssignments/write'), 'the link starts at the action');
    // A quoted operation is only read on its own at the start of a line, followed by its scope.
    for (const text of ["Set 'Microsoft.Web/sites/write' over scope '/subscriptions/x'", "'Microsoft.Web/sites/write' is allowed"]) {
      assert.deepEqual(parsed(text), [], text);
    }
  });

  it('reads the Key Vault form printed line by line (a terminal shows the Action line and the Resource line apart)', () => {
    const lines = ["ERROR: (Forbidden) Caller is not authorized to perform action on resource.", "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'", "Resource: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv/secrets/s'"];
    assert.deepEqual(parsed(lines.join('\n')), [{ operation: 'Microsoft.KeyVault/vaults/secrets/getSecret/action', kind: 'dataAction', scope: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv/secrets/s' }]);
    // One terminal line at a time: the Action line alone still names what was denied.
    assert.deepEqual(parsed(lines[1] ?? ''), [{ operation: 'Microsoft.KeyVault/vaults/secrets/getSecret/action', kind: 'dataAction', scope: null }]);
  });

  it('finds nothing in ordinary output, and never a wildcard or a malformed operation', () => {
    for (const text of ['', 'Deployed app-e2e', "does not have authorization to perform action '*' over scope '/'", "does not have authorization to perform action 'rm -rf /' over scope '/'", "Action: 'notAnOperation'"]) {
      assert.deepEqual(findAuthorizationDenials(text), [], text);
    }
  });

  it('stays fast on long hostile lines (bounded, linear patterns; capped input)', () => {
    const hostile = [
      `does not have authorization to perform action '${'a/'.repeat(200_000)}`,
      `${"does not have authorization to perform action 'Microsoft.X/y/z' over scope '".repeat(5000)}`,
      `Action: '${'\\'.repeat(100_000)}`,
      `${'\\u0027'.repeat(50_000)}`,
      `perform action [${'['.repeat(100_000)}`,
    ];
    for (const text of hostile) {
      const started = process.hrtime.bigint();
      findAuthorizationDenials(text);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 250, `${ms.toFixed(0)} ms for a ${text.length}-character text`);
    }
    const late = `${' '.repeat(MAX_ERROR_TEXT_LENGTH)}${AZ_STYLE}`;
    assert.deepEqual(findAuthorizationDenials(late), [], 'text after the cap is not read');
  });
});

describe('authorization errors: the failing scope', () => {
  it('keeps plain ARM ids and finds the scope roles are assigned at', () => {
    assert.deepEqual(toFailingScope('/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e'), {
      id: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e',
      armScope: '/subscriptions/a0000000-0000-4000-8000-00000000000a/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-e2e',
      armScopeType: 'resource',
    });
    assert.equal(toFailingScope('/subscriptions/x/providers/Microsoft.Resources/deployments/d')?.armScope, '/subscriptions/x');
    assert.equal(toFailingScope('/providers/Microsoft.Resources/deployments/NoMarketplace-20210113090535')?.armScope, '/');
    assert.equal(toFailingScope('/providers/Microsoft.Management/managementGroups/landingzones/providers/Microsoft.Resources/deployments/x')?.armScopeType, 'managementGroup');
    assert.equal(toFailingScope('/providers/Microsoft.Subscription/subscriptions/s/resourceGroups/rg/')?.id, '/subscriptions/s/resourceGroups/rg');
  });

  it('refuses placeholders, redactions with spaces or brackets, path tricks and control characters', () => {
    for (const raw of ['<resourceId>', '/subscriptions/[REMOVED]/resourceGroups/rg', '/subscriptions/f27a/resourcegroups/[sandbox resource group name]', '/subscriptions/***', '/subscriptions/x/../y', '/subscriptions/x//y', '/subscriptions/x?y', '/subscriptions/x#y', '/subscriptions/%2e%2e', 'subscriptions/x', '/subscriptions/x\u001b[31m', '/subscriptions/x\u202e', `/${'a'.repeat(2000)}`]) {
      assert.equal(toFailingScope(raw), undefined, raw);
    }
  });

  it('holds a scope at itself, its ancestors and the tenant root, by id in any case', () => {
    const site = '/subscriptions/A/resourceGroups/rg-app/providers/Microsoft.Web/sites/app';
    assert.ok(scopeHolds('/subscriptions/a/resourcegroups/RG-APP', site));
    assert.ok(scopeHolds('/subscriptions/a', site));
    assert.ok(scopeHolds('/', site));
    assert.ok(!scopeHolds('/subscriptions/a/resourceGroups/rg-app2', site));
    assert.ok(!scopeHolds('/subscriptions/ab', site));
  });
});
