import type {
  AccessPackagePolicySpec,
  AttributeMappingSpec,
  LifecycleWorkflowSpec,
  ReviewScheduleSpec,
  SyncScopeSpec,
  TenantRelationshipSpec,
} from '../../api/index.js';
import { contractEntry } from '../../graph/contract/index.js';
import type { GraphCapability } from './link-requests.js';
import { LINK_REQUESTS } from './link-requests.js';
import { compileMapping } from '../../sync/mapping/compile.js';
import { isDirectoryExtension } from '../../sync/anchor-check.js';

/** A resource that uses a TenantLink, reduced to what decides the permissions it needs there. */
export type LinkUse =
  | {
      kind: 'SyncScope';
      name: string;
      spec: Pick<SyncScopeSpec, 'source' | 'target' | 'scope'> &
        Partial<
          Pick<
            SyncScopeSpec,
            'deprovision' | 'attributeMappingRef' | 'userType' | 'engine' | 'groupSync' | 'anchorAttribute'
          >
        >;
      /** What its AttributeMapping reads in the source and writes in the target, when it compiles. */
      mapping?: { sources: readonly string[]; targets: readonly string[] };
    }
  | {
      kind: 'AccessPackagePolicy';
      name: string;
      spec: Pick<AccessPackagePolicySpec, 'tenantLinkRef' | 'resources'>;
    }
  | {
      kind: 'ReviewSchedule';
      name: string;
      spec: Pick<ReviewScheduleSpec, 'tenantLinkRef'> & Partial<Pick<ReviewScheduleSpec, 'onDeny'>>;
    }
  | { kind: 'LifecycleWorkflow'; name: string; spec: Pick<LifecycleWorkflowSpec, 'tenantLinkRef'> }
  | {
      kind: 'TenantRelationship';
      name: string;
      spec: Partial<Pick<TenantRelationshipSpec, 'pairs' | 'multiTenantOrganization'>>;
    };

/** What a TenantLink needs granted and what of it is missing. */
export interface PermissionCheck {
  /** Least-privileged permissions that together allow every request needed, sorted. */
  required: string[];
  /** Least-privileged permissions that would allow the needed requests no grant covers, sorted. */
  missing: string[];
}

// Graph guards these two user properties with User-LifeCycleInfo permissions of their own.
const LIFECYCLE_INFO = new Set(['employeeHireDate', 'employeeLeaveDateTime']);

function touchesLifecycleInfo(attributes: readonly string[] | undefined): boolean {
  return (attributes ?? []).some((a) => LIFECYCLE_INFO.has(a));
}

function purges(spec: Partial<Pick<SyncScopeSpec, 'deprovision'>>): boolean {
  return Object.values(spec.deprovision ?? {}).includes('Delete');
}

/** The kinds of Graph use `use` makes through the TenantLink `linkName`. */
export function capabilitiesOf(use: LinkUse, linkName: string): GraphCapability[] {
  switch (use.kind) {
    case 'SyncScope': {
      if (use.spec.engine === 'Entra') {
        const needs: GraphCapability[] = [];
        if (use.spec.source.tenantLinkRef === linkName) needs.push('entraSource');
        if (use.spec.target.tenantLinkRef === linkName) needs.push('entraTarget');
        return needs;
      }
      const needs: GraphCapability[] = [];
      if (use.spec.source.tenantLinkRef === linkName) {
        needs.push('syncSource', 'syncPreflightSource');
        if ((use.spec.scope.groups?.length ?? 0) > 0) needs.push('syncSourceGroups');
        if (touchesLifecycleInfo(use.mapping?.sources)) needs.push('syncSourceLifecycleInfo');
      }
      if (use.spec.target.tenantLinkRef === linkName) {
        needs.push('syncTarget', 'syncPreflightTarget');
        if (purges(use.spec)) needs.push('syncTargetPurge');
        if (isDirectoryExtension(use.spec.anchorAttribute ?? '')) needs.push('syncTargetExtensionAnchor');
        if (touchesLifecycleInfo(use.mapping?.targets)) needs.push('syncTargetLifecycleInfo');
        if (use.spec.groupSync) needs.push('syncTargetGroups');
      }
      return needs;
    }
    case 'AccessPackagePolicy':
      if (use.spec.tenantLinkRef !== linkName) return [];
      return (use.spec.resources ?? []).length > 0
        ? ['accessPackages', 'accessPackageResources']
        : ['accessPackages'];
    case 'ReviewSchedule':
      if (use.spec.tenantLinkRef !== linkName) return [];
      // Excluding denied users from sync reads each one's anchor in the target.
      return use.spec.onDeny === 'ExcludeFromSync' ? ['reviews', 'reviewExclusions'] : ['reviews'];
    case 'LifecycleWorkflow':
      return use.spec.tenantLinkRef === linkName ? ['workflows'] : [];
    case 'TenantRelationship': {
      // Only what is declared: partner settings in the tenants of a pair, the organization in its tenants.
      const needs: GraphCapability[] = [];
      if ((use.spec.pairs ?? []).some((p) => p.source === linkName || p.target === linkName))
        needs.push('relationshipPairs');
      const organization = use.spec.multiTenantOrganization;
      if (organization && [organization.owner, ...organization.members].includes(linkName))
        needs.push('multiTenantOrganization');
      return needs;
    }
  }
}

/** The SyncScope uses with what their AttributeMapping (by name, from `mappings`) reads and writes, where it compiles. */
export function withMappings(
  uses: readonly LinkUse[],
  mappings: ReadonlyMap<string, AttributeMappingSpec>,
): LinkUse[] {
  return uses.map((use) => {
    if (use.kind !== 'SyncScope') return use;
    const ref = use.spec;
    const spec = ref.attributeMappingRef ? mappings.get(ref.attributeMappingRef) : undefined;
    const compiled = spec ? compileMapping(spec, ref.userType ? { userType: ref.userType } : {}) : undefined;
    if (!compiled?.ok) return use;
    return {
      ...use,
      mapping: {
        sources: compiled.mapping.sourceAttributes(),
        targets: compiled.mapping.attributes.map((a) => a.target),
      },
    };
  });
}

/** Whether `granted` covers one permission group: any of its alternatives, compared case-insensitively as Entra does. */
export function isCovered(alternatives: readonly string[], granted: readonly string[]): boolean {
  const have = new Set(granted.map((permission) => permission.toLowerCase()));
  return alternatives.some((permission) => have.has(permission.toLowerCase()));
}

/**
 * A small set of permissions covering every group: the narrowest groups (write access) pick first, so a read that
 * a chosen write permission also allows adds nothing.
 */
function cover(groups: readonly (readonly string[])[]): string[] {
  const chosen: string[] = [];
  for (const group of [...groups].sort((a, b) => a.length - b.length)) {
    if (!isCovered(group, chosen)) chosen.push(group[0] as string);
  }
  return chosen.sort();
}

/**
 * Compares the permissions a TenantLink's token carries with what the requests of it and of the resources
 * using it need; the link itself always reads /organization.
 */
export function checkPermissions(
  linkName: string,
  uses: readonly LinkUse[],
  granted: readonly string[],
): PermissionCheck {
  const needed = new Set<GraphCapability>(['tenantLink']);
  for (const use of uses) for (const capability of capabilitiesOf(use, linkName)) needed.add(capability);
  const ids = new Set([...needed].flatMap((capability) => LINK_REQUESTS[capability]));
  const groups = [...ids].flatMap((id) => contractEntry(id).permissions);
  return { required: cover(groups), missing: cover(groups.filter((group) => !isCovered(group, granted))) };
}
