import type { RequestLog } from './admin/request-log.js';
import type { Router } from './http/router.js';
import type { SigningKeys } from './identity/keys.js';
import type { AdminRoute, GraphRoute, SimModule } from './module.js';
import type { Throttler } from './realism/throttle.js';
import type { SimStore } from './store/store.js';

/** Everything a running simulator shares between its HTTP layer, its pipeline and its modules. */
export interface SimRuntime {
  store: SimStore;
  keys: SigningKeys;
  log: RequestLog;
  throttler: Throttler;
  graphRouter: Router<GraphRoute>;
  adminRouter: Router<AdminRoute>;
  modules: SimModule[];
}
