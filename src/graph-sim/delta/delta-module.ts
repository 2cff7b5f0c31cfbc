import type { SimModule } from '../module.js';
import { deltaRoutes } from './delta-routes.js';

/** Delta queries for users and groups. */
export const deltaModule: SimModule = { name: 'delta', graphRoutes: deltaRoutes };
