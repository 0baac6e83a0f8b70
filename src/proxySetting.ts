// The proxy VS Code's extension host sends the extension's requests through, so that a refusal (407) can name it.
// VS Code itself does the routing (@vscode/proxy-agent, patched into https.request and fetch): this only mirrors the
// order of its resolver for a named proxy, the http.proxy setting first, then the environment. A system or PAC proxy
// that only the desktop host knows stays unnamed.
import * as vscode from 'vscode';

/** VS Code resolves the proxy for every request, replacing an extension's own agent (see JsonClientOptions.proxyChosenByHost). */
export function proxyChosenByHost(): boolean {
  const support = vscode.workspace.getConfiguration('http').get<string>('proxySupport') ?? 'override';
  return support === 'override' || support === 'fallback';
}

export function configuredProxy(): string | undefined {
  const setting = vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim();
  const env = process.env;
  return setting || env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || undefined;
}
