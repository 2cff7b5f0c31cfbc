// Entra's cross-tenant synchronization in one simulated source tenant: the configurations made from the
// gallery template (application + service principal), their secrets, assignments and jobs, and the
// provisioning log. Graph-shaped values live in Props; the rest is the simulator's bookkeeping.
import type { SynchronizationSchema } from '../../entra-engine/schema.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';

/** A synchronization job of a configuration. */
export interface SimJob {
  id: string;
  templateId: string;
  schema: SynchronizationSchema;
  /** `schedule.state`: Disabled until started, Active, Paused. */
  scheduleState: 'Active' | 'Disabled' | 'Paused';
  /** `synchronizationStatus` as Graph returns it. */
  status: Props;
  /** When the next cycle is due (simulator ms); undefined while not scheduled. */
  nextRunMs?: number;
  /** Whether the initial cycle completed since the last start from scratch (restart resets it). */
  initialDone: boolean;
  /** Target user id by source user id: Entra's matching anchor. */
  links: Map<string, string>;
}

/** One configuration: the instantiated application and service principal with their synchronization. */
export interface SimConfiguration {
  application: Props;
  servicePrincipal: Props;
  appRoleId: string;
  secrets: Map<string, string>;
  /** appRoleAssignedTo entries, in creation order. */
  assignments: Props[];
  jobs: Map<string, SimJob>;
}

/** Everything this module holds in one tenant. */
export interface SynchronizationState {
  /** By service principal object id. */
  configurations: Map<string, SimConfiguration>;
  /** provisioningObjectSummary entries, oldest first. */
  provisioningLog: Props[];
}

/** The tenant's synchronization state (empty on first use). */
export function synchronizationState(tenant: TenantState): SynchronizationState {
  return tenant.slot<SynchronizationState>('synchronization', () => ({
    configurations: new Map(),
    provisioningLog: [],
  }));
}

/** Entra's "never" timestamp in synchronization status. */
export const NEVER = '0001-01-01T00:00:00Z';

/** The status of a job that never ran, as the documented create response shows it. */
export function initialStatus(): Props {
  return {
    code: 'Paused',
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: NEVER,
    steadyStateLastAchievedTime: NEVER,
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
  };
}
