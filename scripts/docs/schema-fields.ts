// Flattens a CRD's structural schema into the rows of the reference: one per field, with its type,
// constraints, default and description, plus the CEL rules found along the way.
import type { JsonSchemaProps } from '../../src/api/crd.js';

/** One field of a resource as the reference lists it. */
export interface FieldRow {
  /** Dotted path from the resource root, `[]` marking array items, e.g. `spec.policies[].name`. */
  path: string;
  /** Type and constraints, e.g. `string (uuid); max length 36; required`. */
  type: string;
  /** The default the API server applies, as YAML-ish text, or empty. */
  default: string;
  description: string;
}

/** One CEL rule (`x-kubernetes-validations`) and where it applies. */
export interface RuleRow {
  path: string;
  rule: string;
  /** The fixed message, or the CEL expression that builds it. */
  message: string;
  messageIsExpression: boolean;
}

interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
}

/** Properties that a caller documents itself instead of listing every sub-field. */
export type Collapse = (path: string, node: JsonSchemaProps) => string | undefined;

function str(node: JsonSchemaProps, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

function num(node: JsonSchemaProps, key: string): number | undefined {
  const value = node[key];
  return typeof value === 'number' ? value : undefined;
}

function code(text: string): string {
  return `\`${text}\``;
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && max !== undefined) return `${unit} ${min} to ${max}`;
  if (min !== undefined) return `${unit} at least ${min}`;
  if (max !== undefined) return `${unit} at most ${max}`;
  return undefined;
}

/** The scalar part of a type: its name, format and enum values, and its value constraints. */
function scalar(node: JsonSchemaProps): string[] {
  const type = str(node, 'type') ?? 'any';
  const format = str(node, 'format');
  const parts = [format && format !== 'int64' ? `${type} (${format})` : type];
  const values = node.enum;
  if (Array.isArray(values)) parts.push(`one of ${values.map((v) => code(String(v))).join(', ')}`);
  const length = range(num(node, 'minLength'), num(node, 'maxLength'), 'length');
  if (length) parts.push(length);
  const value = range(num(node, 'minimum'), num(node, 'maximum'), 'value');
  if (value) parts.push(value);
  const pattern = str(node, 'pattern');
  if (pattern) parts.push(`pattern ${code(pattern)}`);
  return parts;
}

function describeType(node: JsonSchemaProps, required: boolean): string {
  const parts: string[] = [];
  if (node.type === 'array') {
    const items = (node.items ?? {}) as JsonSchemaProps;
    const [itemType, ...itemConstraints] = scalar(items);
    parts.push(`array of ${items.type === 'object' ? 'object' : itemType}`);
    const count = range(num(node, 'minItems'), num(node, 'maxItems'), 'items');
    if (count) parts.push(count.replace(/^items (.*)$/, '$1 items'));
    const listType = str(node, 'x-kubernetes-list-type');
    if (listType === 'set') parts.push('unique items');
    const keys = node['x-kubernetes-list-map-keys'];
    if (listType === 'map' && Array.isArray(keys)) parts.push(`keyed by ${keys.map(String).join(', ')}`);
    if (items.type !== 'object') parts.push(...itemConstraints.map((c) => `each ${c}`));
  } else if (node.type === 'object' && node['x-kubernetes-preserve-unknown-fields'] === true) {
    parts.push('object (free-form)');
  } else {
    parts.push(...scalar(node));
  }
  if (required) parts.push('required');
  return parts.join('; ');
}

function describeDefault(node: JsonSchemaProps): string {
  if (!('default' in node)) return '';
  const value = node.default;
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The field's description, followed by its items' when it is an array. */
function describe(node: JsonSchemaProps): string {
  const own = str(node, 'description') ?? '';
  const items = node.type === 'array' ? str((node.items ?? {}) as JsonSchemaProps, 'description') : undefined;
  return items ? `${own} Each item: ${items}` : own;
}

function rulesOf(node: JsonSchemaProps, path: string): RuleRow[] {
  const rules = (node['x-kubernetes-validations'] ?? []) as CelRule[];
  return rules.map((r) => ({
    path,
    rule: r.rule,
    message: r.message ?? r.messageExpression ?? '',
    messageIsExpression: r.message === undefined && r.messageExpression !== undefined,
  }));
}

/**
 * Lists the fields under `node` (a CRD's spec or status schema) depth first, in declaration order, and the
 * CEL rules of every node; `collapse` may replace a field's sub-fields with one row of its own wording.
 */
export function flattenSchema(
  node: JsonSchemaProps,
  path: string,
  collapse: Collapse = () => undefined,
): { fields: FieldRow[]; rules: RuleRow[] } {
  const fields: FieldRow[] = [];
  const rules: RuleRow[] = rulesOf(node, path);
  const visit = (parent: JsonSchemaProps, parentPath: string) => {
    const properties = (parent.properties ?? {}) as Record<string, JsonSchemaProps>;
    const required = new Set((parent.required ?? []) as string[]);
    for (const [name, child] of Object.entries(properties)) {
      const childPath = `${parentPath}.${name}`;
      const collapsed = collapse(childPath, child);
      fields.push({
        path: childPath,
        type: collapsed ?? describeType(child, required.has(name)),
        default: describeDefault(child),
        description: describe(child),
      });
      if (collapsed !== undefined) continue;
      rules.push(...rulesOf(child, childPath));
      if (child.type === 'object') visit(child, childPath);
      if (child.type === 'array') {
        const items = (child.items ?? {}) as JsonSchemaProps;
        rules.push(...rulesOf(items, `${childPath}[]`));
        if (items.type === 'object') visit(items, `${childPath}[]`);
      }
    }
  };
  visit(node, path);
  return { fields, rules };
}
