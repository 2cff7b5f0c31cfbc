// Entra's cross-tenant synchronization: configurations made from the gallery template, their jobs running on
// the simulator clock, and the provisioning log.
import type { SimModule } from '../module.js';
import { configurationRoutes } from './configuration.js';
import { runDueJobs } from './cycle.js';
import { jobRoutes } from './jobs.js';

/** The synchronization API and its jobs. */
export const synchronizationModule: SimModule = {
  name: 'synchronization',
  graphRoutes(router) {
    configurationRoutes(router);
    jobRoutes(router);
  },
  onClockAdvance: runDueJobs,
};
