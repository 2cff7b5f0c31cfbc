// The provision-now annotations: crosstenant.io/provision-now synchronizes one user and
// crosstenant.io/provision-group-now one group at once, between intervals, with the report Entra's provision on
// demand gives, in status and an Event; the annotation is removed afterwards so that it can be set again.
import type { SyncScope, SyncScopeStatus } from '../../api/index.js';
import { PROVISION_GROUP_NOW_ANNOTATION, PROVISION_NOW_ANNOTATION } from '../../api/index.js';
import type { ProvisionGroupNowStatus } from '../../api/provision-now.js';
import type { ProvisionNowStatus } from '../../api/sync-scope-status.js';
import { isNotFound, mergePatch } from '../../kube/client.js';
import { compileGroupMapping } from '../../sync/groups/mapping.js';
import { provisionGroupNow } from '../../sync/groups/provision-now.js';
import { groupOnDemandFailed } from '../../sync/groups/provision-now-report.js';
import { provisionNow } from '../../sync/provision-now.js';
import type { ProvisionNowInput } from '../../sync/provision-now.js';
import { provisionNowFailed } from '../../sync/provision-now-report.js';
import type { OperatorContext } from '../context.js';
import { exclusionMap, loadExclusions } from './exclusions.js';
import type { CycleInputs } from './gates.js';
import type { ScopeMemory } from './memory.js';
import { writeSyncScopeStatus } from './report.js';
import { eventSubject, SYNC_SCOPE_KIND } from './resource.js';

const EVENT_MESSAGE_LIMIT = 1024;

/** A provision-now request: a user (object id or UPN) or a group (object id). */
export type OnDemandRequest = { kind: 'user'; value: string } | { kind: 'group'; value: string };

/** The request the annotations make, the user's first; undefined when neither is set. */
export function provisionNowRequest(scope: SyncScope): OnDemandRequest | undefined {
  const annotations = scope.metadata.annotations ?? {};
  const user = annotations[PROVISION_NOW_ANNOTATION];
  if (user !== undefined) return { kind: 'user', value: user };
  const group = annotations[PROVISION_GROUP_NOW_ANNOTATION];
  return group === undefined ? undefined : { kind: 'group', value: group };
}

const ANSWERED = new Set(['Succeeded', 'DryRun']);

/**
 * Reports an answered request: the report goes to status, the annotation is removed, then an Event
 * (ProvisionedOnDemand or ProvisionOnDemandFailed). Returns the SyncScope's resourceVersion after the removal;
 * undefined when it was deleted meanwhile (it then gets nothing).
 */
