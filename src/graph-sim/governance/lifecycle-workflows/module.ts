// The Lifecycle Workflows feature area of the simulator: Graph routes, the schedule on the clock, the outbox.
import { GraphError } from '../../http/errors.js';
import type { SimModule } from '../../module.js';
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import { runRoutes } from './run-routes.js';
import { runWorkflow } from './runs.js';
import { dueSubjects, type ScheduleSubject } from './schedule.js';
import { lifecycleState } from './state.js';
import { workflowRoutes } from './workflow-routes.js';

/**
 * Runs each scheduled workflow for the users whose trigger fired since it last looked. Entra evaluates on a
 * tenant-wide interval (every 3 hours by default); the simulator looks whenever its clock moves.
 */
export function runSchedules(tenant: TenantState, store: SimStore): void {
  const now = tenant.clock.now();
  let subjects: ScheduleSubject[] | undefined;
  for (const wf of lifecycleState(tenant).workflows.values()) {
    const from = wf.evaluatedUntilMs;
    wf.evaluatedUntilMs = now;
    if (!wf.definition.isEnabled || !wf.definition.isSchedulingEnabled) continue;
    subjects ??= tenant
      .userList()
      .map((u) => ({ id: u.id, props: u.props, groupIds: tenant.groupsOf(u.id) }));
    const due = dueSubjects(wf.definition, subjects, from, now).flatMap((id) => tenant.users.get(id) ?? []);
    if (due.length > 0) runWorkflow(tenant, store, wf, due, 'scheduled');
  }
}

/** Lifecycle Workflows: workflows, versions, runs and results, built-in tasks, time-based triggers. */
export const lifecycleWorkflowsModule: SimModule = {
  name: 'lifecycleWorkflows',
  graphRoutes(router) {
    workflowRoutes(router);
    runRoutes(router);
  },
  onClockAdvance(store) {
    for (const tenant of store.tenants.values()) runSchedules(tenant, store);
  },
  adminRoutes(router) {
    // The mails that send-email tasks delivered, oldest first.
    router.add('GET', '/tenants/:tenant/lifecycle-workflows/mail', (call) => {
      const tenant = call.store.resolve(call.params['tenant'] as string);
      if (!tenant) throw new GraphError(404, 'NotFound', `No tenant '${call.params['tenant']}'.`);
      return { status: 200, body: { mail: lifecycleState(tenant).outbox } };
    });
  },
};
