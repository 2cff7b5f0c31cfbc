import type { SimModule } from '../module.js';
import { organizationRoutes } from './organization.js';
import { userRoutes } from './users.js';

/** The directory: organization, users, groups, invitations, deleted items, applications. */
export const directoryModule: SimModule = {
  name: 'directory',
  graphRoutes(router) {
    organizationRoutes(router);
    userRoutes(router);
  },
};
