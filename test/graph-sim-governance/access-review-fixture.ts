// Shared pieces of the access reviews conformance tests: the simulator with the module, and definition bodies.
import type { Client } from '@microsoft/microsoft-graph-client';
import { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import { accessReviewsModule } from '../../src/graph-sim/governance/access-reviews/module.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';

export const DEFINITIONS = '/identityGovernance/accessReviews/definitions';
/** "Sync to Contoso" in EMEA: 22 direct members (20 users, a B2B user, a guest) and a nested group. */
export const SYNC_GROUP = '44322c5b-2c6d-5e7b-a7fa-f63f5705c2f6';

/** A decision item as the tests read it. */
export interface Decision {
  id: string;
  decision: string;
  applyResult: string;
  recommendation: string;
  justification: string;
  principal: { '@odata.type': string; id: string; userPrincipalName: string };
  reviewedBy: { id: string; displayName: string };
  resource: { id: string; type: string };
}

/** A collection page. */
export interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Starts the simulator (Contoso seed) with the access reviews module. */
export async function startReviewSimulator(): Promise<{
  sim: RunningSimulator;
  reviews: AccessReviewsAdmin;
}> {
  const sim = await startSimulator({ modules: [accessReviewsModule] });
  return { sim, reviews: new AccessReviewsAdmin(sim.admin) };
}

/** Today on the simulator clock, YYYY-MM-DD. */
export async function simToday(sim: RunningSimulator, plusDays = 0): Promise<string> {
  const now = Date.parse((await sim.admin.clock()).now) + plusDays * 86_400_000;
  return new Date(now).toISOString().slice(0, 10);
}

/** A weekly definition body of group members, as the operator writes it. */
export function groupReview(
  name: string,
  query: string,
  startDate: string,
  settings: Record<string, unknown> = {},
  reviewers: Record<string, unknown>[] = [],
): Record<string, unknown> {
  return {
    displayName: name,
    descriptionForAdmins: `${name}, for administrators`,
    descriptionForReviewers: `${name}, for reviewers`,
    scope: { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query, queryType: 'MicrosoftGraph' },
    reviewers,
    fallbackReviewers: [],
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: false,
      defaultDecisionEnabled: false,
      instanceDurationInDays: 3,
      autoApplyDecisionsEnabled: false,
      recommendationsEnabled: true,
      recurrence: {
        pattern: { type: 'weekly', interval: 1 },
        range: { type: 'noEnd', startDate },
      },
      applyActions: [],
      ...settings,
    },
  };
}

/** Every item of a collection, following nextLinks; also the number of pages. */
export async function readAllPages<T>(client: Client, url: string): Promise<{ items: T[]; pages: number[] }> {
  const items: T[] = [];
  const pages: number[] = [];
  let next: string | undefined = url;
  while (next) {
    const page = (await client.api(next).get()) as Page<T>;
    items.push(...page.value);
    pages.push(page.value.length);
    next = page['@odata.nextLink'];
  }
  return { items, pages };
}

/** The only instance of a definition. */
export async function onlyInstance(
  client: Client,
  definitionId: string,
): Promise<{ id: string; status: string }> {
  const page = (await client.api(`${DEFINITIONS}/${definitionId}/instances`).get()) as Page<{
    id: string;
    status: string;
  }>;
  if (page.value.length !== 1) throw new Error(`expected one instance, got ${page.value.length}`);
  return page.value[0] as { id: string; status: string };
}

/** The Graph SDK error of a call expected to fail: status, Graph error code and message. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; code: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (err: unknown) => err as { statusCode: number; code: string; message: string },
  );
}
