// The Graph simulator as pods reach it. The simulator listens on loopback with a certificate for
// localhost; pods reach it through a TLS relay on the node's address, presenting a certificate for
// that address issued by the simulator's own CA, so pods trust both with that one CA.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureSimulatorCa } from '../../src/graph-sim/index.js';
import { tlsRelay } from './relay.js';

const run = promisify(execFile);

/** The relayed simulator. */
export interface PodSimulator {
  /** What TenantLinks in pods name as authority host and Graph endpoint. */
  url: string;
  caFile: string;
  caPem: string;
  close(): Promise<void>;
}

/** Relays the simulator on 127.0.0.1:`simPort` to `gateway` (a free port there). */
export async function relayForPods(simPort: number, gateway: string): Promise<PodSimulator> {
  const ca = await ensureSimulatorCa();
  const dir = await mkdtemp(join(tmpdir(), 'crosstenant-relay-'));
  try {
    const openssl = (args: string[]) => run('openssl', args, { cwd: dir });
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'relay.key']);
    await openssl(['req', '-new', '-key', 'relay.key', '-subj', `/CN=${gateway}`, '-out', 'relay.csr']);
    await writeFile(join(dir, 'relay.ext'), `subjectAltName=IP:${gateway}\nextendedKeyUsage=serverAuth\n`);
    await openssl([
      'x509',
      '-req',
      '-in',
      'relay.csr',
      '-CA',
      ca.caFile,
      '-CAkey',
      ca.keyFile,
      '-CAserial',
      join(dir, 'ca.srl'),
      '-CAcreateserial',
      '-days',
      '1',
      '-sha256',
      '-extfile',
      'relay.ext',
      '-out',
      'relay.crt',
    ]);
    const caPem = await readFile(ca.caFile, 'utf8');
    const relay = await tlsRelay(gateway, simPort, {
      cert: await readFile(join(dir, 'relay.crt'), 'utf8'),
      key: await readFile(join(dir, 'relay.key'), 'utf8'),
      targetCa: caPem,
      targetName: 'localhost',
    });
    return {
      url: `https://${relay.host}:${relay.port}`,
      caFile: ca.caFile,
      caPem,
      close: () => relay.close(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
