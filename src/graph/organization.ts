import type { GraphClient } from './client.js';
import type { GraphPage, TenantOrganization, VerifiedDomain } from './types.js';

interface RawOrganization {
  id: string;
  displayName?: string | null;
  verifiedDomains?: { name?: string; isDefault?: boolean; isInitial?: boolean; type?: string }[];
}

/** The tenant's name and domains (TenantLink status); needs Organization.Read.All or User.Read.All. */
export async function getOrganization(client: GraphClient): Promise<TenantOrganization> {
  const page = await client.get<GraphPage<RawOrganization>>(
    '/organization?$select=id,displayName,verifiedDomains',
  );
  const org = page.value[0];
  if (!org) throw new Error(`Graph returned no organization for tenant ${client.tenantId}`);
  const verifiedDomains: VerifiedDomain[] = (org.verifiedDomains ?? []).map((d) => ({
    name: d.name ?? '',
    isDefault: d.isDefault ?? false,
    isInitial: d.isInitial ?? false,
    ...(d.type ? { type: d.type } : {}),
  }));
  const defaultDomain = (verifiedDomains.find((d) => d.isDefault) ?? verifiedDomains.find((d) => d.isInitial))
    ?.name;
  return { id: org.id, displayName: org.displayName ?? '', defaultDomain, verifiedDomains };
}
