// The chart's PrometheusRule checked by the real promtool: the rules load, and the alerts fire (and stay
// quiet) when testdata/alerts.test.yaml says they should.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { renderMonitoring } from './support/expressions.js';
import { promtool } from './support/prometheus.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosstenant-rules-'));
  const { groups } = await renderMonitoring();
  await writeFile(join(dir, 'rules.yaml'), stringify({ groups }));
  await copyFile(join(testdata, 'alerts.test.yaml'), join(dir, 'alerts.test.yaml'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('passes promtool check rules', async () => {
  const result = await promtool(['check', 'rules', 'rules.yaml'], dir);
  expect(result.stderr).toBe('');
  expect(result).toMatchObject({ code: 0 });
  expect(result.stdout).toContain('SUCCESS: 7 rules found');
});

it('fires SyncStalled, DeletionThresholdExceeded, NoLeader and ReconcileErrorsHigh as the promtool unit tests expect', async () => {
  const result = await promtool(['test', 'rules', 'alerts.test.yaml'], dir);
  expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
  expect(result.code).toBe(0);
});
