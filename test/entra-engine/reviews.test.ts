// Scenario 5 with engine: Entra (test/governance/reviews-scenario.ts): a denied user leaves Entra's job's scope
// through a scoping filter on its object id, which the job's schema is checked for.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { get } from '../support/resources.js';
import { reviewScenarios } from '../governance/reviews-scenario.js';
import { EMEA, clientFor } from '../sync/engine.js';
import { ENTRA_ENGINE, entraIds, entraSeed, readSchema, type EntraIds } from './fixture.js';

jest.setTimeout(180_000);
const sim = useSimulator({ seed: entraSeed() });
const testbed = useOperator('entra-reviews');

reviewScenarios(ENTRA_ENGINE, sim, testbed, {
  async excluded(sourceUserId) {
    const { clients, namespace } = testbed();
    const ids = entraIds(await get(clients, 'SyncScope', namespace, 'emea-to-contoso')) as EntraIds;
    const clauses = (await readSchema(clientFor(sim(), EMEA), ids)).synchronizationRules
      .flatMap((r) => r.objectMappings)
      .flatMap((m) => m.scope?.groups ?? [])
      .flatMap((g) => g.clauses)
      .filter((c) => c.sourceOperandName === 'objectId');
    expect(clauses).toEqual([
      {
        operatorName: 'NOT_EQUALS',
        sourceOperandName: 'objectId',
        targetOperand: { values: [sourceUserId] },
      },
    ]);
  },
});
