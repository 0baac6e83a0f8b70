// The organisation's justification pattern is a regular expression from the settings: one with nested
// quantifiers (`^(a+)+$`) backtracks for ages on some texts and would freeze the extension host. So it is
// length-capped, compiled once, and run in an empty `node:vm` context under a hard time limit. Node-only:
// the form never evaluates the pattern, it asks the host (protocol `checkJustification`).
// A linear-time engine (re2js) was weighed: it would answer the catastrophic case with a silent mismatch
// instead of naming the pattern as the problem, and it does not speak JavaScript's RegExp syntax.
import * as vm from 'node:vm';
import { PROTOCOL_LIMITS, type JustificationVerdict } from '../../shared/protocol';

/**
 * Ordinary patterns take microseconds on a justification (at most 500 characters). A run that hits the limit is
 * tried once more before the pattern is called too slow (a pause of the host, not the pattern, can hit it once):
 * two runs stay well under 100 ms, with room for a busy machine.
 */
export const PATTERN_TIME_LIMIT_MS = 30;
/** Distinct patterns kept compiled (settings rarely change; tests and multi-root windows may use a few). */
const MAX_CACHED_PATTERNS = 16;

export interface JustificationRule {
  /** A JavaScript RegExp source, matched against the whole (trimmed) justification; empty = no rule. */
  readonly pattern: string;
  /** Shown with a mismatch, e.g. "A change number such as C11432A". */
  readonly hint: string;
}

type CompiledPattern =
  | { readonly state: 'ready'; readonly context: vm.Context }
  | { readonly state: 'invalidPattern' }
  /** Timed out twice in a row: kept as too slow, so a broken setting costs the host two time limits, not two per keystroke. */
  | { readonly state: 'tooSlow' };

// Our own two scripts; the pattern and the text only ever enter the context as data.
const COMPILE = new vm.Script("new RegExp(source); pattern = new RegExp('^(?:' + source + ')$');", { filename: 'justificationPattern-compile.vm' });
const TEST = new vm.Script('pattern.test(input)', { filename: 'justificationPattern-test.vm' });

function timedOut(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** Evaluates justification patterns for the extension host; one instance per extension (it owns the cache). */
export class JustificationPatternChecker {
  private readonly compiled = new Map<string, CompiledPattern>();
  private compileCount = 0;

  /** How many times a pattern was compiled (each distinct pattern once while it stays cached). */
  get compilations(): number {
    return this.compileCount;
  }

  check(rule: JustificationRule, justification: string): JustificationVerdict {
    if (rule.pattern === '') {
      return { kind: 'matches' };
    }
    // Longer patterns are reported as a configuration problem and never compiled.
    if (rule.pattern.length > PROTOCOL_LIMITS.maxPatternLength) {
      return { kind: 'tooLong' };
    }
    const compiled = this.compile(rule.pattern);
    if (compiled.state !== 'ready') {
      return { kind: compiled.state };
    }
    compiled.context['input'] = justification;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return TEST.runInContext(compiled.context, { timeout: PATTERN_TIME_LIMIT_MS }) === true ? { kind: 'matches' } : { kind: 'mismatch', hint: rule.hint };
        } catch (error) {
          if (timedOut(error) && attempt < 2) {
            continue;
          }
          // Anything else the engine throws (a stack overflow on a deeply nested pattern) is the pattern's fault too.
          const verdict = timedOut(error) ? 'tooSlow' : 'invalidPattern';
          this.compiled.set(rule.pattern, { state: verdict });
          return { kind: verdict };
        }
      }
    } finally {
      compiled.context['input'] = '';
    }
  }

  private compile(pattern: string): CompiledPattern {
    const cached = this.compiled.get(pattern);
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      this.compiled.delete(pattern);
      this.compiled.set(pattern, cached);
      return cached;
    }
    this.compileCount++;
    // No globals of ours, and no eval/new Function inside: the context only ever holds the RegExp and the text.
    const context = vm.createContext(Object.create(null) as object, { codeGeneration: { strings: false, wasm: false } });
    context['source'] = pattern;
    let compiled: CompiledPattern;
    try {
      // Compiling the raw source alone first refuses unbalanced groups such as `a)|(b`, which inside the
      // anchoring group would break out of it and match anywhere.
      COMPILE.runInContext(context, { timeout: PATTERN_TIME_LIMIT_MS });
      compiled = { state: 'ready', context };
    } catch (error) {
      compiled = timedOut(error) ? { state: 'tooSlow' } : { state: 'invalidPattern' };
    }
    this.compiled.set(pattern, compiled);
    if (this.compiled.size > MAX_CACHED_PATTERNS) {
      const oldest = this.compiled.keys().next().value;
      if (oldest !== undefined) {
        this.compiled.delete(oldest);
      }
    }
    return compiled;
  }
}
