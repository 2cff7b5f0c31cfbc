// The synchronization job schema of Entra's cross-tenant synchronization, generated from a SyncScope's
// filters and an AttributeMapping, and read back into them. Shapes follow Graph v1.0's synchronizationSchema,
// synchronizationRule, objectMapping, attributeMapping, attributeMappingSource, filter, filterGroup and
// filterClause resource pages. Our expression language is Entra's, so an expression passes through as text.
import { FILTER_OPERATORS } from '../api/sync-scope.js';
import { defaultMappings } from '../sync/defaults.js';
import type {
  AttributeMappingEntry,
  AttributeMappingSpec,
  FilterOperator,
  ScopeClause,
  UserType,
} from '../sync/types.js';

/** `attributeMappingSource`: an attribute, a constant or a function (expression). */
export interface MappingSource {
  expression: string | null;
  name: string | null;
  parameters: { key: string; value: MappingSource }[];
  type: 'Attribute' | 'Constant' | 'Function';
}

/** `attributeMapping` of an object mapping. */
export interface SchemaAttributeMapping {
  defaultValue: string | null;
  exportMissingReferences: boolean;
  flowBehavior: 'FlowWhenChanged' | 'FlowAlways';
  flowType: 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';
  matchingPriority: number;
  source: MappingSource | null;
  targetAttributeName: string;
}

/** `filterClause`. */
export interface SchemaClause {
  operatorName: string;
  sourceOperandName: string;
  targetOperand: { values: string[] };
}

/** `filter` of an object mapping: groups are ORed, clauses within a group ANDed. */
export interface SchemaFilter {
  categoryFilterGroups: unknown[];
  groups: { name: string; clauses: SchemaClause[] }[];
  inputFilterGroups: unknown[];
}

/** `objectMapping`. */
export interface ObjectMapping {
  enabled: boolean;
  flowTypes: string;
  metadata: unknown[];
  name: string;
  sourceObjectName: string;
  targetObjectName: string;
  attributeMappings: SchemaAttributeMapping[];
  scope: SchemaFilter | null;
}

/** `synchronizationRule`. */
export interface SynchronizationRule {
  id: string;
  name: string;
  editable: boolean;
  priority: number;
  sourceDirectoryName: string;
  targetDirectoryName: string;
  metadata: unknown[];
  containerFilter: unknown;
  groupFilter: unknown;
  objectMappings: ObjectMapping[];
}

/** `synchronizationSchema`. */
export interface SynchronizationSchema {
  id?: string;
  version: string;
  directories: unknown[];
  synchronizationRules: SynchronizationRule[];
}

/**
 * Scoping-filter operator names as the schema spells them, by our YAML word. In and NotIn are Entra's `&`
 * and `!&` (value is, is not, one of a list).
 */
export const SCHEMA_OPERATORS: Readonly<Record<FilterOperator, string>> = {
  Equals: 'EQUALS',
  NotEquals: 'NOT_EQUALS',
  IsTrue: 'IS_TRUE',
  IsFalse: 'IS_FALSE',
  IsNull: 'IS_NULL',
  IsNotNull: 'IS_NOT_NULL',
  Includes: 'Includes',
  EndsWith: 'ENDS_WITH',
  GreaterThan: 'GREATER_THAN',
  GreaterThanOrEquals: 'GREATER_THAN_OR_EQUALS',
  In: '&',
  NotIn: '!&',
  RegexMatch: 'REGEX_MATCH',
  NotRegexMatch: 'NOT_REGEX_MATCH',
};

/** Target attributes the template maps for Entra's own bookkeeping (matching, soft delete): never ours to change. */
export const RESERVED_TARGETS: ReadonlySet<string> = new Set(['alternativeSecurityIds', 'IsSoftDeleted']);

