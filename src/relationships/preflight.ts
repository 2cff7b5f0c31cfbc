// Whether a SyncScope's invitations and users can work between two tenants, judged from the settings that
// decide it, before anything is written into the target.
import type { AllowInvitesFrom, DefaultConfiguration, PartnerConfiguration } from '../graph/index.js';
import { allowsAllUsers, automaticRedemption, effectiveB2BUsers } from './b2b.js';

/** One tenant of the pair as the preflight names it and what it read there. */
export interface PreflightTenant {
  /** TenantLink name, as users know the tenant here. */
  link: string;
  tenantId: string;
  defaults: DefaultConfiguration;
  /** Its partner configuration for the other tenant; undefined when it has none. */
  partner: PartnerConfiguration | undefined;
}

/** What the preflight read in both tenants. */
export interface PreflightInput {
  source: PreflightTenant;
  target: PreflightTenant & { allowInvitesFrom: AllowInvitesFrom };
}

/** Condition reasons of a failed preflight, most fundamental first. */
export type PreflightReason =
  'InvitationsRestricted' | 'B2BCollaborationBlocked' | 'AutomaticRedemptionMissing';

/** A setting that blocks the SyncScope: where it is and what to change. */
export interface PreflightFinding {
  reason: PreflightReason;
  message: string;
}

// The invitation API documents that app-only invitations fail when invitations are turned off or limited to
// administrators (and guest inviters); a member-wide or open setting lets the operator's app invite.
const INVITING = new Set(['adminsGuestInvitersAndAllMembers', 'everyone']);

const FIX =
  'declare it on a TenantRelationship pair or change it in Entra (External Identities > Cross-tenant access settings)';

/** Every setting that would block or strand the users a SyncScope creates; empty when all is well. */
export function preflightFindings(input: PreflightInput): PreflightFinding[] {
  const { source, target } = input;
  const findings: PreflightFinding[] = [];
  const inTarget = `in tenant ${target.link} (${target.tenantId})`;
  const inSource = `in tenant ${source.link} (${source.tenantId})`;
  if (!INVITING.has(target.allowInvitesFrom)) {
    findings.push({
      reason: 'InvitationsRestricted',
      message:
        `${inTarget}: authorizationPolicy allowInvitesFrom is ${target.allowInvitesFrom}, so app-only ` +
        'invitations fail: set it to adminsGuestInvitersAndAllMembers or everyone (External collaboration ' +
        'settings > Guest invite settings)',
    });
  }
  if (!allowsAllUsers(effectiveB2BUsers('Inbound', target.partner, target.defaults))) {
    findings.push({
      reason: 'B2BCollaborationBlocked',
      message: `${inTarget}: inbound B2B collaboration does not allow all users of ${source.link}: ${FIX}`,
    });
  }
  if (!allowsAllUsers(effectiveB2BUsers('Outbound', source.partner, source.defaults))) {
    findings.push({
      reason: 'B2BCollaborationBlocked',
      message: `${inSource}: outbound B2B collaboration does not allow all users to ${target.link}: ${FIX}`,
    });
  }
  const missing = [
    automaticRedemption('Inbound', target.partner) ? undefined : `inbound ${inTarget} for ${source.link}`,
    automaticRedemption('Outbound', source.partner) ? undefined : `outbound ${inSource} for ${target.link}`,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    findings.push({
      reason: 'AutomaticRedemptionMissing',
      message:
        `automatic redemption is off ${missing.join(' and ')}: synchronized users would stay ` +
        `PendingAcceptance behind a consent prompt; turn on automaticUserConsentSettings (${FIX})`,
    });
  }
  return findings;
}

/** The condition of a failed preflight: the first finding's reason and every finding's message. */
export function preflightCondition(
  findings: readonly PreflightFinding[],
): { reason: PreflightReason; message: string } | undefined {
  const first = findings[0];
  if (!first) return undefined;
  return { reason: first.reason, message: `Preflight: ${findings.map((f) => f.message).join('; ')}` };
}
