// Desired partner configurations from a TenantRelationship's pairs, and the plan that brings one tenant's
// configuration for one partner there, writing only what the pairs declare.
import type { TenantPair } from '../api/index.js';
import type {
  CrossTenantAccessSettings,
  IdentitySyncPolicy,
  InboundTrust,
  PartnerConfiguration,
} from '../graph/index.js';
import type { B2BAccess } from './b2b.js';
import { b2bSettingFor, b2bSettingIs } from './b2b.js';

/** What one tenant (`holder`) should say about one partner; absent fields are not managed. */
export interface PartnerDesire {
  /** TenantLink of the tenant holding the configuration. */
  holder: string;
  /** TenantLink of the partner tenant it configures. */
  partner: string;
  b2bInbound?: B2BAccess;
  b2bOutbound?: B2BAccess;
  redemptionInbound?: boolean;
  redemptionOutbound?: boolean;
  trust?: { mfa?: boolean; compliantDevice?: boolean; hybridJoinedDevice?: boolean };
  allowUserSync?: boolean;
}

function desireOf(desires: Map<string, PartnerDesire>, holder: string, partner: string): PartnerDesire {
  const key = JSON.stringify([holder, partner]);
  let desire = desires.get(key);
  if (!desire) {
    desire = { holder, partner };
    desires.set(key, desire);
  }
  return desire;
}

/**
 * Splits each direction into the target's configuration for the source (inbound side, trust, user sync) and
 * the source's configuration for the target (outbound side). Two directions between the same tenants fill
 * different fields of the same configurations, so merging them never conflicts.
 */
export function partnerDesires(pairs: readonly TenantPair[]): PartnerDesire[] {
  const desires = new Map<string, PartnerDesire>();
  for (const pair of pairs) {
    const inbound = desireOf(desires, pair.target, pair.source);
    const outbound = desireOf(desires, pair.source, pair.target);
    if (pair.b2bCollaboration) {
      inbound.b2bInbound = pair.b2bCollaboration;
      outbound.b2bOutbound = pair.b2bCollaboration;
    }
    if (pair.automaticRedemption !== undefined) {
      inbound.redemptionInbound = pair.automaticRedemption;
      outbound.redemptionOutbound = pair.automaticRedemption;
    }
    if (pair.inboundTrust) inbound.trust = pair.inboundTrust;
    if (pair.allowUserSync !== undefined) inbound.allowUserSync = pair.allowUserSync;
  }
  return [...desires.values()];
}

/** The writes that bring one partner configuration to its desire. */
export interface PartnerPlan {
  holder: string;
  partner: string;
  partnerTenantId: string;
  /** POST a new configuration (with `changes`) rather than PATCH `changes` into the existing one. */
  create: boolean;
  /** Properties to send; empty when the configuration matches. */
  changes: CrossTenantAccessSettings;
  identitySync?: { method: 'PUT' | 'PATCH'; body: IdentitySyncPolicy };
  /** Each declared setting that differs, for status, Events and the Ready message. */
  drift: string[];
}

const TRUST_FIELDS = [
  ['mfa', 'isMfaAccepted'],
  ['compliantDevice', 'isCompliantDeviceAccepted'],
  ['hybridJoinedDevice', 'isHybridAzureADJoinedDeviceAccepted'],
] as const;

/**
 * Compares a desire with what the holder tenant has (`observed` undefined: no configuration for the partner
 * yet). Complex properties are sent whole, as a PATCH replaces them: the parts the desire leaves out are
 * sent as observed, so what another administrator set stays. A null property (inherited from the default)
 * is written explicitly so the relationship no longer depends on the default.
 */
