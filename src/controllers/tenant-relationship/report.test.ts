import type { TenantRelationship, TenantRelationshipStatus } from '../../api/index.js';
import type { PartnerPlan } from '../../relationships/partners.js';
import { fakeOperator, resource } from '../../../test/support/kind-controller.js';
import { relationshipKind } from './controller.js';
import type { OrganizationPass } from './organization.js';
import { outcome } from './report.js';

const NOW = new Date('2026-01-05T10:00:00.123Z');

function relationship(status?: TenantRelationshipStatus, generation = 2): TenantRelationship {
  const declared = resource('TenantRelationship', 'us-emea', {
    pairs: [{ source: 'emea', target: 'contoso' }],
  });
  return { ...declared, metadata: { ...declared.metadata, generation }, ...(status ? { status } : {}) };
}

/** The partner configuration for EMEA in Contoso: in place, or with `drift` to correct. */
function plan(drift: string[] = []): PartnerPlan {
  return {
    holder: 'contoso',
    partner: 'emea',
    partnerTenantId: 'tenant-emea',
    create: false,
    changes: drift.length > 0 ? { inboundTrust: { isMfaAccepted: true } } : {},
    drift,
  };
}
const MFA_DRIFT = 'contoso: inboundTrust.isMfaAccepted is false, declared true';

/** The status of the last pass of generation 2, which found everything in place. */
const IN_SYNC: TenantRelationshipStatus = {
  observedGeneration: 2,
  partners: [{ tenantLinkRef: 'contoso', partnerTenantId: 'tenant-emea', inSync: true }],
};

describe('TenantRelationship outcome', () => {
  it('is ready and writes nothing new when the tenants match, looking again at the resync', () => {
    const pass = outcome(relationship(IN_SYNC), [plan()], undefined, false, NOW);
    expect(pass.readiness).toMatchObject({ state: 'ready', reason: 'ReconciliationSucceeded' });
    expect(pass.events).toEqual([]);
    expect(pass.fields?.(IN_SYNC)).toEqual({ ...IN_SYNC, drift: [] });
    expect(pass.requeueAfterMs).toBe(60_000);
  });

  it('reports a setting changed by hand since an in-sync pass as DriftCorrected, and what it wrote', () => {
    const pass = outcome(relationship(IN_SYNC), [plan([MFA_DRIFT])], undefined, false, NOW);
    expect(pass.events).toEqual([
      {
        type: 'Warning',
        reason: 'DriftCorrected',
        message: `changed in a tenant and set back: ${MFA_DRIFT}`,
      },
      { type: 'Normal', reason: 'SettingsApplied', message: expect.stringContaining('update the partner') },
    ]);
    expect(pass.fields?.(IN_SYNC)).toMatchObject({
      partners: [expect.objectContaining({ inSync: false })],
      drift: [MFA_DRIFT],
      lastChangeTime: '2026-01-05T10:00:00Z',
    });
    expect(pass.requeueAfterMs).toBe(10_000);
  });

  it('does not call the first writes of a new generation drift', () => {
    const pass = outcome(relationship(IN_SYNC, 3), [plan([MFA_DRIFT])], undefined, false, NOW);
    expect(pass.events?.map((e) => e.reason)).toEqual(['SettingsApplied']);
  });

  it('in DryRun lists what it would write, writes no time and records nothing', () => {
    const pass = outcome(relationship(IN_SYNC), [plan([MFA_DRIFT])], undefined, true, NOW);
    expect(pass.readiness).toMatchObject({ state: 'ready', reason: 'DryRun' });
    expect(pass.readiness.message).toContain('DryRun: would update the partner configuration for emea');
    expect(pass.events).toEqual([]);
    expect(pass.fields?.(IN_SYNC)).not.toHaveProperty('lastChangeTime');
  });

  it('is progressing while members of the multitenant organization are joining', () => {
    const organization: OrganizationPass = {
      plan: { steps: [], joining: ['emea'] },
      status: { state: 'active', tenants: [] },
    };
    const pass = outcome(relationship(IN_SYNC), [plan()], organization, false, NOW);
    expect(pass.readiness).toMatchObject({ state: 'progressing', reason: 'MultiTenantOrganizationJoining' });
    expect(pass.readiness.message).toContain('emea joining');
    expect(pass.fields?.(IN_SYNC)).toMatchObject({ multiTenantOrganization: { state: 'active' } });
    expect(pass.requeueAfterMs).toBe(10_000);
  });
});

describe('TenantRelationship act', () => {
  it('waits for a TenantLink that is not ready before reading either tenant', async () => {
    const t = fakeOperator(relationship());
    await expect(t.reconcile(relationshipKind(t.ctx))).resolves.toEqual({ requeueAfterMs: 30_000 });
    expect(t.connects).toEqual(['emea']);
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'TenantLinkNotReady' });
  });
});
