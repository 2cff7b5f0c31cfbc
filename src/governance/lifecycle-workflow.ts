// LifecycleWorkflow -> the Lifecycle Workflows workflow with its tasks, and what of it differs in Graph.
import type { LifecycleWorkflowSpec, WorkflowTaskKind } from '../api/index.js';
import type { Workflow, WorkflowBody, WorkflowTask } from '../graph/governance/index.js';
import { covers } from './drift.js';

/** One task of the spec. */
export type TaskSpec = LifecycleWorkflowSpec['tasks'][number];

/** Built-in task definitions (Lifecycle Workflows' page on the arguments of built-in tasks): id and display name. */
export const TASK_DEFINITIONS: Record<WorkflowTaskKind, { id: string; displayName: string }> = {
  SendWelcomeEmail: { id: '70b29d51-b59a-4773-9280-8841dfd3f2ea', displayName: 'Send welcome email' },
  AddToGroups: { id: '22085229-5809-45e8-97fd-270d28d66910', displayName: 'Add user to groups' },
  EnableAccount: { id: '6fc52c9d-398b-4305-9763-15f42c1676fc', displayName: 'Enable user account' },
  DisableAccount: { id: '1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950', displayName: 'Disable user account' },
  RemoveFromGroups: {
    id: '1953a66c-751c-45e5-8bfe-01462c70da3c',
    displayName: 'Remove user from selected groups',
  },
  RemoveFromAllGroups: {
    id: 'b3a31406-2a15-4c9a-b25b-a658fa5f07fc',
    displayName: 'Remove user from all groups',
  },
  DeleteAccount: { id: '8d18588d-9ad3-4c0f-99d0-ec215f0e3dff', displayName: 'Delete user' },
  RequestAccessPackage: {
    id: 'c1ec1e76-f374-4375-aaa6-0bb6bd4c60be',
    displayName: 'Request user access package assignment',
  },
  RemoveAccessPackage: {
    id: '4a0b64f2-c7ec-46ba-b117-18f262946c50',
    displayName: 'Remove access package assignment for user',
  },
  RemoveAllAccessPackages: {
    id: '42ae2956-193d-4f39-be06-691b8ac4fa1d',
    displayName: 'Remove all access package assignments',
  },
  CancelPendingAccessPackageRequests: {
    id: '498770d9-bab7-4e4c-b73d-5ded82a1d0b3',
    displayName: 'Cancel pending access package requests',
  },
  NotifyManagerOfMove: {
    id: 'aab41899-9972-422a-9d97-f626014578b7',
    displayName: 'Notify manager of user move',
  },
};

/** The access package and policy a RequestAccessPackage / RemoveAccessPackage task names, resolved. */
export interface ResolvedPackage {
  accessPackageId: string;
  assignmentPolicyId?: string;
}

function taskArguments(
  task: TaskSpec,
  resolved: ResolvedPackage | undefined,
): { name: string; value: string }[] {
  switch (task.kind) {
    case 'SendWelcomeEmail':
    case 'NotifyManagerOfMove': {
      const email = task.email ?? {};
      const args: { name: string; value: string }[] = [];
      if (email.cc?.length) args.push({ name: 'cc', value: email.cc.join(',') });
      if (email.customSubject) args.push({ name: 'customSubject', value: email.customSubject });
      if (email.customBody) args.push({ name: 'customBody', value: email.customBody });
      if (email.locale) args.push({ name: 'locale', value: email.locale });
      return args;
    }
    case 'AddToGroups':
    case 'RemoveFromGroups':
      return [{ name: 'groupID', value: (task.groups ?? []).join(',') }];
    // Users synchronized from another tenant are cloud-only here: there is no on-premises account.
    case 'EnableAccount':
      return [{ name: 'enableOnPremisesAccount', value: 'false' }];
    case 'DisableAccount':
      return [{ name: 'disableOnPremisesAccount', value: 'false' }];
    case 'DeleteAccount':
      return [{ name: 'deleteOnPremisesAccount', value: 'false' }];
    case 'RequestAccessPackage':
      return [
        { name: 'assignmentPolicyId', value: resolved?.assignmentPolicyId ?? '' },
        { name: 'accessPackageId', value: resolved?.accessPackageId ?? '' },
      ];
    case 'RemoveAccessPackage':
      return [{ name: 'accessPackageId', value: resolved?.accessPackageId ?? '' }];
    case 'RemoveFromAllGroups':
    case 'RemoveAllAccessPackages':
    case 'CancelPendingAccessPackageRequests':
      return [];
  }
}

