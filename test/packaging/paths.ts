// Locations the packaging tests read, relative to the repository root.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Helm chart's directory. */
export const chartDir = join(repoRoot, 'charts/crosstenant-operator');
