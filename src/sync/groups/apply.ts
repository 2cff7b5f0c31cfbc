import type { BatchRequest, BatchResult, GraphClient } from '../../graph/index.js';
import { executeBatches, isUnknownOutcome, segment } from '../../graph/index.js';
import { realClock, type Clock } from '../../time/clock.js';
import type { GroupAction } from './plan.js';

/** What became of one group action. */
export interface GroupOutcome {
  action: GroupAction;
  ok: boolean;
  /** The new group's object id (creates). */
  targetGroupId?: string;
  error?: string;
}

/** Options of applyGroupActions. */
export interface GroupApplyOptions {
  clock?: Clock;
  /** Rounds of re-sending member references that met replication lag (404 on an object just created). */
  lagRounds?: number;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function memberRef(memberId: string): { '@odata.id': string } {
  return { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${memberId}` };
}

function requestOf(action: GroupAction, id: string): BatchRequest {
  switch (action.kind) {
    case 'create':
      return {
        id,
        method: 'POST',
        url: '/groups',
        headers: JSON_HEADERS,
        body: { ...action.attributes, securityEnabled: true, mailEnabled: false },
      };
    case 'update':
      return {
        id,
        method: 'PATCH',
        url: `/groups/${segment(action.targetGroupId)}`,
        headers: JSON_HEADERS,
        body: action.changes,
      };
    case 'delete':
      return { id, method: 'DELETE', url: `/groups/${segment(action.targetGroupId)}` };
    case 'addMember':
      return {
        id,
        method: 'POST',
        url: `/groups/${segment(action.targetGroupId)}/members/$ref`,
        headers: JSON_HEADERS,
        body: memberRef(action.memberId),
      };
    case 'removeMember':
      return {
        id,
        method: 'DELETE',
        url: `/groups/${segment(action.targetGroupId)}/members/${segment(action.memberId)}/$ref`,
      };
  }
}

/**
 * Whether a failed result means the write is already in place: a member added twice is 400 ("added object
 * references already exist"), and a member or group already gone is 404 (Graph's add/remove member pages).
 */
function alreadyDone(action: GroupAction, result: BatchResult): boolean {
  if (action.kind === 'addMember')
    return result.status === 400 && /already exist/i.test(result.error?.message ?? '');
  return (action.kind === 'removeMember' || action.kind === 'delete') && result.status === 404;
}

function failure(result: BatchResult): string {
  return result.error ? `${result.error.code}: ${result.error.message}` : `HTTP ${result.status}`;
}

async function run(
  client: GraphClient,
  actions: readonly GroupAction[],
  options: GroupApplyOptions,
): Promise<GroupOutcome[]> {
  const outcomes = new Map<number, GroupOutcome>();
  let pending = actions.map((action, i) => ({ action, i }));
  const rounds = options.lagRounds ?? 3;
  for (let round = 0; pending.length > 0; round += 1) {
    const results = await executeBatches(
      client,
      pending.map((p) => requestOf(p.action, String(p.i))),
    );
    const lagged: typeof pending = [];
    pending.forEach((p, n) => {
      const result = results[n] as BatchResult;
      if (result.status < 400 || alreadyDone(p.action, result)) {
        const body = result.body as { id?: unknown } | undefined;
        const created =
          p.action.kind === 'create' && typeof body?.id === 'string' ? { targetGroupId: body.id } : {};
        outcomes.set(p.i, { action: p.action, ok: true, ...created });
      } else if (
        result.status === 404 &&
        p.action.kind === 'addMember' &&
        round < rounds &&
        !isUnknownOutcome(result)
      ) {
        // A member reference to a group or user created moments ago is 404 until the directory replicates it.
        lagged.push(p);
      } else outcomes.set(p.i, { action: p.action, ok: false, error: failure(result) });
    });
    pending = lagged;
    if (pending.length > 0) await (options.clock ?? realClock).sleep(1000 * 2 ** round);
  }
  return actions.map((action, i) => outcomes.get(i) ?? { action, ok: false, error: 'not sent' });
}

/**
 * Writes the plan, up to 20 requests per `$batch`: groups created first, then their members and every other
 * member reference (one write per member), updates, and deletes last. A new group's members are added once
 * Graph has given its id; a group whose create failed gets none.
 */
export async function applyGroupActions(
  client: GraphClient,
  actions: readonly GroupAction[],
  options: GroupApplyOptions = {},
): Promise<GroupOutcome[]> {
  const creates = actions.filter((a) => a.kind === 'create');
  const created = await run(client, creates, options);
  const newMembers: GroupAction[] = created.flatMap((o) =>
    o.ok && o.targetGroupId !== undefined && o.action.kind === 'create'
      ? o.action.members.map((memberId) => ({
          kind: 'addMember' as const,
          sourceGroupId: o.action.sourceGroupId,
          targetGroupId: o.targetGroupId as string,
          memberId,
        }))
      : [],
  );
  const rest = actions.filter((a) => a.kind !== 'create');
  const order = { addMember: 0, removeMember: 1, update: 2, delete: 3 } as const;
  rest.sort((a, b) => order[a.kind as keyof typeof order] - order[b.kind as keyof typeof order]);
  return [...created, ...(await run(client, [...newMembers, ...rest], options))];
}
