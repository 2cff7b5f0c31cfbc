// The exact end state a sync of a group scope must reach in the target, checked through Graph: one target
// user per in-scope source user, with its attributes, and nothing else.
import { listGroupUserIds, listUsers, type GraphClient, type GraphUser } from '../../src/graph/index.js';

const SELECT = [
  'id',
  'userPrincipalName',
  'mail',
  'displayName',
  'givenName',
  'surname',
  'department',
  'city',
  'employeeId',
  'accountEnabled',
  'userType',
  'creationType',
  'onPremisesExtensionAttributes',
];
/** Default-mapped attributes compared between a source user and its target counterpart. */
const MAPPED = [
  'mail',
  'displayName',
  'givenName',
  'surname',
  'department',
  'city',
  'employeeId',
  'accountEnabled',
];

/** The anchor (extensionAttribute15, the default) of a target user, if any. */
export function anchorOf(u: GraphUser): string | undefined {
  const anchor = u.onPremisesExtensionAttributes?.extensionAttribute15;
  return typeof anchor === 'string' && anchor !== '' ? anchor : undefined;
}

/** Every target user with the properties the checks read. */
export function targetUsers(target: GraphClient): Promise<GraphUser[]> {
  return listUsers(target, { select: SELECT, top: 999 });
}

/** The internal members (not B2B, not guests) of a source group: the users a group scope syncs. */
export async function inScopeUsers(source: GraphClient, group: string): Promise<GraphUser[]> {
  const members = new Set(await listGroupUserIds(source, group));
  return (await listUsers(source, { select: SELECT, top: 999 })).filter(
    (u) => members.has(u.id) && u.userType === 'Member' && u.creationType !== 'Invitation',
  );
}

/** What differs from the exact expected state; empty when the target is exactly right. */
export interface StateReport {
  /** Target users now minus target users before minus in-scope source users: 0 means no stray, no lost user. */
  extraUsers: number;
  duplicateMails: string[];
  duplicateAnchors: string[];
  /** In-scope source users with no target counterpart. */
  missing: string[];
  /** In-scope source users whose counterpart has a wrong attribute (first few). */
  wrong: string[];
  /** Anchored users of this source that are not in scope. */
  strays: string[];
}

/** Compares the target with the in-scope source users: every one exactly once, with its mapped attributes and Member B2B type. */
export async function compareState(
  sourceTenantId: string,
  inScope: readonly GraphUser[],
  target: GraphClient,
  targetUsersBefore: number,
): Promise<StateReport> {
  const users = await targetUsers(target);
  const count = (keys: (string | undefined)[]) => {
    const seen = new Map<string, number>();
    for (const k of keys) if (k) seen.set(k, (seen.get(k) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  };
  const byAnchor = new Map(users.map((u) => [anchorOf(u), u]));
  const wanted = new Set(inScope.map((s) => `${sourceTenantId}:${s.id}`));
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const s of inScope) {
    const t = byAnchor.get(`${sourceTenantId}:${s.id}`);
    if (!t) {
      missing.push(String(s.userPrincipalName));
      continue;
    }
    const expected = {
      ...Object.fromEntries(MAPPED.map((k) => [k, s[k]])),
      userType: 'Member',
      creationType: 'Invitation',
    };
    const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, t[k]]));
    if (JSON.stringify(actual) !== JSON.stringify(expected) && wrong.length < 5)
      wrong.push(`${String(s.userPrincipalName)}: ${JSON.stringify(actual)}`);
  }
  return {
    extraUsers: users.length - targetUsersBefore - inScope.length,
    duplicateMails: count(users.map((u) => (typeof u.mail === 'string' ? u.mail.toLowerCase() : undefined))),
    duplicateAnchors: count(users.map(anchorOf)),
    missing,
    wrong,
    strays: users
      .map(anchorOf)
      .filter((a): a is string => a !== undefined && a.startsWith(`${sourceTenantId}:`) && !wanted.has(a)),
  };
}

/** The report of a target in exactly the expected state. */
export const EXACT: StateReport = {
  extraUsers: 0,
  duplicateMails: [],
  duplicateAnchors: [],
  missing: [],
  wrong: [],
  strays: [],
};
