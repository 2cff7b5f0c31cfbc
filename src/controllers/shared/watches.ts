// Secondary watches of the governance controllers: a change in a referenced resource requeues the referrers.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KindName } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { objectKey } from '../../kube/client.js';
import type { WatchSpec } from '../../kube/controller.js';
import type { Lister } from '../../kube/informer.js';

/** Where the primary resources are listed from once the controller exists. */
export interface PrimaryLister<T> {
  lister?: Lister<T>;
}

/**
 * Requeues the primaries `refers(primary, watched)` selects when what `fingerprint` reads of a watched object
 * changes. SyncScopes and AccessPackagePolicies write status every cycle; only the parts referrers read count.
 */
export function requeueReferrers<T extends KubernetesObject>(
  kind: KindName,
  primaries: PrimaryLister<T>,
  fingerprint: (watched: KubernetesObject) => unknown,
  refers: (primary: T, watched: KubernetesObject) => boolean,
): WatchSpec {
  const seen = new Map<string, string>();
  return {
    kind: RESOURCES[kind],
    mapToKeys: (watched) => {
      const print = JSON.stringify([fingerprint(watched), watched.metadata?.deletionTimestamp]);
      const key = objectKey(watched.metadata);
      if (seen.get(key) === print) return [];
      seen.set(key, print);
      const namespace = watched.metadata?.namespace ?? '';
      return (primaries.lister?.list(namespace) ?? [])
        .filter((primary) => refers(primary, watched))
        .map((primary) => objectKey(primary.metadata));
    },
  };
}

/** The spec of a watched object, untyped. */
export function specOf(obj: KubernetesObject): Record<string, unknown> {
  return (obj as { spec?: Record<string, unknown> }).spec ?? {};
}

/** Whether a watched SyncScope writes into the tenant of `tenantLinkRef`. */
export function targets(watched: KubernetesObject, tenantLinkRef: string): boolean {
  const target = specOf(watched).target as { tenantLinkRef?: string } | undefined;
  return target?.tenantLinkRef === tenantLinkRef;
}

/** What referrers read of a TenantLink: its tenant id and whether it is ready (connect refuses until then). */
export function linkFingerprint(link: KubernetesObject): unknown {
  const conditions = (link as { status?: { conditions?: { type: string; status: string }[] } }).status
    ?.conditions;
  return [specOf(link).tenantId, conditions?.find((c) => c.type === 'Ready')?.status];
}

/** Resources of `kind` that resources of a controller's kind refer to; see `requeueReferrers`. */
export interface Referred<T> {
  kind: KindName;
  /** What referrers read of a referred resource: only a change of it requeues them. */
  fingerprint: (watched: KubernetesObject) => unknown;
  refers: (primary: T, watched: KubernetesObject) => boolean;
}

/** The groups a watched SyncScope has synchronized: target id and name by source id, without member counts. */
function syncedGroupsOf(scope: KubernetesObject): unknown {
  const groups = (scope as { status?: { groups?: { synced?: Record<string, unknown>[] } } }).status?.groups;
  return groups?.synced?.map((g) => [g['sourceGroupId'], g['targetGroupId'], g['displayName']]);
}

/**
 * SyncScopes writing into the tenant of the primary's TenantLink: their mappings decide what is synced, and
 * the groups they synchronize resolve syncedGroup references and conflict with grants of their membership.
 */
export function syncScopesIntoTenant<T extends { spec: { tenantLinkRef: string } }>(): Referred<T> {
  return {
    kind: 'SyncScope',
    fingerprint: (scope) => [specOf(scope), syncedGroupsOf(scope)],
    refers: (primary, s) => targets(s, primary.spec.tenantLinkRef),
  };
}

/** Every AttributeMapping: any may be the one a SyncScope into the primary's tenant uses. */
export function anyAttributeMapping<T>(): Referred<T> {
  return { kind: 'AttributeMapping', fingerprint: specOf, refers: () => true };
}

/** The TenantLinks `names` lists for a primary, requeueing it when one becomes ready or changes tenant. */
export function tenantLinks<T>(names: (primary: T) => readonly string[]): Referred<T> {
  return {
    kind: 'TenantLink',
    fingerprint: linkFingerprint,
    refers: (primary, link) => names(primary).includes(link.metadata?.name ?? ''),
  };
}
