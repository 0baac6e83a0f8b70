// A small forward proxy for tests, the kind an enterprise network puts between a machine and the internet: it
// tunnels `CONNECT host:port` (HTTPS) and forwards absolute-URI requests (plain HTTP), records every request it gets,
// and can demand Basic proxy authentication (407 with `Proxy-Authenticate`, as Squid does).
//
// Written here rather than taken from npm (`proxy`, `proxy-chain`) for one feature they lack: `hosts` gives names that
// only the proxy can resolve. A test that puts the emulator behind such a name knows that whatever reached the
// emulator under that name came through the proxy, because a direct connection cannot even resolve it.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxyOptions {
  /** Host names only this proxy resolves (name → IP address); any other host is connected to as given. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** When set, a request without exactly these Basic credentials is answered 407. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, otherwise the method of a forwarded plain HTTP request. */
  readonly method: string;
  /** Lower-case host name or address the client asked for (without the port). */
  readonly host: string;
  readonly port: number;
  /** The client's User-Agent on the proxy request (a CONNECT often has none). */
  readonly userAgent?: string;
  /** The user name of the Proxy-Authorization header, when there was one (never the password). */
  readonly proxyUser?: string;
  /** What the proxy answered: 200 for an open tunnel, 407, or 502 when the upstream could not be reached. */
  readonly status: number;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly ProxiedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const REALM = 'PIM test proxy';

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const addressOf = (host: string): string => options.hosts?.[host] ?? host;

  /** Records the request; its status starts as 407 (credentials required and wrong or missing) or 502 until answered. */
  const record = (request: IncomingMessage, host: string, port: number): { -readonly [K in keyof ProxiedRequest]: ProxiedRequest[K] } => {
    const { user, password } = basicCredentials(request.headers['proxy-authorization']);
    const allowed = !options.credentials || (user === options.credentials.username && password === options.credentials.password);
    const entry = {
      method: request.method ?? '',
      host: host.toLowerCase(),
      port,
      ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
      ...(user !== undefined ? { proxyUser: user } : {}),
      status: allowed ? 502 : 407,
    };
    requests.push(entry);
    return entry;
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('The proxy needs an absolute URI.');
      return;
    }
    const port = Number(target.port || 80);
    const entry = record(request, target.hostname, port);
    if (entry.status === 407) {
      response.writeHead(407, { 'proxy-authenticate': `Basic realm="${REALM}"` }).end();
      return;
    }
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      { host: addressOf(target.hostname), port, method: request.method, path: `${target.pathname}${target.search}`, headers },
      (answer) => {
        entry.status = answer.statusCode ?? 502;
        response.writeHead(entry.status, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.headersSent ? response.destroy() : response.writeHead(502).end());
    request.pipe(upstream);
  });

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host = '', portText = '443'] = splitHostPort(request.url ?? '');
    const entry = record(request, host, Number(portText));
    if (entry.status === 407) {
      client.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="${REALM}"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const upstream = connect({ host: addressOf(host), port: Number(portText) });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      entry.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        upstream.write(head);
      }
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (entry.status === 502) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      } else {
        client.destroy();
      }
    });
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `host:port` or `[v6]:port` of a CONNECT request. */
function splitHostPort(authority: string): [string, string] {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(authority) ?? /^([^:]+):(\d+)$/.exec(authority);
  return match ? [match[1] ?? '', match[2] ?? '443'] : [authority, '443'];
}

function basicCredentials(header: string | undefined): { user?: string; password?: string } {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) {
    return {};
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
