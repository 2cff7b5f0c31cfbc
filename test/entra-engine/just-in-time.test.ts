// Scenario 4, just in time, with engine: Entra (test/governance/just-in-time-scenario.ts): the same request,
// approval, delivery and expiry for a user Entra's cross-tenant synchronization job provisioned; the mapping writes
// the anchor value our engine would, so `syncedFrom: [emea]` recognises the user.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { justInTimeScenarios } from '../governance/just-in-time-scenario.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { ENTRA_ENGINE, entraSeed } from './fixture.js';

jest.setTimeout(240_000);
const sim = useSimulator({ seed: entraSeed() });
const testbed = useOperator('entra-jit');
justInTimeScenarios(ENTRA_ENGINE, sim, testbed);
