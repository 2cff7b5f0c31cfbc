// The sync engine a governance scenario runs on, as a parameter: the scenario declares what it needs synchronized
// and when it needs the engine to have acted; each engine says how. The operator's engine is here; Entra's job
// (test/entra-engine/fixture.ts) drives the same scenarios.
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { waitFor } from '../support/poll.js';
import { create, get } from '../support/resources.js';
import { waitForSyncScopeSynced } from './testbed.js';

/** What EMEA's synchronization into Contoso is to carry, besides the defaults. */
export interface SyncRequest {
  scope: Record<string, unknown>;
  mappings?: Record<string, unknown>[];
  /** The AttributeMapping's sourceMarker (the target of one of `mappings`, a constant). */
  sourceMarker?: string;
}

/** One engine, as the scenarios use it. */
export interface ScenarioEngine {
  readonly name: 'Operator' | 'Entra';
  /**
   * Whether users appear during a step of the simulator clock (Entra's cycles) rather than between steps (the
   * operator's polls): schedules that run on the clock, such as a workflow's, then run in that same step.
   */
  readonly provisionsOnClockStep: boolean;
  /** Creates the AttributeMapping `<name>-mapping` and the SyncScope `name` from EMEA into Contoso; returns after its first pass. */
  syncEmea(
    kube: KubeClients,
    sim: () => RunningSimulator,
    namespace: string,
    name: string,
    request: SyncRequest,
  ): Promise<void>;
  /** Returns once the engine has had the chance to act on what changed since its last cycle. */
  nextCycle(kube: KubeClients, sim: () => RunningSimulator, namespace: string, name: string): Promise<void>;
}

/** The operator's own engine, polling every second. */
export const OPERATOR_ENGINE: ScenarioEngine = {
  name: 'Operator',
  provisionsOnClockStep: false,
  async syncEmea(kube, _sim, namespace, name, request) {
    await create(kube, 'AttributeMapping', namespace, `${name}-mapping`, {
      includeDefaults: true,
      mappings: request.mappings ?? [],
      ...(request.sourceMarker ? { sourceMarker: request.sourceMarker } : {}),
    });
    await create(kube, 'SyncScope', namespace, name, {
      source: { tenantLinkRef: 'emea' },
      target: { tenantLinkRef: 'contoso' },
      scope: request.scope,
      attributeMappingRef: `${name}-mapping`,
      interval: '1s',
    });
    await waitForSyncScopeSynced(kube, namespace, name);
  },
  async nextCycle(kube, _sim, namespace, name) {
    const endOf = async () =>
      (
        (await get(kube, 'SyncScope', namespace, name)).status?.['lastCycle'] as
          { endTime?: string } | undefined
      )?.endTime;
    const before = await endOf();
    // Two cycles that ended after this call began: the first may have started before the change.
    await waitFor('two more sync cycles', async () => {
      const end = await endOf();
      return end && before && Date.parse(end) - Date.parse(before) >= 2_000 ? true : undefined;
    });
  },
};
