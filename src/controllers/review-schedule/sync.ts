// Brings one access review schedule definition in line with its ReviewSchedule and reads its current instance.
import type { ReviewSchedule, ReviewScheduleStatus } from '../../api/index.js';
import type { GraphClient } from '../../graph/index.js';
import { getDeletedUser, getUser } from '../../graph/index.js';
import * as ar from '../../graph/governance/index.js';
import type { ReviewDefinition, ReviewDefinitionBody } from '../../graph/governance/index.js';
import {
  applyResults,
  comparableDefinition,
  countDecisions,
  currentInstance,
  isFinished,
} from '../../governance/access-review.js';
import { covers, driftedFields } from '../../governance/drift.js';
import type { AnchoredScope, RecordedExclusion } from '../../governance/exclusions.js';
import { exclusionsFromDenials } from '../../governance/exclusions.js';

/** What a pass found: status fields, the plan, the exclusions its denials call for, whether to look again soon. */
export interface ReviewSync {
  status: Partial<ReviewScheduleStatus>;
  plan: string[];
  exclusions: RecordedExclusion[];
  settling: boolean;
}

async function findDefinition(client: GraphClient, review: ReviewSchedule, displayName: string) {
  const known = review.status?.definitionId;
  if (known) {
    const found = await ar.getReviewDefinition(client, known);
    if (found) return found;
  }
  return (await ar.listReviewDefinitions(client)).find((d) => d.displayName === displayName);
}

/** Whether the reviewers are individual users only (`/users/{id}`), the one kind the update page lets change. */
function byUsers(reviewers: unknown): boolean {
  return (
    Array.isArray(reviewers) &&
    reviewers.every((r: { query?: unknown } | null) => /^\/users\/[^/?]+$/.test(String(r?.query ?? '')))
  );
}

async function ensureDefinition(
  client: GraphClient,
  review: ReviewSchedule,
  body: ReviewDefinitionBody,
  dryRun: boolean,
  plan: string[],
): Promise<ReviewDefinition | undefined> {
  const actual = await findDefinition(client, review, body.displayName);
  if (!actual) {
    plan.push(`create access review "${body.displayName}"`);
    return dryRun ? undefined : ar.createReviewDefinition(client, body);
  }
  // Compared by meaning: Graph stores its own spelling of queries and settings.
  const want = comparableDefinition(body);
  const have = comparableDefinition(actual);
  const { scope: _scope, ...rest } = want;
  const fields = driftedFields(rest, have);
  // Graph does not let a definition's scope change, nor its reviewers unless individual users review before and
  // after (the update page): replace the definition.
  const fixed = !covers(want.scope, have.scope)
    ? 'scope'
    : fields.includes('reviewers') && !(byUsers(want.reviewers) && byUsers(have.reviewers))
      ? 'reviewers'
      : undefined;
  if (fixed) {
    plan.push(`replace the access review (its ${fixed} changed)`);
    if (dryRun) return actual;
    await ar.deleteReviewDefinition(client, actual.id);
    return ar.createReviewDefinition(client, body);
  }
  if (fields.length > 0) {
    plan.push(`update access review ${fields.join(', ')}`);
    if (!dryRun) await ar.replaceReviewDefinition(client, actual.id, body);
  }
  return actual;
}

/** Syncs the definition and reports its current instance; with `anchoredScopes`, maps denials to exclusions. */
export async function syncReview(
  client: GraphClient,
  review: ReviewSchedule,
  body: ReviewDefinitionBody,
  anchoredScopes: readonly AnchoredScope[] | undefined,
  dryRun: boolean,
  now: Date,
): Promise<ReviewSync> {
  const plan: string[] = [];
  const definition = await ensureDefinition(client, review, body, dryRun, plan);
  if (!definition) return { status: {}, plan, exclusions: [], settling: false };
  const instance = currentInstance(await ar.listReviewInstances(client, definition.id));
  const status: Partial<ReviewScheduleStatus> = { definitionId: definition.id, currentInstance: undefined };
  if (!instance) return { status, plan, exclusions: [], settling: false };
  const decisions = await ar.listReviewDecisions(client, definition.id, instance.id);
  status.currentInstance = {
    id: instance.id,
    status: instance.status,
    ...(instance.startDateTime ? { startTime: instance.startDateTime } : {}),
    ...(instance.endDateTime ? { endTime: instance.endDateTime } : {}),
    decisions: countDecisions(decisions),
  };
  const finished = isFinished(instance);
  const results = applyResults(decisions);
  let exclusions: RecordedExclusion[] = [];
  if (finished && anchoredScopes && (results.applied || review.spec.decisions.autoApply)) {
    const denied = decisions
      .filter((d) => d.decision === 'Deny' && d.principal?.id)
      .map((d) => d.principal?.id as string);
    const select = [
      ...new Set([
        'id',
        'onPremisesExtensionAttributes',
        ...anchoredScopes.map((s) => s.anchorAttribute.split('.')[0] as string),
      ]),
    ];
    const users = [];
    for (const id of denied) {
      // Once excluded, sync soft-deletes the user: later passes find the anchor in the recycle bin.
      const user = (await getUser(client, id, select)) ?? (await getDeletedUser(client, id, select));
      if (user) users.push({ id: user.id, attributes: user });
    }
    exclusions = exclusionsFromDenials(users, anchoredScopes, now, instance.id);
  }
  if (finished && (results.applied || exclusions.length > 0)) {
    const previous = review.status?.lastApplied;
    status.lastApplied = {
      instanceId: instance.id,
      time:
        previous?.instanceId === instance.id ? previous.time : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      removed: results.removed,
      excludedFromSync: new Set(exclusions.map((e) => e.sourceUserId)).size,
      failed: results.failed,
    };
  }
  return { status, plan, exclusions, settling: !finished };
}
