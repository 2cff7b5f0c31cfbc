// The one way a controller reports on a resource: its status (conditions with observedGeneration), an
// Event when Ready changes, and a log line for the transition. Reasons come from the typed catalogue.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import type {
  ConditionReason,
  ConditionType,
  EventReason,
  KindResource,
  ReadyReason,
  ReasonKind,
} from '../api/index.js';
import type { KubeClients } from './client.js';
import type { Condition, Readiness } from './conditions.js';
import { findCondition, READY, removeCondition, setCondition, setReadiness } from './conditions.js';
import type { EventRecorder, EventType } from './events.js';
import type { WithStatus } from './status.js';
import { updateStatus } from './status.js';

/** What a report needs: the API clients, where Events go, the reconcile's logger, and the time. */
export interface ReportContext {
  clients: KubeClients;
  events: Pick<EventRecorder, 'event'>;
  log: Logger;
  now: Date;
}

/** A condition besides Ready and its kstatus companions: set as given, or removed when undefined. */
export type ConditionUpdate<R extends string> =
  { status: 'True' | 'False'; reason: R; message: string } | undefined;

/** An Event to record besides the one for a change of Ready. */
export interface ReportEvent<K extends ReasonKind> {
  type: EventType;
  reason: EventReason<K>;
  message: string;
  /** Recorded only when this report raises that condition: True now, and not True with the same reason before. */
  whenRaised?: Exclude<ConditionType<K>, 'Ready'>;
}

/** The status fields a report keeps or writes, besides conditions and observedGeneration. */
export type Fields<S> = Omit<S, 'conditions' | 'observedGeneration'>;

/** What one reconcile found about a resource of kind `K` with status `S`. */
export interface Report<K extends ReasonKind, S> {
  readiness: Readiness<ReadyReason<K>>;
  /** Other conditions by type; a type left out keeps what is stored. */
  conditions?: { [C in Exclude<ConditionType<K>, 'Ready'>]?: ConditionUpdate<ConditionReason<K, C>> };
  /** The status fields to store, from those stored (kept as they are when omitted). */
  fields?: (current: Fields<S> | undefined) => Fields<S>;
  /** Events recorded after the status write, before the one for a change of Ready. */
  events?: readonly ReportEvent<K>[];
}

/** A resource as a report sees it. */
export type Reported<S> = WithStatus<S> & { metadata?: V1ObjectMeta };

/** Ready before and after a report. */
export interface Transition {
  before: Condition | undefined;
  after: Condition | undefined;
}

/** Whether a condition of `type` is True in `after` and was not True with the same reason in `before`. */
function raised(type: string, before: Condition[] | undefined, after: Condition[] | undefined): boolean {
  const now = findCondition(after, type);
  if (now?.status !== 'True') return false;
  const then = findCondition(before, type);
  return then?.status !== 'True' || then.reason !== now.reason;
}

/** The Event type of a Ready condition: a Warning when it is False for another reason than suspension. */
export function readyEventType(ready: Pick<Condition, 'status' | 'reason'>): EventType {
  return ready.status === 'False' && ready.reason !== 'Suspended' ? 'Warning' : 'Normal';
}

/** Ready as it is after the transition, when its status or reason changed. */
export function changedReady({ before, after }: Transition): Condition | undefined {
  return after && (before?.status !== after.status || before?.reason !== after.reason) ? after : undefined;
}

/**
 * The status a report leads to from the stored one: Ready and its kstatus companions from the readiness,
 * the other conditions as given, the fields, and the generation observed.
 */
export function reportedStatus<K extends ReasonKind, S extends object>(
  current: S | undefined,
  input: Report<K, S>,
  generation: number | undefined,
  now: Date,
): S {
  const stored = current as (S & { conditions?: Condition[] }) | undefined;
  let conditions = setReadiness(stored?.conditions, input.readiness, generation, now);
  const updates: Record<string, ConditionUpdate<string>> = input.conditions ?? {};
  for (const [type, update] of Object.entries(updates)) {
    conditions = update
      ? setCondition(conditions, { type, ...update }, generation, now)
      : removeCondition(conditions, type);
  }
  const fields = input.fields ? input.fields(stored) : withoutConditions(stored);
  return {
    ...fields,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions,
  } as unknown as S;
}

/**
 * Writes the report into the resource's status (recomputed on a conflict, nothing written when it is
 * unchanged), then records its Events and, when Ready changed, an Event and a log line for that.
 * Returns the resource as stored and the transition of Ready.
 */
export async function report<K extends ReasonKind, T extends Reported<S>, S extends object>(
  context: ReportContext,
  resource: KindResource<K>,
  obj: T,
  input: Report<K, S>,
): Promise<{ stored: T; transition: Transition }> {
  const namespace = obj.metadata?.namespace ?? '';
  const name = obj.metadata?.name ?? '';
  const transition: Transition = { before: undefined, after: undefined };
  const conditions: { before?: Condition[]; after?: Condition[] } = {};
  const stored = await updateStatus<T, S>(context.clients, { kind: resource, namespace, name }, (current) => {
    const next = reportedStatus(current.status, input, current.metadata?.generation, context.now);
    conditions.before = conditionsOf(current.status);
    conditions.after = conditionsOf(next);
    transition.before = findCondition(conditions.before, READY);
    transition.after = findCondition(conditions.after, READY);
    return next;
  });
  const subject = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: obj.metadata };
  for (const event of input.events ?? []) {
    if (event.whenRaised && !raised(event.whenRaised, conditions.before, conditions.after)) continue;
    void context.events.event(subject, event.type, event.reason, event.message);
  }
  const after = changedReady(transition);
  if (after) {
    const type = readyEventType(after);
    void context.events.event(subject, type, after.reason as EventReason<K>, after.message);
    context.log.log(type === 'Warning' ? 'warn' : 'info', `${resource.kind} Ready changed`, {
      kind: resource.kind,
      namespace,
      name,
      status: after.status,
      reason: after.reason,
      previousReason: transition.before?.reason,
      detail: after.message,
    });
  }
  return { stored, transition };
}

function conditionsOf(status: object | undefined): Condition[] | undefined {
  return (status as { conditions?: Condition[] } | undefined)?.conditions;
}

function withoutConditions<S>(status: (S & { conditions?: unknown }) | undefined): Fields<S> {
  const {
    conditions: _conditions,
    observedGeneration: _generation,
    ...fields
  } = (status ?? {}) as S & {
    conditions?: unknown;
    observedGeneration?: unknown;
  };
  return fields as Fields<S>;
}
