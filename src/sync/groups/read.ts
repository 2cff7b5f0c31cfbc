import type { DeltaRemoval, DeltaResult, GraphClient, GroupsDeltaStart } from '../../graph/index.js';
import { GROUPS_DELTA_ID_LIMIT, groupsDelta } from '../../graph/index.js';

type GroupItem = Record<string, unknown> & { id: string };

/** One read of groups through delta: `full` when it started afresh, so what was kept before is replaced. */
export interface GroupsRead {
  full: boolean;
  items: GroupItem[];
  removed: DeltaRemoval[];
}

type LinkedRead = GroupsRead & { deltaLink: string };

/**
 * At most this many filtered queries read the source: each costs a request every cycle even when nothing
 * changed, where one unfiltered deltaLink costs one, so past a few the polling outweighs what the filter saves.
 */
export const MAX_FILTERED_SOURCE_READS = 4;

/**
 * How the source's groups are read: one filtered delta per 50 scoped groups (Graph's limit on ids in one
 * groups delta), or `[undefined]`, one unfiltered delta of the whole tenant, when that would take more than
 * MAX_FILTERED_SOURCE_READS queries; nothing at all when no group is scoped.
 */
export function sourceReadPlan(scoped: readonly string[]): (readonly string[] | undefined)[] {
  const chunks: string[][] = [];
  for (let i = 0; i < scoped.length; i += GROUPS_DELTA_ID_LIMIT)
    chunks.push(scoped.slice(i, i + GROUPS_DELTA_ID_LIMIT));
  return chunks.length > MAX_FILTERED_SOURCE_READS ? [undefined] : chunks;
}

/** Reads a groups delta from the kept link, or in full (fresh records) when there is none or Graph expired it. */
export async function readGroups(
  client: GraphClient,
  fresh: Extract<GroupsDeltaStart, { select: readonly string[] }>,
  deltaLink: string | undefined,
): Promise<LinkedRead> {
  if (deltaLink !== undefined) {
    const changes = (await groupsDelta(client, { deltaLink })) as DeltaResult<GroupItem>;
    if (changes.kind === 'changes') return { full: false, ...changes };
  }
  const changes = (await groupsDelta(client, fresh)) as DeltaResult<GroupItem>;
  if (changes.kind === 'expired') throw new Error(`a fresh groups delta expired: ${changes.error.message}`);
  return { full: true, ...changes };
}

/**
 * Reads the scoped groups of the source, each query of sourceReadPlan from its kept link (`links` in plan
 * order; the caller drops them when the scoped set changes). If any link expired, every query reads afresh,
 * so the result is either all changes or all current state.
 */
export async function readSourceGroups(
  client: GraphClient,
  select: readonly string[],
  scoped: readonly string[],
  links: readonly string[] | undefined,
): Promise<GroupsRead & { deltaLinks: string[] }> {
  const plan = sourceReadPlan(scoped);
  const freshOf = (ids: readonly string[] | undefined) => (ids ? { select, ids } : { select });
  // The fresh read that replaced an expired link is kept, so that query is not read afresh twice.
  let replaced: { at: number; read: LinkedRead } | undefined;
  if (links?.length === plan.length) {
    const reads: LinkedRead[] = [];
    for (const [i, ids] of plan.entries()) {
      const read = await readGroups(client, freshOf(ids), links[i]);
      if (read.full) {
        replaced = { at: i, read };
        break;
      }
      reads.push(read);
    }
    if (reads.length === plan.length) return combined(false, reads);
  }
  const reads: LinkedRead[] = [];
  for (const [i, ids] of plan.entries())
    reads.push(replaced?.at === i ? replaced.read : await readGroups(client, freshOf(ids), undefined));
  return combined(true, reads);
}

function combined(full: boolean, reads: readonly LinkedRead[]): GroupsRead & { deltaLinks: string[] } {
  return {
    full,
    items: reads.flatMap((r) => r.items),
    removed: reads.flatMap((r) => r.removed),
    deltaLinks: reads.map((r) => r.deltaLink),
  };
}
