// Typed admin calls of the Lifecycle Workflows module, for tests and the demo.
import type { SimAdminClient } from '../../admin-client.js';
import type { SentMail } from './state.js';

export type { SentMail } from './state.js';

/** The mails that send-email tasks delivered in a tenant (id or domain), oldest first. */
export async function sentMail(admin: SimAdminClient, tenant: string): Promise<SentMail[]> {
  return (
    await admin.call<{ mail: SentMail[] }>(
      'GET',
      `/tenants/${encodeURIComponent(tenant)}/lifecycle-workflows/mail`,
    )
  ).mail;
}
