import { SimClock } from '../realism/clock.js';
import { TenantState } from './tenant.js';
import type { TenantInfo } from './types.js';

/** All simulated tenants, found by id or by any verified domain. */
export class SimStore {
  readonly clock = new SimClock();
  readonly tenants = new Map<string, TenantState>();
  private readonly byDomain = new Map<string, TenantState>();

  /** Adds a tenant, or returns the existing one with that id. */
  addTenant(info: TenantInfo): TenantState {
    const existing = this.tenants.get(info.id);
    if (existing) return existing;
    const tenant = new TenantState(info, this.clock);
    this.tenants.set(info.id, tenant);
    for (const domain of [...info.domains, info.initialDomain])
      this.byDomain.set(domain.toLowerCase(), tenant);
    return tenant;
  }

  /** Tenant by id or verified domain (what the authority path carries). */
  resolve(idOrDomain: string): TenantState | undefined {
    return this.tenants.get(idOrDomain.toLowerCase()) ?? this.byDomain.get(idOrDomain.toLowerCase());
  }

  /** The tenant that owns the domain of an e-mail address, if simulated. */
  tenantOfAddress(address: string): TenantState | undefined {
    const at = address.lastIndexOf('@');
    return at < 0 ? undefined : this.byDomain.get(address.slice(at + 1).toLowerCase());
  }

  /** Removes every tenant (the clock keeps its offset). */
  clear(): void {
    this.tenants.clear();
    this.byDomain.clear();
  }
}
