// Workflow bodies as Lifecycle Workflows accepts them (Graph v1.0 workflow and task resources, and the built-in
// task definitions with their arguments), parsed once at the edge.
import { parseRule, describeRuleError, type ParsedRule } from '../../../rules/index.js';
import { GraphError } from '../../http/errors.js';
import type { Props } from '../../store/types.js';

/** Graph's limits: 50 workflows a tenant, 25 tasks a workflow. */
export const MAX_WORKFLOWS = 50;
export const MAX_TASKS = 25;

/** The user date attributes a time-based trigger reads. */
export type TimeAttribute = 'employeeHireDate' | 'employeeLeaveDateTime' | 'createdDateTime';

/** Who a workflow applies to. */
export type WorkflowScope =
  { kind: 'rule'; text: string; rule: ParsedRule } | { kind: 'groups'; groupIds: string[] };

/** A workflow body, validated. */
export interface WorkflowDefinition {
  category: 'joiner' | 'mover' | 'leaver';
  displayName: string;
  description: string;
  isEnabled: boolean;
  isSchedulingEnabled: boolean;
  executionConditions: Props;
  /** Absent for `onDemandExecutionOnly`. */
  scope?: WorkflowScope;
  trigger?: { attribute: TimeAttribute; offsetInDays: number };
  tasks: Props[];
}

/**
 * The built-in task definitions the simulator runs, by id, with the arguments each requires and the categories
 * it supports: a task's `category` is its definition's (multi-valued, e.g. `joiner,leaver`), whatever a client
 * writes (https://learn.microsoft.com/graph/api/resources/identitygovernance-taskdefinition?view=graph-rest-1.0).
 */
export const BUILT_IN_TASKS: Record<string, { name: string; required: readonly string[]; category: string }> =
  {
    '70b29d51-b59a-4773-9280-8841dfd3f2ea': { name: 'Send welcome email', required: [], category: 'joiner' },
    '22085229-5809-45e8-97fd-270d28d66910': {
      name: 'Add user to groups',
      required: ['groupID'],
      category: 'joiner,leaver,mover',
    },
    '6fc52c9d-398b-4305-9763-15f42c1676fc': {
      name: 'Enable user account',
      required: [],
      category: 'joiner,leaver',
    },
    '1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950': {
      name: 'Disable user account',
      required: [],
      category: 'joiner,leaver',
    },
    '1953a66c-751c-45e5-8bfe-01462c70da3c': {
      name: 'Remove user from selected groups',
      required: ['groupID'],
      category: 'joiner,leaver,mover',
    },
    'b3a31406-2a15-4c9a-b25b-a658fa5f07fc': {
      name: 'Remove user from all groups',
      required: [],
      category: 'leaver',
    },
    '8d18588d-9ad3-4c0f-99d0-ec215f0e3dff': { name: 'Delete user', required: [], category: 'leaver' },
    'c1ec1e76-f374-4375-aaa6-0bb6bd4c60be': {
      name: 'Request user access package assignment',
      required: ['assignmentPolicyId', 'accessPackageId'],
      category: 'joiner,mover',
    },
    '4a0b64f2-c7ec-46ba-b117-18f262946c50': {
      name: 'Remove access package assignment for user',
      required: ['accessPackageId'],
      category: 'leaver,mover',
    },
    '42ae2956-193d-4f39-be06-691b8ac4fa1d': {
      name: 'Remove all access package assignments',
      required: [],
      category: 'leaver',
    },
    '498770d9-bab7-4e4c-b73d-5ded82a1d0b3': {
      name: 'Cancel pending access package requests',
      required: [],
      category: 'leaver',
    },
    'aab41899-9972-422a-9d97-f626014578b7': {
      name: 'Notify manager of user move',
      required: [],
      category: 'mover',
    },
  };

const CATEGORIES = ['joiner', 'mover', 'leaver'] as const;
const TIME_ATTRIBUTES: readonly TimeAttribute[] = [
  'employeeHireDate',
  'employeeLeaveDateTime',
  'createdDateTime',
];
/** The properties a PATCH may change; the rest need createNewVersion. */
export const PATCHABLE = ['displayName', 'description', 'isEnabled', 'isSchedulingEnabled'] as const;

function bad(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

function objectOf(value: unknown, what: string): Props {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`${what} must be an object.`);
  return value as Props;
}

function odataType(value: Props): string {
  const type = value['@odata.type'];
  return typeof type === 'string' ? type.replace(/^#?microsoft\.graph\.identityGovernance\./, '') : '';
}

function parseScope(value: unknown): WorkflowScope {
  const scope = objectOf(value, 'executionConditions.scope');
  switch (odataType(scope)) {
    case 'ruleBasedSubjectSet': {
      const text = scope['rule'];
      if (typeof text !== 'string' || text.trim() === '') throw bad('The scope rule is required.');
      const parsed = parseRule('odata', text);
      if (!parsed.ok) throw bad(`Invalid scope rule: ${describeRuleError(text, parsed.error)}`);
      return { kind: 'rule', text, rule: parsed };
    }
    case 'groupBasedSubjectSet': {
      const groups = scope['groups'];
      if (!Array.isArray(groups) || groups.length === 0) throw bad('The scope needs at least one group.');
      return { kind: 'groups', groupIds: groups.map((g) => String(objectOf(g, 'group')['id'])) };
    }
    default:
      throw bad(`Unsupported scope type '${String(scope['@odata.type'])}'.`);
  }
}

function parseTrigger(value: unknown): { attribute: TimeAttribute; offsetInDays: number } {
  const trigger = objectOf(value, 'executionConditions.trigger');
  if (odataType(trigger) !== 'timeBasedAttributeTrigger') {
    throw bad(
      `Trigger type '${String(trigger['@odata.type'])}' is not supported by the Graph simulator (only timeBasedAttributeTrigger).`,
    );
  }
  const attribute = trigger['timeBasedAttribute'];
  if (!TIME_ATTRIBUTES.includes(attribute as TimeAttribute))
    throw bad(`Invalid timeBasedAttribute '${String(attribute)}'.`);
  const offset = trigger['offsetInDays'] ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < -180 || offset > 180)
    throw bad('offsetInDays must be an integer between -180 and 180.');
  return { attribute: attribute as TimeAttribute, offsetInDays: offset };
}

