// Where a sign-in token may go. An ARM token (user_impersonation) acts as the user on everything the account
// reaches, so it goes only to the ARM and Graph hosts of the Microsoft clouds, or to a custom endpoint the user
// confirmed (remembered per origin). Links in answers (next pages, redirects) are followed on the origin the
// request went to, never elsewhere. Checked before a token is even asked for.
import * as l10n from '@vscode/l10n';
import { MICROSOFT_CLOUD_ORIGINS } from './cloud';
import { PimError } from '../errors/errors';

/** Decides, before a token is requested, whether it may be sent to a URL. */
export interface TokenGate {
  /** Resolves when a token may go to `url`; throws a PimError (kind `untrustedEndpoint`) when not. */
  allow(url: string): Promise<void>;
}

/** The origins the user confirmed, kept by the host (VS Code: globalState of this machine). */
export interface TrustedOriginStore {
  get(): readonly string[];
  set(origins: readonly string[]): PromiseLike<void>;
}

/** Asks the user whether the sign-in token may go to this origin; true = trust it. */
export type ConfirmOrigin = (origin: string) => PromiseLike<boolean>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Tokens only travel over TLS, except to a local emulator. */
export function assertSafeEndpoint(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') {
    return;
  }
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) {
    return;
  }
  throw new PimError({
    kind: 'untrustedEndpoint',
    message: `Refusing to send a token to ${parsed.origin}: endpoints must use https (plain http is allowed only on localhost).`,
    userMessage: l10n.t(
      'Refusing to send a token to {0}: endpoints must use https (plain http is allowed only on localhost).',
      parsed.origin,
    ),
  });
}

export class TokenDestinations implements TokenGate {
  /** Declined (or forgotten) in this session: not asked again until an explicit Sign In or Refresh. */
  private readonly declined = new Set<string>();
  /** One question per origin at a time: concurrent requests wait for the same answer. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly store: TrustedOriginStore,
    private readonly confirm: ConfirmOrigin,
  ) {}

  async allow(url: string): Promise<void> {
    assertSafeEndpoint(url);
    const origin = new URL(url).origin;
    if (MICROSOFT_CLOUD_ORIGINS.has(origin) || this.store.get().includes(origin)) {
      return;
    }
    if (!this.declined.has(origin) && (await this.ask(origin))) {
      return;
    }
    throw new PimError({
      kind: 'untrustedEndpoint',
      message: `No token was sent to ${origin}: the custom endpoint is not confirmed.`,
      userMessage: l10n.t(
        'No sign-in token was sent to {0}: you have not confirmed this custom endpoint. Refresh or sign in to be asked again.',
        origin,
      ),
    });
  }

  get trustedOrigins(): readonly string[] {
    return this.store.get();
  }

  /** After an explicit Sign In or Refresh: origins declined in this session are asked about again. */
  askAgain(): void {
    this.declined.clear();
  }

  /** Revokes the trust; no token goes there until an explicit Sign In or Refresh asks again. */
  async forget(origins: readonly string[]): Promise<void> {
    const forgotten = new Set(origins);
    await this.store.set(this.store.get().filter((origin) => !forgotten.has(origin)));
    forgotten.forEach((origin) => this.declined.add(origin));
  }

  private ask(origin: string): Promise<boolean> {
    let answer = this.asking.get(origin);
    if (!answer) {
      answer = this.confirmAndRemember(origin).finally(() => this.asking.delete(origin));
      this.asking.set(origin, answer);
    }
    return answer;
  }

  private async confirmAndRemember(origin: string): Promise<boolean> {
    // A question that fails (the window closed) counts as "no": nothing is sent without a yes.
    const trusted = await Promise.resolve()
      .then(() => this.confirm(origin))
      .then((yes) => yes === true, () => false);
    if (trusted) {
      await this.store.set([...this.store.get().filter((known) => known !== origin), origin]);
    } else {
      this.declined.add(origin);
    }
    return trusted;
  }
}

/**
 * A next-page link from an answer to `requestUrl`, resolved; only one on the same origin is followed, so the
 * token never goes to a host a response names. Anything else is refused (the list would be incomplete otherwise).
 */
export function sameOriginNextLink(link: string, requestUrl: string, service: string): URL {
  const from = new URL(requestUrl).origin;
  let url: URL;
  try {
    url = new URL(link, requestUrl);
  } catch {
    throw new PimError({
      kind: 'malformedResponse',
      message: `${service} answered with a next-page link that is not a URL.`,
      userMessage: l10n.t('{0} answered with something the extension could not read.', service),
    });
  }
  if (url.origin !== from) {
    throw new PimError({
      kind: 'untrustedEndpoint',
      message: `${service} answered with a next-page link to another host (${url.origin}); it was not followed.`,
      userMessage: l10n.t('{0} answered with a next-page link to another host ({1}); it was not followed so your token stays with {2}.', service, url.origin, from),
    });
  }
  return url;
}

/** HTTP statuses that ask the client to go elsewhere (RFC 9110 §15.4). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Redirects are never followed for these APIs (ARM and Graph do not redirect their PIM calls): a redirect would
 * take the request, and with some clients its token or body, to wherever the answer says.
 */
export function redirectNotFollowed(status: number, location: string | undefined, requestUrl: string, service: string): PimError {
  const from = new URL(requestUrl).origin;
  let target: string | undefined;
  try {
    target = location === undefined ? undefined : new URL(location, requestUrl).origin;
  } catch {
    target = undefined;
  }
  if (target !== undefined && target !== from) {
    return new PimError({
      kind: 'untrustedEndpoint',
      status,
      message: `${service} answered HTTP ${status} with a redirect to another host (${target}); it was not followed.`,
      userMessage: l10n.t('{0} answered with a redirect to another host ({1}); it was not followed so your token stays with {2}.', service, target, from),
    });
  }
  return new PimError({
    kind: 'malformedResponse',
    status,
    message: `${service} answered HTTP ${status} with a redirect; it was not followed.`,
    userMessage: l10n.t('{0} answered with a redirect (HTTP {1}), which the extension does not follow.', service, status),
  });
}
