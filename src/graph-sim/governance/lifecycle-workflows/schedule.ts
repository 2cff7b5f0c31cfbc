// Which users a scheduled workflow processes: in scope, and their trigger date plus offset inside the window.
import { evaluateRule } from '../../../rules/index.js';
import type { Props } from '../../store/types.js';
import type { WorkflowDefinition, WorkflowScope } from './validate.js';

const DAY_MS = 86_400_000;

/** A user as the schedule sees it: Graph properties and direct group memberships. */
export interface ScheduleSubject {
  id: string;
  props: Props;
  groupIds: readonly string[];
}

/** Whether a user is in the workflow's scope (rule, or direct member of one of its groups). */
export function inScope(scope: WorkflowScope, subject: ScheduleSubject): boolean {
  return scope.kind === 'rule'
    ? evaluateRule(scope.rule, subject.props)
    : scope.groupIds.some((id) => subject.groupIds.includes(id));
}

/** When the trigger fires for a user (ms on the simulator clock), or undefined when the date is not set. */
export function triggerTime(
  trigger: NonNullable<WorkflowDefinition['trigger']>,
  props: Props,
): number | undefined {
  const value = props[trigger.attribute];
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms + trigger.offsetInDays * DAY_MS;
}

/** Ids of the users in scope whose trigger fires in the window (fromMs, toMs]; none for on-demand workflows. */
export function dueSubjects(
  definition: WorkflowDefinition,
  subjects: Iterable<ScheduleSubject>,
  fromMs: number,
  toMs: number,
): string[] {
  const { scope, trigger } = definition;
  if (!scope || !trigger) return [];
  const due: string[] = [];
  for (const subject of subjects) {
    const at = triggerTime(trigger, subject.props);
    if (at !== undefined && at > fromMs && at <= toMs && inScope(scope, subject)) due.push(subject.id);
  }
  return due;
}
