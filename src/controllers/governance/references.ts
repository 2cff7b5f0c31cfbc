// Reads what governance resources refer to: TenantLinks, the SyncScopes into a tenant and their mappings.
import type { AttributeMapping, SyncScope } from '../../api/index.js';
import type { Explanation } from '../../kube/conditions.js';
import { attributesNotSynced, syncedTargetAttributes } from '../../governance/attribute-coverage.js';
import type { GrantedGroup, SyncScopeSummary } from '../../governance/sync-conflict.js';
import { syncedGroupsGranted } from '../../governance/sync-conflict.js';
import type { OperatorContext } from '../context.js';
import { cached } from '../shared/references.js';

/** Where references are read from: the shared cache. */
type References = Pick<OperatorContext, 'informers'>;
import { DEFAULT_ANCHOR_ATTRIBUTE } from '../../api/sync-scope.js';

/** The SyncScopes of a namespace whose target is `tenantLinkRef`. */
export function syncScopesInto(
  ctx: References,
  namespace: string,
  tenantLinkRef: string,
): readonly SyncScope[] {
  return cached(ctx, 'SyncScope')
    .list(namespace)
    .filter((scope) => scope.spec.target.tenantLinkRef === tenantLinkRef);
}

/** A SyncScope reduced to what conflict checks read. */
export function summarize(scope: SyncScope): SyncScopeSummary {
  return {
    name: scope.metadata.name ?? '',
    sourceTenantLinkRef: scope.spec.source.tenantLinkRef,
    targetTenantLinkRef: scope.spec.target.tenantLinkRef,
    userType: scope.spec.userType ?? 'Member',
  };
}

/** The AttributesNotSynced warning for rules reading `ruleAttributes` in the tenant of `tenantLinkRef`. */
export function attributesWarning(
  ctx: References,
  namespace: string,
  tenantLinkRef: string,
  ruleAttributes: readonly string[],
): Explanation<'NoSyncScopeMapsAttribute'> | undefined {
  const scopes = syncScopesInto(ctx, namespace, tenantLinkRef);
  const mappings = new Map(
    cached(ctx, 'AttributeMapping')
      .list(namespace)
      .map((m) => [m.metadata.name, m.spec]),
  );
  const synced = scopes.map((scope) => ({
    attributes: syncedTargetAttributes(
      scope.spec.attributeMappingRef ? mappings.get(scope.spec.attributeMappingRef) : undefined,
      scope.spec.userType ?? 'Member',
      scope.spec.anchorAttribute ?? DEFAULT_ANCHOR_ATTRIBUTE,
    ),
  }));
  const missing = attributesNotSynced(ruleAttributes, synced);
  if (missing.length === 0) return undefined;
  return {
    reason: 'NoSyncScopeMapsAttribute',
    message:
      `the rule reads ${missing.join(', ')}, which no SyncScope into TenantLink ${tenantLinkRef} maps ` +
      `(${scopes.map((s) => s.metadata.name).join(', ')}): synchronized users never match on it; map it in the ` +
      'AttributeMapping of a SyncScope',
  };
}

/**
 * The SyncConflict warning of an access package in the tenant of `tenantLinkRef` that grants membership of
 * groups SyncScopes into that tenant synchronize: their next cycles take out the members it adds.
 */
export function syncedGroupWarning(
  ctx: References,
  namespace: string,
  tenantLinkRef: string,
  resources: readonly GrantedGroup[],
): Explanation<'GrantsSyncedGroupMembership'> | undefined {
  const synced = syncScopesInto(ctx, namespace, tenantLinkRef).flatMap((scope) =>
    (scope.status?.groups?.synced ?? []).map((group) => ({ syncScope: scope.metadata.name ?? '', ...group })),
  );
  const granted = syncedGroupsGranted(resources, synced);
  if (granted.length === 0) return undefined;
  const groups = granted.map(
    (g) =>
      `${g.displayName} (${g.targetGroupId}), which SyncScope ${g.syncScope} synchronizes from source group ${g.sourceGroupId}`,
  );
  return {
    reason: 'GrantsSyncedGroupMembership',
    message:
      `the access package grants membership of ${groups.join('; ')}: each cycle of the SyncScope removes the ` +
      'members the package adds who are not members of the source group, so their access comes and goes. ' +
      'Grant a group no SyncScope synchronizes (or the Owner role) instead',
  };
}

/** A source tenant: its id, the anchor attributes and the source markers of the SyncScopes from it into the tenant. */
export interface SourceTenant {
  link: string;
  tenantId: string;
  anchorAttributes: string[];
  /** The marker (attribute and constant) of each SyncScope from this source whose AttributeMapping declares one. */
  markers: { attribute: string; value: string }[];
  /** SyncScopes from this source whose AttributeMapping declares no sourceMarker. */
  unmarkedScopes: string[];
}

/** The sourceMarker of an AttributeMapping with its constant, when it declares one. */
function markerOf(mapping: AttributeMapping | undefined): { attribute: string; value: string } | undefined {
  const attribute = mapping?.spec.sourceMarker;
  const entry = mapping?.spec.mappings.find((m) => m.target === attribute);
  return attribute && entry?.constant !== undefined ? { attribute, value: entry.constant } : undefined;
}

/** Resolves source TenantLinks (by name) to tenant ids, anchors and markers; `missing` names those that do not exist. */
export function resolveSources(
  ctx: References,
  namespace: string,
  tenantLinkRef: string,
  sourceLinks: readonly string[],
): { sources: SourceTenant[]; missing: string[] } {
  if (sourceLinks.length === 0) return { sources: [], missing: [] };
  const mappings = cached(ctx, 'AttributeMapping');
  const scopes = syncScopesInto(ctx, namespace, tenantLinkRef);
  const sources: SourceTenant[] = [];
  const missing: string[] = [];
  for (const name of sourceLinks) {
    const link = cached(ctx, 'TenantLink').get(namespace, name);
    if (!link) {
      missing.push(name);
      continue;
    }
    const fromLink = scopes.filter((scope) => scope.spec.source.tenantLinkRef === name);
    const anchors = fromLink.map((scope) => scope.spec.anchorAttribute ?? DEFAULT_ANCHOR_ATTRIBUTE);
    const marked = fromLink.map((scope) => ({
      scope: scope.metadata.name ?? '',
      marker: markerOf(
        scope.spec.attributeMappingRef ? mappings.get(namespace, scope.spec.attributeMappingRef) : undefined,
      ),
    }));
    sources.push({
      link: name,
      tenantId: link.spec.tenantId,
      anchorAttributes: anchors.length > 0 ? [...new Set(anchors)] : [DEFAULT_ANCHOR_ATTRIBUTE],
      markers: marked.flatMap((m) => (m.marker ? [m.marker] : [])),
      unmarkedScopes: marked.filter((m) => !m.marker).map((m) => m.scope),
    });
  }
  return { sources, missing };
}
