import type { Logger } from 'winston';
import type { AccessPackagePolicy, AccessPackagePolicyStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import type { Controller } from '../../kube/controller.js';
import { describeRuleError, parseRule } from '../../rules/index.js';
import { accessPackageAssignments } from '../../governance/metrics.js';
import { deleteAccessPackage, syncAccessPackage } from './sync.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import type { GovernanceKind, Outcome } from '../governance/template.js';
import { governed, reached, stalled, withConnection } from '../governance/template.js';
import { attributesWarning, resolveSources, syncedGroupWarning } from '../governance/references.js';
import { createKindController } from '../shared/controller.js';
import { anyAttributeMapping, syncScopesIntoTenant, tenantLinks } from '../shared/watches.js';
import type { TenantConnectResult } from '../shared/tenant-clients.js';
import { unresolvedGroup, withSyncedPackageGroups } from '../governance/synced-groups.js';

async function act(
  ctx: OperatorContext,
  declared: AccessPackagePolicy,
  connect: () => Promise<TenantConnectResult>,
): Promise<Outcome<AccessPackagePolicyStatus, 'AccessPackagePolicy'>> {
  const synced = withSyncedPackageGroups(ctx, declared);
  if (!synced.ok) return unresolvedGroup(synced);
  const packagePolicy = synced.resource;
  const namespace = packagePolicy.metadata.namespace ?? '';
  const attributes: string[] = [];
  for (const policy of packagePolicy.spec.policies) {
    if (!policy.automatic) continue;
    const parsed = parseRule('membership', policy.automatic.rule);
    if (!parsed.ok) {
      const where = describeRuleError(policy.automatic.rule, parsed.error);
      return { status: {}, readiness: stalled('RuleInvalid', `policy ${policy.name}: ${where}`) };
    }
    attributes.push(...parsed.attributes);
  }
  const sourceLinks = [
    ...new Set(packagePolicy.spec.policies.flatMap((p) => p.requests?.allowedRequestors.syncedFrom ?? [])),
  ];
  const { sources, missing } = resolveSources(ctx, namespace, packagePolicy.spec.tenantLinkRef, sourceLinks);
  if (missing.length > 0) {
    return {
      status: {},
      readiness: stalled(
        'ReferenceNotFound',
        `TenantLink ${missing.join(', ')} (allowedRequestors.syncedFrom) does not exist in ${namespace}`,
      ),
    };
  }
  const { tenantLinkRef } = packagePolicy.spec;
  const warnings = {
    AttributesNotSynced: attributesWarning(ctx, namespace, tenantLinkRef, attributes),
    SyncConflict: syncedGroupWarning(ctx, namespace, tenantLinkRef, packagePolicy.spec.resources),
  };
  const dryRun = packagePolicy.spec.mode === 'DryRun';
  return withConnection(
    connect,
    async (connection) => {
      const result = await syncAccessPackage(connection.client, packagePolicy, sources, dryRun);
      if (result.missingGroup) {
        return {
          status: {},
          warnings,
          readiness: stalled(
            'ReferenceNotFound',
            `group ${result.missingGroup} does not exist in the tenant`,
          ),
        };
      }
      for (const [state, count] of Object.entries(result.status.assignments ?? {})) {
        accessPackageAssignments.set({ namespace, name: packagePolicy.metadata.name ?? '', state }, count);
      }
      const delivered = result.status.assignments?.delivered ?? 0;
      const summary = `access package ${result.status.accessPackageId}: ${delivered} delivered, ${result.status.pendingRequests ?? 0} pending`;
      return reached(result, dryRun, summary, warnings);
    },
    warnings,
  );
}

/** The AccessPackagePolicy as the governance template runs it. */
export function packagePolicyKind(
  ctx: OperatorContext,
): GovernanceKind<AccessPackagePolicy, AccessPackagePolicyStatus, 'AccessPackagePolicy'> {
  return {
    resource: RESOURCES.AccessPackagePolicy,
    act: (packagePolicy, connect) => act(ctx, packagePolicy, connect),
    cleanup: async (packagePolicy, connection, log: Logger) => {
      const id = packagePolicy.status?.accessPackageId;
      if (!id) return 'done';
      log.info('deleting the access package', { accessPackageId: id });
      return deleteAccessPackage(connection.client, id);
    },
    inTenant: (packagePolicy) =>
      packagePolicy.status?.accessPackageId &&
      `the access package ${packagePolicy.status.accessPackageId} with its policies and assignments`,
  };
}

/** The AccessPackagePolicy controller: one access package, its resources and policies, per resource. */
export function createAccessPackagePolicyController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<AccessPackagePolicy> {
  return createKindController(ctx, settings, 'accesspackagepolicy', governed(ctx, packagePolicyKind(ctx)), [
    syncScopesIntoTenant(),
    anyAttributeMapping(),
    tenantLinks((packagePolicy) => [
      packagePolicy.spec.tenantLinkRef,
      ...packagePolicy.spec.policies.flatMap((p) => p.requests?.allowedRequestors.syncedFrom ?? []),
    ]),
  ]);
}
