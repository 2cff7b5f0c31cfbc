import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Conditions, Count, DeletionPolicy, Obj, ObservedGeneration, Suspend, cel } from './common.js';
import { defineKind } from './kind.js';
import { GroupMappingSchema } from './group-mapping.js';
import { mappingEntrySchema } from './mapping-entry.js';
import type { CustomResource } from './kind.js';

const MappingSchema = mappingEntrySchema('user');

/** `AttributeMapping.spec`. */
export const AttributeMappingSpecSchema = Obj(
  {
    includeDefaults: Type.Boolean({
      default: true,
      description:
        "Start from Entra's default cross-tenant mappings (displayName, givenName, surname, mail, department, " +
        'accountEnabled, ... and userType; not showInAddressList, which Graph does not let clients manage). Mappings listed here override a default with ' +
        'the same target. Default true.',
    }),
    mappings: Type.Array(MappingSchema, {
      default: [],
      maxItems: 200,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['target'],
      description: 'Attribute mappings, at most one per target attribute.',
    }),
    groups: Type.Optional(GroupMappingSchema),
    sourceMarker: Type.Optional(
      Type.String({
        maxLength: 64,
        pattern: '^onPremisesExtensionAttributes\\.extensionAttribute([1-9]|1[0-5])$',
        description:
          'Names the target attribute of one of the mappings above whose constant marks the users of this ' +
          "mapping's source tenant, e.g. onPremisesExtensionAttributes.extensionAttribute14 mapped to the " +
          'constant contoso-emea. A ReviewSchedule with principals SyncedFrom selects the users by it (Graph ' +
          'filters these attributes with eq and in only, so the anchor cannot serve). Adding it writes the ' +
          'marker to every user already synchronized (one update each) on the next cycle.',
      }),
    ),
    suspend: Suspend(),
    deletionPolicy: DeletionPolicy(
      'Present on every crosstenant.io kind for uniformity. An AttributeMapping writes nothing by itself, so ' +
        'deleting it leaves the tenants unchanged under either value; SyncScopes using it report ' +
        'ReferenceNotFound.',
    ),
  },
  {
    description: 'Which attributes flow from source users to target users and how.',
    ...cel({
      rule: '!has(self.sourceMarker) || self.mappings.exists(m, m.target == self.sourceMarker && has(m.constant))',
      message: 'sourceMarker must name the target of a mapping with a constant',
    }),
  },
);

/** `AttributeMapping.status`. */
export const AttributeMappingStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    effectiveMappings: Type.Optional(
      Count('Mappings in force: the defaults (when included) merged with the ones listed here.'),
    ),
    errors: Type.Optional(
      Type.Array(
        Obj(
          {
            target: Type.String({ maxLength: 256, description: 'Target attribute of the faulty mapping.' }),
            message: Type.String({ maxLength: 1024, description: 'What is wrong.' }),
            line: Type.Integer({
              minimum: 1,
              description: 'Line of the expression where the error is (1-based).',
            }),
            column: Type.Integer({ minimum: 1, description: 'Column of the error (1-based).' }),
          },
          { description: 'One expression error.' },
        ),
        { maxItems: 200, description: 'Expression errors; empty when every expression parses.' },
      ),
    ),
  },
  { description: 'Whether the mappings are valid.' },
);

/** The AttributeMapping kind. */
export const attributeMappingDefinition = defineKind({
  kind: 'AttributeMapping',
  plural: 'attributemappings',
  shortName: 'am',
  description:
    'AttributeMapping says how attributes flow from source users to the B2B users a SyncScope creates: ' +
    "Entra's default cross-tenant set plus mappings from a source attribute, a constant or a provisioning " +
    'expression. A SyncScope refers to it with spec.attributeMappingRef.',
  specSchema: AttributeMappingSpecSchema,
  statusSchema: AttributeMappingStatusSchema,
  columns: [
    {
      name: 'Mappings',
      type: 'integer',
      jsonPath: '.status.effectiveMappings',
      description: 'Mappings in force.',
    },
  ],
});

export type AttributeMappingSpec = Static<typeof AttributeMappingSpecSchema>;
export type AttributeMappingStatus = Static<typeof AttributeMappingStatusSchema>;
export type AttributeMapping = CustomResource<
  'AttributeMapping',
  AttributeMappingSpec,
  AttributeMappingStatus
>;
export type AttributeMappingEntry = Static<typeof MappingSchema>;
