// Lifting one exclusion of onDeny: ExcludeFromSync: the user sets "lifted": true on its entry in the
// ReviewSchedule's sync-exclusions annotation. The SyncScope provisions the user again, and the ReviewSchedule,
// passing over the same review decision, neither writes the exclusion back nor deprovisions the user again.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import { accessReviewsModule } from '../../src/graph-sim/governance/access-reviews/module.js';
import {
  SYNC_EXCLUSIONS_ANNOTATION,
  formatExclusions,
  recordedExclusions,
} from '../../src/governance/exclusions.js';
import type { ReviewSchedule } from '../../src/api/index.js';
import { useOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { create, get, patch, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from '../governance/testbed.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, userId } from './engine.js';

jest.setTimeout(180_000);
const sim = useSimulator({ modules: [accessReviewsModule] });
const testbed = useOperator('review-lift');
const SYNC_GROUP = '44322c5b-2c6d-5e7b-a7fa-f63f5705c2f6';
const DEFINITIONS = '/identityGovernance/accessReviews/definitions';
// The source marker lets the target-side review select the users synchronized from EMEA (principals SyncedFrom).
const MARKER = 'onPremisesExtensionAttributes.extensionAttribute14';

type ReviewStatus = { definitionId?: string; currentInstance?: { id: string; status: string } };
const reviewStatus = (r: Stored) => (r.status ?? {}) as ReviewStatus;
const exclusionsOf = (s: Stored) =>
  ((s.status ?? {}) as { exclusions?: { sourceUserId: string }[] }).exclusions ?? [];

it('lifts one exclusion for good against the decision that made it, naming the review in Events', async () => {
  const { clients, namespace } = testbed();
  await connectContosoAndEmea(clients, sim(), namespace);
  await create(clients, 'AttributeMapping', namespace, 'emea-mapping', {
    includeDefaults: true,
    mappings: [{ target: MARKER, constant: 'contoso-emea' }],
    sourceMarker: MARKER,
  });
  await create(clients, 'SyncScope', namespace, 'emea-to-contoso', {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [SYNC_GROUP] },
    attributeMappingRef: 'emea-mapping',
    interval: '1s',
  });
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  await waitFor(
    '20 EMEA users in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
    60_000,
  );
  const denied = await userId(source, 'asa.lindqvist@emea.contoso.com');
  const deniedTarget = (await anchoredUsers(target, EMEA.tenantId)).get(denied)?.id as string;
  const megan = await userId(target, 'megan.bowen@contoso.com');
  const group = await target.send<{ id: string }>('POST', '/groups', {
    displayName: 'EMEA partners',
    mailEnabled: false,
    mailNickname: 'emea-partners',
    securityEnabled: true,
    'members@odata.bind': [`https://graph.microsoft.com/v1.0/directoryObjects/${deniedTarget}`],
  });
  await create(clients, 'ReviewSchedule', namespace, 'partners', {
    tenantLinkRef: 'contoso',
    scope: { group: group.body.id, principals: 'SyncedFrom', syncedFrom: ['emea'] },
    reviewers: [{ type: 'User', id: megan }],
    recurrence: {
      startDate: (await sim().admin.clock()).now.slice(0, 10),
      interval: 'Weekly',
      durationInDays: 5,
    },
    decisions: { autoApply: true, justificationRequired: false },
    onDeny: 'ExcludeFromSync',
  });
  const started = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'partners',
    'an instance',
    (r) => reviewStatus(r).currentInstance?.status === 'InProgress',
  );
  const definitionId = reviewStatus(started).definitionId as string;
  const instanceId = reviewStatus(started).currentInstance?.id as string;
  await new AccessReviewsAdmin(sim().admin).decideFor(CONTOSO.tenantId, definitionId, deniedTarget, {
    decision: 'Deny',
    justification: 'left the project',
    reviewer: megan,
  });
  await target.send('POST', `${DEFINITIONS}/${definitionId}/instances/${instanceId}/stop`);
  await waitFor('the denied user deprovisioned', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).has(denied) ? undefined : true,
  );
  const event = await waitFor('an Event naming the review', async () => {
    const events = await clients.events.listNamespacedEvent({ namespace });
    return events.items.find((e) => e.reason === 'UserDeprovisioned' && e.note?.includes(denied));
  });
  expect(event.note).toContain('denied in an access review of ReviewSchedule partners');

  const review = (await get(clients, 'ReviewSchedule', namespace, 'partners')) as unknown as ReviewSchedule;
  const recorded = recordedExclusions(review);
  expect(recorded).toEqual([expect.objectContaining({ sourceUserId: denied, instance: instanceId })]);
  await patch(clients, 'ReviewSchedule', namespace, 'partners', {
    metadata: {
      annotations: {
        [SYNC_EXCLUSIONS_ANNOTATION]: formatExclusions(recorded.map((e) => ({ ...e, lifted: true }))),
      },
    },
  });
  await waitFor('the user provisioned again', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).has(denied) ? true : undefined,
  );
  await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea-to-contoso',
    'no exclusions',
    (s) => exclusionsOf(s).length === 0,
  );
  // Passes of the ReviewSchedule over the same decision (one forced by a spec change) keep the lift.
  await patch(clients, 'ReviewSchedule', namespace, 'partners', { spec: { description: 'after the lift' } });
  await waitUntil(clients, 'ReviewSchedule', namespace, 'partners', 'a pass after the lift', () => true);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const after = (await get(clients, 'ReviewSchedule', namespace, 'partners')) as unknown as ReviewSchedule;
  expect(recordedExclusions(after)).toEqual([
    expect.objectContaining({ sourceUserId: denied, lifted: true }),
  ]);
  expect((await anchoredUsers(target, EMEA.tenantId)).has(denied)).toBe(true);
});
