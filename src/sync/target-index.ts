import { readPath } from './mapping/values.js';

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

/** Target users by anchor value, and unanchored B2B users by lower-cased mail (adoption candidates). */
export interface TargetIndex {
  byAnchor: ReadonlyMap<string, TargetUser>;
  /** The same anchored users per source tenant id, by source object id (the planner's fast path). */
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

/** Indexes target users by the anchor attribute; a live user wins over a soft-deleted one with the same anchor. */
export function buildTargetIndex(users: readonly TargetUserRecord[], anchorAttribute: string): TargetIndex {
  const byAnchor = new Map<string, TargetUser>();
  const bySource = new Map<string, Map<string, TargetUser>>();
  const byMail = new Map<string, TargetUser>();
  for (const u of users) {
    const user: TargetUser = {
      id: u.id,
      attributes: u.attributes,
      deleted: u.deleted === true,
      accountEnabled: u.attributes['accountEnabled'] !== false,
      managerId: u.managerId ?? null,
    };
    const anchor = readPath(u.attributes, anchorAttribute);
    if (typeof anchor === 'string' && anchor !== '') {
      const existing = byAnchor.get(anchor);
      if (existing && !(existing.deleted && !user.deleted)) continue;
      byAnchor.set(anchor, user);
      const colon = anchor.indexOf(':');
      if (colon > 0) {
        const tenant = anchor.slice(0, colon);
        let users = bySource.get(tenant);
        if (!users) bySource.set(tenant, (users = new Map()));
        users.set(anchor.slice(colon + 1), user);
      }
      continue;
    }
    const mail = u.attributes['mail'];
    // Entra matches only existing B2B users, never internal users of the target tenant.
    if (!user.deleted && typeof mail === 'string' && mail !== '' && isExternalUser(u.attributes)) {
      byMail.set(mail.toLowerCase(), user);
    }
  }
  return { byAnchor, bySource, byMail };
}
