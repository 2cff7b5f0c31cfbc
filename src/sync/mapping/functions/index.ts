import { dateFunctions } from './dates.js';
import { generateFunctions } from './generate.js';
import { logicFunctions } from './logic.js';
import { multiValueFunctions } from './multivalue.js';
import { replaceFunction } from './replace.js';
import { stringFunctions } from './strings.js';
import type { FunctionDef } from './types.js';

export type { Args, EvalContext, FunctionDef } from './types.js';

/** Every function of Entra's expression language except the app-role ones (no meaning across tenants). */
export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  ...stringFunctions,
  ...logicFunctions,
  ...dateFunctions,
  ...multiValueFunctions,
  ...generateFunctions,
  Replace: replaceFunction,
};

/** Names Entra knows but this engine deliberately does not offer, with the reason. */
export const UNSUPPORTED_FUNCTIONS: Readonly<Record<string, string>> = {
  SingleAppRoleAssignment: 'app role assignments do not apply to cross-tenant users',
  AppRoleAssignmentsComplex: 'app role assignments do not apply to cross-tenant users',
};
