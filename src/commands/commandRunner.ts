// One wrapper around every command: silent when the user cancels, a clear message otherwise
// (with "Show Log"), the full error in the log. Both redact secrets (ui/notify, ui/safeLog): an error's message or
// stack may quote a service's answer.
import * as vscode from 'vscode';
import { isPimError } from '../core/errors/errors';
import * as notify from '../ui/notify';

export type CommandHandler = (...args: unknown[]) => unknown;

export function registerCommand(log: vscode.LogOutputChannel, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      reportError(log, id, error);
      return undefined;
    }
  });
}

export function reportError(log: vscode.LogOutputChannel, context: string, error: unknown): void {
  if (error instanceof vscode.CancellationError || (isPimError(error) && error.kind === 'cancelled')) {
    log.debug(`${context}: cancelled`);
    return;
  }
  const message = isPimError(error) ? error.userMessage : error instanceof Error ? error.message : String(error);
  log.error(`${context}: ${isPimError(error) ? `[${error.kind}${error.code ? `/${error.code}` : ''}] ` : ''}${error instanceof Error ? (error.stack ?? error.message) : message}`);
  const showLog = vscode.l10n.t('Show Log');
  void notify.showErrorMessage(message, showLog).then((choice) => {
    if (choice === showLog) {
      log.show();
    }
  });
}
