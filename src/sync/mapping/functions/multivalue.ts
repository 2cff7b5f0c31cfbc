import { asInteger, asList, asString } from '../values.js';
import type { FunctionDef } from './types.js';

export const multiValueFunctions: Record<string, FunctionDef> = {
  Count: { min: 1, max: 1, call: (a) => asList(a.get(0)).length },
  Item: {
    min: 2,
    max: 2,
    call: (a) => asList(a.get(0))[asInteger(a.get(1), 'Item: index') - 1] ?? null,
  },
  RemoveDuplicates: {
    min: 1,
    max: 1,
    call: (a) => {
      const v = a.get(0);
      return Array.isArray(v) ? [...new Set(v as readonly string[])] : v;
    },
  },
  Split: {
    min: 2,
    max: 2,
    call: (a) => {
      const s = asString(a.get(0));
      // The documented example splits "PermissionSetOne, PermissionSetTwo" into names without the space.
      return s === null ? null : s.split(asString(a.get(1)) ?? ',').map((part) => part.trim());
    },
  },
};
