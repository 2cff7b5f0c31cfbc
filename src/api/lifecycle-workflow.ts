import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  Conditions,
  Count,
  DeletionPolicy,
  GraphId,
  Mode,
  Obj,
  ObjectName,
  ObservedGeneration,
  StringEnum,
  Suspend,
  Timestamp,
  Uuid,
  cel,
  immutable,
  deletionPolicyText,
  SUSPENDED_DELETION_TEXT,
} from './common.js';
import { defineKind } from './kind.js';
import type { CustomResource } from './kind.js';

/** Built-in Lifecycle Workflows tasks, named for YAML. */
export const WORKFLOW_TASK_KINDS = [
  'SendWelcomeEmail',
  'NotifyManagerOfMove',
  'AddToGroups',
  'RemoveFromGroups',
  'RemoveFromAllGroups',
  'EnableAccount',
  'DisableAccount',
  'DeleteAccount',
  'RequestAccessPackage',
  'RemoveAccessPackage',
  'RemoveAllAccessPackages',
  'CancelPendingAccessPackageRequests',
] as const;

const GROUP_TASKS = "['AddToGroups', 'RemoveFromGroups']";
const PACKAGE_TASKS = "['RequestAccessPackage', 'RemoveAccessPackage']";
const EMAIL_TASKS = "['SendWelcomeEmail', 'NotifyManagerOfMove']";

const TaskSchema = Obj(
  {
    kind: StringEnum(WORKFLOW_TASK_KINDS, {
      description:
        'The built-in task to run. AddToGroups and RemoveFromGroups need groups; RequestAccessPackage and ' +
        'RemoveAccessPackage need accessPackagePolicyRef; SendWelcomeEmail and NotifyManagerOfMove accept email.',
    }),
    displayName: Type.Optional(
      Type.String({ maxLength: 256, description: 'Display name of the task. Absent: derived from kind.' }),
    ),
    enabled: Type.Boolean({ default: true, description: 'Run this task. Default true.' }),
    continueOnError: Type.Boolean({
      default: false,
      description: 'Go on with the next tasks when this one fails. Default false.',
    }),
    groups: Type.Optional(
      Type.Array(Uuid('Object id of a group in this tenant.'), {
        maxItems: 50,
        'x-kubernetes-list-type': 'set',
        description: 'Groups to add the user to or remove them from.',
      }),
    ),
    accessPackagePolicyRef: Type.Optional(
      ObjectName(
        'Name of the AccessPackagePolicy (in this namespace) whose access package is requested or removed.',
      ),
    ),
    policy: Type.Optional(
      Type.String({
        maxLength: 63,
        description:
          'For RequestAccessPackage: name of the assignment policy in that AccessPackagePolicy. Absent: its ' +
          'first policy.',
      }),
    ),
    email: Type.Optional(
      Obj(
        {
          cc: Type.Optional(
            Type.Array(Uuid('Object id of a user.'), {
              maxItems: 10,
              description: 'Users copied on the mail.',
            }),
          ),
          customSubject: Type.Optional(
            Type.String({ maxLength: 256, description: 'Subject replacing the default.' }),
          ),
          customBody: Type.Optional(
            Type.String({ maxLength: 8192, description: 'Body replacing the default.' }),
          ),
          locale: Type.Optional(
            Type.String({
              maxLength: 16,
              pattern: '^[a-z]{2,3}(-[A-Za-z]{2,4})?$',
              description: 'e.g. en-US.',
            }),
          ),
        },
        { description: 'Mail options of SendWelcomeEmail and NotifyManagerOfMove.' },
      ),
    ),
  },
  {
    description: 'One task of the workflow; tasks run in the order listed.',
    ...cel(
      {
        rule: `(self.kind in ${GROUP_TASKS}) == (has(self.groups) && size(self.groups) > 0)`,
        messageExpression:
          `self.kind in ${GROUP_TASKS} ? 'task ' + self.kind + ' needs a non-empty groups list' : ` +
          "'task ' + self.kind + ' takes no groups'",
      },
      {
        rule: `(self.kind in ${PACKAGE_TASKS}) == has(self.accessPackagePolicyRef)`,
        messageExpression:
          `self.kind in ${PACKAGE_TASKS} ? 'task ' + self.kind + ' needs accessPackagePolicyRef' : ` +
          "'task ' + self.kind + ' takes no accessPackagePolicyRef'",
      },
      {
        rule: "!has(self.policy) || self.kind == 'RequestAccessPackage'",
        message: 'policy applies only to RequestAccessPackage tasks',
      },
      {
        rule: `!has(self.email) || self.kind in ${EMAIL_TASKS}`,
        message: 'email applies only to SendWelcomeEmail and NotifyManagerOfMove tasks',
      },
    ),
  },
);

