import type { Logger } from 'winston';
import type { AccessPackagePolicy, AccessPackagePolicyStatus } from '../api/index.js';
import { GROUP, RESOURCES, VERSION } from '../api/index.js';
import type { Controller } from '../kube/controller.js';
import { createController } from '../kube/controller.js';
import { loggerFor } from '../observability/logger.js';
import { describeRuleError, parseRule } from '../rules/index.js';
import { accessPackageAssignments } from '../governance/metrics.js';
import { deleteAccessPackage, syncAccessPackage } from './access-package-policy-sync.js';
import type { ControllerSettings, OperatorContext } from './context.js';
import { informerNamespace } from './context.js';
import type { GovernanceKind, Outcome } from './governance-reconcile.js';
import {
  passed,
  PROGRESS_MS,
  reconcileGovernance,
  RESYNC_MS,
  stalled,
  withConnection,
} from './governance-reconcile.js';
import { attributesWarning, resolveSources } from './governance-references.js';
import { unresolvedGroup, withSyncedPackageGroups } from './synced-group-refs.js';
import type { PrimaryLister } from './governance-watches.js';
import { linkFingerprint, requeueReferrers, specOf, targets } from './governance-watches.js';
import type { TenantConnectResult } from './tenant-clients.js';

const KIND = { group: GROUP, version: VERSION, plural: 'accesspackagepolicies' };

async function act(
  ctx: OperatorContext,
  declared: AccessPackagePolicy,
  connect: () => Promise<TenantConnectResult>,
): Promise<Outcome<AccessPackagePolicyStatus, 'AccessPackagePolicy'>> {
  const synced = await withSyncedPackageGroups(ctx, declared);
  if (!synced.ok) return unresolvedGroup(synced);
  const app = synced.resource;
  const namespace = app.metadata.namespace ?? '';
  const attributes: string[] = [];
  for (const policy of app.spec.policies) {
    if (!policy.automatic) continue;
    const parsed = parseRule('membership', policy.automatic.rule);
    if (!parsed.ok) {
      const where = describeRuleError(policy.automatic.rule, parsed.error);
      return { status: {}, readiness: stalled('RuleInvalid', `policy ${policy.name}: ${where}`) };
    }
    attributes.push(...parsed.attributes);
  }
  const sourceLinks = [
    ...new Set(app.spec.policies.flatMap((p) => p.requests?.allowedRequestors.syncedFrom ?? [])),
  ];
  const { sources, missing } = await resolveSources(ctx, namespace, app.spec.tenantLinkRef, sourceLinks);
  if (missing.length > 0) {
    return {
      status: {},
      readiness: stalled(
        'ReferenceNotFound',
        `TenantLink ${missing.join(', ')} (allowedRequestors.syncedFrom) does not exist in ${namespace}`,
      ),
    };
  }
  const warnings = {
    AttributesNotSynced: await attributesWarning(ctx, namespace, app.spec.tenantLinkRef, attributes),
  };
  const dryRun = app.spec.mode === 'DryRun';
  return withConnection(
    connect,
    async (connection) => {
      const result = await syncAccessPackage(connection.client, app, sources, dryRun);
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
        accessPackageAssignments.set({ namespace, name: app.metadata.name ?? '', state }, count);
      }
      const delivered = result.status.assignments?.delivered ?? 0;
      const summary = `access package ${result.status.accessPackageId}: ${delivered} delivered, ${result.status.pendingRequests ?? 0} pending`;
      return {
        status: result.status,
        warnings,
        readiness: passed(dryRun, result.plan, summary),
        requeueAfterMs: result.settling ? PROGRESS_MS : RESYNC_MS,
      };
    },
    warnings,
  );
}

function kind(
  ctx: OperatorContext,
): GovernanceKind<AccessPackagePolicy, AccessPackagePolicyStatus, 'AccessPackagePolicy'> {
  return {
    resource: RESOURCES.AccessPackagePolicy,
    act: (app, connect) => act(ctx, app, connect),
    cleanup: async (app, connection, log: Logger) => {
      const id = app.status?.accessPackageId;
      if (!id) return 'done';
      log.info('deleting the access package', { accessPackageId: id });
      return deleteAccessPackage(connection.client, id);
    },
    inTenant: (app) =>
      app.status?.accessPackageId &&
      `the access package ${app.status.accessPackageId} with its policies and assignments`,
  };
}

/** The AccessPackagePolicy controller: one access package, its resources and policies, per resource. */
export function createAccessPackagePolicyController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<AccessPackagePolicy> {
  const primaries: PrimaryLister<AccessPackagePolicy> = {};
  const log = loggerFor({ controller: 'accesspackagepolicy' }, ctx.logger);
  const governance = kind(ctx);
  const controller = createController<AccessPackagePolicy>({
    name: 'accesspackagepolicy',
    kind: KIND,
    clients: ctx.clients,
    cache: ctx.informers,
    namespace: informerNamespace(ctx),
    logger: log,
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    watches: [
      requeueReferrers(
        'syncscopes',
        primaries,
        (s) => specOf(s),
        (app, s) => targets(s, app.spec.tenantLinkRef),
      ),
      requeueReferrers(
        'attributemappings',
        primaries,
        (m) => specOf(m),
        () => true,
      ),
      requeueReferrers(
        'tenantlinks',
        primaries,
        linkFingerprint,
        (app, l) =>
          app.spec.tenantLinkRef === l.metadata?.name ||
          app.spec.policies.some((p) =>
            p.requests?.allowedRequestors.syncedFrom?.includes(l.metadata?.name ?? ''),
          ),
      ),
    ],
    reconcile: (key, app, { log: keyLog }) => reconcileGovernance(ctx, governance, key, app, keyLog),
  });
  primaries.lister = controller.lister;
  return controller;
}
