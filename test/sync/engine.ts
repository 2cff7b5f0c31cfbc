// Shared pieces of the sync engine tests: Contoso seed tenants, clients, a spec and a cycle runner.
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { createGraphClient, listUsers, type GraphClient, type GraphUser } from '../../src/graph/index.js';
import { applyDefaults } from '../../src/api/index.js';
import { compileMapping, type CompiledMapping } from '../../src/sync/mapping/compile.js';
import {
  emptySyncState,
  runSyncCycle,
  type CycleInput,
  type CycleResult,
  type SyncState,
} from '../../src/sync/cycle.js';
import type { SyncScopeSpec } from '../../src/sync/types.js';
import { CONTOSO, EMEA } from '../graph-sim/contoso-tenants.js';

// The seeded tenants are defined once, for the simulator's conformance tests and these.
export { CONTOSO, EMEA, US } from '../graph-sim/contoso-tenants.js';

/** A seeded tenant and its operator app. */
export interface Tenant {
  tenantId: string;
  clientId: string;
  secret: string;
  domain: string;
}

export const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';

/** Our Graph client for a seeded tenant. */
export function clientFor(
  sim: Pick<RunningSimulator, 'url'>,
  tenant: Tenant,
  writesPer150s?: number,
): GraphClient {
  return createGraphClient({
    tenantKey: `sync-test/${tenant.domain}`,
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    authorityHost: sim.url,
    graphBaseUrl: sim.url,
    credential: { kind: 'secret', secret: tenant.secret },
    ...(writesPer150s ? { limits: { writes: { limit: writesPer150s, windowSeconds: 150 } } } : {}),
  });
}

/** The object id of a source group by display name. */
export async function groupId(client: GraphClient, displayName: string): Promise<string> {
  const page = await client.get<{ value: { id: string }[] }>(
    `/groups?$filter=${encodeURIComponent(`displayName eq '${displayName}'`)}&$select=id`,
  );
  const id = page.value[0]?.id;
  if (!id) throw new Error(`no group ${displayName}`);
  return id;
}

/** A defaulted SyncScope spec (engine slice) with the given scope and overrides. */
export function syncSpec(scope: Record<string, unknown>, extra: Record<string, unknown> = {}): SyncScopeSpec {
  return applyDefaults('SyncScope', {
    source: { tenantLinkRef: 'source' },
    target: { tenantLinkRef: 'target' },
    scope,
    ...extra,
  });
}

/** The default mapping, compiled. */
export function defaultMapping(): CompiledMapping {
  const compiled = compileMapping({ includeDefaults: true, mappings: [] });
  if (!compiled.ok) throw new Error('the default mapping does not compile');
  return compiled.mapping;
}

/** An engine syncing the members of an EMEA group into Contoso with the default mapping. */
export function emeaGroupEngine(
  source: GraphClient,
  target: GraphClient,
  group: string,
  extra: Partial<Omit<CycleInput, 'state' | 'now'>> = {},
): Engine {
  return new Engine({
    source,
    target,
    sourceTenantId: EMEA.tenantId,
    targetTenantId: CONTOSO.tenantId,
    spec: syncSpec({ groups: [group] }),
    mapping: defaultMapping(),
    ...extra,
  });
}

/** A source -> target pair with its state, running cycles one after another. */
export class Engine {
  readonly state: SyncState = emptySyncState();
  constructor(readonly input: Omit<CycleInput, 'state' | 'now'>) {}

  /** One cycle now. */
  cycle(extra: Partial<CycleInput> = {}): Promise<CycleResult> {
    return runSyncCycle({ ...this.input, state: this.state, now: new Date(), ...extra });
  }
}

/** Target users anchored to a source tenant, by source object id. */
export async function anchoredUsers(
  target: GraphClient,
  sourceTenantId: string,
): Promise<Map<string, GraphUser>> {
  const users = await listUsers(target, {
    select: [
      'id',
      'mail',
      'displayName',
      'department',
      'accountEnabled',
      'userType',
      'creationType',
      'onPremisesExtensionAttributes',
      'showInAddressList',
    ],
    top: 999,
  });
  const out = new Map<string, GraphUser>();
  for (const u of users) {
    const anchor = u.onPremisesExtensionAttributes?.extensionAttribute15;
    if (typeof anchor === 'string' && anchor.startsWith(`${sourceTenantId}:`))
      out.set(anchor.split(':')[1] as string, u);
  }
  return out;
}

/** A source user's object id by UPN. */
export async function userId(client: GraphClient, upn: string): Promise<string> {
  return (await client.get<{ id: string }>(`/users/${encodeURIComponent(upn)}?$select=id`)).id;
}
