// Authorization failures in any terminal (task terminals included) become links: hovering offers "Elevate with PIM…",
// choosing it runs the error elevation for that denial. VS Code hands a provider one logical line at a time, with the
// rows the terminal wrapped joined back (TerminalLinkContext.line is "the text from the unwrapped line"; its own
// detector gives up beyond 2000 characters). The line is untrusted: it is only parsed (core/permissions), never run.
import * as vscode from 'vscode';
import { findAuthorizationDenials, type AuthorizationDenial } from '../core/permissions/authorizationErrors';

/** Longer lines are not looked at: VS Code passes extension providers at most 2000 characters anyway. */
const MAX_LINE_LENGTH = 4000;

export interface ElevateLink extends vscode.TerminalLink {
  readonly denial: AuthorizationDenial;
}

export class AuthorizationErrorLinks implements vscode.TerminalLinkProvider<ElevateLink> {
  /** `elevate` reports its own failures (extension.ts wraps it like a command). */
  constructor(private readonly elevate: (denial: AuthorizationDenial) => Promise<unknown>) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): ElevateLink[] {
    if (context.line.length > MAX_LINE_LENGTH) {
      return [];
    }
    return findAuthorizationDenials(context.line).map((denial) => ({
      startIndex: denial.start,
      length: denial.length,
      tooltip: vscode.l10n.t('Elevate with PIM…'),
      denial,
    }));
  }

  async handleTerminalLink(link: ElevateLink): Promise<void> {
    await this.elevate(link.denial);
  }
}

export function registerAuthorizationLinks(elevate: (denial: AuthorizationDenial) => Promise<unknown>): vscode.Disposable {
  return vscode.window.registerTerminalLinkProvider(new AuthorizationErrorLinks(elevate));
}