/** The workflow Graph should hold; `packages[i]` resolves the package task at index i of `spec.tasks`. */
export function desiredWorkflow(
  spec: LifecycleWorkflowSpec,
  name: string,
  packages: ReadonlyMap<number, ResolvedPackage>,
): WorkflowBody {
  const tasks: WorkflowTask[] = spec.tasks.map((task, index) => {
    const definition = TASK_DEFINITIONS[task.kind];
    return {
      displayName: task.displayName ?? definition.displayName,
      description: definition.displayName,
      continueOnError: task.continueOnError,
      isEnabled: task.enabled,
      executionSequence: index + 1,
      taskDefinitionId: definition.id,
      arguments: taskArguments(task, packages.get(index)),
    };
  });
  return {
    category: spec.category,
    displayName: spec.displayName ?? name,
    description: spec.description ?? '',
    isEnabled: spec.enabled,
    // Graph refuses scheduling on a disabled workflow.
    isSchedulingEnabled: spec.enabled,
    executionConditions: {
      '@odata.type': '#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions',
      scope: {
        '@odata.type': '#microsoft.graph.identityGovernance.ruleBasedSubjectSet',
        rule: spec.scope.rule,
      },
      trigger: {
        '@odata.type': '#microsoft.graph.identityGovernance.timeBasedAttributeTrigger',
        timeBasedAttribute: spec.trigger.attribute,
        offsetInDays: spec.trigger.offsetInDays,
      },
    },
    tasks,
  };
}

/** What to do to bring a workflow in line: nothing, a PATCH of plain properties, or a new version. */
export type WorkflowChange =
  | { kind: 'none' }
  | { kind: 'update'; patch: Partial<WorkflowBody>; fields: string[] }
  | { kind: 'newVersion'; fields: string[] };

const PLAIN = ['displayName', 'description', 'isEnabled', 'isSchedulingEnabled'] as const;

function sameArguments(want: WorkflowTask['arguments'], have: unknown): boolean {
  if (!Array.isArray(have)) return want.length === 0;
  const sort = (args: readonly { name: string; value: string }[]) =>
    [...args].map((a) => `${a.name}=${a.value}`).sort();
  return covers(sort(want), sort(have as { name: string; value: string }[]));
}

function sameTasks(want: readonly WorkflowTask[], have: Workflow['tasks']): boolean {
  if (!have || have.length !== want.length) return false;
  const ordered = [...have].sort((a, b) => a.executionSequence - b.executionSequence);
  return want.every((task, i) => {
    const { arguments: args, ...rest } = task;
    const actual = ordered[i] as WorkflowTask;
    return covers(rest, actual) && sameArguments(args, actual.arguments);
  });
}

/**
 * Diffs the desired workflow with Graph's: tasks and execution conditions change only through
 * createNewVersion (Graph rejects them in a PATCH); the plain properties are patched.
 */
export function planWorkflowChange(desired: WorkflowBody, actual: Workflow): WorkflowChange {
  const versioned: string[] = [];
  if (!covers(desired.executionConditions, actual.executionConditions)) versioned.push('executionConditions');
  if (!sameTasks(desired.tasks, actual.tasks)) versioned.push('tasks');
  if (desired.category !== actual.category) versioned.push('category');
  const plain = PLAIN.filter((field) => desired[field] !== actual[field]);
  if (versioned.length > 0) return { kind: 'newVersion', fields: [...versioned, ...plain] };
  if (plain.length === 0) return { kind: 'none' };
  const patch: Partial<WorkflowBody> = {};
  for (const field of plain) Object.assign(patch, { [field]: desired[field] });
  return { kind: 'update', patch, fields: plain };
}
