// Writes docs/reference/ from the TypeBox schemas in src/api and the condition notes in scripts/docs, and
// docs/permissions.md from the Graph contract
// (npm run docs; --check lists stale files and fails instead of writing).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { kinds } from '../src/api/index.js';
import type { KindDefinition, KindName } from '../src/api/index.js';
import { KIND_NOTES } from './docs/conditions.js';
import { PERMISSIONS_PAGE, renderPermissionsPage } from './docs/permissions.js';
import { referenceFileName, renderKindReference, renderReferenceIndex } from './docs/render.js';

/** Where the reference lives, relative to the repository root. */
export const REFERENCE_DIR = 'docs/reference';

function notesOf(definition: KindDefinition) {
  const notes = KIND_NOTES[definition.kind as KindName];
  if (!notes) throw new Error(`scripts/docs/conditions.ts has no notes for ${definition.kind}`);
  return notes;
}

/** The reference pages by path relative to `root`, formatted with the repository's Prettier settings. */
export async function renderReferenceDocs(root: string): Promise<Map<string, string>> {
  const pages = new Map<string, string>([
    [join(REFERENCE_DIR, 'README.md'), renderReferenceIndex(kinds)],
    [PERMISSIONS_PAGE, renderPermissionsPage()],
  ]);
  for (const definition of kinds) {
    pages.set(
      join(REFERENCE_DIR, referenceFileName(definition)),
      renderKindReference(definition, notesOf(definition)),
    );
  }
  const options = (await resolveConfig(join(root, REFERENCE_DIR, 'README.md'))) ?? {};
  const formatted = new Map<string, string>();
  for (const [path, markdown] of pages) {
    formatted.set(path, await format(markdown, { ...options, parser: 'markdown' }));
  }
  return formatted;
}

/** Paths under docs/reference that differ from what the schemas give, missing ones and extra ones included. */
export async function staleReferenceDocs(root: string): Promise<string[]> {
  const pages = await renderReferenceDocs(root);
  const stale = [...pages]
    .filter(([path, text]) => {
      const full = join(root, path);
      return !existsSync(full) || readFileSync(full, 'utf8') !== text;
    })
    .map(([path]) => path);
  const dir = join(root, REFERENCE_DIR);
  const present = existsSync(dir) ? readdirSync(dir).map((name) => join(REFERENCE_DIR, name)) : [];
  return [...stale, ...present.filter((path) => !pages.has(path))].sort();
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const stale = await staleReferenceDocs(root);
  if (process.argv.includes('--check')) {
    for (const path of stale) console.log(`stale: ${path}`);
    if (stale.length > 0) {
      console.error('docs/reference is stale: run npm run docs');
      process.exitCode = 1;
    }
    return;
  }
  const pages = await renderReferenceDocs(root);
  mkdirSync(join(root, REFERENCE_DIR), { recursive: true });
  for (const path of stale) {
    const text = pages.get(path);
    if (text === undefined) rmSync(join(root, path));
    else writeFileSync(join(root, path), text);
    console.log(`updated: ${relative('.', join(root, path))}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
