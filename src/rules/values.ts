// Value helpers shared by both rule evaluators. Entra compares directory strings without regard to
// case, both in Graph `$filter` and in dynamic membership rules, so every string comparison folds case.

/** Folds a string for case-insensitive comparison. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Compares two strings ignoring case: negative, zero or positive like `localeCompare`. */
export function compareIgnoringCase(a: string, b: string): number {
  const x = foldCase(a);
  const y = foldCase(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one property by name, matching the name without regard to case as Graph does. */
export function readProperty(subject: unknown, name: string): unknown {
  if (!isRecord(subject)) return undefined;
  if (Object.hasOwn(subject, name)) return subject[name];
  const wanted = foldCase(name);
  const key = Object.keys(subject).find((k) => foldCase(k) === wanted);
  return key === undefined ? undefined : subject[key];
}

/** Follows a navigation path (`['employeeOrgData', 'costCenter']`) from a subject; undefined when absent. */
export function readPath(subject: unknown, path: readonly string[]): unknown {
  let value: unknown = subject;
  for (const segment of path) value = readProperty(value, segment);
  return value;
}

/** True for the values Graph treats as null: absent or null. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}
