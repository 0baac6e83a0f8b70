// What the extension needs to know of VS Code's proxy support. VS Code itself does the routing: its extension host
// patches https.request and fetch (@vscode/proxy-agent) to send every call through the proxy it resolves.
import * as vscode from 'vscode';

/**
 * True when VS Code picks the proxy for every request, replacing an extension's own agent: http.proxySupport
 * `override` (the default) or `fallback`. See JsonClientOptions.proxyChosenByHost.
 */
export function proxyChosenByHost(): boolean {
  const support = vscode.workspace.getConfiguration('http').get<string>('proxySupport') ?? 'override';
  return support === 'override' || support === 'fallback';
}

/**
 * The proxy as configured, so that a refusal (407) can name it: the http.proxy setting, else the environment, in the
 * order of VS Code's resolver. May hold credentials (describeProxy drops them). A system or PAC proxy that only the
 * desktop knows stays unnamed.
 */
export function configuredProxy(): string | undefined {
  const setting = vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim();
  const env = process.env;
  return setting || env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || undefined;
}
