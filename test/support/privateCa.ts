// A private certificate authority made for one test run, as an organisation's TLS inspection has one: a root
// certificate, and server certificates it signs. Nothing is installed anywhere; a test trusts the root only where it
// says so (a `ca` option, or a certificate file given to one process through its environment).
import * as fs from 'node:fs';
import * as path from 'node:path';
import selfsigned from 'selfsigned';

export interface ServerCertificate {
  /** PEM private key. */
  readonly key: string;
  /** PEM chain: the server certificate, then the root (what a TLS-inspecting proxy presents). */
  readonly cert: string;
}

export interface PrivateCa {
  /** PEM root certificate. */
  readonly rootCertificate: string;
  /** A certificate for these DNS names and IP addresses, signed by the root, valid for a day unless `validity` says otherwise. */
  issue(names: { readonly dns?: readonly string[]; readonly ips?: readonly string[] }, validity?: Validity): Promise<ServerCertificate>;
  /** Writes the root to `<dir>/pim-test-root-ca.pem` and returns that path. */
  writeRootCertificate(dir: string): string;
}

export interface Validity {
  readonly notBeforeDate: Date;
  readonly notAfterDate: Date;
}

const DAY_MS = 24 * 60 * 60_000;

export async function createPrivateCa(commonName = 'Azure PIM Test Root CA'): Promise<PrivateCa> {
  const validity: Validity = { notBeforeDate: new Date(Date.now() - 60_000), notAfterDate: new Date(Date.now() + DAY_MS) };
  const root = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return {
    rootCertificate: root.cert,
    async issue({ dns = [], ips = [] }, leafValidity = validity) {
      const leaf = await selfsigned.generate([{ name: 'commonName', value: dns[0] ?? ips[0] ?? 'localhost' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        ...leafValidity,
        ca: { key: root.private, cert: root.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [...dns.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))] },
        ],
      });
      return { key: leaf.private, cert: `${leaf.cert.trim()}\n${root.cert.trim()}\n` };
    },
    writeRootCertificate(dir: string) {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'pim-test-root-ca.pem');
      fs.writeFileSync(file, root.cert);
      return file;
    },
  };
}
