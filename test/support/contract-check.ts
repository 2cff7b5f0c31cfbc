// Every Graph request in a simulator's request log must be one the Graph contract lists: the operator may send
// nothing else. Tests also act as people in the tenants (an administrator editing a source user, adding a group
// member): those requests are listed here, apart from the operator's contract.
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import type { ContractEntry } from '../../src/graph/contract/index.js';
import { GRAPH_CONTRACT, matchContract } from '../../src/graph/contract/index.js';

function testAction(method: ContractEntry['method'], path: string, query: string[] = []): ContractEntry {
  return { id: `test:${method} ${path}`, method, path, query, permissions: [], doc: '', checked: 'page' };
}

/** What tests do in the tenants as administrators and users, never the operator. */
export const TEST_ACTIONS: readonly ContractEntry[] = [
  testAction('POST', '/users'),
  testAction('POST', '/groups'),
  testAction('DELETE', '/groups/{id}/members/{memberId}/$ref'),
  testAction('POST', '/groups/{id}/members/$ref'),
  // An administrator ends a review early; tests read what they assert on with their own query options.
  testAction('POST', '/identityGovernance/accessReviews/definitions/{id}/instances/{instanceId}/stop'),
  testAction('GET', '/directory/deletedItems/microsoft.graph.user', ['$select', '$top']),
  testAction('GET', '/identityGovernance/entitlementManagement/assignmentRequests', ['$expand']),
];

// The identity platform's endpoints share the simulator's log; everything else in it is Graph, logged relative
// to /v1.0.
const IDENTITY_PLATFORM =
  /^\/[^/]+\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/;

/** Whether a logged request went to Graph (not to the identity platform's sign-in endpoints). */
export function isGraphRequest(entry: Pick<RequestLogEntry, 'path'>): boolean {
  return !IDENTITY_PLATFORM.test(entry.path.split('?')[0] as string);
}

/** The Graph requests of the log that neither the contract nor a test action allows, as `METHOD path`. */
export function outsideContract(log: readonly RequestLogEntry[]): string[] {
  const allowed = [...GRAPH_CONTRACT, ...TEST_ACTIONS];
  return log
    .filter(isGraphRequest)
    .filter((entry) => !matchContract(allowed, entry.method, entry.path))
    .map((entry) => `${entry.method} ${entry.path}`);
}