/** The object mapping that provisions users, in the rule on-demand provisioning also uses. */
export function userObjectMapping(schema: SynchronizationSchema): ObjectMapping | undefined {
  for (const rule of schema.synchronizationRules)
    for (const m of rule.objectMappings)
      if (m.sourceObjectName === 'User' && m.targetObjectName === 'User') return m;
  return undefined;
}

function sourceOf(entry: AttributeMappingEntry): MappingSource {
  if (entry.source !== undefined)
    return { expression: `[${entry.source}]`, name: entry.source, parameters: [], type: 'Attribute' };
  if (entry.constant !== undefined)
    return {
      expression: `"${entry.constant.replace(/[\\"]/g, '\\$&')}"`,
      name: entry.constant,
      parameters: [],
      type: 'Constant',
    };
  const text = entry.expression ?? '';
  const name = /^\s*([A-Za-z][A-Za-z0-9]*)\s*\(/.exec(text)?.[1] ?? null;
  return { expression: text, name, parameters: [], type: 'Function' };
}

/** The attribute mappings an AttributeMapping gives (defaults first, its own entries overriding by target). */
export function attributeMappingsFor(
  spec: AttributeMappingSpec,
  userType: UserType,
): SchemaAttributeMapping[] {
  const entries = new Map<string, AttributeMappingEntry>();
  if (spec.includeDefaults) for (const d of defaultMappings(userType)) entries.set(d.target, d);
  for (const m of spec.mappings) entries.set(m.target, m);
  return [...entries.values()].map((entry) => ({
    defaultValue: entry.defaultValue ?? null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: entry.apply === 'OnCreate' ? 'ObjectAddOnly' : 'Always',
    matchingPriority: 0,
    source: sourceOf(entry),
    targetAttributeName: entry.target,
  }));
}

/** The source attribute Entra's schema names a user's object id by. */
const OBJECT_ID = 'objectId';

function clauseFor(c: ScopeClause): SchemaClause {
  return {
    operatorName: SCHEMA_OPERATORS[c.operator],
    sourceOperandName: c.attribute,
    targetOperand: {
      values:
        c.value === undefined
          ? []
          : c.operator === 'In' || c.operator === 'NotIn'
            ? c.value.split(',').map((v) => v.trim())
            : [c.value],
    },
  };
}

/**
 * The schema filter for a SyncScope's scoping filters, or null when it has none. Source users excluded by a
 * ReviewSchedule (onDeny: ExcludeFromSync) leave the job's scope the way Entra's provisioning pages suggest
 * for one user, a scoping filter: an `objectId` NOT EQUALS clause per user, ANDed into every filter.
 */
export function scopeFilterFor(
  filters: readonly { clauses: readonly ScopeClause[] }[] | undefined,
  excludedSourceIds: readonly string[] = [],
): SchemaFilter | null {
  const exclusions = [...new Set(excludedSourceIds)]
    .sort()
    .map((id) => clauseFor({ attribute: OBJECT_ID, operator: 'NotEquals', value: id }));
  const groups = filters && filters.length > 0 ? filters.map((f) => f.clauses.map(clauseFor)) : [[]];
  if (groups.length === 1 && groups[0]?.length === 0 && exclusions.length === 0) return null;
  return {
    categoryFilterGroups: [],
    inputFilterGroups: [],
    groups: groups.map((clauses, i) => ({
      name: `crosstenant filter ${i + 1}`,
      clauses: [...clauses, ...exclusions],
    })),
  };
}

/** The schema with the user object mapping's attribute mappings and scope replaced by ours; the rest kept. */
export function desiredSchema(
  current: SynchronizationSchema,
  mappings: SchemaAttributeMapping[],
  scope: SchemaFilter | null,
): SynchronizationSchema {
  const next = structuredClone(current);
  const users = userObjectMapping(next);
  if (!users) throw new Error('the job schema has no User to User object mapping');
  const reserved = users.attributeMappings.filter((m) => RESERVED_TARGETS.has(m.targetAttributeName));
  users.attributeMappings = [
    ...reserved,
    ...mappings.filter((m) => !RESERVED_TARGETS.has(m.targetAttributeName)),
  ];
  users.scope = scope;
  return next;
}

function mappingKey(m: SchemaAttributeMapping): string {
  const s = m.source;
  const what = s ? (s.type === 'Function' ? (s.expression ?? '').trim() : `${s.type}:${s.name ?? ''}`) : '';
  return JSON.stringify([
    m.targetAttributeName,
    m.flowType,
    m.defaultValue ?? null,
    m.matchingPriority,
    what,
  ]);
}

function filterKey(f: SchemaFilter | null | undefined): string {
  const groups = (f?.groups ?? []).map((g) =>
    g.clauses
      .map((c) => JSON.stringify([c.sourceOperandName, c.operatorName, c.targetOperand.values]))
      .sort(),
  );
  return JSON.stringify(groups.map((g) => JSON.stringify(g)).sort());
}

/**
 * Whether two schemas differ in what we manage (user attribute mappings and scope), by meaning: order, group
 * names and server-filled fields do not count, so a converged job is never written again.
 */
export function schemaDiffers(current: SynchronizationSchema, desired: SynchronizationSchema): boolean {
  const a = userObjectMapping(current);
  const b = userObjectMapping(desired);
  if (!a || !b) return a !== b;
  const keys = (o: ObjectMapping) => o.attributeMappings.map(mappingKey).sort().join('\n');
  return keys(a) !== keys(b) || filterKey(a.scope) !== filterKey(b.scope);
}

const OPERATOR_BY_NAME = new Map(
  FILTER_OPERATORS.map((o) => [SCHEMA_OPERATORS[o].toUpperCase(), o] as const),
);

/** Reads a schema filter back as scoping filters (OR of AND groups); an unknown operator is an error. */
export function filtersFromSchema(scope: SchemaFilter | null | undefined): { clauses: ScopeClause[] }[] {
  return (scope?.groups ?? []).map((g) => ({
    clauses: g.clauses.map((c): ScopeClause => {
      const operator = OPERATOR_BY_NAME.get(c.operatorName.toUpperCase());
      if (!operator) throw new Error(`unknown scoping filter operator ${c.operatorName}`);
      const values = c.targetOperand?.values ?? [];
      const value = values.length === 0 ? undefined : values.join(',');
      return value === undefined
        ? { attribute: c.sourceOperandName, operator }
        : { attribute: c.sourceOperandName, operator, value };
    }),
  }));
}

/** Reads a schema's user attribute mappings back as AttributeMapping entries (Entra's bookkeeping left out). */
export function mappingsFromSchema(users: ObjectMapping): AttributeMappingEntry[] {
  return users.attributeMappings
    .filter((m) => !RESERVED_TARGETS.has(m.targetAttributeName) && m.source)
    .map((m): AttributeMappingEntry => {
      const s = m.source as MappingSource;
      const apply = m.flowType === 'Always' ? 'Always' : 'OnCreate';
      const base = {
        target: m.targetAttributeName,
        apply,
        ...(m.defaultValue ? { defaultValue: m.defaultValue } : {}),
      } as const;
      if (s.type === 'Attribute') return { ...base, source: s.name ?? '' };
      if (s.type === 'Constant') return { ...base, constant: s.name ?? '' };
      return { ...base, expression: s.expression ?? '' };
    });
}

/**
 * The operator names a schema filter uses that the job's `filterOperators` does not list, compared exactly:
 * Graph documents no operator list of its own, so a name is used only once the tenant has named it.
 */
export function unsupportedOperators(scope: SchemaFilter | null, supported: readonly string[]): string[] {
  const known = new Set(supported);
  const used = (scope?.groups ?? []).flatMap((g) => g.clauses.map((c) => c.operatorName));
  return [...new Set(used)].filter((name) => !known.has(name));
}
