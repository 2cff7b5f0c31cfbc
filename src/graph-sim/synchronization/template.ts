// The gallery template behind cross-tenant synchronization ("configuration application") and the
// Azure2Azure synchronization template its jobs are made from, as Entra's configuration guide shows them.
import { attributeMappingsFor, type SynchronizationSchema } from '../../entra-engine/schema.js';

/** The application template id that Entra's guide instantiates for cross-tenant synchronization. */
export const CROSS_TENANT_APP_TEMPLATE_ID = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7';
/** The synchronization template id of cross-tenant synchronization jobs. */
export const AZURE2AZURE = 'Azure2Azure';
/** Every cross-tenant synchronization job runs an incremental cycle every 40 minutes (fixed). */
export const CYCLE_INTERVAL_MS = 40 * 60_000;
/** The admin center's default accidental-deletion threshold (deletions and disables per cycle). */
export const DELETE_THRESHOLD_DEFAULT = 500;
/** The rule name the documented schema example shows. */
const RULE_NAME = 'USER_INBOUND_USER';

/**
 * The job schema's scoping-filter operators (`GET .../schema/filterOperators`). Graph's page shows only EQUALS;
 * the other names are the simulator's reading of the admin center's operator list, spelled as EQUALS is.
 */
export const FILTER_OPERATOR_SCHEMAS: readonly Record<string, unknown>[] = [
  ['EQUALS', 'Binary', ['String', 'Integer']],
  ['NOT_EQUALS', 'Binary', ['String', 'Integer']],
  ['IS_TRUE', 'Unary', ['Boolean']],
  ['IS_FALSE', 'Unary', ['Boolean']],
  ['IS_NULL', 'Unary', ['String', 'Integer', 'Boolean', 'Reference']],
  ['IS_NOT_NULL', 'Unary', ['String', 'Integer', 'Boolean', 'Reference']],
  ['Includes', 'Binary', ['String']],
  ['ENDS_WITH', 'Binary', ['String']],
  ['GREATER_THAN', 'Binary', ['Integer']],
  ['GREATER_THAN_OR_EQUALS', 'Binary', ['Integer']],
  ['&', 'Binary', ['String']],
  ['!&', 'Binary', ['String']],
  ['REGEX_MATCH', 'Binary', ['String']],
  ['NOT_REGEX_MATCH', 'Binary', ['String']],
].map(([name, arity, types]) => ({
  name,
  arity,
  multivaluedComparisonType: 'All',
  supportedAttributeTypes: types,
}));

/** The applicationTemplate resource of the cross-tenant synchronization gallery entry. */
export function crossTenantApplicationTemplate(): Record<string, unknown> {
  return {
    id: CROSS_TENANT_APP_TEMPLATE_ID,
    displayName: 'Azure AD To Azure AD Cross Tenant Synchronization',
    homePageUrl: null,
    supportedSingleSignOnModes: ['notSupported'],
    supportedProvisioningTypes: ['sync'],
    logoUrl: null,
    categories: [],
    publisher: 'Microsoft Corporation',
    description: null,
  };
}

/** The Azure2Azure template schema: Entra's default cross-tenant mappings plus its matching and soft-delete flows. */
export function azure2AzureSchema(ruleId: string): SynchronizationSchema {
  const defaults = attributeMappingsFor({ includeDefaults: true, mappings: [] }, 'Member');
  const bookkeeping = (target: string, source: string, matchingPriority: number) => ({
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged' as const,
    flowType: 'Always' as const,
    matchingPriority,
    source: { expression: `[${source}]`, name: source, parameters: [], type: 'Attribute' as const },
    targetAttributeName: target,
  });
  return {
    version: 'v1.1',
    directories: [
      { id: 'AzureActiveDirectory', name: 'Azure Active Directory', objects: [] },
      { id: 'AzureActiveDirectoryTarget', name: 'Azure Active Directory (target tenant)', objects: [] },
    ],
    synchronizationRules: [
      {
        id: ruleId,
        name: RULE_NAME,
        editable: true,
        priority: 1,
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'Azure Active Directory (target tenant)',
        metadata: [{ key: 'supportsProvisionOnDemand', value: 'true' }],
        containerFilter: null,
        groupFilter: null,
        objectMappings: [
          {
            enabled: true,
            flowTypes: 'Add, Update, Delete',
            metadata: [],
            name: 'Provision Azure Active Directory Users',
            sourceObjectName: 'User',
            targetObjectName: 'User',
            attributeMappings: [
              bookkeeping('alternativeSecurityIds', 'alternativeSecurityIds', 1),
              bookkeeping('IsSoftDeleted', 'IsSoftDeleted', 0),
              ...defaults,
            ],
            scope: null,
          },
        ],
      },
    ],
  };
}
