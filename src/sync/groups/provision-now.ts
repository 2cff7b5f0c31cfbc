// Provision-now for one group (the crosstenant.io/provision-group-now annotation): reads the source group, its
// direct members and the target group found by its anchor, plans as a cycle would and writes unless DryRun.
import type { GroupSyncSpec } from '../../api/group-sync.js';
import type { ProvisionGroupNowStatus } from '../../api/provision-now.js';
import type { GraphClient } from '../../graph/index.js';
import { findGroupsWith, getGroup, listGroupMembers } from '../../graph/index.js';
import type { SyncState } from '../cycle.js';
import { anchorValue } from '../desired.js';
import type { CompiledMapping } from '../mapping/compile.js';
import { applyGroupActions, type GroupOutcome } from './apply.js';
import { groupScopeOf, memberFates, planGroupOnDemand } from './provision-now-plan.js';
import { groupOnDemandReport } from './provision-now-report.js';
import type { GroupRecord } from './records.js';

/** Everything provisioning one group on demand needs. */
export interface GroupProvisionNowInput {
  source: GraphClient;
  target: GraphClient;
  sourceTenantId: string;
  groupSync: GroupSyncSpec;
  /** scope.groups of the SyncScope. */
  assignedGroups: readonly string[];
  mapping: CompiledMapping;
  /** The user pass's state in memory: who is in scope and their target counterparts. */
  users: SyncState;
  /** The annotation value: a source group object id. */
  group: string;
  now: Date;
  dryRun: boolean;
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function recordOf(group: { id: string }): GroupRecord {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(group))
    if (name !== 'id' && !name.startsWith('@odata.')) attributes[name] = value;
  return { id: group.id, attributes, members: new Set(), nestedGroups: new Set() };
}

/** Fills a record with its direct members (users, and groups apart); returns the ids of members of other types. */
async function readMembers(client: GraphClient, record: GroupRecord): Promise<string[]> {
  const others: string[] = [];
  for (const m of await listGroupMembers(client, record.id)) {
    if (m.type === 'user') record.members.add(m.id);
    else if (m.type === 'group') record.nestedGroups.add(m.id);
    else others.push(m.id);
  }
  return others;
}

async function readTargetGroup(
  input: GroupProvisionNowInput,
  sourceGroupId: string,
): Promise<GroupRecord | undefined> {
  const anchor = input.groupSync.anchorAttribute;
  const select = [
    ...new Set([
      'id',
      'displayName',
      'description',
      'mailNickname',
      anchor,
      ...input.mapping.attributes.map((a) => a.target),
    ]),
  ];
  const found = await findGroupsWith(
    input.target,
    anchor,
    anchorValue(input.sourceTenantId, sourceGroupId),
    select,
  );
  const first = found[0];
  if (!first) return undefined;
  const record = recordOf(first);
  // The cycle treats every non-group member of a target group as a member it manages; so does this.
  for (const m of await listGroupMembers(input.target, record.id))
    (m.type === 'group' ? record.nestedGroups : record.members).add(m.id);
  return record;
}

/**
 * Provisions one source group now, outside the cycle (Entra's provision on demand for a group): the report for
 * status.provisionGroupNow. Users are not provisioned here: members without a target user are reported as left
 * out, and join at the cycle that creates them.
 */
export async function provisionGroupNow(input: GroupProvisionNowInput): Promise<ProvisionGroupNowStatus> {
  const { now, dryRun } = input;
  const requested = input.group;
  const id = requested.trim();
  const common = { requested, now, dryRun, outcomes: [] };
  const select = [...new Set(['id', 'displayName', ...input.mapping.sourceAttributes()])];
  const found = OBJECT_ID.test(id) ? await getGroup(input.source, id, select) : undefined;
  if (!found) return groupOnDemandReport(common);
  const source = recordOf(found);
  const scope = groupScopeOf(source.id, source.attributes, input.groupSync, input.assignedGroups);
  if (!scope.inScope) return groupOnDemandReport({ ...common, source, scope });
  const otherMembers = await readMembers(input.source, source);
  const target = await readTargetGroup(input, source.id);
  const plan = planGroupOnDemand({
    sourceTenantId: input.sourceTenantId,
    groupSync: input.groupSync,
    assignedGroups: input.assignedGroups,
    mapping: input.mapping,
    source,
    otherMembers,
    ...(target ? { target } : {}),
    member: memberFates(input.users, input.sourceTenantId),
    now,
  });
  let outcomes: GroupOutcome[] = [];
  if (!dryRun && plan.failure === undefined && plan.actions.length > 0)
    outcomes = await applyGroupActions(input.target, plan.actions);
  const direct = source.members.size + source.nestedGroups.size + otherMembers.length;
  return groupOnDemandReport({
    ...common,
    source,
    scope,
    ...(target ? { target } : {}),
    direct,
    plan,
    outcomes,
  });
}
