// The Contoso example must be accepted by the real API server as written, and everything in it that
// only the controllers judge (rules, expressions, object ids in the seed) must be valid too.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseRule } from '../../src/rules/index.js';
import { compileMapping } from '../../src/sync/mapping/compile.js';
import { applyDefaults } from '../../src/api/index.js';
import { kubectl } from '../support/cluster.js';

const exampleDir = 'examples/contoso';

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

async function exampleManifests(): Promise<Manifest[]> {
  const files = (await readdir(exampleDir)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  const texts = await Promise.all(files.map((f) => readFile(join(exampleDir, f), 'utf8')));
  return texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJSON() as Manifest));
}

function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

describe('examples/contoso', () => {
  it('is accepted by the API server and lists every resource under the crosstenant category', async () => {
    const crds = await kubectl(['apply', '--server-side', '-f', 'crds/']);
    expect(crds.code).toBe(0);
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', 'crds/']);
    const applied = await kubectl(['apply', '-k', exampleDir]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const listed = await kubectl(['get', 'crosstenant', '-n', 'contoso', '-o', 'name']);
    const names = listed.stdout.trim().split('\n').sort();
    const expected = (await exampleManifests())
      .filter((m) => m.kind !== 'Secret' && m.kind !== 'Namespace')
      .map((m) => `${m.kind.toLowerCase()}.crosstenant.io/${m.metadata.name}`)
      .sort();
    expect(names).toEqual(expected);
    await kubectl(['delete', 'namespace', 'contoso', '--wait=false']);
  });

  it('has rules that parse in their syntax and a mapping that compiles', async () => {
    const manifests = await exampleManifests();
    for (const policy of ofKind(manifests, 'AccessPackagePolicy')) {
      const spec = applyDefaults('AccessPackagePolicy', policy.spec);
      for (const p of spec.policies.filter((p) => p.automatic)) {
        expect(parseRule('membership', p.automatic!.rule)).toMatchObject({ ok: true });
      }
    }
    for (const workflow of ofKind(manifests, 'LifecycleWorkflow')) {
      const spec = applyDefaults('LifecycleWorkflow', workflow.spec);
      expect(parseRule('odata', spec.scope.rule)).toMatchObject({ ok: true });
    }
    for (const mapping of ofKind(manifests, 'AttributeMapping')) {
      expect(compileMapping(applyDefaults('AttributeMapping', mapping.spec))).toMatchObject({ ok: true });
    }
  });

  it('names groups that are pinned in the simulator seed', async () => {
    const manifests = await exampleManifests();
    const groupIds = [
      ...ofKind(manifests, 'SyncScope').flatMap((m) => applyDefaults('SyncScope', m.spec).scope.groups ?? []),
      ...ofKind(manifests, 'SyncScope').flatMap(
        (m) => applyDefaults('SyncScope', m.spec).groupSync?.groupIds ?? [],
      ),
      ...ofKind(manifests, 'AccessPackagePolicy').flatMap((m) =>
        applyDefaults('AccessPackagePolicy', m.spec).resources.map((r) => r.group.id),
      ),
      ...ofKind(manifests, 'ReviewSchedule').map((m) => applyDefaults('ReviewSchedule', m.spec).scope.group),
    ].filter((id): id is string => id !== undefined);
    expect(groupIds.length).toBeGreaterThanOrEqual(6);
    const seed = await readFile('src/graph-sim/seeds/contoso.yaml', 'utf8');
    for (const id of groupIds) expect(seed).toContain(`id: ${id}`);
  });
});
