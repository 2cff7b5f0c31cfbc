// Scenario 4 on the operator's own engine (test/governance/just-in-time-scenario.ts).
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { OPERATOR_ENGINE } from './engine.js';
import { justInTimeScenarios } from './just-in-time-scenario.js';

jest.setTimeout(240_000);
const sim = useSimulator({ modules: [entitlementModule] });
const testbed = useOperator('gov-jit');
justInTimeScenarios(OPERATOR_ENGINE, sim, testbed);
