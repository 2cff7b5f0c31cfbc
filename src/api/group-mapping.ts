import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Obj } from './common.js';
import { mappingEntrySchema } from './mapping-entry.js';

/** The target group properties Entra's default group mapping fills from the same source properties. */
export const DEFAULT_GROUP_ATTRIBUTES = ['displayName', 'description', 'mailNickname'] as const;

/** `AttributeMapping.spec.groups`: how attributes flow from source groups to the security groups created. */
export const GroupMappingSchema = Obj(
  {
    includeDefaults: Type.Boolean({
      default: true,
      description:
        `Start from the default group mappings (${DEFAULT_GROUP_ATTRIBUTES.join(', ')} copied as they are). ` +
        'Mappings listed here override a default with the same target. Default true.',
    }),
    mappings: Type.Array(mappingEntrySchema('group'), {
      default: [],
      maxItems: 50,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['target'],
      description:
        'Group attribute mappings, at most one per target, in the same expression language as the user ' +
        'mappings. Targets: displayName, description, mailNickname or a directory extension registered for ' +
        'groups; the group type (security, not mail-enabled) is fixed.',
    }),
  },
  {
    default: {},
    description:
      'How source group attributes flow to the security groups a SyncScope with spec.groupSync creates. ' +
      'Absent: the defaults.',
  },
);

export type GroupMappingSpec = Static<typeof GroupMappingSchema>;
