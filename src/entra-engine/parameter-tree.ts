// A function mapping's attributeMappingSource as Graph documents it: the expression text and, beside it, its
// parameter tree (each argument an attributeMappingSource under its parameter's name). Parameter names are
// Entra's, read from the job's schema/functions; a function the job does not list is refused. A comparison
// (IIF's condition) or a bare word has no documented tree form, so an expression holding one is sent as text
// with an empty tree, the one reading the pages leave open.
import { parse, type Node } from '../sync/mapping/parser.js';
import { EntraRefusal } from './refusal.js';
import { userObjectMapping, type MappingSource, type SynchronizationSchema } from './schema.js';

/** attributeMappingFunctionSchema (the properties used here). */
export interface MappingFunctionSchema {
  name: string;
  parameters: { name: string; allowMultipleOccurrences?: boolean; required?: boolean }[];
}

const quote = (text: string): string => `"${text.replace(/[\\"]/g, '\\$&')}"`;

function text(node: Node): string {
  switch (node.kind) {
    case 'attribute':
      return `[${node.name}]`;
    case 'string':
      return quote(node.value);
    case 'number':
      return String(node.value);
    case 'identifier':
      return node.name;
    case 'omitted':
      return '';
    case 'compare':
      return `${text(node.left)} ${node.operator} ${text(node.right)}`;
    case 'call':
      return `${node.name}(${node.args.map(text).join(', ')})`;
  }
}

/** Whether a node holds a comparison or a bare word, which the documented tree cannot express. */
export function hasNoTreeForm(node: Node): boolean {
  if (node.kind === 'compare' || node.kind === 'identifier') return true;
  return node.kind === 'call' && node.args.some(hasNoTreeForm);
}

/** The parameter an argument at `index` binds to: by position, the trailing repeatable parameters cycling. */
function parameterAt(fn: MappingFunctionSchema, index: number): string | undefined {
  const params = fn.parameters;
  if (index < params.length) return params[index]?.name;
  const first = params.findIndex(
    (p, i) => p.allowMultipleOccurrences && params.slice(i).every((q) => q.allowMultipleOccurrences),
  );
  if (first < 0) return undefined;
  const group = params.slice(first);
  return group[(index - first) % group.length]?.name;
}

function tree(node: Node, functions: ReadonlyMap<string, MappingFunctionSchema>): MappingSource {
  switch (node.kind) {
    case 'attribute':
      return { expression: text(node), name: node.name, parameters: [], type: 'Attribute' };
    case 'string':
      return { expression: text(node), name: node.value, parameters: [], type: 'Constant' };
    case 'number':
      return {
        expression: quote(String(node.value)),
        name: String(node.value),
        parameters: [],
        type: 'Constant',
      };
    case 'call': {
      const fn = functions.get(node.name);
      if (!fn)
        throw new EntraRefusal(
          'MappingFunctionUnsupported',
          `the job's schema does not list the function ${node.name} (schema/functions); change the AttributeMapping`,
        );
      const parameters: MappingSource['parameters'] = [];
      node.args.forEach((arg, i) => {
        const key = parameterAt(fn, i);
        if (key === undefined)
          throw new EntraRefusal(
            'MappingFunctionUnsupported',
            `${node.name} takes ${fn.parameters.length} arguments in the job's schema, not ${node.args.length}`,
          );
        if (arg.kind !== 'omitted') parameters.push({ key, value: tree(arg, functions) });
      });
      return { expression: text(node), name: node.name, parameters, type: 'Function' };
    }
    default:
      throw new Error(`no parameter tree for ${node.kind}`);
  }
}

/** The attributeMappingSource of a function expression, with its parameter tree where one can be written. */
export function functionSource(
  expression: string,
  functions: readonly MappingFunctionSchema[],
): MappingSource {
  const parsed = parse(expression);
  if (!parsed.ok || parsed.ast.kind !== 'call' || hasNoTreeForm(parsed.ast)) {
    const name = parsed.ok && parsed.ast.kind === 'call' ? parsed.ast.name : null;
    return { expression, name, parameters: [], type: 'Function' };
  }
  const source = tree(parsed.ast, new Map(functions.map((f) => [f.name, f])));
  // The text stays the AttributeMapping's own, so that comparing schemas by meaning sees no change.
  return { ...source, expression };
}

/** Whether the schema's user mappings hold a function expression (and so need the job's function list). */
export function usesFunctions(schema: SynchronizationSchema): boolean {
  return (userObjectMapping(schema)?.attributeMappings ?? []).some((m) => m.source?.type === 'Function');
}

/** The schema with every function mapping of its user object mapping given its parameter tree. */
export function withParameterTrees(
  schema: SynchronizationSchema,
  functions: readonly MappingFunctionSchema[],
): SynchronizationSchema {
  const next = structuredClone(schema);
  for (const m of userObjectMapping(next)?.attributeMappings ?? [])
    if (m.source?.type === 'Function' && m.source.expression)
      m.source = functionSource(m.source.expression, functions);
  return next;
}
