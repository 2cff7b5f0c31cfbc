// The CRDs users install from the chart and from deploy/base are the ones generated into crds/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CRD_PATHS, readSourceCrds, staleFiles } from '../../scripts/sync-chart-crds.js';
import { repoRoot } from './paths.js';

const plurals = [
  'accesspackagepolicies',
  'attributemappings',
  'lifecycleworkflows',
  'reviewschedules',
  'syncscopes',
  'tenantlinks',
  'tenantrelationships',
];

describe('CRD copies', () => {
  it('crds/ holds the seven crosstenant.io kinds', () => {
    expect(readSourceCrds(repoRoot).map((crd) => crd.metadata.name)).toEqual(
      plurals.map((plural) => `${plural}.crosstenant.io`),
    );
  });

  it('are up to date with crds/ (else run: npx tsx scripts/sync-chart-crds.ts)', async () => {
    await expect(staleFiles(repoRoot)).resolves.toEqual([]);
  });

  it('deploy/base/crds are the generated CRDs unchanged', () => {
    for (const crd of readSourceCrds(repoRoot)) {
      const copy: unknown = parse(
        readFileSync(join(repoRoot, CRD_PATHS.kustomize, `${crd.metadata.name}.yaml`), 'utf8'),
      );
      expect(copy).toEqual(crd);
    }
  });
});
