import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSimulatorCa, issueServerCertificate } from './tls.js';

describe('simulator TLS', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'graph-sim-ca-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates one CA even when asked twice at once, and keeps it', async () => {
    const [a, b] = await Promise.all([ensureSimulatorCa(dir), ensureSimulatorCa(dir)]);
    expect(a).toEqual(b);
    const first = await readFile(a.caFile, 'utf8');
    await ensureSimulatorCa(dir);
    expect(await readFile(a.caFile, 'utf8')).toBe(first);
  });

  it('issues a leaf for localhost and 127.0.0.1 signed by the CA', async () => {
    const leaf = await issueServerCertificate(dir);
    const cert = new X509Certificate(leaf.cert);
    const ca = new X509Certificate(await readFile(leaf.caFile, 'utf8'));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(ca.ca).toBe(true);
  });
});
