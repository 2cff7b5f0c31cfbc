// Scenario 3 on the operator's own engine (test/governance/birthright-scenario.ts).
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { birthrightScenarios } from './birthright-scenario.js';
import { OPERATOR_ENGINE } from './engine.js';

jest.setTimeout(240_000);
const sim = useSimulator({ modules: [entitlementModule] });
const testbed = useOperator('gov-birthright');
birthrightScenarios(OPERATOR_ENGINE, sim, testbed);
