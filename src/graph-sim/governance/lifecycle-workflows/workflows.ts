// Adding a workflow and replacing its definition with a new version, as the routes and tests do.
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { invalid, isoAt, lifecycleState, newId, type WorkflowRecord } from './state.js';
import { MAX_WORKFLOWS, type WorkflowDefinition } from './validate.js';

function definitionProps(definition: WorkflowDefinition): Props {
  return {
    category: definition.category,
    displayName: definition.displayName,
    description: definition.description,
    isEnabled: definition.isEnabled,
    isSchedulingEnabled: definition.isSchedulingEnabled,
    executionConditions: definition.executionConditions,
  };
}

function withTaskIds(tasks: Props[]): Props[] {
  return tasks.map((task) => ({ id: newId(), ...task }));
}

/** Records the current definition as a workflowVersion (versions carry no enabled flags). */
function snapshot(wf: WorkflowRecord): void {
  const { isEnabled: _e, isSchedulingEnabled: _s, ...base } = definitionProps(wf.definition);
  wf.versions.push({
    props: {
      versionNumber: wf.props['version'],
      ...base,
      createdDateTime: wf.props['lastModifiedDateTime'],
      lastModifiedDateTime: wf.props['lastModifiedDateTime'],
    },
    tasks: wf.tasks.map((t) => ({ ...t })),
  });
}

/** Adds a workflow at version 1; the tenant's 51st is refused. */
export function addWorkflow(tenant: TenantState, definition: WorkflowDefinition): WorkflowRecord {
  const state = lifecycleState(tenant);
  if (state.workflows.size >= MAX_WORKFLOWS)
    throw invalid(`The tenant already has the maximum of ${MAX_WORKFLOWS} workflows.`);
  const now = tenant.clock.now();
  const id = newId();
  const wf: WorkflowRecord = {
    id,
    definition,
    tasks: withTaskIds(definition.tasks),
    versions: [],
    runs: [],
    results: new Map(),
    // Users whose trigger date passed before the workflow existed are not processed (dates carry whole seconds).
    evaluatedUntilMs: Math.floor(now / 1000) * 1000 - 1,
    props: {
      id,
      ...definitionProps(definition),
      createdDateTime: isoAt(now),
      lastModifiedDateTime: isoAt(now),
      deletedDateTime: null,
      nextScheduleRunDateTime: null,
      version: 1,
    },
  };
  state.workflows.set(id, wf);
  snapshot(wf);
  return wf;
}

/** Replaces tasks and conditions (createNewVersion): the version number goes up by one. */
export function replaceDefinition(
  tenant: TenantState,
  wf: WorkflowRecord,
  definition: WorkflowDefinition,
): void {
  wf.definition = definition;
  wf.tasks = withTaskIds(definition.tasks);
  Object.assign(wf.props, definitionProps(definition), {
    version: Number(wf.props['version']) + 1,
    lastModifiedDateTime: tenant.clock.isoNow(),
  });
  snapshot(wf);
}
