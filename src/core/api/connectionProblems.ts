// Network failures someone can act on, told apart from "could not reach": a server certificate the machine does not
// trust (typically an organisation's TLS inspection whose root certificate is not in the system store) and a proxy that
// asks for credentials (HTTP 407). VS Code's extension host routes both of the extension's HTTP stacks through its own
// proxy and certificate support (http.proxy or HTTPS_PROXY, http.noProxy, http.systemCertificates); this file only reads
// what comes back. Shapes seen in code-server 4.139's extension host (Node 24) and reproduced in
// test/unit/connectionProblems.unit.test.ts:
//   https.request (ARM, @azure/core-rest-pipeline): a RestError whose `code` is the TLS code (SELF_SIGNED_CERT_IN_CHAIN,
//     …); a 407 to CONNECT arrives as a *response* with status 407 (https-proxy-agent replays the proxy's answer);
//   fetch (Graph SDK): TypeError "fetch failed" whose `cause.code` is the TLS code; a 407 to CONNECT as a cause chain
//     ending in UND_ERR_ABORTED "Proxy response (407) ?.== 200 when HTTP Tunneling" (plain undici: "!== 200").
import * as l10n from '@vscode/l10n';
import { PimError } from '../errors/errors';

export interface ConnectionTarget {
  readonly url: string;
  /** Names the service in messages ("Azure", "Microsoft Graph"). */
  readonly service: string;
  /** The proxy the request went through as configured (http.proxy or HTTPS_PROXY); credentials in it are never shown. */
  readonly proxy?: string;
}

/** OpenSSL verification results (Node's `code`) that mean: the chain does not end at a root this machine trusts. */
const UNTRUSTED_CHAIN = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const WRONG_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

/** A certificate or proxy-authentication failure anywhere in an error's `cause` chain, as a PimError; else undefined. */
export function connectionProblem(error: unknown, target: ConnectionTarget): PimError | undefined {
  if (error instanceof PimError) {
    return undefined;
  }
  for (const link of causeChain(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (code !== undefined && (UNTRUSTED_CHAIN.has(code) || OUT_OF_DATE.has(code) || WRONG_NAME.has(code))) {
      return certificateProblem(code, link.message, target, error);
    }
    if (/\bProxy response \(407\)/.test(link.message)) {
      return proxyAuthenticationRequired(target, error);
    }
  }
  return undefined;
}

/** The proxy answered 407 (on the https.request path this arrives as the response's status). */
export function proxyAuthenticationRequired(target: ConnectionTarget, cause?: unknown): PimError {
  const proxy = describeProxy(target.proxy);
  return new PimError({
    kind: 'proxyAuthentication',
    status: 407,
    message: `The proxy ${proxy ?? '(not named by http.proxy or HTTPS_PROXY)'} answered 407 Proxy Authentication Required for ${hostOf(target.url)}.`,
    userMessage:
      proxy === undefined
        ? l10n.t(
            'Your network proxy asks for authentication (HTTP 407) before it lets {0} through. Put the user name and password your organisation gives you in the http.proxy setting (http://user:password@host:port) or HTTPS_PROXY, or ask your IT department.',
            target.service,
          )
        : l10n.t(
            'The proxy {0} asks for authentication (HTTP 407) before it lets {1} through. Put the user name and password your organisation gives you for it in the http.proxy setting (http://user:password@host:port) or HTTPS_PROXY, or ask your IT department.',
            proxy,
            target.service,
          ),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `scheme://host:port` of a proxy URL: no user name, password, path or query. Undefined for an empty or unreadable value. */
export function describeProxy(proxyUrl: string | undefined): string | undefined {
  const text = proxyUrl?.trim();
  if (!text) {
    return undefined;
  }
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return url.host === '' ? undefined : `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

function certificateProblem(code: string, detail: string, target: ConnectionTarget, cause: unknown): PimError {
  const host = hostOf(target.url);
  let userMessage: string;
  if (OUT_OF_DATE.has(code)) {
    userMessage = l10n.t(
      "The certificate of {0} has expired or is not valid yet ({1}). Check this computer's date and time; if they are right, tell your IT department (a TLS-inspecting proxy may present it).",
      host,
      code,
    );
  } else if (WRONG_NAME.has(code)) {
    userMessage = l10n.t(
      'The certificate of {0} was issued for another host name ({1}). Check the endpoint settings; if they are right, tell your IT department (a TLS-inspecting proxy may present it).',
      host,
      code,
    );
  } else {
    userMessage = l10n.t(
      "The certificate of {0} is not trusted ({1}). If your organisation inspects TLS traffic, make sure its root certificate is installed in this computer's system certificate store: VS Code passes that store to extensions while the http.systemCertificates setting is on.",
      host,
      code,
    );
  }
  return new PimError({
    kind: 'untrustedCertificate',
    code,
    message: `The certificate of ${host} was rejected (${code}): ${detail}`,
    userMessage,
    cause,
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '<invalid url>';
  }
}

interface ChainLink {
  readonly code?: unknown;
  readonly message: string;
}

/** The error and its causes, outermost first (bounded: a cause chain can be circular). */
function causeChain(error: unknown): ChainLink[] {
  const links: ChainLink[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && links.length < 8) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown };
    links.push({ code: record.code, message: typeof record.message === 'string' ? record.message : '' });
    current = record.cause;
  }
  return links;
}
