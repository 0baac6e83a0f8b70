// Lists, dates and the webview's bundle in the display language (src/shared/locale.ts, webview-ui/language.ts).
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { formatRemainingMs } from '../../src/core/model/countdown';
import { problemText } from '../../src/core/model/presentation';
import { GRAPH_SURFACES_NAME, type ListName } from '../../src/core/store/roleStore';
import { summaryLine } from '../../webview-ui/formText';
import { canonicalLocale, formatDateTime, formatList, getDisplayLocale, setDisplayLocale } from '../../src/shared/locale';
import { parseBundle } from '../../webview-ui/language';

describe('display locale', () => {
  it('accepts BCP 47 tags in canonical form and nothing else', () => {
    assert.equal(canonicalLocale('en-us'), 'en-US');
    assert.equal(canonicalLocale('zh-hans'), 'zh-Hans');
    assert.equal(canonicalLocale(''), undefined);
    assert.equal(canonicalLocale('not a tag'), undefined);
    assert.equal(canonicalLocale(42), undefined);
    setDisplayLocale('fr');
    assert.equal(getDisplayLocale(), 'fr');
    setDisplayLocale('???');
    assert.equal(getDisplayLocale(), undefined);
  });

  it('joins lists with the language’s own pattern', () => {
    setDisplayLocale('en');
    assert.equal(formatList(['Reader', 'Owner', 'Contributor']), 'Reader, Owner, Contributor');
    assert.equal(formatList(['Alice', 'Bob'], 'disjunction'), 'Alice or Bob');
    assert.equal(formatList(['a', 'b', 'c'], 'conjunction'), 'a, b, and c');
    assert.equal(formatList(['only']), 'only');
    assert.equal(formatList([]), '');
    setDisplayLocale('de');
    assert.equal(formatList(['Alice', 'Bob'], 'disjunction'), 'Alice oder Bob');
    assert.equal(formatList(['a', 'b', 'c'], 'conjunction'), 'a, b und c');
  });

  it('formats dates in the display language', () => {
    const date = new Date(Date.UTC(2030, 5, 1, 14, 0));
    const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'UTC' };
    setDisplayLocale('en-US');
    assert.equal(formatDateTime(date, options), 'Jun 1, 2030');
    setDisplayLocale('de');
    assert.equal(formatDateTime(date, options), '01.06.2030');
  });
});

describe('webview bundle (data-l10n)', () => {
  it('keeps the string entries of a JSON object', () => {
    const bundle = parseBundle(JSON.stringify({ Activate: 'Aktivieren', odd: 3, nested: { x: 'y' } }));
    assert.deepEqual({ ...bundle }, { Activate: 'Aktivieren' });
  });

  it('does not let a key reach the prototype', () => {
    const bundle = parseBundle('{"__proto__": "x", "constructor": "y"}');
    assert.equal(Object.getPrototypeOf(bundle), null);
    assert.equal(bundle?.['constructor'], 'y');
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });

  it('refuses anything but an object', () => {
    for (const raw of [undefined, '', 'not json', '[]', '"text"', 'null', '42']) {
      assert.equal(parseBundle(raw), undefined, String(raw));
    }
  });
});

describe('in another display language', () => {
  const german: Record<string, string> = {
    '{0}h {1}m': '{0} Std. {1} Min.',
    '{0}d {1}h': '{0} T. {1} Std.',
    expired: 'abgelaufen',
    '{0} on {1}': '{0} für {1}',
    '{0}: {1}': '{0}: {1}',
    '{0} hours': '{0} Stunden',
    'needs approval by {0}, then active for {1} once approved': 'Genehmigung durch {0} nötig, danach {1} aktiv',
    'Could not read eligible groups: {0}': 'Berechtigte Gruppen konnten nicht gelesen werden: {0}',
  };

  before(() => l10n.config({ contents: german }));
  after(() => l10n.config({ contents: {} }));

  it('countdowns, durations, summaries and problem rows come from the bundle, lists and dates from Intl', () => {
    setDisplayLocale('de');
    assert.equal(formatRemainingMs(90 * 60_000), '1 Std. 30 Min.');
    assert.equal(formatRemainingMs(26 * 3_600_000), '1 T. 2 Std.');
    assert.equal(formatRemainingMs(0), 'abgelaufen');
    const role = { id: 'r', kind: 'azure', roleName: 'Owner', scopeDisplayName: 'Prod', scopeTypeLabel: 'Abonnement', selected: true } as const;
    const policy = {
      state: 'loaded',
      policy: { maximumDurationMinutes: 480, requiresApproval: true, approvers: ['Alice', 'Bob'], requiresMfa: false, requiresTicket: false, requiresJustification: false },
    } as const;
    assert.equal(summaryLine({ role, policy, durationMinutes: 120, startText: undefined }), 'Owner für Prod: Genehmigung durch Alice oder Bob nötig, danach 2 Stunden aktiv');
    assert.equal(problemText('eligible groups', 'HTTP 500'), 'Berechtigte Gruppen konnten nicht gelesen werden: HTTP 500');
    // Not in this bundle: the English source text.
    assert.equal(problemText('active groups', 'HTTP 500'), 'Could not read active groups: HTTP 500');
  });
});

describe('problem rows', () => {
  it('say one whole sentence per list, with the reason', () => {
    const names: ListName[] = [
      'eligible roles',
      'active roles',
      'your requests',
      'eligible Entra roles',
      'active Entra roles',
      'your Entra role requests',
      'eligible groups',
      'active groups',
      'your group requests',
      'Azure roles',
      GRAPH_SURFACES_NAME,
    ];
    const texts = names.map((name) => problemText(name, 'the reason'));
    assert.equal(new Set(texts).size, names.length);
    for (const [index, text] of texts.entries()) {
      assert.equal(text, `Could not read ${names[index] ?? ''}: the reason`);
    }
  });
});
