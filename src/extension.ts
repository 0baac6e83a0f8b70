import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Azure PIM', { log: true });
  context.subscriptions.push(log);
  log.info('Azure PIM activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
