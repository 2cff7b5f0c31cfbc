import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED_FILE, ensureSimulatorCa, startSimulator } from './index.js';
import { parseSeed } from './seed/apply-seed.js';

const USAGE = 'usage: graph-sim ca | serve [--seed file] [--port n]';

async function serve(seedFile: string | undefined, port: number): Promise<void> {
  const sim = await startSimulator({ seed: seedFile, port });
  const seed = parseSeed(await readFile(seedFile ?? DEFAULT_SEED_FILE, 'utf8'));
  const lines = [
    `Graph simulator listening`,
    `  Graph base URL:  ${sim.url}/v1.0`,
    `  Authority host:  ${sim.url}`,
    `  CA file:         ${sim.caFile}  (export NODE_EXTRA_CA_CERTS=${sim.caFile})`,
    `  Admin API:       ${sim.url}/_sim/`,
    '',
    'Demo credentials (simulator only):',
  ];
  for (const tenant of seed.tenants) {
    for (const app of tenant.apps ?? []) {
      lines.push(
        `  ${tenant.displayName} (${tenant.domains[0]}): tenantId=${tenant.id} clientId=${app.appId} secret=${app.secret ?? '(certificate only)'}`,
      );
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  const stop = (): void => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { seed: { type: 'string' }, port: { type: 'string' }, dir: { type: 'string' } },
  });
  const command = positionals[0] ?? 'serve';
  if (command === 'ca') {
    const { caFile } = await ensureSimulatorCa(values.dir);
    process.stdout.write(caFile + '\n');
  } else if (command === 'serve') {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
    await serve(values.seed, port);
  } else {
    throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
