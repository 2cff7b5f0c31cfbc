// Writes crds/<plural>.crosstenant.io.yaml from the TypeBox schemas in src/api (npm run generate).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCrdFiles } from '../src/api/crd.js';
import { kinds } from '../src/api/index.js';

const crdDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'crds');
const files = renderCrdFiles(kinds);
await mkdir(crdDir, { recursive: true });
// Remove CRDs of kinds that no longer exist, so crds/ is exactly what src/api defines.
const wanted = new Set(files.map((f) => f.fileName));
for (const existing of await readdir(crdDir)) {
  if (existing.endsWith('.crosstenant.io.yaml') && !wanted.has(existing)) await rm(join(crdDir, existing));
}
for (const file of files) await writeFile(join(crdDir, file.fileName), file.yaml);
console.log(`wrote ${files.length} CRDs to ${crdDir}`);
