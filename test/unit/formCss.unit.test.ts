// The form's colours come from the VS Code theme only, so every theme (custom ones included) keeps its contrast:
// a fixed grey that passes on one background fails on another.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const css = fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'form.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Properties that paint: a colour in any of them must be a theme variable. */
const PAINTING = /^(color|background(-color)?|border(-(top|right|bottom|left))?(-color)?|outline(-color)?|box-shadow|text-decoration(-color)?|fill|stroke|caret-color|accent-color)$/;
/** What may remain once var(--vscode-…) references are taken out: keywords, lengths, line styles. */
const NOT_A_COLOUR = /^(transparent|currentcolor|inherit|initial|unset|none|solid|dashed|dotted|double|inset|0|-?\d*\.?\d+(px|em|rem|%)?)$/i;

function declarations(): { property: string; value: string }[] {
  return [...css.matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/gi)].map((match) => ({ property: (match[1] ?? '').toLowerCase(), value: (match[2] ?? '').trim() }));
}

/** The words of a value other than var(--vscode-…) references; fallbacks stay, so they must be theme variables too. */
function wordsOutsideThemeVariables(value: string): string[] {
  return value
    .replace(/var\(\s*--vscode-[\w-]+/g, ' ')
    .split(/[\s,()]+/)
    .filter(Boolean);
}

describe('media/form.css', () => {
  it('paints only with VS Code theme variables (no fixed colours)', () => {
    const painting = declarations().filter((declaration) => PAINTING.test(declaration.property));
    assert.ok(painting.length > 10, `found ${painting.length} colour declarations; did the parser break?`);
    const fixed = painting.filter((declaration) => wordsOutsideThemeVariables(declaration.value).some((word) => !NOT_A_COLOUR.test(word)));
    assert.deepEqual(fixed, [], 'a colour that is not var(--vscode-…)');
  });

  it('finds a fixed colour when there is one (the check can fail)', () => {
    assert.deepEqual(wordsOutsideThemeVariables('var(--vscode-widget-border, var(--vscode-panel-border, transparent))'), ['transparent']);
    assert.deepEqual(wordsOutsideThemeVariables('var(--vscode-descriptionForeground, #787878)'), ['#787878']);
    assert.deepEqual(wordsOutsideThemeVariables('1px solid grey'), ['1px', 'solid', 'grey']);
    assert.deepEqual(wordsOutsideThemeVariables('rgba(120, 120, 120, 0.9)'), ['rgba', '120', '120', '120', '0.9']);
    assert.equal(NOT_A_COLOUR.test('rgba'), false);
    assert.equal(NOT_A_COLOUR.test('#787878'), false);
    assert.equal(NOT_A_COLOUR.test('grey'), false);
  });
});
