import type { JoinRequest } from '../graph/index.js';
import type { DesiredOrganization, ObservedOrganization } from './multi-tenant-organization.js';
import { describeStep, planOrganization } from './multi-tenant-organization.js';

const desired: DesiredOrganization = {
  displayName: 'Contoso',
  owner: { link: 'contoso', tenantId: 'C' },
  members: [
    { link: 'emea', tenantId: 'E' },
    { link: 'us', tenantId: 'U' },
  ],
};

function observed(
  changes: Partial<ObservedOrganization>,
  requests: Record<string, JoinRequest> = {},
): ObservedOrganization {
  return {
    organization: { state: 'active', displayName: 'Contoso' },
    tenants: [
      { tenantId: 'c', role: 'owner', state: 'active' },
      { tenantId: 'e', role: 'member', state: 'active' },
      { tenantId: 'u', role: 'member', state: 'active' },
    ],
    joinRequests: new Map(
      Object.entries({
        emea: { addedByTenantId: 'C', memberState: 'active' },
        us: { addedByTenantId: 'C', memberState: 'active' },
        ...requests,
      }),
    ),
    ...changes,
  };
}

describe('planOrganization', () => {
  it('creates, adds and joins everything in a tenant without an organization', () => {
    const plan = planOrganization(
      desired,
      observed({ organization: { state: 'inactive' }, tenants: [], joinRequests: new Map() }),
    );
    expect(plan.steps.map((s) => describeStep(s, 'contoso'))).toEqual([
      'create multitenant organization "Contoso" in contoso',
      'add emea to the multitenant organization',
      'join emea to the multitenant organization of contoso',
      'add us to the multitenant organization',
      'join us to the multitenant organization of contoso',
    ]);
  });

  it('does nothing once every tenant is active', () => {
    expect(planOrganization(desired, observed({}))).toEqual({ steps: [], joining: [] });
  });

  it('waits for a join Entra is completing instead of sending it again', () => {
    const plan = planOrganization(
      desired,
      observed(
        {},
        { us: { addedByTenantId: 'c', memberState: 'pending', transitionDetails: { status: 'running' } } },
      ),
    );
    expect(plan).toEqual({ steps: [], joining: ['us'] });
  });

  it('sends a failed join again and corrects the display name', () => {
    const plan = planOrganization(
      desired,
      observed(
        { organization: { state: 'active', displayName: 'Old' } },
        { emea: { addedByTenantId: 'C', memberState: 'pending', transitionDetails: { status: 'failed' } } },
      ),
    );
    expect(plan.steps).toEqual([
      { kind: 'update', changes: { displayName: 'Contoso' } },
      { kind: 'join', member: { link: 'emea', tenantId: 'E' } },
    ]);
  });
});
