// Plain-text mocha output for logs (CI keeps them as text): no colour codes. Base.useColors covers the
// reporter's own colours; the ✔/✖ symbols come pre-coloured from log-symbols, whose chalk decides at import
// time and colours whenever CI is set.
import Mocha from 'mocha';

export function plainMochaOutput(): void {
  Mocha.reporters.Base.useColors = false;
  Object.assign(Mocha.reporters.Base.symbols, { ok: '✔', err: '✖' });
}
