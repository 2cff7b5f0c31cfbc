// The built-in tasks, run for one user. Directory changes go through TenantState so Graph reads and delta see them.
import type { TenantState } from '../../store/tenant.js';
import type { UserRecord } from '../../store/types.js';
import { runPackageTask } from './package-tasks.js';
import { lifecycleState, taskArgument, type TaskContext, type TaskOutcome } from './state.js';

const OK: TaskOutcome = { ok: true };

function idList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function setAccountEnabled(ctx: TaskContext, user: UserRecord, enabled: boolean): TaskOutcome {
  if (user.props['accountEnabled'] !== enabled) {
    user.props['accountEnabled'] = enabled;
    ctx.tenant.touchUser(user);
  }
  return OK;
}

function addToGroups(ctx: TaskContext, user: UserRecord): TaskOutcome {
  const ids = idList(taskArgument(ctx.task, 'groupID'));
  const missing = ids.filter((id) => !ctx.tenant.groups.has(id));
  if (missing.length > 0) return { ok: false, reason: `Group(s) ${missing.join(', ')} not found.` };
  for (const id of ids) ctx.tenant.addMember(id, user.id);
  return OK;
}

function removeFromGroups(ctx: TaskContext, user: UserRecord, ids: string[]): TaskOutcome {
  for (const id of ids) ctx.tenant.removeMember(id, user.id);
  return OK;
}

function mailOf(tenant: TenantState, id: string): string | undefined {
  const mail = tenant.users.get(id)?.props['mail'];
  return typeof mail === 'string' && mail !== '' ? mail : undefined;
}

/** Records the mail in the tenant's outbox; the welcome mail goes to the user, the move notice to the manager. */
function sendMail(ctx: TaskContext, user: UserRecord, toManager: boolean): TaskOutcome {
  const explicit = idList(taskArgument(ctx.task, 'to'));
  let to: string[];
  if (explicit.length > 0) to = explicit.map((id) => mailOf(ctx.tenant, id) ?? id);
  else if (toManager) {
    const manager = user.managerId === undefined ? undefined : mailOf(ctx.tenant, user.managerId);
    if (!manager) return { ok: false, reason: 'The user has no manager with a mail address.' };
    to = [manager];
  } else {
    const mail = mailOf(ctx.tenant, user.id);
    if (!mail) return { ok: false, reason: 'The user has no mail address.' };
    to = [mail];
  }
  const locale = taskArgument(ctx.task, 'locale');
  lifecycleState(ctx.tenant).outbox.push({
    time: ctx.tenant.clock.isoNow(),
    workflowId: ctx.workflowId,
    taskDefinitionId: String(ctx.task['taskDefinitionId']),
    to,
    cc: idList(taskArgument(ctx.task, 'cc')).map((id) => mailOf(ctx.tenant, id) ?? id),
    subject: taskArgument(ctx.task, 'customSubject') || String(ctx.task['displayName']),
    body: taskArgument(ctx.task, 'customBody'),
    ...(locale ? { locale } : {}),
    userId: user.id,
  });
  return OK;
}

/** Runs one built-in task for one user; failures are values, as Graph reports them per task. */
export function runTask(ctx: TaskContext, user: UserRecord): TaskOutcome {
  switch (ctx.task['taskDefinitionId']) {
    case '70b29d51-b59a-4773-9280-8841dfd3f2ea':
      return sendMail(ctx, user, false);
    case 'aab41899-9972-422a-9d97-f626014578b7':
      return sendMail(ctx, user, true);
    case '22085229-5809-45e8-97fd-270d28d66910':
      return addToGroups(ctx, user);
    case '1953a66c-751c-45e5-8bfe-01462c70da3c':
      return removeFromGroups(ctx, user, idList(taskArgument(ctx.task, 'groupID')));
    case 'b3a31406-2a15-4c9a-b25b-a658fa5f07fc':
      return removeFromGroups(ctx, user, ctx.tenant.groupsOf(user.id));
    case '6fc52c9d-398b-4305-9763-15f42c1676fc':
      return setAccountEnabled(ctx, user, true);
    case '1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950':
      return setAccountEnabled(ctx, user, false);
    case '8d18588d-9ad3-4c0f-99d0-ec215f0e3dff':
      ctx.tenant.softDeleteUser(user);
      return OK;
    default:
      return runPackageTask(ctx, user);
  }
}
