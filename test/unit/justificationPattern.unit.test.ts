import * as assert from 'node:assert/strict';
import { JustificationPatternChecker, PATTERN_TIME_LIMIT_MS } from '../../src/core/flows/justificationPattern';
import { PROTOCOL_LIMITS } from '../../src/shared/protocol';

const CHANGE_NUMBER = { pattern: '^C\\d{5}[A-Z]$', hint: 'A change number such as C11432A' };
const CATASTROPHIC = { pattern: '^(a+)+$', hint: '' };
const CATASTROPHIC_TEXT = `${'a'.repeat(40)}!`;

describe('JustificationPatternChecker', () => {
  it('matches the whole text, including patterns without their own anchors', () => {
    const checker = new JustificationPatternChecker();
    assert.deepEqual(checker.check(CHANGE_NUMBER, 'C12345A'), { kind: 'matches' });
    assert.deepEqual(checker.check({ pattern: 'C\\d{5}[A-Z]', hint: '' }, 'C12345A'), { kind: 'matches' });
    assert.deepEqual(checker.check({ pattern: 'CHG\\d+|INC\\d+', hint: '' }, 'INC1'), { kind: 'matches' });
    assert.deepEqual(checker.check({ pattern: '', hint: 'ignored' }, 'anything at all'), { kind: 'matches' });
  });

  it('reports a mismatch with the hint', () => {
    const checker = new JustificationPatternChecker();
    for (const text of ['C12345AB', 'xC12345A', 'C1234A', '']) {
      assert.deepEqual(checker.check(CHANGE_NUMBER, text), { kind: 'mismatch', hint: CHANGE_NUMBER.hint }, text);
    }
    // Anchoring survives alternation in the organisation's pattern.
    assert.deepEqual(checker.check({ pattern: 'CHG\\d+|INC\\d+', hint: '' }, 'xx INC1'), { kind: 'mismatch', hint: '' });
  });

  it('reports an invalid pattern, including unbalanced groups that would escape the anchors', () => {
    const checker = new JustificationPatternChecker();
    assert.deepEqual(checker.check({ pattern: '(unclosed', hint: '' }, 'anything'), { kind: 'invalidPattern' });
    assert.deepEqual(checker.check({ pattern: '[z-a]', hint: '' }, 'anything'), { kind: 'invalidPattern' });
    // Wrapped as ^(?:a)|(b)$ this would match any text starting with "a".
    assert.deepEqual(checker.check({ pattern: 'a)|(b', hint: '' }, 'a and more'), { kind: 'invalidPattern' });
  });

  it(`refuses a pattern longer than ${PROTOCOL_LIMITS.maxPatternLength} characters without compiling it`, () => {
    const checker = new JustificationPatternChecker();
    assert.deepEqual(checker.check({ pattern: 'a'.repeat(PROTOCOL_LIMITS.maxPatternLength + 1), hint: '' }, 'a'), { kind: 'tooLong' });
    assert.equal(checker.compilations, 0);
    const longest = 'a'.repeat(PROTOCOL_LIMITS.maxPatternLength);
    assert.deepEqual(checker.check({ pattern: longest, hint: '' }, longest), { kind: 'matches' });
  });

  it(`stops a catastrophically backtracking pattern within 100 ms (time limit ${PATTERN_TIME_LIMIT_MS} ms) and says it is too slow`, () => {
    const checker = new JustificationPatternChecker();
    // Fast texts are answered normally until the pattern is caught being slow.
    assert.deepEqual(checker.check(CATASTROPHIC, 'aaaa'), { kind: 'matches' });
    const started = performance.now();
    const verdict = checker.check(CATASTROPHIC, CATASTROPHIC_TEXT);
    const elapsed = performance.now() - started;
    assert.deepEqual(verdict, { kind: 'tooSlow' });
    assert.ok(elapsed < 100, `took ${elapsed.toFixed(1)} ms`);
    // Then it stays "too slow" without running again: a broken setting costs one time limit, not one per keystroke.
    const again = performance.now();
    assert.deepEqual(checker.check(CATASTROPHIC, CATASTROPHIC_TEXT), { kind: 'tooSlow' });
    assert.deepEqual(checker.check(CATASTROPHIC, 'aaaa'), { kind: 'tooSlow' });
    assert.ok(performance.now() - again < 20, 'answered from the cache');
  });

  it('compiles each distinct pattern once', () => {
    const checker = new JustificationPatternChecker();
    for (const text of ['C12345A', 'C1', 'C99999Z', '']) {
      checker.check(CHANGE_NUMBER, text);
    }
    assert.equal(checker.compilations, 1);
    checker.check({ pattern: '(unclosed', hint: '' }, 'x');
    checker.check({ pattern: '(unclosed', hint: '' }, 'y');
    assert.equal(checker.compilations, 2);
    checker.check({ ...CHANGE_NUMBER, hint: 'another hint, same pattern' }, 'C12345A');
    assert.equal(checker.compilations, 2);
  });

  it('treats the pattern and the text as data, never as code', () => {
    const checker = new JustificationPatternChecker();
    // Were either pasted into the script's source, this would end the test run.
    assert.deepEqual(checker.check({ pattern: "' + process.exit(1) + '", hint: '' }, 'x'), { kind: 'mismatch', hint: '' });
    assert.deepEqual(checker.check({ pattern: '.*', hint: '' }, "'); process.exit(1); ('"), { kind: 'matches' });
  });
});
