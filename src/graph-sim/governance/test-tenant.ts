// Unit-test support for the governance modules: one real tenant in a fresh store, no seed, no network.
import { SimStore } from '../store/store.js';
import type { TenantState } from '../store/tenant.js';

/** Creates a fresh SimStore holding one empty tenant 't1' (domain t.example) for unit tests. */
export function newTestTenant(): { store: SimStore; tenant: TenantState } {
  const store = new SimStore();
  const tenant = store.addTenant({
    id: 't1',
    displayName: 'T',
    domains: ['t.example'],
    defaultDomain: 't.example',
    initialDomain: 't.onmicrosoft.com',
  });
  return { store, tenant };
}
