// scripts/container-build.sh builds what the image's runtime stage holds, with the Dockerfile's commands.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.js';

const run = promisify(execFile);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

function packageNames(field: 'dependencies' | 'devDependencies'): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  return Object.keys(manifest[field] ?? {});
}

describe('scripts/container-build.sh', () => {
  const parent = mkdtempSync(join(tmpdir(), 'container-build-'));
  const out = join(parent, 'app');
  let stdout = '';
  // Listed before the build: in a shared working tree, files added during the build are not in it.
  let sources: string[] = [];

  beforeAll(async () => {
    sources = filesUnder(join(repoRoot, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    ({ stdout } = await run('bash', [join(repoRoot, 'scripts/container-build.sh'), out], {
      maxBuffer: 16 * 1024 * 1024,
    }));
  }, 600_000);

  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('runs the same npm commands as the Dockerfile build stage', () => {
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    const script = readFileSync(join(repoRoot, 'scripts/container-build.sh'), 'utf8');
    const commands = [...dockerfile.matchAll(/^RUN (.+)$/gm)].flatMap((m) => (m[1] ?? '').split(' && '));
    expect(commands).toEqual([
      'npm ci --ignore-scripts --no-audit --no-fund',
      'npm run build',
      'npm prune --omit=dev --ignore-scripts --no-audit --no-fund',
    ]);
    for (const command of commands) expect(script).toContain(command);
  });

  it('prints the output directory, holding only package.json, dist and node_modules', () => {
    expect(stdout.trim()).toBe(out);
    expect(readdirSync(out).sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('compiles every source file, the entry point dist/main.js among them, and no test', () => {
    const compiled = new Set(filesUnder(join(out, 'dist')).filter((f) => f.endsWith('.js')));
    expect(compiled).toContain('main.js');
    for (const source of sources) expect(compiled).toContain(source.replace(/\.ts$/, '.js'));
    expect([...compiled].filter((f) => f.includes('.test.'))).toEqual([]);
  });

  it('keeps the production dependencies and drops the build and test tools', () => {
    for (const name of packageNames('dependencies')) {
      expect(`${name}: ${existsSync(join(out, 'node_modules', name, 'package.json'))}`).toBe(`${name}: true`);
    }
    // @types/node stays: @kubernetes/client-node depends on it.
    for (const name of packageNames('devDependencies').filter((n) => n !== '@types/node')) {
      // npm prune can leave an empty directory behind; without package.json there is no package.
      const installed = existsSync(join(out, 'node_modules', name, 'package.json'));
      expect(`${name}: ${installed}`).toBe(`${name}: false`);
    }
  });
});
