// Scenario 2, joiner, with engine: Entra (test/governance/joiner-scenario.ts): the new EMEA user is created in
// Contoso by Entra's cross-tenant synchronization job (Member, B2B UPN, no invitation); the mapping writes the
// anchor value our engine would, so `syncedFrom: [emea]` recognises the user.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { joinerScenario } from '../governance/joiner-scenario.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { ENTRA_ENGINE, entraSeed } from './fixture.js';

jest.setTimeout(180_000);
const sim = useSimulator({ seed: entraSeed() });
const testbed = useOperator('entra-joiner');
joinerScenario(ENTRA_ENGINE, sim, testbed);
