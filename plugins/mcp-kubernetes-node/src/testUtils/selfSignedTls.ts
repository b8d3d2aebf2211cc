import {
  createHash,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { isIP } from 'node:net';

/**
 * A throwaway CA and a serving certificate signed by it, made with node:crypto alone (no
 * openssl binary, no download), so the fake API server can speak TLS the way clients such as
 * helm and client-go insist on before they send a bearer token. ECDSA P-256, DER written by hand.
 *
 * @public
 */
export interface FakeTlsMaterial {
  /** PEM of the CA certificate (what a kubeconfig's certificate-authority-data carries). */
  caPem: string;
  /** PEM of the serving certificate. */
  certPem: string;
  /** PEM (PKCS#8) of the serving key. */
  keyPem: string;
}

// --- minimal DER encoding -------------------------------------------------------------------

function der(tag: number, content: Buffer): Buffer {
  const len = content.length;
  let header: Buffer;
  if (len < 0x80) header = Buffer.from([tag, len]);
  else if (len < 0x100) header = Buffer.from([tag, 0x81, len]);
  else if (len < 0x10000)
    header = Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  else throw new Error('DER value too long');
  return Buffer.concat([header, content]);
}
const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => der(0xa0 + n, inner);
const octets = (b: Buffer) => der(0x04, b);
const bool = (v: boolean) => der(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));
const bitString = (b: Buffer, unusedBits = 0) =>
  der(0x03, Buffer.concat([Buffer.from([unusedBits]), b]));

function integer(value: Buffer | number): Buffer {
  let b = typeof value === 'number' ? Buffer.from([value]) : value;
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.subarray(1);
  // Positive: a leading 1 bit needs a zero byte in front.
  if (b[0] >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return der(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    let v = Math.floor(p / 128);
    while (v > 0) {
      chunk.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(d: Date): Buffer {
  const s = d
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .slice(2);
  return der(0x17, Buffer.from(s, 'ascii'));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const extension = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function toPem(label: string, body: Buffer): string {
  const b64 = body.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(
    /\n$/,
    '',
  )}\n-----END ${label}-----\n`;
}

function certificate(opts: {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  issuerKeyId: Buffer;
  extensions: Buffer[];
  notBefore: Date;
  notAfter: Date;
}): Buffer {
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = seq(
    explicit(0, integer(2)),
    integer(serial),
    ECDSA_SHA256,
    name(opts.issuer),
    seq(utcTime(opts.notBefore), utcTime(opts.notAfter)),
    name(opts.subject),
    opts.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      seq(
        ...opts.extensions,
        extension('2.5.29.35', false, seq(der(0x80, opts.issuerKeyId))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, opts.signingKey);
  return seq(tbs, ECDSA_SHA256, bitString(signature));
}

/**
 * Makes a CA valid for `days` (default 7) and a serving certificate for `hosts` (IP addresses
 * and DNS names; default 127.0.0.1 and localhost) signed by it.
 *
 * @public
 */
export function makeFakeTls(options?: {
  hosts?: string[];
  days?: number;
}): FakeTlsMaterial {
  const hosts = options?.hosts ?? ['127.0.0.1', 'localhost'];
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + (options?.days ?? 7) * 86_400_000);
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caKeyId = keyId(ca.publicKey);

  const caDer = certificate({
    subject: 'fake-kube-apiserver-ca',
    issuer: 'fake-kube-apiserver-ca',
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    issuerKeyId: caKeyId,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, seq(bool(true))),
      // digitalSignature, keyCertSign, cRLSign
      extension('2.5.29.15', true, bitString(Buffer.from([0x86]), 1)),
      extension('2.5.29.14', false, octets(caKeyId)),
    ],
  });

  const altNames = hosts.map(h => {
    if (isIP(h) === 4) return der(0x87, Buffer.from(h.split('.').map(Number)));
    if (isIP(h) === 6) throw new Error(`IPv6 host ${h} is not supported`);
    return der(0x82, Buffer.from(h, 'ascii'));
  });
  const leafDer = certificate({
    subject: 'fake-kube-apiserver',
    issuer: 'fake-kube-apiserver-ca',
    publicKey: leaf.publicKey,
    signingKey: ca.privateKey,
    issuerKeyId: caKeyId,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, seq()),
      // digitalSignature
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      extension('2.5.29.17', false, seq(...altNames)),
      extension('2.5.29.14', false, octets(keyId(leaf.publicKey))),
    ],
  });

  return {
    caPem: toPem('CERTIFICATE', caDer),
    certPem: toPem('CERTIFICATE', leafDer),
    keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
