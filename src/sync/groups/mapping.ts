import { DEFAULT_GROUP_ATTRIBUTES, type GroupMappingSpec } from '../../api/group-mapping.js';
import type { AttributeMappingEntry } from '../types.js';
import {
  compileExpression,
  compileMapping,
  type CompileError,
  type CompileResult,
  type CompiledAttribute,
} from '../mapping/compile.js';
import type { AttributeMappingSpec } from '../../api/attribute-mapping.js';
import { parse, type Node } from '../mapping/parser.js';
import type { CompiledMapping } from '../mapping/compile.js';

// The group properties a mapping may read from a source group and write to a target security group (Graph's
// group resource). The group type itself (securityEnabled, mailEnabled, groupTypes) is never mapped: the
// operator creates static security groups only.
const READABLE = new Set(['id', 'objectId', 'displayName', 'description', 'mailNickname', 'classification']);
const WRITABLE = new Set(['displayName', 'description', 'mailNickname']);
const EXTENSION = /^extension_[0-9a-fA-F]{32}_[A-Za-z0-9_]+$/;

/** Properties of a source group the pass always reads: the type checks and what the defaults copy. */
export const GROUP_TYPE_PROPERTIES = ['securityEnabled', 'mailEnabled', 'groupTypes'] as const;

export type GroupMappingResult =
  { ok: true; mapping: CompiledMapping } | { ok: false; errors: CompileError[] };

function attributesOf(node: Node, out: Set<string>): void {
  if (node.kind === 'attribute') out.add(node.name);
  else if (node.kind === 'call') for (const arg of node.args) attributesOf(arg, out);
  else if (node.kind === 'compare') {
    attributesOf(node.left, out);
    attributesOf(node.right, out);
  }
}

/** The mapping as one expression: a source is `[source]`, a constant a quoted string. */
function asExpression(entry: AttributeMappingEntry): string {
  if (entry.source !== undefined) return `[${entry.source}]`;
  if (entry.constant !== undefined) return JSON.stringify(entry.constant);
  return entry.expression ?? '';
}

/**
 * Compiles the group section of an AttributeMapping (defaults first, the spec's own override them by target)
 * with the user mappings' expression language, checking targets and sources against Graph's group.
 */
export function compileGroupMapping(spec: GroupMappingSpec | undefined): GroupMappingResult {
  const entries = new Map<string, AttributeMappingEntry>();
  if (spec?.includeDefaults ?? true) {
    for (const name of DEFAULT_GROUP_ATTRIBUTES)
      entries.set(name, { target: name, source: name, apply: 'Always' });
  }
  for (const m of spec?.mappings ?? []) entries.set(m.target, m);
  const errors: CompileError[] = [];
  const attributes: CompiledAttribute[] = [];
  const sources = new Set<string>();
  for (const entry of entries.values()) {
    const at = { target: entry.target, line: 1, column: 1 };
    if (!WRITABLE.has(entry.target) && !EXTENSION.test(entry.target)) {
      errors.push({
        ...at,
        message: `${entry.target} is not a group property the operator writes: use displayName, description, mailNickname or a directory extension`,
      });
      continue;
    }
    const text = asExpression(entry);
    const compiled = compileExpression(text, entry.apply);
    if (!compiled.ok) {
      errors.push(...compiled.errors.map((e) => ({ ...e, target: entry.target })));
      continue;
    }
    const parsed = parse(text);
    const read = new Set<string>();
    if (parsed.ok) attributesOf(parsed.ast, read);
    const unknown = [...read].find((a) => !READABLE.has(a) && !EXTENSION.test(a));
    if (unknown !== undefined) {
      errors.push({ ...at, message: `[${unknown}] is not a property of a source group` });
      continue;
    }
    for (const a of read) sources.add(a === 'objectId' ? 'id' : a);
    attributes.push({
      ...compiled.attribute,
      target: entry.target,
      defaultValue: entry.defaultValue ?? null,
      description: entry.source !== undefined ? `[${entry.source}]` : text,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const select = [...new Set([...sources, ...GROUP_TYPE_PROPERTIES])].sort();
  return { ok: true, mapping: { attributes, manager: null, sourceAttributes: () => [...select] } };
}

/**
 * Compiles a whole AttributeMapping, the user mappings and the groups section, for its own status: errors of
 * the groups section are named `groups.<target>`, so both are reported with line and column before any sync.
 */
export function compileAttributeMapping(
  spec: Pick<AttributeMappingSpec, 'includeDefaults' | 'mappings' | 'groups'>,
): CompileResult {
  const users = compileMapping(spec);
  const groups = spec.groups ? compileGroupMapping(spec.groups) : ({ ok: true } as const);
  if (groups.ok) return users;
  const groupErrors = groups.errors.map((e) => ({ ...e, target: `groups.${e.target}` }));
  return { ok: false, errors: [...(users.ok ? [] : users.errors), ...groupErrors] };
}
