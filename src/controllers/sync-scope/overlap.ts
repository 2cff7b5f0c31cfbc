import type { SyncScope } from '../../api/index.js';

/** A SyncScope reduced to what decides whether it overlaps another: its tenants and its age. */
export interface ScopeTenants {
  namespace: string;
  name: string;
  /** metadata.creationTimestamp in epoch milliseconds. */
  createdAtMs: number;
  sourceTenantId: string | undefined;
  targetTenantId: string | undefined;
}

/** The scopes among `others` (not `self`) that sync the same source tenant into the same target tenant. */
export function rivalsOf(self: ScopeTenants, others: readonly ScopeTenants[]): ScopeTenants[] {
  if (!self.sourceTenantId || !self.targetTenantId) return [];
  return others.filter(
    (o) =>
      !(o.namespace === self.namespace && o.name === self.name) &&
      o.sourceTenantId === self.sourceTenantId &&
      o.targetTenantId === self.targetTenantId,
  );
}

/** The oldest scope over the tenant pair of `self` (creation time, then namespace/name) when it is not `self`. */
export function ownerOfTenantPair(
  self: ScopeTenants,
  others: readonly ScopeTenants[],
): ScopeTenants | undefined {
  const rivals = rivalsOf(self, others);
  const oldest = [...rivals, self].sort(
    (a, b) =>
      a.createdAtMs - b.createdAtMs || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  )[0];
  return oldest === self ? undefined : oldest;
}

/**
 * Why a SyncScope must not sync: another, older one already syncs the same source tenant into the same
 * target. The anchor names the source tenant, not the scope, so two scopes over one pair would each
 * deprovision the users the other provisions.
 */
export function overlapMessage(self: ScopeTenants, owner: ScopeTenants): string {
  return (
    `SyncScope ${owner.namespace}/${owner.name} already syncs tenant ${self.sourceTenantId} into tenant ` +
    `${self.targetTenantId}; two scopes over one tenant pair would deprovision each other's users. Put this ` +
    `scope's groups and filters into ${owner.name}, then delete this one (its users are left to ${owner.name}).`
  );
}

/** The tenants and age of `scope`, its TenantLinks resolved to tenant ids by `tenantIdOf`. */
export function scopeTenants(
  scope: SyncScope,
  tenantIdOf: (namespace: string, link: string) => string | undefined,
): ScopeTenants {
  const namespace = scope.metadata.namespace ?? '';
  return {
    namespace,
    name: scope.metadata.name ?? '',
    // A Date from the typed client, an RFC 3339 string from the custom-objects API: Date reads both.
    createdAtMs: new Date(scope.metadata.creationTimestamp ?? 0).getTime(),
    sourceTenantId: tenantIdOf(namespace, scope.spec.source.tenantLinkRef),
    targetTenantId: tenantIdOf(namespace, scope.spec.target.tenantLinkRef),
  };
}

/**
 * Why `scope` must not sync because an older one of `writers` (the live, enforcing SyncScopes of its
 * namespace) owns its tenant pair, or undefined.
 */
export function overlapBlock(
  scope: SyncScope,
  writers: readonly SyncScope[],
  tenantIdOf: (namespace: string, link: string) => string | undefined,
): { state: 'stalled'; reason: 'OverlappingSyncScope'; message: string } | undefined {
  const self = scopeTenants(scope, tenantIdOf);
  const owner = ownerOfTenantPair(
    self,
    writers.map((s) => scopeTenants(s, tenantIdOf)),
  );
  if (!owner) return undefined;
  return { state: 'stalled', reason: 'OverlappingSyncScope', message: overlapMessage(self, owner) };
}
