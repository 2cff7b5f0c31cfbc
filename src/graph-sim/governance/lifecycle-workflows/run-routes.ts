// activate (on demand), runs, user processing results and task processing results of a workflow.
import { GraphError, type GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import { filterBy } from '../entitlement/query.js';
import { collectionPage } from '../../query/query-options.js';
import type { Props, UserRecord } from '../../store/types.js';
import { runWorkflow } from './runs.js';
import { invalid, workflowNotFound, type RunRecord, type UserResultRecord } from './state.js';
import { LW, LW_READ, LW_WRITE, requireWorkflow } from './workflow-routes.js';

function activate(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  if (!wf.definition.isEnabled) throw invalid('The workflow is disabled; enable it to run it on demand.');
  const subjects = (call.body as Props | null)?.['subjects'];
  if (!Array.isArray(subjects) || subjects.length === 0)
    throw invalid('subjects must name at least one user.');
  const users: UserRecord[] = subjects.map((subject) => {
    const id = typeof subject === 'object' && subject !== null ? (subject as Props)['id'] : undefined;
    const user = typeof id === 'string' ? call.tenant.users.get(id) : undefined;
    if (!user) throw workflowNotFound('user', String(id));
    return user;
  });
  // On demand runs ignore the scope and the trigger (Graph's lifecycle workflows reference).
  runWorkflow(call.tenant, call.store, wf, users, 'onDemand');
  return { status: 204 };
}

function requireRun(call: GraphCall): RunRecord {
  const wf = requireWorkflow(call);
  const run = wf.runs.find((r) => r.props['id'] === call.params['runId']);
  if (!run) throw workflowNotFound('run', String(call.params['runId']));
  return run;
}

/** `$expand=subject` (the user's id, name and UPN) is the expansion the simulator knows. */
function resultRenderer(call: GraphCall): (result: UserResultRecord) => Props {
  const expand = call.query.get('$expand');
  if (expand !== null && !/^subject(\(.*\))?$/i.test(expand.trim()))
    throw new GraphError(400, 'BadRequest', `Could not find a navigation property named '${expand}'.`);
  return (result) => {
    if (expand === null) return { ...result.props };
    const id = String((result.props['subject'] as Props)['id']);
    const user = call.tenant.users.get(id) ?? call.tenant.deletedUsers.get(id);
    const subject = user
      ? {
          id,
          displayName: user.props['displayName'] ?? null,
          userPrincipalName: user.props['userPrincipalName'] ?? null,
        }
      : { id };
    return { ...result.props, subject };
  };
}

function results(call: GraphCall, items: readonly UserResultRecord[]): GraphResult {
  const filtered = filterBy(call, items, (r) => r.props);
  return { status: 200, body: collectionPage(call, 'userProcessingResults', filtered, resultRenderer(call)) };
}

function requireResult(call: GraphCall): UserResultRecord {
  const wf = requireWorkflow(call);
  const result = wf.results.get(String(call.params['resultId']));
  if (!result) throw workflowNotFound('userProcessingResult', String(call.params['resultId']));
  return result;
}

/** Registers activate, runs, userProcessingResults and taskProcessingResults. */
export function runRoutes(router: Router<GraphRoute>): void {
  // Run reports also accept the narrower LifecycleWorkflows-Reports.Read.All their pages list first.
  const read = { roles: ['LifecycleWorkflows-Reports.Read.All', ...LW_READ] };
  const wf = `${LW}/workflows/:id`;
  router
    .add('POST', `${wf}/activate`, { roles: LW_WRITE, handle: activate })
    .add('POST', `${wf}/microsoft.graph.identityGovernance.activate`, { roles: LW_WRITE, handle: activate })
    .add('GET', `${wf}/runs`, {
      ...read,
      handle: (call) => {
        const runs = filterBy(call, requireWorkflow(call).runs, (r) => r.props);
        return { status: 200, body: collectionPage(call, 'runs', runs, (r) => ({ ...r.props })) };
      },
    })
    .add('GET', `${wf}/runs/:runId`, {
      ...read,
      handle: (call) => ({ status: 200, body: { ...requireRun(call).props } }),
    })
    .add('GET', `${wf}/runs/:runId/userProcessingResults`, {
      ...read,
      handle: (call) => {
        const run = requireRun(call);
        const all = requireWorkflow(call).results;
        return results(
          call,
          run.userResultIds.flatMap((id) => all.get(id) ?? []),
        );
      },
    })
    .add('GET', `${wf}/userProcessingResults`, {
      ...read,
      handle: (call) => results(call, [...requireWorkflow(call).results.values()]),
    })
    .add('GET', `${wf}/userProcessingResults/:resultId`, {
      ...read,
      handle: (call) => ({ status: 200, body: resultRenderer(call)(requireResult(call)) }),
    })
    .add('GET', `${wf}/userProcessingResults/:resultId/taskProcessingResults`, {
      ...read,
      handle: (call) => {
        const tasks = requireResult(call).tasks;
        return {
          status: 200,
          body: collectionPage(call, 'taskProcessingResults', tasks, (t) => ({ ...t.props })),
        };
      },
    });
}
