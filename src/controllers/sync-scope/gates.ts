// What a SyncScope on engine Operator needs before a cycle, checked in order: its engine switch done, not
// suspended, valid scoping rules, a usable AttributeMapping, both TenantLinks, no older SyncScope over the
// same tenant pair, and the tenants' cross-tenant access settings (the preflight).
import type { AttributeMapping, ReadyReason, SyncScope } from '../../api/index.js';
import type { Readiness } from '../../kube/conditions.js';
import type { CompiledMapping } from '../../sync/mapping/compile.js';
import type { OperatorContext } from '../context.js';
import { leaveEntraEngine } from '../sync-scope-entra/switch.js';
import type { TenantConnection } from '../shared/tenant-clients.js';
import { loadMapping } from './mapping.js';
import { overlapBlock } from './overlap.js';
import type { SyncScopePreflight } from './preflight.js';
import { scopeProblem } from './validation.js';

/** What a cycle runs with once every gate is open. */
export interface CycleInputs {
  source: TenantConnection;
  target: TenantConnection;
  mapping: CompiledMapping;
  mappingSpec: AttributeMapping['spec'];
}

/** Open with the cycle's inputs, or closed with the readiness to report. */
export type Gates =
  { open: true; inputs: CycleInputs } | { open: false; readiness: Readiness<ReadyReason<'SyncScope'>> };

const closed = (state: Readiness['state'], reason: ReadyReason<'SyncScope'>, message: string): Gates => ({
  open: false,
  readiness: { state, reason, message },
});

/** Checks the gates of `scope`; `writers` are the live, enforcing SyncScopes of its namespace. */
export async function checkGates(
  ctx: OperatorContext,
  key: string,
  scope: SyncScope,
  writers: readonly SyncScope[],
  preflight: Pick<SyncScopePreflight, 'check'>,
): Promise<Gates> {
  const { spec } = scope;
  const namespace = scope.metadata.namespace ?? '';
  // Back from engine Entra: its job is paused first, so that two engines never manage the same users.
  if (scope.status?.entra && !(await leaveEntraEngine(ctx, scope)))
    return closed('notReady', 'EngineSwitching', "Entra's job could not be paused yet");
  if (spec.suspend) return closed('notReady', 'Suspended', 'spec.suspend is true: no reads, no writes');
  const invalid = scopeProblem(spec);
  if (invalid) return closed('stalled', invalid.reason, invalid.message);
  const mapping = loadMapping(ctx, scope);
  if (!mapping.ok)
    return closed(
      mapping.reason === 'MappingSuspended' ? 'notReady' : 'stalled',
      mapping.reason,
      mapping.message,
    );
  const source = await ctx.tenants.connect(namespace, spec.source.tenantLinkRef);
  if (!source.ok) return closed('notReady', source.reason, `source: ${source.message}`);
  const target = await ctx.tenants.connect(namespace, spec.target.tenantLinkRef);
  if (!target.ok) return closed('notReady', target.reason, `target: ${target.message}`);
  // A DryRun scope beside an enforcing one previews a change safely.
  const overlap =
    spec.mode === 'DryRun'
      ? undefined
      : overlapBlock(scope, writers, (ns, l) => ctx.tenants.tenantIdOf(ns, l));
  if (overlap) return { open: false, readiness: overlap };
  const blocked = await preflight.check(
    key,
    source.connection,
    target.connection,
    scope.spec.anchorAttribute,
  );
  if (blocked) return { open: false, readiness: blocked };
  return {
    open: true,
    inputs: {
      source: source.connection,
      target: target.connection,
      mapping: mapping.mapping,
      mappingSpec: mapping.spec,
    },
  };
}
