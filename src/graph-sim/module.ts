import type { GraphResult } from './http/errors.js';
import type { Router } from './http/router.js';
import type { SimStore } from './store/store.js';
import type { TenantState } from './store/tenant.js';

/** One authorised Graph call as a handler sees it. */
export interface GraphCall {
  method: string;
  /** Path under /v1.0, e.g. `/users/abc`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  body: unknown;
  tenant: TenantState;
  store: SimStore;
  appId: string;
  /** `https://localhost:PORT`, for absolute links such as `@odata.nextLink`. */
  baseUrl: string;
}

/** A Graph endpoint: the application permissions that allow it (any one), its resource-unit cost, its handler. */
export interface GraphRoute {
  roles: readonly string[];
  /** Base resource units before query modifiers (Graph's throttling limits page); default 1. */
  cost?: number;
  /** Whether it counts as a write; default: any method but GET (POST getByIds is a read). */
  write?: boolean;
  handle(call: GraphCall): GraphResult | Promise<GraphResult>;
}

/** Admin API request under /_sim/. */
export interface AdminCall {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  store: SimStore;
}

/** An admin endpoint handler. */
export type AdminRoute = (call: AdminCall) => GraphResult | Promise<GraphResult>;

/**
 * A feature area of the simulator (directory, delta, governance, ...): it adds Graph and admin routes, may
 * read its part of a seed tenant, and may act when the clock moves. New areas plug in without touching others.
 */
export interface SimModule {
  name: string;
  graphRoutes(router: Router<GraphRoute>): void;
  adminRoutes?(router: Router<AdminRoute>): void;
  /** Applies this module's section of a seed tenant (the seed's `modules.<name>` value). */
  applySeed?(tenant: TenantState, section: unknown): void;
  /** Runs after the clock moved (scheduled work such as reviews or workflows). */
  onClockAdvance?(store: SimStore): void;
  /** Runs after a successful Graph write in `tenant` (state that follows the directory, such as automatic assignments). */
  onGraphWrite?(tenant: TenantState, store: SimStore): void;
}
