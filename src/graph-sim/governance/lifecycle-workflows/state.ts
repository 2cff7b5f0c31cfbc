// The Lifecycle Workflows objects of one simulated tenant. Graph-shaped properties live in `props`; the fields
// beside them are the simulator's bookkeeping (the parsed scope, when the schedule last looked).
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import type { WorkflowDefinition } from './validate.js';
export { invalid, isoAt, newId, notFoundIn as workflowNotFound } from '../graph-values.js';

/** One version of a workflow as `versions` lists it (its tasks beside it). */
export interface VersionRecord {
  props: Props;
  tasks: Props[];
}

/** The result of one task for one user. */
export interface TaskResultRecord {
  props: Props;
}

/** The result of one run for one user. */
export interface UserResultRecord {
  props: Props;
  runId: string;
  tasks: TaskResultRecord[];
}

/** A run: the users one schedule pass or one `activate` processed. */
export interface RunRecord {
  props: Props;
  userResultIds: string[];
}

/** A workflow with its current definition, versions, runs and per-user results. */
export interface WorkflowRecord {
  id: string;
  props: Props;
  definition: WorkflowDefinition;
  tasks: Props[];
  versions: VersionRecord[];
  runs: RunRecord[];
  results: Map<string, UserResultRecord>;
  /** Upper end (simulator ms) of the trigger window the schedule has already looked at. */
  evaluatedUntilMs: number;
}

/** A mail a send-email task delivered (the simulator's outbox, read through the admin API). */
export interface SentMail {
  time: string;
  workflowId: string;
  taskDefinitionId: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  locale?: string;
  userId: string;
}

/** Everything Lifecycle Workflows holds in one tenant. */
export interface LifecycleState {
  workflows: Map<string, WorkflowRecord>;
  deleted: Map<string, WorkflowRecord>;
  outbox: SentMail[];
}

/** The tenant's Lifecycle Workflows state (created empty on first use). */
export function lifecycleState(tenant: TenantState): LifecycleState {
  return tenant.slot<LifecycleState>('lifecycleWorkflows', () => ({
    workflows: new Map(),
    deleted: new Map(),
    outbox: [],
  }));
}

/** How one task ended for one user. */
export type TaskOutcome = { ok: true } | { ok: false; reason: string };

/** What a task needs: the tenant, the store (for entitlement), the workflow and the task as stored. */
export interface TaskContext {
  tenant: TenantState;
  store: SimStore;
  workflowId: string;
  task: Props;
}

/** The value of a task argument ('' when absent). */
export function taskArgument(task: Props, name: string): string {
  const args = (task['arguments'] ?? []) as { name: string; value: string }[];
  return args.find((a) => a.name.toLowerCase() === name.toLowerCase())?.value ?? '';
}
