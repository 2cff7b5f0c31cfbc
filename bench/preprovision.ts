// A target tenant that already holds the B2B users a sync would create, loaded through the simulator's
// admin API: `--preprovision-from N` measures the steady-state figures (memory, planning, latency) of a
// large run without waiting for its quota-bound initial sync.
import type { SimAdminClient } from '../src/graph-sim/admin-client.js';
import { generateUsers } from '../src/graph-sim/seed/generate.js';
import type { UserSeed } from '../src/graph-sim/seed/seed-schema.js';
import { stableId } from '../src/graph-sim/seed/stable-id.js';
import { desiredAttributes, toGraphPatch } from '../src/sync/desired.js';
import { CONTOSO, EMEA, defaultMapping, syncSpec } from '../test/sync/engine.js';

const CHUNK = 5_000;

/**
 * Adds to Contoso, for each of the `count` users the simulator generated in EMEA, the user the engine's
 * create would leave: the invitation's B2B properties plus the default mapping's attributes and anchor.
 */
export async function preprovisionTarget(admin: SimAdminClient, count: number): Promise<void> {
  const mapping = defaultMapping();
  const spec = syncSpec({ groups: [] });
  const ctx = { now: () => new Date(), random: Math.random, isUnique: () => true };
  const generated = generateUsers(count, EMEA.domain);
  for (let start = 0; start < count; start += CHUNK) {
    const seeds: UserSeed[] = generated.slice(start, start + CHUNK).map((u) => {
      const id = stableId(EMEA.tenantId, 'user', u.userPrincipalName);
      const desired = desiredAttributes({ id, attributes: u }, mapping, {
        sourceTenantId: EMEA.tenantId,
        anchorAttribute: spec.anchorAttribute,
        forCreate: true,
        ctx,
      });
      if (!desired.ok) throw new Error(`the default mapping failed for ${u.userPrincipalName}`);
      const mail = String(u['mail']);
      const props = toGraphPatch(desired.attributes);
      return {
        ...props,
        userPrincipalName: `${mail.replace('@', '_')}#EXT#@${CONTOSO.domain}`,
        displayName: String(props['displayName']),
        otherMails: [mail],
        creationType: 'Invitation',
        externalUserState: 'PendingAcceptance',
        identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }],
      };
    });
    await admin.addUsers(CONTOSO.tenantId, seeds);
  }
}
