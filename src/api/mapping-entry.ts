import { Type } from '@sinclair/typebox';
import { Obj, StringEnum, cel } from './common.js';

const ATTRIBUTE_PATTERN = '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?$';

function Attribute(description: string) {
  return Type.String({ minLength: 1, maxLength: 256, pattern: ATTRIBUTE_PATTERN, description });
}

/** One mapping of a user or group attribute: the same shape and expression language for both. */
export function mappingEntrySchema(object: 'user' | 'group') {
  const examples =
    object === 'user'
      ? 'e.g. department or onPremisesExtensionAttributes.extensionAttribute3, or a directory extension extension_<appId>_<name>.'
      : 'displayName, description or mailNickname, or a directory extension extension_<appId>_<name> registered for groups.';
  return Obj(
    {
      target: Attribute(`Target ${object} attribute written, ${examples}`),
      source: Type.Optional(Attribute(`Source ${object} attribute copied as it is.`)),
      constant: Type.Optional(Type.String({ maxLength: 1024, description: 'Fixed value written.' })),
      expression: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 4096,
          description:
            'Entra provisioning expression computing the value, e.g. Join(" ", [givenName], [surname]). Same ' +
            'functions and semantics as Entra (Switch, IIF, Replace, ...); a syntax error is reported in ' +
            'status.errors with line and column, and the mapping is not used until fixed.',
        }),
      ),
      apply: StringEnum(['Always', 'OnCreate'], {
        default: 'Always',
        description: `Always (default) writes on create and update; OnCreate writes only when the ${object} is created.`,
      }),
      defaultValue: Type.Optional(
        Type.String({
          maxLength: 1024,
          description:
            'Value written at creation when the source attribute or expression gives null, as Entra.',
        }),
      ),
    },
    {
      description:
        'One target attribute and where its value comes from: exactly one of source, constant or expression.',
      ...cel(
        {
          rule: '(has(self.source) ? 1 : 0) + (has(self.constant) ? 1 : 0) + (has(self.expression) ? 1 : 0) == 1',
          messageExpression:
            "'mapping for ' + self.target + ' must set exactly one of source, constant or expression'",
        },
        {
          rule: '!has(self.defaultValue) || !has(self.constant)',
          messageExpression: "'mapping for ' + self.target + ': defaultValue does not apply to a constant'",
        },
      ),
    },
  );
}
