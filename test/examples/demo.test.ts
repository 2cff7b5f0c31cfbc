// The README's first command, as a new user runs it: `npm run demo` (here with --exit-when-ready, against
// the test cluster through $KUBECONFIG) brings every resource of the Contoso example to Ready and users
// into Contoso, then stops what it started and prints its summary.
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { kubectl, testKubeconfigPath } from '../support/cluster.js';
import { freePort } from '../support/ports.js';

jest.setTimeout(420_000);

interface DemoRun {
  code: number | null;
  output: string;
}

async function runDemo(): Promise<DemoRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--exit-when-ready'], {
    env: {
      ...process.env,
      KUBECONFIG: testKubeconfigPath(),
      DEMO_METRICS_PORT: String(await freePort()),
      DEMO_PROBE_PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

describe('npm run demo', () => {
  it('brings the Contoso example to Ready, syncs users into Contoso and ends with a summary', async () => {
    // Another test may have just deleted the example's namespace.
    await kubectl(['wait', '--for=delete', 'namespace/contoso', '--timeout=120s']);
    const { code, output } = await runDemo();
    const summary = output.slice(output.lastIndexOf('summary:'));
    expect({ code, summary }).toEqual({
      code: 0,
      summary: expect.stringContaining('every resource Ready after'),
    });
    const synced = Number(/B2B users synchronized into Contoso: (\d+)/.exec(summary)?.[1]);
    expect(synced).toBeGreaterThan(0);
    expect(summary).toContain(
      'security groups synchronized into Contoso: Engineering EMEA (4 members), Sales EMEA (6 members)',
    );
    expect(summary).toContain('kubectl get crosstenant -n contoso');
    const table = await kubectl(['get', 'crosstenant', '-n', 'contoso']);
    expect(table.stdout).toMatch(/syncscope\.crosstenant\.io\/emea-to-contoso\s+True\s+Synced/);
    expect(table.stdout).toMatch(
      /tenantrelationship\.crosstenant\.io\/contoso\s+True\s+ReconciliationSucceeded\s+active/,
    );
    expect(summary).toContain(
      'multitenant organization (TenantRelationship contoso): active, 3 of 3 tenants active',
    );
  });
});
