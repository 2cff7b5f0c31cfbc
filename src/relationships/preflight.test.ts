import type { DefaultConfiguration, PartnerConfiguration } from '../graph/index.js';
import { b2bSettingFor } from './b2b.js';
import type { PreflightInput } from './preflight.js';
import { preflightCondition, preflightFindings } from './preflight.js';

const SERVICE_DEFAULT: DefaultConfiguration = {
  isServiceDefault: true,
  b2bCollaborationInbound: b2bSettingFor('Allowed'),
  b2bCollaborationOutbound: b2bSettingFor('Allowed'),
  automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
};

function input(changes: {
  allowInvitesFrom?: string;
  targetPartner?: PartnerConfiguration;
  sourcePartner?: PartnerConfiguration;
  targetDefaults?: DefaultConfiguration;
}): PreflightInput {
  return {
    source: {
      link: 'emea',
      tenantId: 'e',
      defaults: SERVICE_DEFAULT,
      partner: changes.sourcePartner ?? {
        tenantId: 'c',
        automaticUserConsentSettings: { outboundAllowed: true },
      },
    },
    target: {
      link: 'contoso',
      tenantId: 'c',
      defaults: changes.targetDefaults ?? SERVICE_DEFAULT,
      partner: changes.targetPartner ?? {
        tenantId: 'e',
        automaticUserConsentSettings: { inboundAllowed: true },
      },
      allowInvitesFrom: changes.allowInvitesFrom ?? 'everyone',
    },
  };
}

describe('preflightFindings', () => {
  it('passes with invitations open, B2B inherited as allowed and automatic redemption both ways', () => {
    expect(preflightFindings(input({}))).toEqual([]);
  });

  it.each(['none', 'adminsAndGuestInviters'])(
    'stops when invitations are limited to %s',
    (allowInvitesFrom) => {
      const findings = preflightFindings(input({ allowInvitesFrom }));
      expect(findings.map((f) => f.reason)).toEqual(['InvitationsRestricted']);
      expect(findings[0]?.message).toContain(
        `in tenant contoso (c): authorizationPolicy allowInvitesFrom is ${allowInvitesFrom}`,
      );
    },
  );

  it('accepts member-wide invitations', () => {
    expect(preflightFindings(input({ allowInvitesFrom: 'adminsGuestInvitersAndAllMembers' }))).toEqual([]);
  });

  it('stops when automatic redemption is missing on either side, naming each', () => {
    const condition = preflightCondition(
      preflightFindings(input({ targetPartner: undefined, sourcePartner: { tenantId: 'c' } })),
    );
    expect(condition?.reason).toBe('AutomaticRedemptionMissing');
    expect(condition?.message).toContain('outbound in tenant emea (e) for contoso');
    const neither = preflightCondition(
      preflightFindings({ ...input({}), target: { ...input({}).target, partner: undefined } }),
    );
    expect(neither?.message).toContain('inbound in tenant contoso (c) for emea');
  });

  it('stops when inbound B2B is blocked by the default the partner inherits, or limited to some users', () => {
    const blocked = preflightFindings(
      input({ targetDefaults: { ...SERVICE_DEFAULT, b2bCollaborationInbound: b2bSettingFor('Blocked') } }),
    );
    expect(blocked.map((f) => f.reason)).toEqual(['B2BCollaborationBlocked']);
    const some = preflightFindings(
      input({
        targetPartner: {
          tenantId: 'e',
          automaticUserConsentSettings: { inboundAllowed: true },
          b2bCollaborationInbound: {
            usersAndGroups: { accessType: 'allowed', targets: [{ target: 'g1', targetType: 'group' }] },
          },
        },
      }),
    );
    expect(some.map((f) => f.reason)).toEqual(['B2BCollaborationBlocked']);
  });

  it('lets a partner allow what the default blocks', () => {
    const findings = preflightFindings(
      input({
        targetDefaults: { ...SERVICE_DEFAULT, b2bCollaborationInbound: b2bSettingFor('Blocked') },
        targetPartner: {
          tenantId: 'e',
          automaticUserConsentSettings: { inboundAllowed: true },
          b2bCollaborationInbound: b2bSettingFor('Allowed'),
        },
      }),
    );
    expect(findings).toEqual([]);
  });
});
