import { defaultMappings } from '../defaults.js';
import type { ApplyMode, AttributeMappingEntry, AttributeMappingSpec, UserType } from '../types.js';
import { IDENTIFIERS, toEvaluator } from './evaluate.js';
import type { Env, Evaluator } from './evaluate.js';
import { FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './functions/index.js';
import { parse } from './parser.js';
import { ExpressionError } from './values.js';
import type { Node } from './parser.js';
import { sourceProblem, targetProblem, userProperty } from './user-schema.js';

/** A problem found in one mapping, with its position in the expression (1:1 for non-expressions). */
export interface CompileError {
  target: string;
  message: string;
  line: number;
  column: number;
}

/** One target attribute and how its value is made. */
export interface CompiledAttribute {
  target: string;
  apply: ApplyMode;
  /** Used at creation only, when the value is null or empty. */
  defaultValue: string | null;
  /** The mapping as written, for provision-on-demand reports. */
  description: string;
  /** The value must not appear in logs or reports (Redact). */
  redact: boolean;
  /** A null or empty value drops the attribute from the flow (IgnoreFlowIfNullOrEmpty). */
  ignoreIfEmpty: boolean;
  evaluate: Evaluator;
}

/** A checked AttributeMapping, ready to evaluate for every user of a cycle. */
export interface CompiledMapping {
  attributes: readonly CompiledAttribute[];
  /** How the manager reference flows, or null when it is not synchronized. */
  manager: ApplyMode | null;
  /** The source properties the mappings read, as names for `$select`. */
  sourceAttributes(): string[];
}

export type CompileResult = { ok: true; mapping: CompiledMapping } | { ok: false; errors: CompileError[] };

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const EXTENSION_ATTRIBUTE = /^extensionAttribute([1-9]|1[0-5])$/;

/** The Graph property to `$select` for an attribute path (`extensionAttribute3` lives in onPremisesExtensionAttributes). */
export function selectName(path: string): string {
  const top = path.split('.')[0] as string;
  if (top === 'objectId') return 'id';
  return EXTENSION_ATTRIBUTE.test(top) ? 'onPremisesExtensionAttributes' : top;
}

interface Checked {
  errors: CompileError[];
  attributes: Set<string>;
  redact: boolean;
  /** Source attributes must be properties of Graph's user (not for previews of a lone expression). */
  knownSources: boolean;
}

function check(node: Node, target: string, apply: ApplyMode, top: boolean, out: Checked): void {
  const fail = (message: string, at: Node = node) =>
    out.errors.push({ target, message, line: at.line, column: at.column });
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'omitted':
      return;
    case 'identifier':
      if (!(node.name in IDENTIFIERS)) {
        fail(`unknown name ${node.name}: attributes are written in brackets, e.g. [${node.name}]`);
      }
      return;
    case 'attribute': {
      const unknown = out.knownSources ? sourceProblem(node.name) : null;
      if (!PATH.test(node.name)) fail(`invalid attribute name [${node.name}]`);
      else if (unknown) fail(unknown);
      else out.attributes.add(node.name);
      return;
    }
    case 'compare':
      check(node.left, target, apply, false, out);
      check(node.right, target, apply, false, out);
      return;
    case 'call': {
      const def = FUNCTIONS[node.name];
      if (!def) {
        const unsupported = UNSUPPORTED_FUNCTIONS[node.name];
        const near = Object.keys(FUNCTIONS).find((f) => f.toLowerCase() === node.name.toLowerCase());
        fail(
          unsupported
            ? `${node.name} is not supported: ${unsupported}`
            : `unknown function ${node.name}${near ? ` (names are case-sensitive: did you mean ${near}?)` : ''}`,
        );
      } else {
        const n = node.args.length;
        if (n < def.min || n > def.max) {
          const range =
            def.max === Infinity
              ? `at least ${def.min}`
              : def.min === def.max
                ? `${def.min}`
                : `${def.min} to ${def.max}`;
          fail(`${node.name} takes ${range} argument${range === '1' ? '' : 's'}, got ${n}`);
        }
        if (def.topLevelOnly && !top) fail(`${node.name} must be the whole expression, not nested`);
        if (def.onCreateOnly && apply === 'Always') {
          fail(`${node.name} gives a new value every time: use apply: OnCreate`);
        }
        const message = def.check?.(node.args);
        if (message) fail(message);
      }
      if (node.name === 'Redact') out.redact = true;
      const nestedTop = node.name === 'IgnoreFlowIfNullOrEmpty' && top;
      for (const arg of node.args) check(arg, target, apply, nestedTop, out);
      return;
    }
  }
}

const uniqueProblem = (target: string) =>
  `${target} is unique in the tenant: a value that reads no source attribute would be the same for every user`;

/** Why a constant cannot be written to the target (a unique target, or the wrong type), or null. */
function constantProblem(target: string, value: string): string | null {
  const property = userProperty(target);
  if (property?.unique) return uniqueProblem(target);
  if (property?.type === 'Boolean' && !/^(true|false)$/i.test(value)) {
    return `${target} is a Boolean: the constant must be True or False, not ${JSON.stringify(value)}`;
  }
  if (property?.type === 'DateTimeOffset' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) {
    return `${target} is a DateTimeOffset: the constant must be a UTC time such as 2026-01-31T00:00:00Z`;
  }
  return null;
}

