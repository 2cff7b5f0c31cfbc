// The entitlement-management objects of one simulated tenant. Graph-shaped properties live in `props`
// (what GET returns before $expand); the fields beside them are the simulator's bookkeeping.
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { invalid, notFoundIn } from '../graph-values.js';
export { invalid, isoAt, newId, notFoundIn } from '../graph-values.js';

/** A catalog. */
export interface CatalogRecord {
  props: Props;
}

/** A resource (a group) added to a catalog, with its roles (Member, Owner) and its root scope. */
export interface CatalogResourceRecord {
  catalogId: string;
  props: Props;
  roles: Props[];
  scopes: Props[];
}

/** A role in a scope that an access package grants. */
export interface RoleScopeRecord {
  id: string;
  createdDateTime: string;
  role: Props;
  scope: Props;
}

/** An access package and the resource role scopes it grants. */
export interface PackageRecord {
  catalogId: string;
  props: Props;
  roleScopes: RoleScopeRecord[];
}

/** An assignment policy; `props` is the policy as written plus the read-only fields. */
export interface PolicyRecord {
  accessPackageId: string;
  props: Props;
}

/** An assignment request and where it stands in approval. */
export interface RequestRecord {
  props: Props;
  accessPackageId: string;
  policyId: string;
  targetId: string;
  assignmentId?: string;
  /** Index of the approval stage waiting for a decision, and when it started (simulator clock). */
  stage: number;
  stageStartedMs: number;
}

/** Assignment states (Graph's entitlement management reference). */
export type AssignmentState =
  'delivering' | 'partiallyDelivered' | 'delivered' | 'expired' | 'deliveryFailed';

/** An access package assignment of one user. */
export interface AssignmentRecord {
  id: string;
  accessPackageId: string;
  policyId: string;
  targetId: string;
  state: AssignmentState;
  status: string;
  startMs: number;
  /** When the policy's expiration ends the assignment. */
  endMs?: number;
  /** When an automatic assignment whose user left the rule is removed (grace period). */
  removalDueMs?: number;
  expiredMs?: number;
}

/** Everything entitlement management holds in one tenant. */
export interface EntitlementState {
  catalogs: Map<string, CatalogRecord>;
  resources: Map<string, CatalogResourceRecord>;
  resourceRequests: Map<string, Props>;
  packages: Map<string, PackageRecord>;
  policies: Map<string, PolicyRecord>;
  requests: Map<string, RequestRecord>;
  assignments: Map<string, AssignmentRecord>;
  /** Connected organizations, with the verified domains of their Azure AD tenant identity sources. */
  organizations: Map<string, { props: Props; domains: readonly string[] }>;
}

/** The tenant's entitlement-management state (created empty on first use). */
export function entitlementState(tenant: TenantState): EntitlementState {
  return tenant.slot<EntitlementState>('entitlement', () => ({
    catalogs: new Map(),
    resources: new Map(),
    resourceRequests: new Map(),
    packages: new Map(),
    policies: new Map(),
    requests: new Map(),
    assignments: new Map(),
    organizations: new Map(),
  }));
}

/** The body as a JSON object, or a 400. */
export function objectBody(body: unknown): Props {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('Empty Payload. JSON content expected.');
  return body as Props;
}

/** Copies the writable properties of a body onto stored props; an undeclared property is a 400 naming the type. */
export function writeProperties(
  target: Props,
  body: Props,
  typeName: string,
  writable: readonly string[],
  references: readonly string[] = [],
): void {
  for (const name of Object.keys(body)) {
    if (name.startsWith('@odata.') || name === 'id' || references.includes(name)) continue;
    if (!writable.includes(name))
      throw invalid(`Property '${name}' does not exist on type 'microsoft.graph.${typeName}'.`);
    target[name] = body[name];
  }
}

/** A `{ id }` reference inside a body (`catalog: {id}`, `accessPackage: {id}`), or undefined. */
export function refId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as Props)['id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Looks up a record by id, or throws the entitlement 404. */
export function requireRecord<T>(map: ReadonlyMap<string, T>, kind: string, id: string): T {
  const found = map.get(id) ?? map.get(id.toLowerCase());
  if (!found) throw notFoundIn(kind, id);
  return found;
}