function parseConditions(value: unknown): Pick<WorkflowDefinition, 'scope' | 'trigger'> {
  const conditions = objectOf(value, 'executionConditions');
  switch (odataType(conditions)) {
    case 'onDemandExecutionOnly':
      return {};
    case 'triggerAndScopeBasedConditions':
      return { scope: parseScope(conditions['scope']), trigger: parseTrigger(conditions['trigger']) };
    default:
      throw bad(`Invalid executionConditions type '${String(conditions['@odata.type'])}'.`);
  }
}

function parseArguments(value: unknown, index: number): { name: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad(`tasks[${index}].arguments must be an array.`);
  return value.map((arg) => {
    const a = objectOf(arg, `tasks[${index}].arguments item`);
    if (typeof a['name'] !== 'string') throw bad(`tasks[${index}]: every argument needs a name.`);
    return {
      name: a['name'],
      value: a['value'] === undefined || a['value'] === null ? '' : String(a['value']),
    };
  });
}

function parseTask(value: unknown, index: number): Props {
  const task = objectOf(value, `tasks[${index}]`);
  const definitionId = String(task['taskDefinitionId'] ?? '').toLowerCase();
  const definition = BUILT_IN_TASKS[definitionId];
  if (!definition)
    throw bad(`tasks[${index}]: unknown taskDefinitionId '${String(task['taskDefinitionId'])}'.`);
  if (typeof task['displayName'] !== 'string' || task['displayName'] === '')
    throw bad(`tasks[${index}]: displayName is required.`);
  const args = parseArguments(task['arguments'], index);
  for (const name of definition.required) {
    if (!args.some((a) => a.name === name && a.value !== ''))
      throw bad(`tasks[${index}] (${definition.name}): argument '${name}' is required.`);
  }
  return {
    category: definition.category,
    continueOnError: task['continueOnError'] === true,
    description: typeof task['description'] === 'string' ? task['description'] : null,
    displayName: task['displayName'],
    // Tasks run in the order of the array; Graph numbers them from 1.
    executionSequence: index + 1,
    isEnabled: task['isEnabled'] !== false,
    taskDefinitionId: definitionId,
    arguments: args,
  };
}

function optionalBoolean(body: Props, name: string, fallback: boolean): boolean {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw bad(`${name} must be a boolean.`);
  return value;
}

/** Validates a workflow body (create or createNewVersion) as Lifecycle Workflows does. */
export function parseWorkflowBody(body: unknown): WorkflowDefinition {
  const b = objectOf(body, 'The request body');
  const category = b['category'];
  if (!CATEGORIES.includes(category as (typeof CATEGORIES)[number]))
    throw bad(`category must be one of ${CATEGORIES.join(', ')}.`);
  if (typeof b['displayName'] !== 'string' || b['displayName'].trim() === '')
    throw bad('displayName is required.');
  const isEnabled = optionalBoolean(b, 'isEnabled', true);
  const isSchedulingEnabled = optionalBoolean(b, 'isSchedulingEnabled', false);
  if (isSchedulingEnabled && !isEnabled)
    throw bad('isSchedulingEnabled cannot be true for a disabled workflow.');
  const tasks = b['tasks'];
  if (!Array.isArray(tasks) || tasks.length === 0) throw bad('A workflow needs at least one task.');
  if (tasks.length > MAX_TASKS) throw bad(`A workflow can have at most ${MAX_TASKS} tasks.`);
  return {
    category: category as WorkflowDefinition['category'],
    displayName: b['displayName'],
    description: typeof b['description'] === 'string' ? b['description'] : '',
    isEnabled,
    isSchedulingEnabled,
    executionConditions: { ...objectOf(b['executionConditions'], 'executionConditions') },
    ...parseConditions(b['executionConditions']),
    tasks: tasks.map((t, i) => parseTask(t, i)),
  };
}

/** Validates a PATCH: only the plain properties; tasks and conditions need a new version. */
export function parseWorkflowPatch(body: unknown, current: WorkflowDefinition): Partial<WorkflowDefinition> {
  const b = objectOf(body, 'The request body');
  const patch: Partial<WorkflowDefinition> = {};
  for (const [name, value] of Object.entries(b)) {
    if (name.startsWith('@odata.')) continue;
    if (!(PATCHABLE as readonly string[]).includes(name))
      throw bad(`Property '${name}' cannot be updated; create a new version of the workflow to change it.`);
    if (name === 'isEnabled' || name === 'isSchedulingEnabled') {
      if (typeof value !== 'boolean') throw bad(`${name} must be a boolean.`);
      patch[name] = value;
    } else {
      if (typeof value !== 'string' || (name === 'displayName' && value.trim() === ''))
        throw bad(`${name} must be a non-empty string.`);
      patch[name as 'displayName' | 'description'] = value;
    }
  }
  if ((patch.isSchedulingEnabled ?? current.isSchedulingEnabled) && !(patch.isEnabled ?? current.isEnabled))
    throw bad('isSchedulingEnabled cannot be true for a disabled workflow.');
  return patch;
}