/** A multi-valued source copied into a single-valued target, or null. */
function cardinalityProblem(source: string, target: string): string | null {
  const from = userProperty(source);
  const to = userProperty(target);
  if (from?.multiValued && to && !to.multiValued) {
    return `${source} is multi-valued and ${target} is not: use an expression with Item() or Join()`;
  }
  return null;
}

/**
 * An evaluator whose errors say nothing of the values: an expression using Redact may fail on the very
 * value it hides (CDate of it names it), and errors reach status, Events and logs.
 */
function hidingErrors(evaluate: Evaluator): Evaluator {
  return (env) => {
    try {
      return evaluate(env);
    } catch (e) {
      const name = e instanceof ExpressionError ? /^(\w+):/.exec(e.message)?.[1] : undefined;
      throw new ExpressionError(
        `${name ? `${name} failed` : 'the expression failed'} on a redacted value (details hidden by Redact)`,
      );
    }
  };
}

function compileEntry(entry: AttributeMappingEntry, out: Checked): CompiledAttribute | null {
  const { target, apply } = entry;
  const base = {
    target,
    apply,
    defaultValue: entry.defaultValue ?? null,
    redact: false,
    ignoreIfEmpty: false,
  };
  const at = { target, line: 1, column: 1 };
  const kinds = [entry.source, entry.constant, entry.expression].filter((x) => x !== undefined).length;
  if (kinds !== 1) {
    out.errors.push({ ...at, message: 'give exactly one of source, constant or expression' });
    return null;
  }
  if (entry.constant !== undefined) {
    const value = entry.constant;
    const problem = constantProblem(target, value);
    if (problem) {
      out.errors.push({ ...at, message: problem });
      return null;
    }
    return { ...base, description: JSON.stringify(value), evaluate: () => value };
  }
  if (entry.source !== undefined) {
    const source = entry.source;
    if (!PATH.test(source)) {
      out.errors.push({ ...at, message: `invalid source attribute name ${JSON.stringify(source)}` });
      return null;
    }
    const problem = (out.knownSources ? sourceProblem(source) : null) ?? cardinalityProblem(source, target);
    if (problem) {
      out.errors.push({ ...at, message: problem });
      return null;
    }
    out.attributes.add(source);
    return { ...base, description: `[${source}]`, evaluate: (env: Env) => env.read(source) };
  }
  const text = entry.expression as string;
  const parsed = parse(text);
  if (!parsed.ok) {
    out.errors.push({ target, ...parsed.error });
    return null;
  }
  const before = out.errors.length;
  const local: Checked = { ...out, attributes: new Set(), redact: false };
  check(parsed.ast, target, apply, true, local);
  if (local.attributes.size === 0 && userProperty(target)?.unique) {
    out.errors.push({ ...at, message: uniqueProblem(target) });
  }
  if (out.errors.length > before) return null;
  for (const a of local.attributes) out.attributes.add(a);
  const ast = parsed.ast;
  const ignoreIfEmpty = ast.kind === 'call' && ast.name === 'IgnoreFlowIfNullOrEmpty';
  const evaluate = local.redact ? hidingErrors(toEvaluator(ast)) : toEvaluator(ast);
  return { ...base, description: text, redact: local.redact, ignoreIfEmpty, evaluate };
}

/** Parses and checks every mapping (defaults first, the spec's own override them by target) before any sync runs. */
export function compileMapping(
  spec: AttributeMappingSpec,
  options: { userType?: UserType } = {},
): CompileResult {
  const out: Checked = { errors: [], attributes: new Set(), redact: false, knownSources: true };
  const entries = new Map<string, AttributeMappingEntry>();
  if (spec.includeDefaults) {
    for (const d of defaultMappings(options.userType ?? 'Member')) entries.set(d.target, d);
  }
  const seen = new Set<string>();
  for (const m of spec.mappings) {
    if (seen.has(m.target)) {
      out.errors.push({
        target: m.target,
        message: 'the target is mapped more than once',
        line: 1,
        column: 1,
      });
    }
    seen.add(m.target);
    const problem = PATH.test(m.target)
      ? m.target === 'manager'
        ? null
        : targetProblem(m.target)
      : 'invalid target attribute name';
    if (problem) out.errors.push({ target: m.target, message: problem, line: 1, column: 1 });
    entries.set(m.target, m);
  }
  let manager: ApplyMode | null = null;
  const attributes: CompiledAttribute[] = [];
  for (const entry of entries.values()) {
    if (entry.target === 'manager') {
      if (entry.source !== 'manager' || entry.constant !== undefined || entry.expression !== undefined) {
        out.errors.push({
          target: 'manager',
          message: 'manager is a reference: map it only as source: manager',
          line: 1,
          column: 1,
        });
      }
      manager = entry.apply;
      continue;
    }
    const compiled = compileEntry(entry, out);
    if (compiled) attributes.push(compiled);
  }
  if (out.errors.length > 0) return { ok: false, errors: out.errors };
  const selects = [...new Set([...out.attributes].map(selectName).concat(manager ? ['manager'] : []))].sort();
  return { ok: true, mapping: { attributes, manager, sourceAttributes: () => [...selects] } };
}

/** Compiles one expression on its own, for previews (provision on demand, the CLI) and tests. */
export function compileExpression(
  expression: string,
  apply: ApplyMode = 'Always',
): { ok: true; attribute: CompiledAttribute } | { ok: false; errors: CompileError[] } {
  const out: Checked = { errors: [], attributes: new Set(), redact: false, knownSources: false };
  const attribute = compileEntry({ target: '(expression)', expression, apply }, out);
  return attribute ? { ok: true, attribute } : { ok: false, errors: out.errors };
}
