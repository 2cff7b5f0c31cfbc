// Steady state writes nothing: the Contoso example, brought up kind by kind (TenantLink, AttributeMapping,
// SyncScope, AccessPackagePolicy, ReviewSchedule, LifecycleWorkflow) against the simulator, which answers as
// Graph documents. After each kind converges, at least 10 more passes, with the simulator clock moved on across
// review instances and workflow runs (and, for SyncScopes, a full resync), make no Graph write at all; nothing in
// the tenants or the specs changes meanwhile, only time passes. The last test does the same for the whole example.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { accessReviewsModule } from '../../src/graph-sim/governance/access-reviews/module.js';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { lifecycleWorkflowsModule } from '../../src/graph-sim/governance/lifecycle-workflows/module.js';
import type { KindName } from '../../src/api/index.js';
import type { ControllerName } from '../../src/controllers/shared/names.js';
import { conditionOf, create, waitUntil } from '../support/resources.js';
import { useOperator } from '../support/operator.js';
import { putClientSecret, useSimulator } from '../support/simulator.js';
import { contosoExample, forcePasses, graphWrites, type Manifest } from './steady.js';

jest.setTimeout(300_000);
const sim = useSimulator({ modules: [entitlementModule, accessReviewsModule, lifecycleWorkflowsModule] });
const testbed = useOperator('steady');
const DAY = 86_400_000;
const PASSES = 10;

let example: Manifest[] = [];
const created: { kind: KindName; name: string; controller: ControllerName }[] = [];

function controllerOf(kind: KindName): ControllerName {
  return kind.toLowerCase() as ControllerName;
}

/** The example's resources of `kind` as this test runs them: endpoints at the simulator, SyncScopes polled fast. */
function specFor(kind: KindName, manifest: Manifest): Record<string, unknown> {
  const spec = { ...(manifest.spec ?? {}) };
  if (kind === 'TenantLink') spec['endpoints'] = { authorityHost: sim().url, graph: sim().url };
  // A full resync at least a minute apart is the shortest the API allows: the passes below include one.
  if (kind === 'SyncScope') Object.assign(spec, { interval: '1s', fullResyncInterval: '1m' });
  return spec;
}

/** Creates the example's resources of `kind` and waits until each is Ready. */
async function bringUp(kind: KindName): Promise<string[]> {
  const { clients, namespace } = testbed();
  const names: string[] = [];
  for (const manifest of example.filter((m) => m.kind === kind)) {
    await create(clients, kind, namespace, manifest.metadata.name, specFor(kind, manifest));
    names.push(manifest.metadata.name);
    created.push({ kind, name: manifest.metadata.name, controller: controllerOf(kind) });
  }
  for (const name of names) {
    await waitUntil(
      clients,
      kind,
      namespace,
      name,
      'Ready',
      (r) =>
        (conditionOf(r, 'Ready')?.startsWith('True/') ?? false) && (kind !== 'SyncScope' || cycleIdle(r)),
      120_000,
    );
  }
  return names;
}

type GroupFigures = Record<'created' | 'updated' | 'deleted' | 'membersAdded' | 'membersRemoved', number>;

/**
 * Whether a SyncScope's last cycle wrote nothing to its groups: Ready speaks for the users, so a scope counts as
 * converged once a cycle after its group writes found nothing to do.
 */
function cycleIdle(r: { status?: unknown }): boolean {
  const status = r.status as { groups?: { lastCycle?: GroupFigures } } | undefined;
  const groups = status?.groups?.lastCycle;
  return groups === undefined || Object.values(groups).every((n) => n === 0);
}

/** Clears the request log, forces the passes and returns the Graph writes made meanwhile. */
async function writesDuringPasses(kinds: readonly KindName[], clockStepMs: number): Promise<string[]> {
  await sim().admin.clearRequests();
  await forcePasses(testbed(), sim(), {
    resources: created.filter((r) => kinds.includes(r.kind)),
    passes: PASSES,
    clockStepMs,
  });
  return graphWrites(await sim().admin.requests());
}

beforeAll(async () => {
  example = await contosoExample();
  const { clients, namespace } = testbed();
  for (const secret of example.filter((m) => m.kind === 'Secret'))
    await putClientSecret(
      clients,
      namespace,
      secret.metadata.name,
      secret.stringData?.['client-secret'] ?? '',
    );
});

it('TenantLinks write nothing once connected', async () => {
  await bringUp('TenantLink');
  expect(await writesDuringPasses(['TenantLink'], DAY)).toEqual([]);
});

it('an AttributeMapping writes nothing once accepted', async () => {
  await bringUp('AttributeMapping');
  expect(await writesDuringPasses(['AttributeMapping'], DAY)).toEqual([]);
});

it('SyncScopes write nothing once synced, through incremental cycles and a full resync', async () => {
  const { clients, namespace } = testbed();
  const names = await bringUp('SyncScope');
  await sim().admin.clearRequests();
  const since = new Date().toISOString();
  // Ten passes with the clock moving, then until every SyncScope has run a full resync after the log was cleared.
  await forcePasses(testbed(), sim(), {
    resources: created.filter((r) => r.kind === 'SyncScope'),
    passes: PASSES,
    clockStepMs: DAY,
  });
  for (const name of names) {
    await waitUntil(
      clients,
      'SyncScope',
      namespace,
      name,
      'a full resync after the passes began',
      (r) => {
        const last = (
          r.status as { lastCycle?: { kind: string; startTime: string; endTime?: string } } | undefined
        )?.lastCycle;
        return last?.kind === 'Full' && last.startTime > since && last.endTime !== undefined;
      },
      120_000,
    );
  }
  expect(graphWrites(await sim().admin.requests())).toEqual([]);
});

it('an AccessPackagePolicy writes nothing once its package, resources and policies are in place', async () => {
  await bringUp('AccessPackagePolicy');
  expect(await writesDuringPasses(['AccessPackagePolicy'], DAY)).toEqual([]);
});

it('ReviewSchedules write nothing while review instances start and end', async () => {
  await bringUp('ReviewSchedule');
  // Monthly and quarterly reviews: 10 steps of 20 days cross several instances of each.
  expect(await writesDuringPasses(['ReviewSchedule'], 20 * DAY)).toEqual([]);
});

it('a LifecycleWorkflow writes nothing while its scheduled runs come and go', async () => {
  await bringUp('LifecycleWorkflow');
  expect(await writesDuringPasses(['LifecycleWorkflow'], DAY)).toEqual([]);
});

it('the whole Contoso example writes nothing over 10 more passes of every resource', async () => {
  expect(
    await writesDuringPasses(
      [
        'TenantLink',
        'AttributeMapping',
        'SyncScope',
        'AccessPackagePolicy',
        'ReviewSchedule',
        'LifecycleWorkflow',
      ],
      7 * DAY,
    ),
  ).toEqual([]);
});
