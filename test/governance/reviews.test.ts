// Scenario 5 on the operator's own engine (test/governance/reviews-scenario.ts).
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { accessReviewsModule } from '../../src/graph-sim/governance/access-reviews/module.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { OPERATOR_ENGINE } from './engine.js';
import { reviewScenarios } from './reviews-scenario.js';

jest.setTimeout(180_000);
const sim = useSimulator({ modules: [accessReviewsModule] });
const testbed = useOperator('gov-reviews');
reviewScenarios(OPERATOR_ENGINE, sim, testbed);
