// Scenario 2 on the operator's own engine (test/governance/joiner-scenario.ts).
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { lifecycleWorkflowsModule } from '../../src/graph-sim/governance/lifecycle-workflows/index.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { OPERATOR_ENGINE } from './engine.js';
import { joinerScenario } from './joiner-scenario.js';

jest.setTimeout(180_000);
const sim = useSimulator({ modules: [entitlementModule, lifecycleWorkflowsModule] });
const testbed = useOperator('gov-joiner');
joinerScenario(OPERATOR_ENGINE, sim, testbed);
