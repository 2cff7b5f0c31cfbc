// Graph simulator benchmark: request throughput with throttling off, seeding time, memory per user.
// Prints one JSON line per figure. Traffic goes to 127.0.0.1 only and every loop is bounded in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { SimAdminClient } from '../src/graph-sim/admin-client.js';
import { applySeed } from '../src/graph-sim/seed/apply-seed.js';
import { SimStore } from '../src/graph-sim/store/store.js';
import { ensureSimulatorCa } from '../src/graph-sim/tls.js';

const TENANT = '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f';
const CLIENT_ID = '7e2f4a6c-9b1d-4e3f-8a5c-6b7d8e9f0a1b';
const DEMO_SECRET = 'emea-demo-secret';
const CONCURRENCY = 32;
const PHASE_MS = 4_000;

function report(figure: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(figure) + '\n');
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const cli = fileURLToPath(new URL('../src/graph-sim/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Authority host:\s+(https:\/\/localhost:\d+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

function call(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function measure(name: string, next: (i: number) => Promise<number>): Promise<void> {
  const deadline = Date.now() + PHASE_MS;
  let done = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = worker; Date.now() < deadline; i += CONCURRENCY) {
        const status = await next(i);
        if (status >= 400) failed++;
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  report({
    figure: name,
    requestsPerSecond: Math.round(done / seconds),
    requests: done,
    failed,
    concurrency: CONCURRENCY,
    aim: 2000,
  });
}

async function throughput(): Promise<void> {
  const { caFile } = await ensureSimulatorCa();
  const ca = await readFile(caFile, 'utf8');
  const { child, url } = await startServer();
  try {
    const admin = new SimAdminClient(url, ca);
    await admin.setRealism(TENANT, { throttling: { enabled: false } });
    await admin.generateUsers(TENANT, 10_000, 'bench');
    const agent = new Agent({ keepAlive: true, ca, maxSockets: CONCURRENCY });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: DEMO_SECRET,
      scope: 'https://graph.microsoft.com/.default',
    });
    const token = await call(
      agent,
      `${url}/${TENANT}/oauth2/v2.0/token`,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      form.toString(),
    );
    const auth = `Bearer ${(JSON.parse(token.text) as { access_token: string }).access_token}`;
    const upn = (i: number): string => `bench${i % 10_000}@emea.contoso.com`;
    await measure(
      'read GET /users/{upn}?$select',
      async (i) =>
        (
          await call(agent, `${url}/v1.0/users/${upn(i)}?$select=displayName,department`, 'GET', {
            authorization: auth,
          })
        ).status,
    );
    const body = JSON.stringify({ jobTitle: 'Benchmark Engineer' });
    const headers = { authorization: auth, 'content-type': 'application/json' };
    await measure(
      'write PATCH /users/{upn}',
      async (i) => (await call(agent, `${url}/v1.0/users/${upn(i)}`, 'PATCH', headers, body)).status,
    );
    agent.destroy();
  } finally {
    child.kill('SIGTERM');
  }
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function seedDoc(count: number): Parameters<typeof applySeed>[1] {
  return { tenants: [{ id: TENANT, displayName: 'Bench', domains: ['bench.example'], generate: { count } }] };
}

function seeding(): void {
  const started = performance.now();
  applySeed(new SimStore(), seedDoc(100_000));
  report({
    figure: 'seed 100,000 users',
    seconds: Math.round(performance.now() - started) / 1000,
    aim: '< 10',
  });
  const before = heapMb();
  const store = new SimStore();
  applySeed(store, seedDoc(200_000));
  const used = heapMb() - before;
  report({
    figure: 'memory for 200,000 users',
    heapMb: Math.round(used),
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    gcForced: 'gc' in globalThis,
    aim: '< 400',
    users: store.tenants.get(TENANT)?.users.size,
  });
}

await throughput();
seeding();
