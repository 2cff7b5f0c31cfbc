// SelectUniqueValue's question, "is this value free in the target tenant?", answered from the target users
// a SyncScope keeps (every user of the target tenant, with the attributes the mapping targets).
import { pathReader } from './mapping/values.js';
import type { TargetUserRecord } from './types.js';

/**
 * A check for one plan: a value is taken when a target user holds it in that attribute (soft-deleted users
 * too, as they keep their names until deleted for good), compared without case as Entra compares names,
 * or when an earlier create of the same plan took it. The values of an attribute are gathered the first
 * time it is asked about.
 */
export function targetUniqueness(
  records: () => Iterable<TargetUserRecord>,
): (value: string, attribute: string) => boolean {
  const taken = new Map<string, Set<string>>();
  return (value, attribute) => {
    let values = taken.get(attribute);
    if (!values) {
      values = new Set();
      const read = pathReader(attribute);
      for (const record of records()) {
        const held = read(record.attributes);
        for (const v of Array.isArray(held) ? held : [held])
          if (typeof v === 'string') values.add(v.toLowerCase());
      }
      taken.set(attribute, values);
    }
    const key = value.toLowerCase();
    if (values.has(key)) return false;
    values.add(key);
    return true;
  };
}
