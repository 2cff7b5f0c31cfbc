// What every crosstenant.io kind shares: its group, version and category, how it is declared, how
// `kubectl get` shows it, and the shape of a stored resource.
import type { TSchema } from '@sinclair/typebox';
import type { V1ObjectMeta } from '@kubernetes/client-node';

/** The API group of every crosstenant.io kind. */
export const GROUP = 'crosstenant.io';
/** The one served and stored version. */
export const VERSION = 'v1alpha1';
/** `apiVersion` of every resource of this group. */
export const API_VERSION = `${GROUP}/${VERSION}`;
/** The category shared by all kinds, so `kubectl get crosstenant` lists them together. */
export const CATEGORY = 'crosstenant';

/** A column of `kubectl get`. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description: string;
  priority?: number;
}

const READY_COLUMNS: PrinterColumn[] = [
  {
    name: 'Ready',
    type: 'string',
    jsonPath: '.status.conditions[?(@.type=="Ready")].status',
    description: 'Whether the resource is reconciled and working.',
  },
  {
    name: 'Reason',
    type: 'string',
    jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
    description: 'Why the resource is or is not ready.',
  },
];

const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since the resource was created.',
};

/** Everything needed to serve one kind: its names, its schemas and how `kubectl get` shows it. */
export interface KindDefinition<Spec extends TSchema = TSchema, Status extends TSchema = TSchema> {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  group: typeof GROUP;
  version: typeof VERSION;
  description: string;
  specSchema: Spec;
  statusSchema: Status;
  printerColumns: PrinterColumn[];
}

/** What differs between kinds; `defineKind` adds the rest. */
export interface KindDeclaration<Spec extends TSchema, Status extends TSchema> {
  kind: string;
  plural: string;
  shortName: string;
  description: string;
  specSchema: Spec;
  statusSchema: Status;
  /** Columns shown between Ready/Reason and Age. */
  columns: PrinterColumn[];
}

/** A kind of this group: lower-case singular, one short name, Ready and Reason first and Age last. */
export function defineKind<Spec extends TSchema, Status extends TSchema>(
  declaration: KindDeclaration<Spec, Status>,
): KindDefinition<Spec, Status> {
  const { kind, plural, shortName, description, specSchema, statusSchema, columns } = declaration;
  return {
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames: [shortName],
    group: GROUP,
    version: VERSION,
    description,
    specSchema,
    statusSchema,
    printerColumns: [...READY_COLUMNS, ...columns, AGE_COLUMN],
  };
}

/** A stored resource of this group as the API server returns it. */
export interface CustomResource<K extends string, Spec, Status> {
  apiVersion: typeof API_VERSION;
  kind: K;
  metadata: V1ObjectMeta;
  spec: Spec;
  status?: Status;
}
