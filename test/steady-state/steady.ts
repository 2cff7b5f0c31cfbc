// A converged system writes nothing to Graph: passes of the operator, forced and with time moving on in the
// simulator, checked on the simulator's request log.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KindName } from '../../src/api/index.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import type { ControllerName } from '../../src/controllers/shared/names.js';
import { isGraphRequest } from '../support/contract-check.js';
import { scrape, type OperatorTestbed } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { patch } from '../support/resources.js';

const EXAMPLE_DIR = 'examples/contoso';

/** A manifest of the Contoso example. */
export interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  stringData?: Record<string, string>;
}

/** The manifests of examples/contoso, in the order kustomization.yaml lists their files. */
export async function contosoExample(): Promise<Manifest[]> {
  const kustomization = await readFile(join(EXAMPLE_DIR, 'kustomization.yaml'), 'utf8');
  const files = [...kustomization.matchAll(/^\s+-\s+(\S+\.yaml)\s*$/gm)].map((m) => m[1] as string);
  const present = new Set(await readdir(EXAMPLE_DIR));
  const texts = await Promise.all(
    files.filter((f) => present.has(f)).map((f) => readFile(join(EXAMPLE_DIR, f), 'utf8')),
  );
  return texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJSON() as Manifest));
}

/** The writes among logged Graph requests: everything but reads, with a `$batch` counted by its inner requests. */
export function graphWrites(log: readonly RequestLogEntry[]): string[] {
  return log
    .filter((e) => isGraphRequest(e) && e.method !== 'GET' && !e.path.startsWith('/$batch'))
    .map((e) => `${e.method} ${e.path} -> ${e.status}`);
}

async function reconciles(testbed: OperatorTestbed, controller: ControllerName): Promise<number> {
  return (
    metricValue(await scrape(testbed.operator), 'controller_runtime_reconcile_total', { controller }) ?? 0
  );
}

/** What passes to force: the resources to touch, their controller, and how far the simulator clock moves before each. */
export interface PassPlan {
  resources: { kind: KindName; name: string; controller: ControllerName }[];
  passes: number;
  clockStepMs: number;
}

/**
 * Forces `plan.passes` passes of every listed resource: before each, the simulator clock moves on by
 * `clockStepMs`; then an annotation (metadata, not spec) is touched and the pass waited for on the
 * controller's reconcile counter.
 */
export async function forcePasses(
  testbed: OperatorTestbed,
  sim: RunningSimulator,
  plan: PassPlan,
): Promise<void> {
  for (let pass = 1; pass <= plan.passes; pass++) {
    await sim.admin.advanceClock(plan.clockStepMs);
    for (const { kind, name, controller } of plan.resources) {
      const before = await reconciles(testbed, controller);
      await patch(testbed.clients, kind, testbed.namespace, name, {
        metadata: { annotations: { 'steady-state.test/pass': String(pass) } },
      });
      await waitFor(
        `pass ${pass} of ${kind} ${name}`,
        async () => ((await reconciles(testbed, controller)) > before ? true : undefined),
        30_000,
      );
    }
  }
}
