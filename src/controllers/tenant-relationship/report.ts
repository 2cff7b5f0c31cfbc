// Status, Events and the TenantLinks of a TenantRelationship: one place reports what a pass found and did.
import type {
  TenantRelationship,
  TenantRelationshipSpec,
  TenantRelationshipStatus,
} from '../../api/index.js';
import { API_VERSION } from '../../api/index.js';
import type { Condition, Readiness } from '../../kube/conditions.js';
import { findCondition, READY, setReadiness } from '../../kube/conditions.js';
import type { ObjectRef } from '../../kube/status.js';
import { updateStatus } from '../../kube/status.js';
import type { OperatorContext } from '../context.js';

/** Every TenantLink the spec names, each once. */
export function linksOf(spec: TenantRelationshipSpec): string[] {
  const organization = spec.multiTenantOrganization;
  return [
    ...new Set([
      ...spec.pairs.flatMap((p) => [p.source, p.target]),
      ...(organization ? [organization.owner, ...organization.members] : []),
    ]),
  ];
}

/** One pass: the status it found, its readiness, when to look again, and what it wrote (for an Event). */
export interface Pass {
  status: Partial<TenantRelationshipStatus>;
  readiness: Readiness;
  requeueAfterMs: number;
  wrote: string[];
  /** Declared settings someone changed in a tenant after they were in place. */
  corrected: string[];
}

const MAX_LISTED = 20;

function listed(lines: readonly string[]): string {
  const more = lines.length > MAX_LISTED ? `; and ${lines.length - MAX_LISTED} more` : '';
  return lines.slice(0, MAX_LISTED).join('; ') + more;
}

/** Writes the pass into status, then records Events: Ready changes, settings written, drift corrected. */
export async function report(
  ctx: OperatorContext,
  ref: ObjectRef,
  rel: TenantRelationship,
  pass: Pass,
): Promise<void> {
  const now = ctx.now();
  let before: Condition | undefined;
  let after: Condition | undefined;
  await updateStatus<TenantRelationship, TenantRelationshipStatus>(ctx.clients, ref, (current) => {
    const generation = current.metadata.generation;
    before = findCondition(current.status?.conditions, READY);
    const conditions = setReadiness(current.status?.conditions, pass.readiness, generation, now);
    after = findCondition(conditions, READY);
    return { ...current.status, ...pass.status, observedGeneration: generation, conditions };
  });
  const subject = { apiVersion: API_VERSION, kind: 'TenantRelationship', metadata: rel.metadata };
  if (pass.corrected.length > 0)
    void ctx.events.event(
      subject,
      'Warning',
      'DriftCorrected',
      `changed in a tenant and set back: ${listed(pass.corrected)}`,
    );
  if (pass.wrote.length > 0) void ctx.events.event(subject, 'Normal', 'SettingsApplied', listed(pass.wrote));
  if (after && (before?.status !== after.status || before?.reason !== after.reason)) {
    const type = after.status === 'False' && after.reason !== 'Suspended' ? 'Warning' : 'Normal';
    void ctx.events.event(subject, type, after.reason, after.message);
  }
}