/** `LifecycleWorkflow.spec`. */
export const LifecycleWorkflowSpecSchema = Obj(
  {
    tenantLinkRef: ObjectName(
      'Name of the TenantLink of the tenant the workflow runs in. Cannot be changed.',
      {
        ...immutable('tenantLinkRef', 'create a new resource to work in another tenant'),
      },
    ),
    displayName: Type.Optional(
      Type.String({
        maxLength: 256,
        description: 'Display name of the workflow. Absent: the resource name.',
      }),
    ),
    description: Type.Optional(Type.String({ maxLength: 1024, description: 'Description of the workflow.' })),
    category: StringEnum(['joiner', 'mover', 'leaver'], {
      description: 'joiner (new users), mover (users who change role) or leaver (users who leave).',
    }),
    trigger: Obj(
      {
        attribute: StringEnum(['createdDateTime', 'employeeHireDate', 'employeeLeaveDateTime'], {
          description:
            'User date attribute the schedule is based on: createdDateTime, employeeHireDate (joiners) or ' +
            'employeeLeaveDateTime (leavers).',
        }),
        offsetInDays: Type.Integer({
          minimum: -180,
          maximum: 180,
          default: 0,
          description: 'Days before (negative) or after (positive) that date the workflow runs, -180 to 180.',
        }),
      },
      { description: 'When the workflow runs for a user.' },
    ),
    scope: Obj(
      {
        rule: Type.String({
          minLength: 1,
          maxLength: 3072,
          description:
            "Users the workflow applies to, in the Lifecycle Workflows rule syntax, e.g. (userType eq 'Member') " +
            "and (department eq 'Sales'). Operators eq, ne, in, startsWith, and, or, not.",
        }),
      },
      { description: 'Which users the workflow applies to.' },
    ),
    tasks: Type.Array(TaskSchema, {
      minItems: 1,
      maxItems: 25,
      description: 'Tasks run for each user, in order (1 to 25, the Lifecycle Workflows limit).',
    }),
    enabled: Type.Boolean({
      default: true,
      description: 'Run the workflow on its schedule. False keeps it defined but idle. Default true.',
    }),
    mode: Mode(),
    suspend: Suspend(),
    deletionPolicy: DeletionPolicy(deletionPolicyText('the workflow') + SUSPENDED_DELETION_TEXT),
  },
  {
    description: 'The desired joiner, mover or leaver workflow.',
    ...cel(
      {
        rule: "self.category != 'leaver' || self.trigger.attribute == 'employeeLeaveDateTime'",
        message: 'a leaver workflow is triggered by employeeLeaveDateTime',
      },
      {
        rule: "self.category == 'leaver' || self.trigger.attribute != 'employeeLeaveDateTime'",
        message: 'employeeLeaveDateTime triggers only leaver workflows',
      },
    ),
  },
);

/** `LifecycleWorkflow.status`. */
export const LifecycleWorkflowStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    workflowId: Type.Optional(GraphId('Id of the workflow.')),
    version: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Version of the workflow in the tenant.' }),
    ),
    lastRuns: Type.Optional(
      Type.Array(
        Obj(
          {
            id: GraphId('Id of the run.'),
            processingStatus: StringEnum(
              ['queued', 'inProgress', 'completed', 'completedWithErrors', 'canceled', 'failed'],
              { description: 'Status of the run as Graph reports it.' },
            ),
            executionType: StringEnum(['scheduled', 'onDemand'], { description: 'How the run was started.' }),
            startedTime: Type.Optional(Timestamp('When the run started.')),
            completedTime: Type.Optional(Timestamp('When the run completed.')),
            totalUsers: Count('Users processed.'),
            successfulUsers: Count('Users for whom every task succeeded.'),
            failedUsers: Count('Users with a failed task.'),
            failedTasks: Count('Tasks that failed.'),
          },
          {
            description: 'One run of the workflow.',
          },
        ),
        { maxItems: 10, description: 'The latest runs, most recent first.' },
      ),
    ),
    lastUserResults: Type.Optional(
      Type.Array(
        Obj(
          {
            userId: GraphId('Object id of the user.'),
            userPrincipalName: Type.Optional(
              Type.String({
                maxLength: 1024,
                description: 'User principal name, when the user still exists.',
              }),
            ),
            processingStatus: StringEnum(
              ['queued', 'inProgress', 'completed', 'completedWithErrors', 'canceled', 'failed'],
              { description: 'Status of the workflow for this user as Graph reports it.' },
            ),
            executionType: StringEnum(['scheduled', 'onDemand'], {
              description: 'How the run for this user was started.',
            }),
            completedTime: Type.Optional(Timestamp('When the tasks for this user completed.')),
            failedTasks: Count('Tasks that failed for this user.'),
            failedTask: Type.Optional(
              Type.String({ maxLength: 256, description: 'Display name of the first task that failed.' }),
            ),
            failureReason: Type.Optional(
              Type.String({ maxLength: 1024, description: 'Why that task failed, as Graph reports it.' }),
            ),
          },
          { description: 'The result of the workflow for one user.' },
        ),
        { maxItems: 20, description: 'The latest per-user results, most recent first.' },
      ),
    ),
  },
  { description: 'The workflow as Graph reports it.' },
);

/** The LifecycleWorkflow kind. */
export const lifecycleWorkflowDefinition = defineKind({
  kind: 'LifecycleWorkflow',
  plural: 'lifecycleworkflows',
  shortName: 'lcw',
  description:
    'LifecycleWorkflow declares an Entra Lifecycle Workflows joiner, mover or leaver workflow in one tenant: ' +
    'when it runs (a date attribute and an offset), for which users (a rule) and its tasks, such as requesting ' +
    'an access package declared by an AccessPackagePolicy or disabling the account.',
  specSchema: LifecycleWorkflowSpecSchema,
  statusSchema: LifecycleWorkflowStatusSchema,
  columns: [
    { name: 'Category', type: 'string', jsonPath: '.spec.category', description: 'joiner, mover or leaver.' },
    { name: 'Version', type: 'integer', jsonPath: '.status.version', description: 'Workflow version.' },
  ],
});

export type LifecycleWorkflowSpec = Static<typeof LifecycleWorkflowSpecSchema>;
export type LifecycleWorkflowStatus = Static<typeof LifecycleWorkflowStatusSchema>;
export type LifecycleWorkflow = CustomResource<
  'LifecycleWorkflow',
  LifecycleWorkflowSpec,
  LifecycleWorkflowStatus
>;
export type WorkflowTaskKind = (typeof WORKFLOW_TASK_KINDS)[number];
