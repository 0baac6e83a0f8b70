// The extension's one log channel. Every entry is one line (a line break in a name would forge an entry the Output
// view shows as real) with secrets redacted, at every level including Trace. Created once in activate() and passed
// around as a plain LogOutputChannel, so no caller can reach the raw channel.
import * as vscode from 'vscode';
import { logEntry, logLine } from '../shared/inertText';

export function createSafeLog(name: string): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: (message: string, ...args: unknown[]) => channel.trace(logEntry(message, args)),
    debug: (message: string, ...args: unknown[]) => channel.debug(logEntry(message, args)),
    info: (message: string, ...args: unknown[]) => channel.info(logEntry(message, args)),
    warn: (message: string, ...args: unknown[]) => channel.warn(logEntry(message, args)),
    error: (error: string | Error, ...args: unknown[]) => channel.error(logEntry(error, args)),
    append: (value: string) => channel.append(logLine(value)),
    appendLine: (value: string) => channel.appendLine(logLine(value)),
    replace: (value: string) => channel.replace(logLine(value)),
    clear: () => channel.clear(),
    show: (columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined ? channel.show(columnOrPreserveFocus) : channel.show(columnOrPreserveFocus, preserveFocus),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}
