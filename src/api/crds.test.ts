import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import { renderCrdFiles, toCustomResourceDefinition, toStructuralSchema } from './crd.js';
import type { JsonSchemaProps } from './crd.js';
import { kinds } from './index.js';

const crdDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'crds');

interface Node {
  path: string;
  schema: JsonSchemaProps;
}

/** Every schema node below `schema`, with its path. */
function walk(schema: JsonSchemaProps, path: string): Node[] {
  const nodes: Node[] = [{ path, schema }];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaProps>;
  for (const [name, child] of Object.entries(properties)) nodes.push(...walk(child, `${path}.${name}`));
  if (schema.items) nodes.push(...walk(schema.items as JsonSchemaProps, `${path}[]`));
  return nodes;
}

const crds = kinds.map(toCustomResourceDefinition);
const allNodes = crds.flatMap((crd) => {
  const root = crd.spec.versions[0]?.schema.openAPIV3Schema as JsonSchemaProps;
  const properties = root.properties as Record<string, JsonSchemaProps>;
  return [
    ...walk(properties.spec as JsonSchemaProps, `${crd.spec.names.kind}.spec`),
    ...walk(properties.status as JsonSchemaProps, `${crd.spec.names.kind}.status`),
  ];
});

describe('crds/', () => {
  it('matches the schemas in src/api (run npm run generate)', async () => {
    const files = renderCrdFiles(kinds);
    const onDisk = (await readdir(crdDir)).filter((f) => f.endsWith('.crosstenant.io.yaml')).sort();
    expect(onDisk).toEqual(files.map((f) => f.fileName).sort());
    for (const file of files) {
      const written = await readFile(join(crdDir, file.fileName), 'utf8');
      if (written !== file.yaml) throw new Error(`crds/${file.fileName} is stale: run npm run generate`);
    }
  });
});

describe('generated CRDs', () => {
  it('describe every field for kubectl explain', () => {
    const undescribed = allNodes.filter(
      (n) => typeof n.schema.description !== 'string' || n.schema.description.length < 3,
    );
    expect(undescribed.map((n) => n.path)).toEqual([]);
  });

  it('are structural: every field has a type and no TypeBox-only keyword remains', () => {
    for (const { path, schema } of allNodes) {
      const typed =
        typeof schema.type === 'string' || schema['x-kubernetes-preserve-unknown-fields'] === true;
      expect([path, typed]).toEqual([path, true]);
      for (const key of [
        'anyOf',
        'oneOf',
        'allOf',
        'const',
        '$id',
        'additionalProperties',
        'patternProperties',
      ]) {
        expect([path, key in schema]).toEqual([path, false]);
      }
    }
  });

  it('require only declared fields that have no default', () => {
    for (const { path, schema } of allNodes) {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchemaProps>;
      for (const name of (schema.required ?? []) as string[]) {
        expect([path, name, name in properties]).toEqual([path, name, true]);
        expect([path, name, properties[name]?.default]).toEqual([path, name, undefined]);
      }
    }
  });

  it('key list-type map entries by a required field', () => {
    const maps = allNodes.filter((n) => n.schema['x-kubernetes-list-type'] === 'map');
    expect(maps.length).toBeGreaterThanOrEqual(4);
    for (const { path, schema } of maps) {
      const item = schema.items as JsonSchemaProps;
      for (const key of schema['x-kubernetes-list-map-keys'] as string[]) {
        expect([path, ((item.required ?? []) as string[]).includes(key)]).toEqual([path, true]);
      }
    }
  });

  it('give every enum and CEL rule a readable form', () => {
    const rules = allNodes.flatMap(
      (n) => (n.schema['x-kubernetes-validations'] ?? []) as Record<string, string>[],
    );
    expect(rules.length).toBeGreaterThanOrEqual(15);
    for (const rule of rules) expect(Boolean(rule.message ?? rule.messageExpression)).toBe(true);
    for (const { schema } of allNodes.filter((n) => n.schema.enum)) {
      expect(schema.type).toBe('string');
      expect((schema.enum as string[]).length).toBeGreaterThan(0);
    }
  });

  it('carry the conditions of metav1.Condition as a map keyed by type', () => {
    const conditions = allNodes.filter((n) => n.path.endsWith('.status.conditions'));
    expect(conditions).toHaveLength(kinds.length);
    for (const { schema } of conditions) {
      expect(schema['x-kubernetes-list-map-keys']).toEqual(['type']);
      const reason = ((schema.items as JsonSchemaProps).properties as Record<string, JsonSchemaProps>).reason;
      expect(reason?.pattern).toBe('^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$');
    }
  });

  it.each(crds.map((crd) => [crd.spec.names.kind, crd] as const))(
    'serve %s namespaced with status, names and columns',
    (_kind, crd) => {
      const version = crd.spec.versions[0];
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.names.categories).toEqual(['crosstenant']);
      expect(crd.spec.names.shortNames.length).toBe(1);
      expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.crosstenant.io`);
      expect(version?.subresources).toEqual({ status: {} });
      const columns = version?.additionalPrinterColumns.map((c) => c.name) ?? [];
      expect(columns.slice(0, 2)).toEqual(['Ready', 'Reason']);
      expect(columns.at(-1)).toBe('Age');
      expect(columns.length).toBeGreaterThan(3);
    },
  );

  it('use the short names the other components document', () => {
    expect(Object.fromEntries(crds.map((c) => [c.spec.names.kind, c.spec.names.shortNames[0]]))).toEqual({
      TenantLink: 'tl',
      TenantRelationship: 'tr',
      SyncScope: 'ss',
      AttributeMapping: 'am',
      AccessPackagePolicy: 'app',
      ReviewSchedule: 'rvs',
      LifecycleWorkflow: 'lcw',
    });
  });

  it("take no short name of Kubernetes' own kinds (kubectl get rs would show ReplicaSets)", () => {
    // kubectl api-resources of a v1.3x cluster: every built-in short name.
    const builtIn = new Set(
      'cs cm ep ev limits ns no pvc pv po rc quota sa svc crd crds deploy ds rs sts hpa cj csr ing netpol pdb pc sc ' +
        'ingclass vac ipaddr'.split(' '),
    );
    const ours = crds.flatMap((c) => c.spec.names.shortNames);
    expect(ours.filter((n) => builtIn.has(n))).toEqual([]);
  });
});

describe('toStructuralSchema', () => {
  it('turns a union of string literals into an enum and drops defaulted fields from required', () => {
    const schema = Type.Object(
      {
        mode: Type.Union([Type.Literal('A'), Type.Literal('B')], { default: 'A', description: 'm' }),
        name: Type.String({ description: 'n' }),
      },
      { additionalProperties: false, description: 'o' },
    );
    expect(toStructuralSchema(schema)).toEqual({
      description: 'o',
      type: 'object',
      properties: {
        mode: { description: 'm', type: 'string', enum: ['A', 'B'], default: 'A' },
        name: { description: 'n', type: 'string' },
      },
      required: ['name'],
    });
  });

  it('refuses a union that a structural schema cannot express', () => {
    const schema = Type.Union([Type.String(), Type.Number()]);
    expect(() => toStructuralSchema(schema)).toThrow('only unions of string literals');
  });

  it('refuses a free-form object unless it preserves unknown fields', () => {
    expect(() => toStructuralSchema(Type.Record(Type.String(), Type.Unknown()))).toThrow('preserve unknown');
  });
});
