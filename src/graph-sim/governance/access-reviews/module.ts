import type { Router } from '../../http/router.js';
import type { GraphRoute, SimModule } from '../../module.js';
import { accessReviewAdminRoutes } from './admin.js';
import { DEFINITIONS, definitionHandlers as d } from './definitions.js';
import { INSTANCE_ROUTES as R, instanceHandlers as i } from './instances.js';
import { advanceStore } from './lifecycle.js';

// The permissions tables of Graph's access review pages: AccessReview.Read.All reads, AccessReview.ReadWrite.All
// reads and writes.
const READ = ['AccessReview.Read.All', 'AccessReview.ReadWrite.All'];
const WRITE = ['AccessReview.ReadWrite.All'];

function graphRoutes(router: Router<GraphRoute>): void {
  const read = (handle: GraphRoute['handle']): GraphRoute => ({ roles: READ, handle });
  const write = (handle: GraphRoute['handle']): GraphRoute => ({ roles: WRITE, handle });
  router
    .add('GET', DEFINITIONS, read(d.list))
    .add('POST', DEFINITIONS, write(d.create))
    .add('GET', `${DEFINITIONS}/:id`, read(d.get))
    .add('PUT', `${DEFINITIONS}/:id`, write(d.replace))
    .add('DELETE', `${DEFINITIONS}/:id`, write(d.remove))
    .add('GET', R.instances, read(i.listInstances))
    .add('GET', R.instance, read(i.getInstance))
    .add('POST', `${R.instance}/stop`, write(i.stop))
    .add('POST', `${R.instance}/applyDecisions`, write(i.applyDecisions))
    .add('POST', `${R.instance}/batchRecordDecisions`, write(i.batchRecordDecisions))
    .add('POST', `${R.instance}/resetDecisions`, write(i.resetDecisions))
    .add('POST', `${R.instance}/sendReminder`, write(i.sendReminder))
    .add('GET', R.decisions, read(i.listDecisions))
    .add('GET', R.decision, read(i.getDecision))
    .add('PATCH', R.decision, write(i.patchDecision));
}

/** Access reviews: schedule definitions, instances on the simulator clock, decisions, stop and apply. */
export const accessReviewsModule: SimModule = {
  name: 'accessReviews',
  graphRoutes,
  adminRoutes: accessReviewAdminRoutes,
  onClockAdvance: advanceStore,
};
