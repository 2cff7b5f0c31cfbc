// Instances on the simulator clock: each due occurrence of a definition's recurrence starts an instance with a
// decision item per principal then in scope; at its end (or on stop) the default decision is taken and, with
// autoApplyDecisionsEnabled, the decisions are applied.
import { randomUUID } from 'node:crypto';
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { applyInstance } from './apply.js';
import { applyDefaultDecision, newDecisions } from './decisions.js';
import { assignmentDecisions } from './package-scope.js';
import { isLastOccurrence, latestDueOccurrence, occurrenceStart, parseRecurrence } from './recurrence.js';
import { principalsInScope } from './scope.js';
import { reviewsOf, type DefinitionRecord, type InstanceRecord } from './state.js';

const DAY_MS = 86_400_000;

function settingsOf(definition: DefinitionRecord): Props {
  return (definition.props['settings'] ?? {}) as Props;
}

function durationMs(definition: DefinitionRecord): number {
  const days = settingsOf(definition)['instanceDurationInDays'];
  return (typeof days === 'number' && days > 0 ? days : 1) * DAY_MS;
}

function startInstance(tenant: TenantState, definition: DefinitionRecord, startMs: number): InstanceRecord {
  const id = randomUUID();
  const settings = settingsOf(definition);
  const recommendations = settings['recommendationsEnabled'] !== false;
  const { scope } = definition;
  const instance: InstanceRecord = {
    id,
    definitionId: String(definition.props['id']),
    startMs,
    endMs: startMs + durationMs(definition),
    status: 'InProgress',
    decisions:
      scope.kind === 'accessPackageAssignments'
        ? assignmentDecisions(tenant, id, scope, recommendations)
        : newDecisions(tenant, id, scope, principalsInScope(tenant, scope), recommendations),
  };
  definition.instances.push(instance);
  return instance;
}

/** Ends an instance now or at its end time: default decision, then auto-apply when the definition says so. */
export function completeInstance(
  tenant: TenantState,
  store: SimStore,
  definition: DefinitionRecord,
  instance: InstanceRecord,
): void {
  const settings = settingsOf(definition);
  applyDefaultDecision(instance.decisions, settings, tenant.clock.now());
  instance.status = 'Completed';
  if (settings['autoApplyDecisionsEnabled'] === true) applyInstance(tenant, store, definition, instance);
}

function definitionStatus(definition: DefinitionRecord, recurrenceEnded: boolean): string {
  if (definition.instances.some((i) => i.status === 'InProgress')) return 'InProgress';
  if (definition.instances.length === 0) return 'NotStarted';
  return recurrenceEnded ? 'Completed' : 'InProgress';
}

/** Brings one definition up to the clock: starts the latest due occurrence, ends instances past their end. */
export function advanceDefinition(tenant: TenantState, store: SimStore, definition: DefinitionRecord): void {
  const now = tenant.clock.now();
  const recurrence = parseRecurrence(settingsOf(definition)['recurrence'], definition.createdMs);
  const due = latestDueOccurrence(recurrence, now);
  // Entra does not catch up missed occurrences: only the latest due one starts, and never before creation.
  if (due > definition.lastOccurrence) {
    const start = occurrenceStart(recurrence, due) as number;
    startInstance(tenant, definition, Math.max(start, definition.createdMs));
    definition.lastOccurrence = due;
  }
  for (const instance of definition.instances) {
    if (instance.status === 'InProgress' && instance.endMs <= now)
      completeInstance(tenant, store, definition, instance);
  }
  const ended = definition.lastOccurrence >= 0 && isLastOccurrence(recurrence, definition.lastOccurrence);
  definition.props['status'] = definitionStatus(definition, ended);
}

/** Advances every definition of a tenant (before each access reviews call, so wall time counts too). */
export function advanceTenant(tenant: TenantState, store: SimStore): void {
  for (const definition of reviewsOf(tenant).definitions.values())
    advanceDefinition(tenant, store, definition);
}

/** Advances every tenant's definitions after the simulator clock moved. */
export function advanceStore(store: SimStore): void {
  for (const tenant of store.tenants.values()) advanceTenant(tenant, store);
}
