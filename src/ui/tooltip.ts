// Markdown tooltips for tree rows: every line is text (appendText escapes markdown, and `$(icon)` since theme icons
// are on), through tooltipText, which breaks the bare addresses markdown would still make links; never trusted, no HTML.
import * as vscode from 'vscode';
import { tooltipText } from '../shared/inertText';

/** The first line as a heading paragraph, the others one per line below it. */
export function linesTooltip(lines: readonly string[]): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  lines.forEach((line, index) => {
    tooltip.appendText(tooltipText(line));
    tooltip.appendMarkdown(index === 0 ? '\n\n' : '  \n');
  });
  return tooltip;
}
