import type { AccessPackagePolicy, LifecycleWorkflow, LifecycleWorkflowStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import type { Controller } from '../../kube/controller.js';
import { describeRuleError, parseRule } from '../../rules/index.js';
import { deleteWorkflow } from '../../graph/governance/index.js';
import { desiredWorkflow } from '../../governance/lifecycle-workflow.js';
import { workflowRunsTotal } from '../../governance/metrics.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import type { GovernanceKind, Outcome } from '../governance/template.js';
import { governed, PROGRESS_MS, reached, stalled, withConnection } from '../governance/template.js';
import { attributesWarning } from '../governance/references.js';
import { createKindController } from '../shared/controller.js';
import { anyAttributeMapping, specOf, syncScopesIntoTenant, tenantLinks } from '../shared/watches.js';
import { syncWorkflow } from './sync.js';
import { resolvePackages } from './references.js';
import type { TenantConnectResult } from '../shared/tenant-clients.js';

const FINISHED = new Set(['completed', 'completedWithErrors', 'canceled', 'failed']);

async function act(
  ctx: OperatorContext,
  seenRuns: Set<string>,
  wf: LifecycleWorkflow,
  connect: () => Promise<TenantConnectResult>,
): Promise<Outcome<LifecycleWorkflowStatus, 'LifecycleWorkflow'>> {
  const namespace = wf.metadata.namespace ?? '';
  const name = wf.metadata.name ?? '';
  if (wf.spec.category === 'mover') {
    // Graph documents attribute- and membership-change triggers for mover workflows; the spec's trigger is
    // time-based. https://learn.microsoft.com/graph/api/resources/identitygovernance-workflowexecutiontrigger?view=graph-rest-1.0
    return {
      status: {},
      readiness: stalled(
        'TriggerNotSupported',
        'a mover workflow is triggered by attribute or group membership changes, which spec.trigger cannot ' +
          'express yet; spec.trigger (a date attribute) is for joiner and leaver workflows',
      ),
    };
  }
  const parsed = parseRule('odata', wf.spec.scope.rule);
  if (!parsed.ok) {
    return {
      status: {},
      readiness: stalled('RuleInvalid', `scope.rule: ${describeRuleError(wf.spec.scope.rule, parsed.error)}`),
    };
  }
  const warnings = {
    AttributesNotSynced: attributesWarning(ctx, namespace, wf.spec.tenantLinkRef, parsed.attributes),
  };
  const resolved = resolvePackages(ctx, wf);
  if (!resolved.ok)
    return { status: {}, readiness: resolved.readiness, warnings, requeueAfterMs: PROGRESS_MS };
  const dryRun = wf.spec.mode === 'DryRun';
  const body = desiredWorkflow(wf.spec, name, resolved.packages);
  return withConnection(
    connect,
    async (connection) => {
      const result = await syncWorkflow(connection.client, wf, body, dryRun);
      for (const run of result.runs) {
        const key = `${namespace}/${name}/${run.id}`;
        if (!FINISHED.has(run.processingStatus) || seenRuns.has(key)) continue;
        seenRuns.add(key);
        workflowRunsTotal.inc({ namespace, name, status: run.processingStatus });
      }
      const last = result.status.lastRuns?.[0];
      const summary =
        `workflow ${result.status.workflowId} version ${result.status.version ?? '?'}` +
        (last
          ? `: last run ${last.processingStatus}, ${last.successfulUsers}/${last.totalUsers} users`
          : ': no run yet');
      return reached(result, dryRun, summary, warnings);
    },
    warnings,
  );
}

/** The LifecycleWorkflow as the governance template runs it. */
export function workflowKind(
  ctx: OperatorContext,
): GovernanceKind<LifecycleWorkflow, LifecycleWorkflowStatus, 'LifecycleWorkflow'> {
  const seenRuns = new Set<string>();
  return {
    resource: RESOURCES.LifecycleWorkflow,
    act: (wf, connect) => act(ctx, seenRuns, wf, connect),
    cleanup: async (wf, connection) => {
      if (wf.status?.workflowId) await deleteWorkflow(connection.client, wf.status.workflowId);
      return 'done';
    },
    inTenant: (wf) => wf.status?.workflowId && `the lifecycle workflow ${wf.status.workflowId}`,
  };
}

/** The LifecycleWorkflow controller: one joiner, mover or leaver workflow per resource. */
export function createLifecycleWorkflowController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<LifecycleWorkflow> {
  return createKindController(ctx, settings, 'lifecycleworkflow', governed(ctx, workflowKind(ctx)), [
    {
      kind: 'AccessPackagePolicy',
      fingerprint: (p) => [
        specOf(p).policies,
        (p as AccessPackagePolicy).status?.accessPackageId,
        (p as AccessPackagePolicy).status?.policies,
      ],
      refers: (wf, p) => wf.spec.tasks.some((t) => t.accessPackagePolicyRef === p.metadata?.name),
    },
    syncScopesIntoTenant(),
    anyAttributeMapping(),
    tenantLinks((wf) => [wf.spec.tenantLinkRef]),
  ]);
}
