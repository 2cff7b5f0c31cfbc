/** metav1.ConditionStatus. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** metav1.Condition as it appears in `status.conditions`. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** What a reconcile decides about one condition; the helpers add generation and transition time. */
export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/** The kstatus condition types. */
export const READY = 'Ready';
export const RECONCILING = 'Reconciling';
export const STALLED = 'Stalled';

const REASON_PATTERN = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const MAX_MESSAGE = 32768;

/** Whether `reason` meets metav1.Condition's pattern and length (the API server rejects others). */
export function isValidReason(reason: string): boolean {
  return reason.length <= 1024 && REASON_PATTERN.test(reason);
}

/** Finds the condition of `type`. */
export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/**
 * Returns `conditions` with `input` set: `lastTransitionTime` moves only when the status changes
 * (apimachinery's meta.SetStatusCondition); reason, message and observedGeneration always update.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  generation: number | undefined,
  now: Date,
): Condition[] {
  if (!isValidReason(input.reason))
    throw new Error(`invalid condition reason ${JSON.stringify(input.reason)}`);
  const existing = findCondition(conditions, input.type);
  const next: Condition = {
    type: input.type,
    status: input.status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime:
      existing && existing.status === input.status ? existing.lastTransitionTime : rfc3339(now),
    reason: input.reason,
    message: input.message.slice(0, MAX_MESSAGE),
  };
  const list = [...(conditions ?? [])];
  const index = list.findIndex((condition) => condition.type === input.type);
  if (index === -1) list.push(next);
  else list[index] = next;
  return list;
}

/** Returns `conditions` without the condition of `type`. */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((condition) => condition.type !== type);
}

/** A reason and a message a user can act on. */
export interface Explanation<R extends string = string> {
  reason: R;
  message: string;
}

/**
 * The outcome of a reconcile in kstatus terms: `ready` (Ready=True), `progressing` (Ready=Unknown with
 * Reconciling=True), `stalled` (Ready=False with Stalled=True: needs the user), or `notReady` (Ready=False,
 * retried on its own).
 */
export type Readiness<R extends string = string> = Explanation<R> & {
  state: 'ready' | 'progressing' | 'stalled' | 'notReady';
};

/**
 * Sets Ready from `readiness` and adds `Reconciling` / `Stalled` only while they are True, removing them
 * otherwise, as kstatus expects (Flux, kpt and `kubectl wait` read these).
 */
export function setReadiness(
  conditions: readonly Condition[] | undefined,
  readiness: Readiness,
  generation: number | undefined,
  now: Date,
): Condition[] {
  const explanation = { reason: readiness.reason, message: readiness.message };
  const readyStatus: ConditionStatus =
    readiness.state === 'ready' ? 'True' : readiness.state === 'progressing' ? 'Unknown' : 'False';
  let list = setCondition(conditions, { type: READY, status: readyStatus, ...explanation }, generation, now);
  list =
    readiness.state === 'progressing'
      ? setCondition(list, { type: RECONCILING, status: 'True', ...explanation }, generation, now)
      : removeCondition(list, RECONCILING);
  list =
    readiness.state === 'stalled'
      ? setCondition(list, { type: STALLED, status: 'True', ...explanation }, generation, now)
      : removeCondition(list, STALLED);
  return list;
}

/** kstatus' computed status of a resource. */
export type KStatus = 'Terminating' | 'InProgress' | 'Failed' | 'Current';

/** The fields of a custom resource kstatus reads. */
export interface KStatusInput {
  metadata?: { generation?: number; deletionTimestamp?: string | Date };
  status?: { observedGeneration?: number; conditions?: readonly Condition[] };
}

/** Computes kstatus' status for a custom resource, in kstatus' order of precedence. */
export function kstatusOf(resource: KStatusInput): KStatus {
  if (resource.metadata?.deletionTimestamp) return 'Terminating';
  const generation = resource.metadata?.generation;
  const observed = resource.status?.observedGeneration;
  if (generation !== undefined && observed !== undefined && generation !== observed) return 'InProgress';
  const conditions = resource.status?.conditions;
  if (findCondition(conditions, RECONCILING)?.status === 'True') return 'InProgress';
  if (findCondition(conditions, STALLED)?.status === 'True') return 'Failed';
  return 'Current';
}

/** Kubernetes' RFC 3339 timestamp with seconds precision (metav1.Time drops fractions). */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
