import type { PartnerConfiguration } from '../graph/index.js';
import { b2bSettingFor } from './b2b.js';
import { creationWrites, partnerDesires, planPartner, plansWrites } from './partners.js';

const EMEA_ID = '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f';

describe('partnerDesires', () => {
  it('splits a direction into the target inbound side and the source outbound side', () => {
    expect(
      partnerDesires([
        {
          source: 'emea',
          target: 'contoso',
          b2bCollaboration: 'Allowed',
          automaticRedemption: true,
          inboundTrust: { mfa: true },
          allowUserSync: false,
        },
      ]),
    ).toEqual([
      {
        holder: 'contoso',
        partner: 'emea',
        b2bInbound: 'Allowed',
        redemptionInbound: true,
        trust: { mfa: true },
        allowUserSync: false,
      },
      { holder: 'emea', partner: 'contoso', b2bOutbound: 'Allowed', redemptionOutbound: true },
    ]);
  });

  it('merges both directions between two tenants into one configuration per tenant', () => {
    const desires = partnerDesires([
      { source: 'emea', target: 'contoso', automaticRedemption: true },
      { source: 'contoso', target: 'emea', automaticRedemption: false },
    ]);
    expect(desires).toEqual([
      { holder: 'contoso', partner: 'emea', redemptionInbound: true, redemptionOutbound: false },
      { holder: 'emea', partner: 'contoso', redemptionOutbound: true, redemptionInbound: false },
    ]);
  });
});

describe('planPartner', () => {
  const existing: PartnerConfiguration = {
    tenantId: EMEA_ID,
    b2bCollaborationInbound: b2bSettingFor('Allowed'),
    automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
    inboundTrust: {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: true,
      isHybridAzureADJoinedDeviceAccepted: false,
    },
  };

  it('creates a missing configuration with only the declared settings', () => {
    const plan = planPartner(
      { holder: 'contoso', partner: 'emea', redemptionInbound: true },
      EMEA_ID,
      undefined,
      undefined,
    );
    expect(plan).toMatchObject({
      create: true,
      changes: { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } },
    });
    expect(plan.drift).toEqual([
      'contoso: partner emea: automaticUserConsentSettings.inboundAllowed is false, declared true',
    ]);
  });

  it('writes nothing when the declared settings match, whatever else is set', () => {
    const plan = planPartner(
      {
        holder: 'contoso',
        partner: 'emea',
        b2bInbound: 'Allowed',
        redemptionInbound: true,
        trust: { mfa: true },
      },
      EMEA_ID,
      existing,
      undefined,
    );
    expect(plansWrites(plan)).toBe(false);
    expect(plan.drift).toEqual([]);
  });

  it('keeps the undeclared half of a complex setting as observed', () => {
    const plan = planPartner(
      { holder: 'contoso', partner: 'emea', redemptionInbound: false, trust: { mfa: false } },
      EMEA_ID,
      existing,
      undefined,
    );
    expect(plan.create).toBe(false);
    expect(plan.changes).toEqual({
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true },
      inboundTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: true,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
  });

  it('reads a null (inherited) automatic redemption as the default, false', () => {
    const plan = planPartner(
      { holder: 'contoso', partner: 'emea', redemptionOutbound: false },
      EMEA_ID,
      { tenantId: EMEA_ID, automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null } },
      undefined,
    );
    expect(plansWrites(plan)).toBe(false);
  });

  it('pins an inherited B2B setting explicitly', () => {
    const plan = planPartner(
      { holder: 'emea', partner: 'contoso', b2bOutbound: 'Allowed' },
      EMEA_ID,
      { tenantId: EMEA_ID, b2bCollaborationOutbound: null },
      undefined,
    );
    expect(plan.changes).toEqual({ b2bCollaborationOutbound: b2bSettingFor('Allowed') });
  });

  it('creates the identity synchronization policy with PUT, changes it with PATCH', () => {
    const desire = { holder: 'contoso', partner: 'emea', allowUserSync: true };
    const created = planPartner(desire, EMEA_ID, undefined, undefined);
    expect(created).toMatchObject({ create: true, changes: {}, identitySync: { method: 'PUT' } });
    const changed = planPartner(desire, EMEA_ID, existing, { userSyncInbound: { isSyncAllowed: false } });
    expect(changed).toMatchObject({
      create: false,
      identitySync: { method: 'PATCH', body: { userSyncInbound: { isSyncAllowed: true } } },
    });
    expect(
      planPartner({ ...desire, allowUserSync: false }, EMEA_ID, existing, undefined).identitySync,
    ).toBeUndefined();
  });
});

describe('creationWrites', () => {
  it('creates with the properties the create page lists, then sets automatic redemption with a PATCH', () => {
    const changes = {
      b2bCollaborationInbound: b2bSettingFor('Allowed'),
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
    };
    expect(creationWrites(EMEA_ID, changes)).toEqual({
      create: { tenantId: EMEA_ID, b2bCollaborationInbound: b2bSettingFor('Allowed') },
      then: { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } },
    });
    expect(creationWrites(EMEA_ID, { inboundTrust: { isMfaAccepted: true } })).toEqual({
      create: { tenantId: EMEA_ID, inboundTrust: { isMfaAccepted: true } },
    });
  });
});
