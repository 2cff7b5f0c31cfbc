// A SyncScope keeps one record per user of each tenant between cycles, 100,000s of them, and JSON.parse
// gives every user its own copy of "Sales", of `[]` and of the same identities: sharing equal values
// keeps the records' memory to what is distinct.

/** Distinct values kept per attribute: unique values (mail, ids) stop filling the pool there. */
const MAX_VALUES_PER_ATTRIBUTE = 10_000;
/** Arrays and objects are shared only when small: their JSON text is the key. */
const MAX_SHARED_JSON_LENGTH = 256;

/** Equal attribute values, shared between user records. Shared arrays and objects are frozen. */
export class ValuePool {
  private readonly strings = new Map<string, Map<string, string>>();
  private readonly structures = new Map<string, Map<string, unknown>>();

  /** `value`, or the equal value met before for the same attribute. */
  share<V>(attribute: string, value: V): V {
    if (typeof value === 'string') return this.shareString(attribute, value) as V;
    if (value === null || typeof value !== 'object') return value;
    const key = JSON.stringify(value);
    if (key.length > MAX_SHARED_JSON_LENGTH) return value;
    const pool = poolOf(this.structures, attribute);
    const known = pool.get(key);
    if (known !== undefined) return known as V;
    if (pool.size < MAX_VALUES_PER_ATTRIBUTE) pool.set(key, deepFreeze(value));
    return value;
  }

  private shareString(attribute: string, value: string): string {
    const pool = poolOf(this.strings, attribute);
    const known = pool.get(value);
    if (known !== undefined) return known;
    if (pool.size < MAX_VALUES_PER_ATTRIBUTE) pool.set(value, value);
    return value;
  }
}

function poolOf<V>(pools: Map<string, Map<string, V>>, attribute: string): Map<string, V> {
  let pool = pools.get(attribute);
  if (!pool) pools.set(attribute, (pool = new Map()));
  return pool;
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
