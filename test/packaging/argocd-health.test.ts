// Argo CD health for crosstenant.io resources: deploy/argocd/health.lua run by Lua 5.1 on every case of
// deploy/argocd/health_test.yaml, as Argo CD's own resource-customization tests do.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requireLua, runHealthScript, toLuaLiteral } from './lua.js';
import { repoRoot } from './paths.js';

const argocdDir = join(repoRoot, 'deploy/argocd');
const scriptPath = join(argocdDir, 'health.lua');

interface HealthTestCase {
  healthStatus: { status: string; message: string };
  inputPath: string;
}

const cases = (
  parse(readFileSync(join(argocdDir, 'health_test.yaml'), 'utf8')) as { tests: HealthTestCase[] }
).tests;

beforeAll(requireLua);

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('health.lua', () => {
  it('has a case for every Argo CD health status', () => {
    const statuses = new Set(cases.map((c) => c.healthStatus.status));
    expect([...statuses].sort()).toEqual(['Degraded', 'Healthy', 'Progressing', 'Suspended']);
  });

  it.each(cases.map((c) => [c.inputPath, c] as const))('%s', async (_path, testCase) => {
    const object: unknown = parse(readFileSync(join(argocdDir, testCase.inputPath), 'utf8'));
    await expect(runHealthScript(scriptPath, object)).resolves.toEqual(testCase.healthStatus);
  });

  it('treats as terminal only Ready reasons the operator sets', () => {
    const script = readFileSync(scriptPath, 'utf8');
    const block = /local terminalReasons = \{([^}]*)\}/.exec(script)?.[1] ?? '';
    const reasons = [...block.matchAll(/(\w+) = true/g)].map((m) => m[1] as string);
    expect(reasons.length).toBeGreaterThan(5);
    const sources = sourceFiles(join(repoRoot, 'src'))
      .filter((f) => !f.endsWith('.test.ts') && !f.includes('graph-sim'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(reasons.filter((r) => !sources.includes(`'${r}'`))).toEqual([]);
  });

  it('is embedded verbatim in the argocd-cm snippet under the wildcard key', () => {
    const configMap = parse(readFileSync(join(argocdDir, 'argocd-cm.yaml'), 'utf8')) as {
      data: Record<string, string>;
    };
    expect(Object.keys(configMap.data)).toEqual(['resource.customizations.health.crosstenant.io_*']);
    expect(configMap.data['resource.customizations.health.crosstenant.io_*']).toBe(
      readFileSync(scriptPath, 'utf8'),
    );
  });
});

describe('toLuaLiteral', () => {
  it('carries quotes, backslashes, newlines and non-ASCII text into Lua unchanged', async () => {
    const message = 'Line "one"\\two\nthree: Zürich ✓';
    const probe = join(repoRoot, 'test/packaging/testdata/echo-message.lua');
    await expect(runHealthScript(probe, { message, skipped: null })).resolves.toEqual({
      status: 'nil',
      message,
    });
    expect(toLuaLiteral({ a: [1, true], b: null })).toBe('{["a"] = {1, true}}');
  });
});
