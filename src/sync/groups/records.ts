import type { DeltaRemoval } from '../../graph/index.js';

/** A group as the pass keeps it: its properties as read and its direct members. */
export interface GroupRecord {
  id: string;
  attributes: Record<string, unknown>;
  /** Object ids of direct members that are users. */
  members: Set<string>;
  /** Object ids of direct members that are groups (nested groups are not synchronized, as in Entra). */
  nestedGroups: Set<string>;
}

interface MemberEntry {
  id?: unknown;
  '@odata.type'?: unknown;
  '@removed'?: unknown;
}

/**
 * Folds one groups delta read into the kept records: properties replace what they name, `members@delta`
 * adds members and removes those marked `@removed`, a removed group is dropped. On a first read each group
 * comes with all its members. `keep` decides which new groups are kept at all (the rest of the tenant is not).
 */
export function foldGroupsDelta(
  records: Map<string, GroupRecord>,
  items: readonly Record<string, unknown>[],
  removed: readonly DeltaRemoval[],
  keep: (id: string, attributes: Record<string, unknown>) => boolean,
): void {
  for (const item of items) {
    const id = item['id'];
    if (typeof id !== 'string') continue;
    const { id: _id, 'members@delta': members, ...attributes } = item;
    let record = records.get(id);
    if (!record) {
      if (!keep(id, attributes)) continue;
      record = { id, attributes: {}, members: new Set(), nestedGroups: new Set() };
      records.set(id, record);
    }
    for (const [name, value] of Object.entries(attributes)) {
      if (!name.startsWith('@odata.')) record.attributes[name] = value;
    }
    for (const m of Array.isArray(members) ? (members as MemberEntry[]) : []) {
      if (typeof m?.id !== 'string') continue;
      const set = m['@odata.type'] === '#microsoft.graph.group' ? record.nestedGroups : record.members;
      if (m['@removed'] !== undefined) {
        record.members.delete(m.id);
        record.nestedGroups.delete(m.id);
      } else set.add(m.id);
    }
  }
  for (const r of removed) records.delete(r.id);
}
