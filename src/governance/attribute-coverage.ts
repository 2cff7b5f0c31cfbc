// Which user attributes SyncScopes write into a tenant, against those a rule there reads: a rule that reads
// an attribute no SyncScope maps never matches synchronized users (AttributesNotSynced).
import type { AttributeMappingSpec } from '../api/index.js';
import { canonicalPropertyName, uniqueAttributes } from '../rules/attributes.js';
import { defaultMappings } from '../sync/defaults.js';

/**
 * Attributes every synchronized user has whatever the mapping: set by Graph or by the invitation that
 * creates it (userType comes from the SyncScope).
 */
export const INTRINSIC_ATTRIBUTES: readonly string[] = [
  'id',
  'userType',
  'userPrincipalName',
  'createdDateTime',
  'creationType',
  'externalUserState',
  'identities',
];

const EXTENSION_ATTRIBUTE = /^extensionAttribute([1-9]|1[0-5])$/i;

/** A target attribute name in the rule-attribute convention (`onPremisesExtensionAttributes.extensionAttribute1`). */
export function normalizeAttribute(name: string): string {
  const path = name.split('.').map(canonicalPropertyName);
  if (path.length === 1 && EXTENSION_ATTRIBUTE.test(path[0] as string)) {
    return `onPremisesExtensionAttributes.${canonicalPropertyName(path[0] as string)}`;
  }
  return path.join('.');
}

/** The target attributes one SyncScope writes: its mapping's targets (with the defaults if included) and its anchor. */
export function syncedTargetAttributes(
  mapping: Pick<AttributeMappingSpec, 'includeDefaults' | 'mappings'> | undefined,
  userType: 'Member' | 'Guest',
  anchorAttribute: string,
): string[] {
  const entries = mapping
    ? [...(mapping.includeDefaults ? defaultMappings(userType) : []), ...mapping.mappings]
    : defaultMappings(userType);
  return uniqueAttributes([...entries.map((entry) => entry.target), anchorAttribute].map(normalizeAttribute));
}

/**
 * The attributes a rule reads that no SyncScope into the tenant writes, sorted; empty when every one is
 * covered or when no SyncScope targets the tenant (the rule then concerns native users only).
 */
export function attributesNotSynced(
  ruleAttributes: readonly string[],
  syncScopes: readonly { attributes: readonly string[] }[],
): string[] {
  if (syncScopes.length === 0) return [];
  const synced = new Set(
    [...INTRINSIC_ATTRIBUTES, ...syncScopes.flatMap((scope) => scope.attributes)].map((a) =>
      normalizeAttribute(a).toLowerCase(),
    ),
  );
  return uniqueAttributes(ruleAttributes.filter((a) => !synced.has(normalizeAttribute(a).toLowerCase())));
}
