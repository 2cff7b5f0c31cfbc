import { GraphError } from '../http/errors.js';
import type { SimModule } from '../module.js';
import type { SimStore } from '../store/store.js';
import { applicationRoutes } from './applications.js';
import { deletedItemRoutes } from './deleted-items.js';
import { directoryObjectRoutes } from './directory-objects.js';
import { groupRoutes } from './groups.js';
import { invitationRoutes } from './invitations.js';
import { organizationRoutes } from './organization.js';
import { userRoutes } from './users.js';

const DELETED_RETENTION_MS = 30 * 86_400_000;

/** Entra deletes soft-deleted users for good after 30 days. */
function purgeExpiredDeletions(store: SimStore): void {
  const now = store.clock.now();
  for (const tenant of store.tenants.values()) {
    for (const user of [...tenant.deletedUsers.values()]) {
      if (user.deletedMs !== undefined && now - user.deletedMs > DELETED_RETENTION_MS) tenant.purgeUser(user);
    }
  }
}

/** The directory: organization, users, groups, invitations, deleted items, applications. */
export const directoryModule: SimModule = {
  name: 'directory',
  graphRoutes(router) {
    organizationRoutes(router);
    userRoutes(router);
    groupRoutes(router);
    invitationRoutes(router);
    deletedItemRoutes(router);
    applicationRoutes(router);
    directoryObjectRoutes(router);
  },
  onClockAdvance: purgeExpiredDeletions,
  adminRoutes(router) {
    // Stands in for the guest clicking the redemption link.
    router.add('POST', '/tenants/:tenant/users/:id/redeem', (call) => {
      const tenant = call.store.resolve(call.params['tenant'] as string);
      const user = tenant?.findUser(call.params['id'] as string);
      if (!tenant || !user) throw new GraphError(404, 'NotFound', 'No such tenant or user.');
      user.props['externalUserState'] = 'Accepted';
      user.props['externalUserStateChangeDateTime'] = tenant.clock.isoNow();
      tenant.touchUser(user);
      return { status: 200, body: { id: user.id, externalUserState: 'Accepted' } };
    });
  },
};
