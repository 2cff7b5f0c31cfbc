import { pathReader } from './mapping/values.js';

/** A target-tenant user as read from Graph (users and directory/deletedItems). */
export interface TargetUserRecord {
  id: string;
  attributes: Readonly<Record<string, unknown>>;
  /** Soft-deleted (in directory/deletedItems). */
  deleted?: boolean;
  /** Object id of the user's manager in the target tenant. */
  managerId?: string | null;
}

/** A target user as the planner sees it. */
export interface TargetUser {
  id: string;
  attributes: Readonly<Record<string, unknown>>;
  deleted: boolean;
  accountEnabled: boolean;
  managerId: string | null;
}

/** Anchored target users per source tenant and source object id, and unanchored B2B users by lower-cased mail (adoption candidates). */
export interface TargetIndex {
  /** Source tenant id -> source object id -> the target user anchored to it. */
  bySource: ReadonlyMap<string, ReadonlyMap<string, TargetUser>>;
  byMail: ReadonlyMap<string, TargetUser>;
}

/** True for a B2B user (invited, #EXT# name, or external identity): the only users adoption may match. */
function isExternalUser(attributes: Readonly<Record<string, unknown>>): boolean {
  if (attributes['creationType'] === 'Invitation') return true;
  const upn = attributes['userPrincipalName'];
  if (typeof upn === 'string' && upn.includes('#EXT#')) return true;
  const identities = attributes['identities'];
  return (
    Array.isArray(identities) &&
    identities.some((i) => (i as Record<string, unknown> | null)?.['issuer'] === 'ExternalAzureAD')
  );
}

function targetUser(u: TargetUserRecord): TargetUser {
  return {
    id: u.id,
    attributes: u.attributes,
    deleted: u.deleted === true,
    accountEnabled: u.attributes['accountEnabled'] !== false,
    managerId: u.managerId ?? null,
  };
}

/**
 * Indexes target users by the anchor attribute (`<source tenant id>:<source object id>`); a live user wins
 * over a soft-deleted one with the same anchor. Runs every cycle over every target user, so it avoids
 * work per user: nearly all anchors share a handful of tenant prefixes, found without slicing.
 */
export function buildTargetIndex(users: Iterable<TargetUserRecord>, anchorAttribute: string): TargetIndex {
  const bySource = new Map<string, Map<string, TargetUser>>();
  const byMail = new Map<string, TargetUser>();
  let lastTenant = '';
  let lastUsers: Map<string, TargetUser> | undefined;
  const anchorOf = pathReader(anchorAttribute);
  for (const u of users) {
    const anchor = anchorOf(u.attributes);
    if (typeof anchor === 'string' && anchor !== '') {
      const colon = anchor.indexOf(':');
      if (colon <= 0) continue;
      let tenantUsers = lastUsers;
      if (!tenantUsers || colon !== lastTenant.length || !anchor.startsWith(lastTenant)) {
        lastTenant = anchor.slice(0, colon);
        tenantUsers = bySource.get(lastTenant);
        if (!tenantUsers) bySource.set(lastTenant, (tenantUsers = new Map()));
        lastUsers = tenantUsers;
      }
      const sourceId = anchor.slice(colon + 1);
      const existing = tenantUsers.get(sourceId);
      if (existing && !(existing.deleted && u.deleted !== true)) continue;
      tenantUsers.set(sourceId, targetUser(u));
      continue;
    }
    const mail = u.attributes['mail'];
    // Entra matches only existing B2B users, never internal users of the target tenant.
    if (u.deleted !== true && typeof mail === 'string' && mail !== '' && isExternalUser(u.attributes)) {
      byMail.set(mail.toLowerCase(), targetUser(u));
    }
  }
  return { bySource, byMail };
}
