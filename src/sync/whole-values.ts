// Complex user properties Graph replaces as a whole on PATCH. employeeOrgData's reference page says to include
// both of its values when updating it, because an omitted one is set to null: a PATCH that changes the division
// alone would clear the cost center the target holds. Such a PATCH re-sends the values it does not change.
import type { AttributeValue } from './types.js';
import { readPath } from './mapping/values.js';

const REPLACED_WHOLE: ReadonlyMap<string, readonly string[]> = new Map([
  ['employeeOrgData', ['division', 'costCenter']],
]);

/** `paths` with every sibling of a replaced-whole property they touch: what a target record must keep. */
export function withWholeValuePaths(paths: readonly string[]): string[] {
  const out = new Set(paths);
  for (const path of paths) {
    const [top] = path.split('.');
    for (const key of REPLACED_WHOLE.get(top ?? '') ?? []) out.add(`${top}.${key}`);
  }
  return [...out];
}

/**
 * What a PATCH writing `written` must carry besides them: the target's current value of each sibling of a
 * replaced-whole property it writes into and does not write itself (null when the target has none).
 */
export function unchangedSiblings(
  written: Iterable<string>,
  current: Readonly<Record<string, unknown>>,
): Record<string, AttributeValue> {
  const writes = new Set(written);
  const kept: Record<string, AttributeValue> = {};
  for (const path of writes) {
    const [top] = path.split('.');
    if (top === path) continue;
    for (const key of REPLACED_WHOLE.get(top ?? '') ?? []) {
      const sibling = `${top}.${key}`;
      if (writes.has(sibling) || sibling in kept) continue;
      const value = readPath(current, sibling);
      kept[sibling] = typeof value === 'string' ? value : null;
    }
  }
  return kept;
}
