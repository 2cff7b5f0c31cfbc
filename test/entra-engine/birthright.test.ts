// Scenario 3, birthright, with engine: Entra (test/governance/birthright-scenario.ts): Entra's cross-tenant
// synchronization job provisions the EMEA users on the simulator clock; the mapping writes the anchor value our
// engine would, so the package rule is unchanged.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { birthrightScenarios } from '../governance/birthright-scenario.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { ENTRA_ENGINE, entraSeed } from './fixture.js';

jest.setTimeout(240_000);
const sim = useSimulator({ seed: entraSeed() });
const testbed = useOperator('entra-birthright');
birthrightScenarios(ENTRA_ENGINE, sim, testbed);
