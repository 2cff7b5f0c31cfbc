// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const CA_NAME = 'CN=crosstenant graph-sim CA';

/** The CA files of a simulator state directory. */
export interface SimulatorCa {
  caFile: string;
  keyFile: string;
}

/** PEM material for an HTTPS server: a fresh leaf for localhost and 127.0.0.1, signed by the CA. */
export interface ServerCertificate {
  cert: string;
  key: string;
  caFile: string;
}

/** The default state directory: `<repo>/.cache/graph-sim`, or `CROSSTENANT_SIM_DIR`. */
export function defaultStateDir(): string {
  const fromEnv = process.env['CROSSTENANT_SIM_DIR'];
  if (fromEnv) return resolve(fromEnv);
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(repo, '.cache', 'graph-sim');
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

function fromPem(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await rename(tmp, file);
}

/** Creates the simulator CA in `dir` if absent and returns its file paths (ca.pem is written last). */
export async function ensureSimulatorCa(dir: string = defaultStateDir()): Promise<SimulatorCa> {
  const caFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  if (existsSync(caFile) && existsSync(keyFile)) return { caFile, keyFile };
  await mkdir(dir, { recursive: true });
  // Two processes starting at once (test workers) must not write a key and a certificate that do not match.
  const lock = join(dir, 'ca.lock');
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await waitForFile(caFile, lock);
    return ensureSimulatorCa(dir);
  }
  try {
    // The state directory holds a private key: keep it out of version control whatever the repo ignores.
    await writeFile(join(dir, '.gitignore'), '*\n');
    await createCa(caFile, keyFile);
  } finally {
    await rm(lock, { force: true });
  }
  return { caFile, keyFile };
}

async function waitForFile(file: string, lock: string): Promise<void> {
  for (let waited = 0; !existsSync(file); waited += 100) {
    if (waited > 30_000 || !existsSync(lock)) {
      // The other process died while holding the lock: take it over.
      await rm(lock, { force: true });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createCa(caFile: string, keyFile: string): Promise<void> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    name: CA_NAME,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  await writeAtomically(keyFile, toPem(pkcs8, 'PRIVATE KEY'));
  await writeAtomically(caFile, cert.toString('pem') + '\n');
}

/** Issues a server certificate for localhost and 127.0.0.1 signed by the CA in `dir`. */
export async function issueServerCertificate(dir: string = defaultStateDir()): Promise<ServerCertificate> {
  const { caFile, keyFile } = await ensureSimulatorCa(dir);
  const ca = new x509.X509Certificate(await readFile(caFile, 'utf8'));
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    fromPem(await readFile(keyFile, 'utf8')),
    ALG,
    false,
    ['sign'],
  );
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const now = Date.now();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 30 * 86_400_000),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: leaf.toString('pem') + '\n', key: toPem(pkcs8, 'PRIVATE KEY'), caFile };
}
