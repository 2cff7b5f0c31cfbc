import type { TSchema } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { CATEGORY } from './kind.js';
import type { KindDefinition, PrinterColumn } from './kind.js';

/** An OpenAPI v3 schema node as apiextensions.k8s.io/v1 stores it. */
export type JsonSchemaProps = { [key: string]: unknown };

/** An apiextensions.k8s.io/v1 CustomResourceDefinition as plain data, ready for YAML or the API. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: true;
      storage: true;
      schema: { openAPIV3Schema: JsonSchemaProps };
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: PrinterColumn[];
    }[];
  };
}

// Keys in the order they are written, so generated YAML reads top-down and diffs stay small.
const KEY_ORDER = [
  'description',
  'type',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'enum',
  'default',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
  'items',
  'properties',
  'required',
  'x-kubernetes-validations',
];

// TypeBox bookkeeping that has no place in a structural schema (symbols are dropped anyway).
const DROPPED = new Set(['$id', 'additionalProperties', 'patternProperties', 'anyOf', 'const']);

/**
 * Converts a TypeBox schema to a structural OpenAPI schema: unions of string literals become `enum`,
 * properties with a default leave `required` (the API server fills them in), TypeBox-only keys go.
 */
export function toStructuralSchema(schema: TSchema): JsonSchemaProps {
  const out: JsonSchemaProps = {};
  for (const key of Object.keys(schema)) {
    if (DROPPED.has(key)) continue;
    if (!KEY_ORDER.includes(key)) throw new Error(`schema key "${key}" has no CRD equivalent`);
    out[key] = schema[key];
  }
  if (schema.anyOf) {
    const values = (schema.anyOf as TSchema[]).map((s) => s.const as unknown);
    if (!values.every((v) => typeof v === 'string'))
      throw new Error('only unions of string literals map to a CRD');
    out.type = 'string';
    out.enum = values;
  }
  if (schema.items) out.items = toStructuralSchema(schema.items as TSchema);
  if (schema.type === 'object' && !schema.properties && !schema['x-kubernetes-preserve-unknown-fields']) {
    throw new Error('an object without properties must preserve unknown fields');
  }
  if (schema.properties) {
    const properties = schema.properties as Record<string, TSchema>;
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, toStructuralSchema(property)]),
    );
    const required = ((schema.required as string[] | undefined) ?? []).filter(
      (name) => properties[name]?.default === undefined,
    );
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  return ordered(out);
}

function ordered(node: JsonSchemaProps): JsonSchemaProps {
  return Object.fromEntries(
    Object.entries(node).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b)),
  );
}

/** The CustomResourceDefinition serving one kind. */
export function toCustomResourceDefinition(definition: KindDefinition): CustomResourceDefinition {
  const { kind, plural, singular, shortNames, group, version } = definition;
  const openAPIV3Schema: JsonSchemaProps = {
    description: definition.description,
    type: 'object',
    properties: {
      apiVersion: {
        description:
          'APIVersion defines the versioned schema of this representation of an object. Servers should convert ' +
          'recognized schemas to the latest internal value, and may reject unrecognized values.',
        type: 'string',
      },
      kind: {
        description:
          'Kind is a string value representing the REST resource this object represents. Servers may infer ' +
          'this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.',
        type: 'string',
      },
      metadata: { type: 'object' },
      spec: toStructuralSchema(definition.specSchema),
      status: toStructuralSchema(definition.statusSchema),
    },
    required: ['spec'],
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular, shortNames, categories: [CATEGORY] },
      scope: 'Namespaced',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema },
          subresources: { status: {} },
          additionalPrinterColumns: definition.printerColumns,
        },
      ],
    },
  };
}

/** The header of every generated CRD file. */
export const GENERATED_HEADER = '# Generated from src/api by `npm run generate`. Do not edit.\n';

/** The file name and YAML text of the CRD of each kind, as `npm run generate` writes them under crds/. */
export function renderCrdFiles(definitions: readonly KindDefinition[]): { fileName: string; yaml: string }[] {
  return definitions.map((definition) => {
    const crd = toCustomResourceDefinition(definition);
    return { fileName: `${crd.metadata.name}.yaml`, yaml: GENERATED_HEADER + stringify(crd) };
  });
}