export function planPartner(
  desire: PartnerDesire,
  partnerTenantId: string,
  observed: PartnerConfiguration | undefined,
  observedSync: IdentitySyncPolicy | undefined,
): PartnerPlan {
  const changes: CrossTenantAccessSettings = {};
  const drift: string[] = [];
  const where = `${desire.holder}: partner ${desire.partner}`;
  for (const [direction, access] of [
    ['b2bCollaborationInbound', desire.b2bInbound],
    ['b2bCollaborationOutbound', desire.b2bOutbound],
  ] as const) {
    if (access && !b2bSettingIs(observed?.[direction], access)) {
      changes[direction] = b2bSettingFor(access);
      drift.push(`${where}: ${direction} is not ${access} for all users and applications`);
    }
  }
  const consent = observed?.automaticUserConsentSettings;
  const inbound = desire.redemptionInbound ?? consent?.inboundAllowed ?? false;
  const outbound = desire.redemptionOutbound ?? consent?.outboundAllowed ?? false;
  const redemption: [string, boolean | undefined, boolean][] = [
    ['inboundAllowed', desire.redemptionInbound, consent?.inboundAllowed ?? false],
    ['outboundAllowed', desire.redemptionOutbound, consent?.outboundAllowed ?? false],
  ];
  for (const [field, wanted, actual] of redemption) {
    if (wanted !== undefined && wanted !== actual)
      drift.push(`${where}: automaticUserConsentSettings.${field} is ${actual}, declared ${wanted}`);
  }
  if (redemption.some(([, wanted, actual]) => wanted !== undefined && wanted !== actual))
    changes.automaticUserConsentSettings = { inboundAllowed: inbound, outboundAllowed: outbound };
  if (desire.trust) {
    const trust: InboundTrust = {};
    let differs = false;
    for (const [name, field] of TRUST_FIELDS) {
      const actual = observed?.inboundTrust?.[field];
      const wanted = desire.trust[name];
      trust[field] = wanted ?? actual ?? false;
      if (wanted !== undefined && wanted !== actual) {
        differs = true;
        drift.push(`${where}: inboundTrust.${field} is ${actual ?? 'inherited'}, declared ${wanted}`);
      }
    }
    if (differs) changes.inboundTrust = trust;
  }
  const plan: PartnerPlan = {
    holder: desire.holder,
    partner: desire.partner,
    partnerTenantId,
    create: false,
    changes,
    drift,
  };
  // No identity synchronization policy reads as sync not allowed.
  const syncAllowed = observedSync?.userSyncInbound?.isSyncAllowed ?? false;
  if (desire.allowUserSync !== undefined && desire.allowUserSync !== syncAllowed) {
    drift.push(
      `${where}: identitySynchronization.userSyncInbound.isSyncAllowed is ${syncAllowed}, ` +
        `declared ${desire.allowUserSync}`,
    );
    plan.identitySync = {
      method: observedSync ? 'PATCH' : 'PUT',
      body: { userSyncInbound: { isSyncAllowed: desire.allowUserSync } },
    };
  }
  // The identity synchronization policy lives under the partner configuration, which must exist first.
  plan.create =
    observed === undefined && (Object.keys(changes).length > 0 || plan.identitySync !== undefined);
  return plan;
}

/** Whether a plan writes anything. */
export function plansWrites(plan: PartnerPlan): boolean {
  return plan.create || Object.keys(plan.changes).length > 0 || plan.identitySync !== undefined;
}

/**
 * The writes that bring a missing configuration into being: the POST carries what the create page lists (tenantId,
 * the B2B settings and inboundTrust); automatic redemption, a property of the resource the page does not list
 * for create, follows in a PATCH. A crash in between leaves a configuration the next pass finishes.
 */
export function creationWrites(
  partnerTenantId: string,
  changes: CrossTenantAccessSettings,
): { create: CrossTenantAccessSettings & { tenantId: string }; then?: CrossTenantAccessSettings } {
  const { automaticUserConsentSettings, ...listed } = changes;
  return {
    create: { tenantId: partnerTenantId, ...listed },
    ...(automaticUserConsentSettings ? { then: { automaticUserConsentSettings } } : {}),
  };
}
