// The user documentation says what the code does: the reference is the one the schemas generate, every
// condition reason a controller sets is documented, every least-privileged permission the operator checks
// is in the permissions page, and relative links lead to files that exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { staleReferenceDocs } from '../../scripts/generate-docs.js';
import { KIND_NOTES } from '../../scripts/docs/conditions.js';
import { PERMISSION_ALTERNATIVES } from '../../src/controllers/permissions.js';
import { repoRoot } from './paths.js';

const controllersDir = join(repoRoot, 'src/controllers');

/** Condition reasons and types the controllers write, read from their source. */
function conditionWordsInControllers(): Set<string> {
  const words = new Set<string>();
  const patterns = [
    /reason: '(\w+)'/g, // readiness and condition literals
    /stalled\('(\w+)'/g, // governance stalled(reason, message)
    /'(?:stalled|notReady)',\s*'(\w+)'/g, // SyncScope notReady(ctx, scope, state, reason, message)
    /type: '(\w+)',\s*status:/g, // condition types other than Ready
    /warnings = \{\s*(\w+):/g, // governance warning conditions, by type
  ];
  for (const file of readdirSync(controllersDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(join(controllersDir, file), 'utf8');
    for (const pattern of patterns)
      for (const match of source.matchAll(pattern)) words.add(match[1] as string);
    // Reasons declared as a union type (TenantConnectFailure, LinkFailureReason).
    for (const union of source.matchAll(/(?:reason:|FailureReason =)((?:\s*\|?\s*'\w+')+)/g)) {
      for (const member of (union[1] as string).matchAll(/'(\w+)'/g)) words.add(member[1] as string);
    }
  }
  return words;
}

function documentedConditionWords(): Set<string> {
  const words = new Set<string>();
  for (const notes of Object.values(KIND_NOTES)) {
    for (const c of notes.conditions) {
      words.add(c.type);
      for (const reason of c.reasons) words.add(reason);
    }
    for (const e of notes.events ?? []) words.add(e.reason);
  }
  return words;
}

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

  it('documents every condition type and reason the controllers set', () => {
    const found = conditionWordsInControllers();
    // The scan must see the controllers' conditions at all, or this test would pass on nothing.
    expect([...found]).toEqual(
      expect.arrayContaining(['Connected', 'Quarantined', 'RuleInvalid', 'SyncConflict']),
    );
    const documented = documentedConditionWords();
    expect([...found].filter((word) => !documented.has(word)).sort()).toEqual([]);
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
