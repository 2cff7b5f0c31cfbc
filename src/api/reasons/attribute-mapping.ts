// The conditions and Events of the AttributeMapping controller.
import { ready } from './entries.js';

/** What the AttributeMapping controller reports. */
export const attributeMappingReasons = {
  conditions: [
    ready('True', 'Compiled', 'Every mapping and expression compiles.'),
    ready(
      'False',
      'Suspended',
      '`spec.suspend` is true: the SyncScopes using this mapping pause with MappingSuspended until it is ' +
        'set back to false.',
    ),
    ready(
      'False',
      'ExpressionInvalid',
      'At least one mapping is invalid: an expression that does not parse or names an unknown function, a ' +
        "target Graph's user cannot take (read-only, unknown, the wrong type), or an unknown source " +
        'attribute. The message counts the faulty mappings and names the first errors; `status.errors` lists ' +
        'each with line and column. SyncScopes using the mapping stop with MappingInvalid. Stalled.',
    ),
  ],
  events: [],
};
