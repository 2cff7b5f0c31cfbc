// Reads, plans and writes the partner configurations a TenantRelationship declares, in both tenants of
// each pair; and removes them for deletionPolicy Delete.
import type { TenantPair } from '../../api/index.js';
import {
  createPartnerConfiguration,
  deleteIdentitySyncPolicy,
  deletePartnerConfiguration,
  getIdentitySyncPolicy,
  getPartnerConfiguration,
  updatePartnerConfiguration,
  writeIdentitySyncPolicy,
} from '../../graph/index.js';
import type { PartnerPlan } from '../../relationships/partners.js';
import { creationWrites, partnerDesires, planPartner, plansWrites } from '../../relationships/partners.js';
import type { TenantConnection } from '../shared/tenant-clients.js';
import { linkOf } from './connections.js';

/** Plans every declared partner configuration and, unless `dryRun`, writes what differs. */
export async function reconcilePartners(
  links: Map<string, TenantConnection>,
  pairs: readonly TenantPair[],
  dryRun: boolean,
): Promise<PartnerPlan[]> {
  const plans: PartnerPlan[] = [];
  for (const desire of partnerDesires(pairs)) {
    const holder = linkOf(links, desire.holder).client;
    const partnerTenantId = linkOf(links, desire.partner).tenantId;
    const observed = await getPartnerConfiguration(holder, partnerTenantId);
    // Without a partner configuration there is no identity synchronization policy under it either.
    const observedSync =
      desire.allowUserSync !== undefined && observed
        ? await getIdentitySyncPolicy(holder, partnerTenantId)
        : undefined;
    const plan = planPartner(desire, partnerTenantId, observed, observedSync);
    if (!dryRun && plansWrites(plan)) {
      if (plan.create) {
        const writes = creationWrites(partnerTenantId, plan.changes);
        await createPartnerConfiguration(holder, writes.create);
        if (writes.then) await updatePartnerConfiguration(holder, partnerTenantId, writes.then);
      } else if (Object.keys(plan.changes).length > 0)
        await updatePartnerConfiguration(holder, partnerTenantId, plan.changes);
      if (plan.identitySync)
        await writeIdentitySyncPolicy(
          holder,
          partnerTenantId,
          plan.identitySync.method,
          plan.identitySync.body,
        );
    }
    plans.push(plan);
  }
  return plans;
}

/** Deletes the declared partner configurations (identity synchronization policy first) in every tenant. */
export async function deletePartners(
  links: Map<string, TenantConnection>,
  pairs: readonly TenantPair[],
): Promise<void> {
  for (const desire of partnerDesires(pairs)) {
    const holder = linkOf(links, desire.holder).client;
    const partnerTenantId = linkOf(links, desire.partner).tenantId;
    // Graph refuses to delete a partner configuration that still holds a user synchronization policy.
    await deleteIdentitySyncPolicy(holder, partnerTenantId);
    await deletePartnerConfiguration(holder, partnerTenantId);
  }
}

/** What a pass did or would do, one line per partner configuration that differed. */
export function describePartnerPlan(plan: PartnerPlan): string | undefined {
  if (!plansWrites(plan)) return undefined;
  const fields = [
    ...Object.keys(plan.changes),
    ...(plan.identitySync ? ['identitySynchronization'] : []),
  ].join(', ');
  const verb = plan.create ? 'create' : 'update';
  return `${verb} the partner configuration for ${plan.partner} in ${plan.holder} (${fields})`;
}
