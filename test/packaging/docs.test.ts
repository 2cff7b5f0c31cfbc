// The user documentation says what the code does: the reference is the one the schemas and the reason
// catalogue generate, every least-privileged permission the operator checks is in the permissions page, and
// relative links lead to files that exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { staleReferenceDocs } from '../../scripts/generate-docs.js';
import { KIND_NOTES } from '../../scripts/docs/conditions.js';
import { PERMISSION_ALTERNATIVES } from '../../src/controllers/shared/link-requests.js';
import { repoRoot } from './paths.js';

/** Annotation and finalizer names declared as string constants anywhere under src/. */
function metadataNamesInSource(dir = join(repoRoot, 'src')): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const name of metadataNamesInSource(path)) names.add(name);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      const source = readFileSync(path, 'utf8');
      for (const match of source.matchAll(/= '(crosstenant\.io\/[a-z-]+)';/g)) names.add(match[1] as string);
    }
  }
  return names;
}

const userDocs = [
  'README.md',
  'docs/README.md',
  'docs/getting-started.md',
  'docs/sync-vs-entra.md',
  'docs/permissions.md',
  ...readdirSync(join(repoRoot, 'docs/reference')).map((name) => `docs/reference/${name}`),
];

describe('user documentation', () => {
  it('docs/reference is what the schemas generate (else run: npm run docs)', async () => {
    await expect(staleReferenceDocs(repoRoot)).resolves.toEqual([]);
  });

  it('documents every annotation and finalizer the operator declares', () => {
    const declared = [...metadataNamesInSource()];
    expect(declared).toEqual(expect.arrayContaining(['crosstenant.io/approve-deletions']));
    const documented = new Set(
      Object.values(KIND_NOTES).flatMap((notes) => notes.metadata.map((m) => m.name)),
    );
    expect(declared.filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('names the least-privileged permission of every Graph capability the operator checks', () => {
    const page = readFileSync(join(repoRoot, 'docs/permissions.md'), 'utf8');
    const leastPrivileged = Object.values(PERMISSION_ALTERNATIVES).map((alternatives) => alternatives[0]);
    expect(leastPrivileged.filter((permission) => !page.includes(`\`${permission}\``))).toEqual([]);
  });

  it.each(userDocs)('%s links only to files that exist', (doc) => {
    // Code spans and blocks hold regular expressions that look like links.
    const text = readFileSync(join(repoRoot, doc), 'utf8').replace(/```[\s\S]*?```|`[^`\n]*`/g, '');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => (match[1] as string).split('#')[0] as string)
      .filter((target) => target !== '' && !/^[a-z]+:/.test(target));
    const broken = targets.filter((target) => !existsSync(join(repoRoot, dirname(doc), target)));
    expect(broken).toEqual([]);
  });
});
