import type { ProvisionNowStatus } from '../api/sync-scope-status.js';
import type { GraphClient } from '../graph/index.js';
import { getUser, listGroupUserIds } from '../graph/index.js';
import { applyActions } from './apply.js';
import type { ActionOutcome } from './apply.js';
import { redirectUrlFor, sourceSelect, targetReadOptions, type CycleInput, type SyncState } from './cycle.js';
import { evaluateAttributes } from './desired.js';
import { planUserChanges } from './plan.js';
import { TargetStore, applyTargetChanges } from './target-index.js';
import { targetUniqueness } from './target-uniqueness.js';
import { provisionNowReport } from './provision-now-report.js';
import { readTarget } from './read-target.js';
import { explainScope } from './scope.js';
import type { UserMembership } from './scope.js';
import type { SourceUser, SyncScopeSpec } from './types.js';
import { toSourceUser } from './user-records.js';

/** Everything provisioning one user on demand needs: a cycle's input and the user asked for. */
export type ProvisionNowInput = Pick<
  CycleInput,
  | 'source'
  | 'target'
  | 'sourceTenantId'
  | 'targetTenantId'
  | 'spec'
  | 'mapping'
  | 'state'
  | 'now'
  | 'excluded'
  | 'recordInFlight'
> & {
  /** Source user object id or UPN. */
  user: string;
  dryRun: boolean;
};

async function membershipOf(
  client: GraphClient,
  spec: SyncScopeSpec,
  userId: string,
): Promise<UserMembership> {
  const groups = new Set<string>();
  const transitive = spec.scope.membership === 'Transitive';
  // The member lists, as a cycle reads them: the simulator and Graph agree on these for every group type.
  for (const group of spec.scope.allUsers ? [] : (spec.scope.groups ?? [])) {
    if ((await listGroupUserIds(client, group, { transitive })).includes(userId)) groups.add(group);
  }
  return { directGroupIds: groups, transitiveGroupIds: groups };
}

/**
 * The target users as they are now, without moving the SyncState's cursor: the last cycle's records with
 * the target delta since applied over a copy (a deltaLink can be followed again), or a full read when
 * no cycle ran yet.
 */
async function currentTarget(input: ProvisionNowInput): Promise<TargetStore> {
  const { state, spec, mapping } = input;
  const read = await readTarget(input.target, targetReadOptions(spec, mapping, state));
  if (read.full) return new TargetStore(spec.anchorAttribute, read.users);
  const records = state.target.clone();
  applyTargetChanges(records, read);
  return records;
}

async function readUser(input: ProvisionNowInput, state: SyncState): Promise<SourceUser | undefined> {
  // The manager is a relationship, not a property: take the id the last cycle's delta saw.
  if (input.user.trim() === '') return undefined;
  const select = sourceSelect(input.spec, input.mapping).filter((s) => s !== 'manager');
  const found = await getUser(input.source, input.user, select);
  if (!found) return undefined;
  const user = toSourceUser(found);
  const managerId = state.source.get(user.id)?.managerId;
  return managerId ? { ...user, managerId } : user;
}

/**
 * Provisions one source user now, outside the cycle (Entra's provision on demand): reads the user, its
 * group memberships and the target, evaluates scope and mapping, plans, and applies unless `dryRun`.
 * Returns the report for `status.provisionNow`; the SyncState is left for the next cycle to refresh.
 */
export async function provisionNow(input: ProvisionNowInput): Promise<ProvisionNowStatus> {
  const { spec, mapping, now } = input;
  const common = { requested: input.user, now, dryRun: input.dryRun, scopeRules: spec.scope };
  const user = await readUser(input, input.state);
  if (!user) return provisionNowReport({ ...common, attributes: [], actions: [], outcomes: [] });
  const scope = explainScope(
    user,
    spec.scope,
    await membershipOf(input.source, spec, user.id),
    input.excluded?.get(user.id),
  );
  const targetUsers = await currentTarget(input);
  const index = targetUsers.lookup();
  const plan = planUserChanges({
    sourceTenantId: input.sourceTenantId,
    sourceUsers: [{ ...user, inScope: scope.decision.inScope }],
    sourceDeleted: [],
    targetIndex: index,
    inFlight: input.state.inFlight,
    mapping,
    spec,
    now,
    context: { isUnique: targetUniqueness(() => targetUsers.values()) },
  });
  const target = index.bySource.get(input.sourceTenantId)?.get(user.id);
  const forCreate = plan.actions.some((a) => a.kind === 'create');
  const attributes = evaluateAttributes(user, mapping, forCreate, {
    now: () => now,
    random: Math.random,
    isUnique: () => true,
  });
  // Random functions (Guid, RandomString) would give another value on a second evaluation: report the planned one.
  const create = plan.actions.find((a) => a.kind === 'create' || a.kind === 'adopt');
  const planned = create && 'attributes' in create ? create.attributes : {};
  const reported = attributes.map((a) =>
    a.value !== undefined && a.target in planned ? { ...a, value: planned[a.target] ?? null } : a,
  );
  let outcomes: ActionOutcome[] = [];
  if (!input.dryRun && plan.actions.length > 0)
    outcomes = await applyActions(input.target, plan.actions, {
      redirectUrl: redirectUrlFor(input.targetTenantId),
      anchorAttribute: spec.anchorAttribute,
      inFlight: input.state.inFlight,
      ...(input.recordInFlight ? { recordInFlight: input.recordInFlight } : {}),
    });
  const failure = plan.failures[0];
  return provisionNowReport({
    ...common,
    user,
    scope,
    attributes: reported,
    ...(target ? { target } : {}),
    actions: plan.actions,
    ...(failure ? { failure } : {}),
    outcomes,
  });
}
