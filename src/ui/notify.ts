// The only place that shows notifications, modal dialogs, notification progress and status bar messages (eslint's
// no-restricted-syntax rule keeps it so): every text goes through its surface's helper in ./inertText, so a name
// like "[Open](command:…)" is shown as typed instead of becoming a live command link.
import * as vscode from 'vscode';
import { labelText, modalText, notificationText, stripControls } from '../shared/inertText';

type Show = (message: string, options: vscode.MessageOptions, ...items: string[]) => Thenable<string | undefined>;

function show(original: Show, message: string, optionsOrItem: vscode.MessageOptions | string | undefined, items: readonly string[]): Thenable<string | undefined> {
  const options = typeof optionsOrItem === 'object' ? optionsOrItem : {};
  const buttons = typeof optionsOrItem === 'string' ? [optionsOrItem, ...items] : [...items];
  // Button titles are ours and plain text; the answer is compared with what the caller passed in.
  const shownButtons = buttons.map((button) => stripControls(button));
  const inert = options.modal
    ? { ...options, ...(options.detail === undefined ? {} : { detail: modalText(options.detail) }) }
    : options;
  return original(options.modal ? modalText(message) : notificationText(message), inert, ...shownButtons).then((choice) =>
    choice === undefined ? undefined : buttons[shownButtons.indexOf(choice)],
  );
}

export function showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
export function showInformationMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
export function showInformationMessage(message: string, optionsOrItem?: vscode.MessageOptions | string, ...items: string[]): Thenable<string | undefined> {
  return show((text, options, ...buttons) => vscode.window.showInformationMessage(text, options, ...buttons), message, optionsOrItem, items);
}

export function showWarningMessage(message: string, ...items: string[]): Thenable<string | undefined>;
export function showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
export function showWarningMessage(message: string, optionsOrItem?: vscode.MessageOptions | string, ...items: string[]): Thenable<string | undefined> {
  return show((text, options, ...buttons) => vscode.window.showWarningMessage(text, options, ...buttons), message, optionsOrItem, items);
}

export function showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
export function showErrorMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
export function showErrorMessage(message: string, optionsOrItem?: vscode.MessageOptions | string, ...items: string[]): Thenable<string | undefined> {
  return show((text, options, ...buttons) => vscode.window.showErrorMessage(text, options, ...buttons), message, optionsOrItem, items);
}

/** vscode.window.withProgress with the title and every reported message made inert (the toast finds links in both). */
export function withProgress<R>(
  options: vscode.ProgressOptions,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
): Thenable<R> {
  const inert = options.title === undefined ? options : { ...options, title: notificationText(options.title) };
  return vscode.window.withProgress(inert, (progress, token) =>
    task({ report: (value) => progress.report(value.message === undefined ? value : { ...value, message: notificationText(value.message) }) }, token),
  );
}

/** A status bar message with one of our icons (a codicon id such as "shield") before the inert text. */
export function setStatusBarMessage(icon: string, text: string, hideAfterTimeout: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(`$(${icon}) ${labelText(text)}`, hideAfterTimeout);
}
