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
  testAction('DELETE', '/groups/{id}/members/{memberId}/$ref'),
  testAction('POST', '/groups/{id}/members/$ref'),
];

/** The Graph requests of the log that neither the contract nor a test action allows, as `METHOD path`. */
export function outsideContract(log: readonly RequestLogEntry[]): string[] {
  const allowed = [...GRAPH_CONTRACT, ...TEST_ACTIONS];
  return log
    .filter((entry) => entry.path.startsWith('/v1.0/') || entry.path.startsWith('/beta/'))
    .filter((entry) => !matchContract(allowed, entry.method, entry.path))
    .map((entry) => `${entry.method} ${entry.path}`);
}
