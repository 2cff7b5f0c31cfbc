// Renders the reference page of one kind from its CRD and its notes, as Markdown before formatting.
import type { JsonSchemaProps } from '../../src/api/crd.js';
import { toCustomResourceDefinition } from '../../src/api/crd.js';
import type { KindDefinition } from '../../src/api/index.js';
import type { KindNotes } from './conditions.js';
import type { FieldRow, RuleRow } from './schema-fields.js';
import { flattenSchema } from './schema-fields.js';

/** The comment at the top of every generated page. */
export const GENERATED_NOTE = '<!-- Generated from src/api by `npm run docs`. Do not edit. -->';

/**
 * Makes text safe in a Markdown table cell: one line, pipes escaped (GitHub unescapes them inside code spans
 * too), and outside code spans `<` escaped so that `<appId>` is not taken for HTML.
 */
export function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '\\<')))
    .join('')
    .replace(/\|/g, '\\|');
}

/** Text as a code span in a table cell. */
function codeCell(text: string): string {
  return cell(`\`${text}\``);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The reference file name of a kind, e.g. `syncscope.md`. */
export function referenceFileName(definition: KindDefinition): string {
  return `${definition.singular}.md`;
}

// metav1.Condition's sub-fields are the same on every kind: one row, explained under Conditions.
const collapseConditions = (path: string): string | undefined =>
  path === 'status.conditions' ? 'array of Condition (metav1.Condition), keyed by type' : undefined;

function fieldTable(fields: FieldRow[]): string {
  return table(
    ['Field', 'Type', 'Default', 'Description'],
    fields.map((f) => [`\`${f.path}\``, cell(f.type), cell(f.default), cell(f.description)]),
  );
}

function ruleTable(rules: RuleRow[]): string {
  return table(
    ['On', 'Message', 'Rule (CEL)'],
    rules.map((r) => [
      `\`${r.path}\``,
      r.messageIsExpression ? `computed: ${codeCell(r.message)}` : cell(r.message),
      codeCell(r.rule),
    ]),
  );
}

function section(title: string, description: string, fields: FieldRow[], rules: RuleRow[]): string[] {
  const parts = [`## ${title}`, cell(description), fieldTable(fields)];
  if (rules.length > 0) {
    parts.push(
      '### Validation rules',
      'The API server rejects a change that breaks one of these rules, with the message shown.',
      ruleTable(rules),
    );
  }
  return parts;
}

function conditionsSection(notes: KindNotes): string[] {
  return [
    '## Conditions',
    '`Ready` is always present. `Stalled` (same reason and message as `Ready`) is added while the operator ' +
      'cannot get further without you, and removed otherwise, as kstatus expects; "Stalled." below marks those ' +
      'reasons. `kubectl wait --for=condition=Ready` works on every kind.',
    table(
      ['Type', 'Status', 'Reason', 'Meaning'],
      notes.conditions.map((c) => [
        `\`${c.type}\``,
        c.status,
        c.reasons.map((r) => `\`${r}\``).join(', '),
        cell(c.meaning),
      ]),
    ),
  ];
}

function eventsSection(notes: KindNotes): string[] {
  if (!notes.events?.length) return [];
  return [
    '## Events',
    'Besides a change of `Ready` (recorded with the condition reason), the controller records these; ' +
      '`kubectl events --for` the resource lists them.',
    table(
      ['Reason', 'Type', 'When'],
      notes.events.map((e) => [`\`${e.reason}\``, e.type, cell(e.meaning)]),
    ),
  ];
}

function metadataSection(notes: KindNotes): string[] {
  if (notes.metadata.length === 0) return [];
  return [
    '## Annotations and finalizers',
    table(
      ['Name', 'Kind', 'Meaning'],
      notes.metadata.map((m) => [`\`${m.name}\``, m.kind, cell(m.meaning)]),
    ),
  ];
}

function columnsSection(definition: KindDefinition): string[] {
  return [
    '## `kubectl get` columns',
    `\`kubectl get ${definition.plural}\` (or \`${definition.shortNames.join('`, `')}\`, or \`kubectl get crosstenant\` ` +
      'for every kind) shows these columns; `-o wide` adds those marked wide.',
    table(
      ['Column', 'JSONPath', 'Shown', 'Description'],
      definition.printerColumns.map((c) => [
        c.name,
        codeCell(c.jsonPath),
        c.priority ? 'wide' : 'always',
        cell(c.description),
      ]),
    ),
  ];
}

/** The Markdown of one kind's reference page (unformatted). */
export function renderKindReference(definition: KindDefinition, notes: KindNotes): string {
  const crd = toCustomResourceDefinition(definition);
  const root = crd.spec.versions[0]?.schema.openAPIV3Schema ?? {};
  const properties = (root.properties ?? {}) as Record<string, JsonSchemaProps>;
  const spec = properties.spec ?? {};
  const status = properties.status ?? {};
  const specRows = flattenSchema(spec, 'spec');
  const statusRows = flattenSchema(status, 'status', collapseConditions);
  const { kind, group, version, shortNames } = definition;
  return [
    GENERATED_NOTE,
    `# ${kind}`,
    `\`apiVersion: ${group}/${version}\`, \`kind: ${kind}\`, namespaced, short name \`${shortNames.join('`, `')}\`, ` +
      `category \`crosstenant\`. Example: [${notes.example}](../../${notes.example}).`,
    cell(definition.description),
    ...section('Spec', str(spec.description), specRows.fields, specRows.rules),
    ...section('Status', str(status.description), statusRows.fields, statusRows.rules),
    ...conditionsSection(notes),
    ...eventsSection(notes),
    ...metadataSection(notes),
    ...columnsSection(definition),
  ].join('\n\n');
}

/** The index page of the reference (unformatted). */
export function renderReferenceIndex(definitions: readonly KindDefinition[]): string {
  return [
    GENERATED_NOTE,
    '# API reference: crosstenant.io/v1alpha1',
    'Every field of every kind, with its type, constraints, default and description, the validation rules ' +
      'the API server enforces, the status each controller reports and its conditions. The same text is ' +
      'available in the cluster with `kubectl explain <kind>.spec`.',
    table(
      ['Kind', 'Short name', 'What it is'],
      definitions.map((d) => [
        `[${d.kind}](${referenceFileName(d)})`,
        `\`${d.shortNames.join('`, `')}\``,
        cell(firstSentence(d.description)),
      ]),
    ),
  ].join('\n\n');
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end === -1 ? text : text.slice(0, end + 1);
}
