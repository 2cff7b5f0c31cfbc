// The job schema's functions (`GET .../schema/functions`) with their parameter names as Entra's reference for
// provisioning expressions names them, and the check that a PUT schema gives each function mapping the
// parameter tree Graph's attributeMappingSource page shows.
import { hasNoTreeForm } from '../../entra-engine/parameter-tree.js';
import type { MappingSource, SynchronizationSchema } from '../../entra-engine/schema.js';
import { userObjectMapping } from '../../entra-engine/schema.js';
import { parse } from '../../sync/mapping/parser.js';
import { badRequest } from '../http/errors.js';

type Param = string | [string, 'many'];

const SIGNATURES: Record<string, Param[]> = {
  Append: ['source', 'suffix'],
  BitAnd: ['value1', 'value2'],
  CBool: ['expression'],
  CDate: ['expression'],
  Coalesce: [['source', 'many']],
  ConvertToBase64: ['source'],
  ConvertToUTF8Hex: ['source'],
  Count: ['attribute'],
  CStr: ['value'],
  DateAdd: ['interval', 'value', 'dateTime'],
  DateDiff: ['interval', 'date1', 'date2'],
  DateFromNum: ['value'],
  FormatDateTime: ['source', 'dateTimeStyles', 'inputFormat', 'outputFormat'],
  Guid: [],
  IgnoreFlowIfNullOrEmpty: ['expression'],
  IIF: ['condition', 'valueIfTrue', 'valueIfFalse'],
  InStr: ['value1', 'value2', 'start', 'compareType'],
  IsNull: ['expression'],
  IsNullOrEmpty: ['expression'],
  IsPresent: ['expression'],
  IsString: ['value'],
  Item: ['attribute', 'index'],
  Join: ['separator', ['source', 'many']],
  Left: ['string', 'numChars'],
  Mid: ['source', 'start', 'length'],
  NormalizeDiacritics: ['source'],
  Not: ['source'],
  Now: [],
  NumFromDate: ['value'],
  PCase: ['source', 'wordSeparators'],
  RandomString: [
    'length',
    'minimumNumbers',
    'minimumSpecialCharacters',
    'minimumCapital',
    'minimumLowerCase',
    'charactersToAvoid',
  ],
  Redact: ['value'],
  RemoveDuplicates: ['attribute'],
  Replace: [
    'source',
    'oldValue',
    'regexPattern',
    'regexGroupName',
    'replacementValue',
    'replacementAttributeName',
    'template',
  ],
  SelectUniqueValue: [['uniqueValueRule', 'many']],
  Split: ['source', 'delimiter'],
  StripSpaces: ['source'],
  Switch: ['source', 'defaultValue', ['key', 'many'], ['value', 'many']],
  ToLower: ['source', 'culture'],
  ToUpper: ['source', 'culture'],
  Word: ['string', 'wordNumber', 'delimiters'],
};

/** attributeMappingFunctionSchema entries, as `GET .../schema/functions` lists them. */
export const FUNCTION_SCHEMAS: readonly Record<string, unknown>[] = Object.entries(SIGNATURES).map(
  ([name, params]) => ({
    name,
    parameters: params.map((p) => ({
      allowMultipleOccurrences: typeof p !== 'string',
      name: typeof p === 'string' ? p : p[0],
      required: true,
      type: 'String',
    })),
  }),
);

function checkTree(source: MappingSource, target: string): void {
  if (source.type !== 'Function') return;
  const params = SIGNATURES[source.name ?? ''];
  if (!params)
    throw badRequest(
      `Function '${String(source.name)}' of '${target}' is not supported (see schema/functions).`,
    );
  const parsed = parse(source.expression ?? '');
  // A comparison has no tree form in Graph's model: such an expression is taken as text.
  if (!parsed.ok || parsed.ast.kind !== 'call' || hasNoTreeForm(parsed.ast)) return;
  const given = parsed.ast.args.filter((a) => a.kind !== 'omitted').length;
  const names = new Set(params.map((p) => (typeof p === 'string' ? p : p[0])));
  if (source.parameters.length !== given || source.parameters.some((p) => !names.has(p.key)))
    throw badRequest(
      `The mapping of '${target}' must give each argument of ${String(source.name)} as a parameter ` +
        `(${[...names].join(', ')}).`,
    );
  for (const p of source.parameters) checkTree(p.value, target);
}

/** Refuses a schema whose function mappings lack the parameter tree of their expression. */
export function checkParameterTrees(schema: SynchronizationSchema): void {
  for (const m of userObjectMapping(schema)?.attributeMappings ?? [])
    if (m.source) checkTree(m.source, m.targetAttributeName);
}
