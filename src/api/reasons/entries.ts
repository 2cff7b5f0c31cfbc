// How the catalogue of reasons is written: each entry keeps its reasons as literal types, so the reasons a
// controller may set are derived from the same entries the reference documentation is generated from.

/** metav1.ConditionStatus. */
export type ConditionStatusValue = 'True' | 'False' | 'Unknown';

/** The two Event types Kubernetes knows. */
export type EventTypeValue = 'Normal' | 'Warning';

/** One condition type, status and reason(s) a controller sets, and what the user should make of it. */
export interface ConditionEntry<T extends string = string, R extends string = string> {
  type: T;
  status: ConditionStatusValue;
  /** One reason, or several that mean the same to the user. */
  reasons: readonly R[];
  meaning: string;
}

/** A Kubernetes Event reason a controller records on the resource beyond Ready's reasons, and when. */
export interface EventEntry<R extends string = string> {
  reason: R;
  type: EventTypeValue;
  meaning: string;
}

/** What a kind's controller reports: its conditions and its Events. */
export interface KindReasons {
  conditions: readonly ConditionEntry[];
  /** Event reasons beyond Ready's reasons (which are recorded as Events when Ready changes). */
  events: readonly EventEntry[];
}

/** A reason of the Ready condition. */
export function ready<const R extends string>(
  status: ConditionStatusValue,
  reason: R | readonly R[],
  meaning: string,
): ConditionEntry<'Ready', R> {
  return { type: 'Ready', status, reasons: typeof reason === 'string' ? [reason] : reason, meaning };
}

/** A reason of a condition other than Ready. */
export function condition<const T extends string, const R extends string>(
  type: T,
  status: 'True' | 'False',
  reason: R | readonly R[],
  meaning: string,
): ConditionEntry<T, R> {
  return { type, status, reasons: typeof reason === 'string' ? [reason] : reason, meaning };
}

/** An Event reason. */
export function event<const R extends string>(
  reason: R,
  type: EventTypeValue,
  meaning: string,
): EventEntry<R> {
  return { reason, type, meaning };
}
