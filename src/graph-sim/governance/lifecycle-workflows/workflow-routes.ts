// /identityGovernance/lifecycleWorkflows: workflows, their tasks and versions, and deleted workflows.
import type { GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import { filterBy } from '../entitlement/query.js';
import { collectionPage } from '../../query/query-options.js';
import type { Props } from '../../store/types.js';
import { withEvolvableEnums } from './evolvable.js';
import { invalid, lifecycleState, workflowNotFound, type WorkflowRecord } from './state.js';
import { MAX_WORKFLOWS, parseWorkflowBody, parseWorkflowPatch } from './validate.js';
import { addWorkflow, replaceDefinition } from './workflows.js';

/** The Lifecycle Workflows path prefix under /v1.0. */
export const LW = '/identityGovernance/lifecycleWorkflows';
/** Application permissions (Graph's lifecycle workflows reference): read, and read-write. */
export const LW_READ = ['LifecycleWorkflows.Read.All', 'LifecycleWorkflows.ReadWrite.All'] as const;
export const LW_WRITE = ['LifecycleWorkflows.ReadWrite.All'] as const;
// Workflow definitions also accept the narrower LifecycleWorkflows-Workflow permissions their method pages list
// first (https://learn.microsoft.com/graph/api/identitygovernance-workflow-createnewversion?view=graph-rest-1.0).
const WORKFLOW_READ = [
  ...LW_READ,
  'LifecycleWorkflows-Workflow.Read.All',
  'LifecycleWorkflows-Workflow.ReadWrite.All',
];
const WORKFLOW_WRITE = [...LW_WRITE, 'LifecycleWorkflows-Workflow.ReadWrite.All'];

/** An active workflow by id, or the Lifecycle Workflows 404. */
export function requireWorkflow(call: GraphCall): WorkflowRecord {
  const id = call.params['id'] as string;
  const wf = lifecycleState(call.tenant).workflows.get(id.toLowerCase());
  if (!wf) throw workflowNotFound('workflow', id);
  return wf;
}

/** `$expand=tasks` (the only expansion simulated); anything else is Graph's 400. */
function expandsTasks(call: GraphCall): boolean {
  const expand = call.query.get('$expand');
  if (expand === null) return false;
  if (!/^tasks(\(.*\))?$/i.test(expand.trim()))
    throw invalid(`Could not find a navigation property named '${expand}' on type 'workflow'.`);
  return true;
}

/** A workflow; `tasks` only when expanded, or always for one workflow (its get page expands them by default). */
function renderer(call: GraphCall, single = false): (wf: WorkflowRecord) => Props {
  const tasks = expandsTasks(call) || single;
  return (wf) =>
    withEvolvableEnums(call, { ...wf.props, ...(tasks ? { tasks: wf.tasks.map((t) => ({ ...t })) } : {}) });
}

function list(call: GraphCall, deleted: boolean): GraphResult {
  const state = lifecycleState(call.tenant);
  const items = filterBy(call, [...(deleted ? state.deleted : state.workflows).values()], (w) => w.props);
  const context = deleted
    ? 'identityGovernance/lifecycleWorkflows/deletedItems/workflows'
    : 'identityGovernance/lifecycleWorkflows/workflows';
  return { status: 200, body: collectionPage(call, context, items, renderer(call)) };
}

function create(call: GraphCall): GraphResult {
  const wf = addWorkflow(call.tenant, parseWorkflowBody(call.body));
  return {
    status: 201,
    body: withEvolvableEnums(call, { ...wf.props, tasks: wf.tasks }),
    headers: { location: `${call.baseUrl}/v1.0${LW}/workflows/${wf.id}` },
  };
}

function update(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  const patch = parseWorkflowPatch(call.body, wf.definition);
  Object.assign(wf.definition, patch);
  Object.assign(wf.props, patch, { lastModifiedDateTime: call.tenant.clock.isoNow() });
  return { status: 204 };
}

function createNewVersion(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  const body = call.body as Props | null;
  replaceDefinition(call.tenant, wf, parseWorkflowBody(body?.['workflow']));
  // The page's examples answer the new version wrapped as {"workflow": ...}; a client should read it again.
  return { status: 200, body: { workflow: withEvolvableEnums(call, { ...wf.props, tasks: wf.tasks }) } };
}

function remove(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  const state = lifecycleState(call.tenant);
  state.workflows.delete(wf.id);
  wf.props['deletedDateTime'] = call.tenant.clock.isoNow();
  state.deleted.set(wf.id, wf);
  return { status: 204 };
}

function requireDeleted(call: GraphCall): WorkflowRecord {
  const id = call.params['id'] as string;
  const wf = lifecycleState(call.tenant).deleted.get(id.toLowerCase());
  if (!wf) throw workflowNotFound('deleted workflow', id);
  return wf;
}

function restore(call: GraphCall): GraphResult {
  const wf = requireDeleted(call);
  const state = lifecycleState(call.tenant);
  if (state.workflows.size >= MAX_WORKFLOWS)
    throw invalid(`The tenant already has the maximum of ${MAX_WORKFLOWS} workflows.`);
  state.deleted.delete(wf.id);
  wf.props['deletedDateTime'] = null;
  state.workflows.set(wf.id, wf);
  return { status: 200, body: renderer(call)(wf) };
}

function versions(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  const tasks = expandsTasks(call);
  const items = wf.versions.map((v) => ({ ...v.props, ...(tasks ? { tasks: v.tasks } : {}) }));
  return { status: 200, body: collectionPage(call, 'workflowVersions', items, (v) => v) };
}

function version(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  const number = Number(call.params['version']);
  const found = wf.versions.find((v) => v.props['versionNumber'] === number);
  if (!found) throw workflowNotFound('workflow version', String(call.params['version']));
  return { status: 200, body: { ...found.props, ...(expandsTasks(call) ? { tasks: found.tasks } : {}) } };
}

function tasks(call: GraphCall): GraphResult {
  const wf = requireWorkflow(call);
  return { status: 200, body: collectionPage(call, 'tasks', wf.tasks, (t) => ({ ...t })) };
}

/** Registers workflows, tasks, versions and deleted workflows. */
export function workflowRoutes(router: Router<GraphRoute>): void {
  const read = { roles: WORKFLOW_READ };
  const write = { roles: WORKFLOW_WRITE };
  router
    .add('GET', `${LW}/workflows`, { ...read, handle: (call) => list(call, false) })
    .add('POST', `${LW}/workflows`, { ...write, handle: create })
    .add('GET', `${LW}/workflows/:id`, {
      ...read,
      handle: (call) => ({ status: 200, body: renderer(call, true)(requireWorkflow(call)) }),
    })
    .add('PATCH', `${LW}/workflows/:id`, { ...write, handle: update })
    .add('DELETE', `${LW}/workflows/:id`, { ...write, handle: remove })
    .add('POST', `${LW}/workflows/:id/createNewVersion`, { ...write, handle: createNewVersion })
    .add('POST', `${LW}/workflows/:id/microsoft.graph.identityGovernance.createNewVersion`, {
      ...write,
      handle: createNewVersion,
    })
    .add('GET', `${LW}/workflows/:id/tasks`, { ...read, handle: tasks })
    .add('GET', `${LW}/workflows/:id/versions`, { ...read, handle: versions })
    .add('GET', `${LW}/workflows/:id/versions/:version`, { ...read, handle: version })
    .add('GET', `${LW}/deletedItems/workflows`, { ...read, handle: (call) => list(call, true) })
    .add('GET', `${LW}/deletedItems/workflows/:id`, {
      ...read,
      handle: (call) => ({ status: 200, body: renderer(call)(requireDeleted(call)) }),
    })
    .add('DELETE', `${LW}/deletedItems/workflows/:id`, {
      ...write,
      handle: (call) => {
        lifecycleState(call.tenant).deleted.delete(requireDeleted(call).id);
        return { status: 204 };
      },
    })
    .add('POST', `${LW}/deletedItems/workflows/:id/restore`, { ...write, handle: restore })
    .add('POST', `${LW}/deletedItems/workflows/:id/microsoft.graph.identityGovernance.restore`, {
      ...write,
      handle: restore,
    });
}