async function answer(
  ctx: OperatorContext,
  scope: SyncScope,
  request: OnDemandRequest,
  status: (current: SyncScopeStatus | undefined) => SyncScopeStatus,
  report: { result: string; message: string },
): Promise<string | undefined> {
  const { namespace = '', name = '' } = scope.metadata;
  const annotation = request.kind === 'user' ? PROVISION_NOW_ANNOTATION : PROVISION_GROUP_NOW_ANNOTATION;
  let removed: SyncScope;
  try {
    await writeSyncScopeStatus(ctx, scope, status);
    removed = (await ctx.clients.customObjects.patchNamespacedCustomObject(
      { ...SYNC_SCOPE_KIND, namespace, name, body: { metadata: { annotations: { [annotation]: null } } } },
      mergePatch,
    )) as SyncScope;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return undefined;
  }
  const ok = ANSWERED.has(report.result);
  const subject = request.kind === 'user' ? request.value : `group ${request.value}`;
  void ctx.events.event(
    eventSubject(scope),
    ok ? 'Normal' : 'Warning',
    ok ? 'ProvisionedOnDemand' : 'ProvisionOnDemandFailed',
    `${subject}: ${report.message}`.slice(0, EVENT_MESSAGE_LIMIT),
  );
  return removed.metadata.resourceVersion;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the provision-now request of `scope` for a user: the report goes to status.provisionNow. A failure is
 * reported the same way and never fails the reconcile: the request is answered once. Returns what answer does.
 */
async function provisionOnDemand(
  ctx: OperatorContext,
  scope: SyncScope,
  input: Omit<ProvisionNowInput, 'user' | 'now' | 'dryRun'>,
  requested: string,
): Promise<string | undefined> {
  const now = new Date(ctx.clock.now());
  let report: ProvisionNowStatus;
  try {
    report = await provisionNow({ ...input, user: requested, now, dryRun: scope.spec.mode === 'DryRun' });
  } catch (err) {
    report = provisionNowFailed(requested, now, messageOf(err));
  }
  const request = { kind: 'user', value: requested } as const;
  return answer(ctx, scope, request, (current) => ({ ...current, provisionNow: report }), report);
}

/** Runs a provision-group-now request: the report goes to status.provisionGroupNow, failures included. Returns what answer does. */
async function provisionGroupOnDemand(
  ctx: OperatorContext,
  scope: SyncScope,
  inputs: CycleInputs,
  memory: ScopeMemory,
  requested: string,
): Promise<string | undefined> {
  const now = new Date(ctx.clock.now());
  const groupSync = scope.spec.groupSync;
  const compiled = compileGroupMapping(inputs.mappingSpec.groups);
  let report: ProvisionGroupNowStatus;
  if (!groupSync)
    report = {
      ...groupOnDemandFailed(
        requested,
        now,
        'spec.groupSync is not set: this SyncScope provisions no groups',
      ),
      result: 'NotInScope',
    };
  else if (!compiled.ok)
    report = groupOnDemandFailed(
      requested,
      now,
      'the groups section of the AttributeMapping does not compile',
    );
  else
    try {
      report = await provisionGroupNow({
        source: inputs.source.client,
        target: inputs.target.client,
        sourceTenantId: inputs.source.tenantId,
        groupSync,
        assignedGroups: scope.spec.scope.groups ?? [],
        mapping: compiled.mapping,
        users: memory.state,
        group: requested,
        now,
        dryRun: scope.spec.mode === 'DryRun',
      });
    } catch (err) {
      report = groupOnDemandFailed(requested, now, messageOf(err));
    }
  const request = { kind: 'group', value: requested } as const;
  return answer(ctx, scope, request, (current) => ({ ...current, provisionGroupNow: report }), report);
}

/**
 * Answers a provision-now request between cycles. The next cycle stays where it was due: removing the
 * annotation queues the SyncScope again, and memory.answeredVersion tells the controller that this reconcile is
 * no reason for a cycle.
 */
export async function provisionBetweenCycles(
  ctx: OperatorContext,
  scope: SyncScope,
  inputs: CycleInputs,
  memory: ScopeMemory,
  request: OnDemandRequest,
): Promise<{ requeueAfterMs: number }> {
  const answered =
    request.kind === 'group'
      ? await provisionGroupOnDemand(ctx, scope, inputs, memory, request.value)
      : await provisionOnDemand(
          ctx,
          scope,
          {
            source: inputs.source.client,
            target: inputs.target.client,
            sourceTenantId: inputs.source.tenantId,
            targetTenantId: inputs.target.tenantId,
            spec: scope.spec,
            mapping: inputs.mapping,
            state: memory.state,
            excluded: exclusionMap(loadExclusions(ctx, scope)),
          },
          request.value,
        );
  if (answered !== undefined) memory.answeredVersion = answered;
  return { requeueAfterMs: Math.max(1, memory.nextCycleMs - ctx.clock.now()) };
}

/**
 * Whether this reconcile only sees the SyncScope as it was when a provision-now request was answered, before
 * the next cycle is due: then it is the removal of the annotation queueing it again, and no cycle runs. Once.
 */
export function onlyAnsweredRequest(memory: ScopeMemory, scope: SyncScope, nowMs: number): boolean {
  const answered = memory.answeredVersion;
  delete memory.answeredVersion;
  return answered !== undefined && answered === scope.metadata.resourceVersion && nowMs < memory.nextCycleMs;
}
