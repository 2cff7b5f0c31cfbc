import { FormatRegistry, Type } from '@sinclair/typebox';
import { DURATION_PATTERN, LONG_DURATION_PATTERN } from '../time/duration.js';
import type {
  StringOptions,
  TBoolean,
  TLiteral,
  TObject,
  TString,
  TUnion,
  ObjectOptions,
  TProperties,
} from '@sinclair/typebox';

// Same expressions as kube-openapi's strfmt, so TypeBox and the API server agree on what is valid.
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => DATE.test(v) && !isNaN(Date.parse(v)));
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => DATE_TIME.test(v) && !isNaN(Date.parse(v)));
}

/** A CEL rule checked by the API server (`x-kubernetes-validations`). */
export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

/** Schema options carrying CEL rules. */
export function cel(...rules: CelRule[]): { 'x-kubernetes-validations': CelRule[] } {
  return { 'x-kubernetes-validations': rules };
}

/** A string restricted to the given values; the CRD generator turns it into an OpenAPI `enum`. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: StringOptions & { description: string; default?: T[number] },
): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(
    values.map((v: T[number]) => Type.Literal(v)),
    options,
  );
}

/** An object whose unknown fields are rejected by TypeBox, as the API server prunes or rejects them. */
export function Obj<T extends TProperties>(
  properties: T,
  options: ObjectOptions & { description: string },
): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** A Microsoft Entra object id, tenant id or application id. */
export function Uuid(description: string, options: StringOptions = {}): TString {
  return Type.String({ format: 'uuid', maxLength: 36, description, ...options });
}

/** An id Graph assigned to an object it created, reported in status. */
export function GraphId(description: string): TString {
  return Type.String({ maxLength: 256, description });
}

/** An RFC 3339 timestamp. */
export function Timestamp(description: string): TString {
  return Type.String({ format: 'date-time', maxLength: 64, description });
}

/** The name of another object in the same namespace. */
export function ObjectName(description: string, options: StringOptions = {}): TString {
  return Type.String({
    minLength: 1,
    maxLength: 253,
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    description,
    ...options,
  });
}

/** A CEL transition rule that keeps a field as it was created; `field` and `why` make the message. */
export function immutable(field: string, why: string): { 'x-kubernetes-validations': CelRule[] } {
  return cel({ rule: 'self == oldSelf', message: `${field} cannot be changed: ${why}` });
}

/** A duration such as `10s` or `1h30m`. */
export function Duration(description: string, options: StringOptions = {}): TString {
  return Type.String({ pattern: DURATION_PATTERN, maxLength: 32, description, ...options });
}

/** The longest LongDuration, in days (ten years): longer is a typo, not a policy. */
export const MAX_LONG_DURATION_DAYS = 3650;

/** A duration that may be given in days, such as `7d` or `36h`; at most 3650 days. */
export function LongDuration(description: string): TString {
  return Type.String({
    pattern: LONG_DURATION_PATTERN,
    maxLength: 32,
    description: `${description} At most ${MAX_LONG_DURATION_DAYS}d.`,
    // CEL's duration() knows no days: the whole days are checked as a number, the rest as a duration.
    ...cel({
      rule:
        `self.contains('d') ? int(self.find('^[0-9]+')) < ${MAX_LONG_DURATION_DAYS} || self == '${MAX_LONG_DURATION_DAYS}d' : ` +
        `duration(self) <= duration('${MAX_LONG_DURATION_DAYS * 24}h')`,
      message: `at most ${MAX_LONG_DURATION_DAYS}d`,
    }),
  });
}

/** A key of a Secret in the resource's namespace. */
export function SecretKeyRef(description: string) {
  return Obj(
    {
      name: ObjectName('Name of the Secret, in the same namespace as this resource.'),
      key: Type.String({
        minLength: 1,
        maxLength: 253,
        pattern: '^[-._a-zA-Z0-9]+$',
        description: 'Key within the Secret whose value is used.',
      }),
    },
    { description },
  );
}

/** `spec.suspend`. */
export function Suspend(): TBoolean {
  return Type.Boolean({
    default: false,
    description:
      'Pauses reconciliation: while true the operator neither reads nor writes the tenant for this resource, ' +
      'and Ready reports reason Suspended. Set back to false to resume where it stopped.',
  });
}

/** The usual `deletionPolicy` description, for a kind that creates `what` in the tenant. */
export function deletionPolicyText(what: string): string {
  return (
    `What happens in the tenant when this resource is deleted. Orphan (default) leaves ${what} in place, ` +
    `as Entra does when a configuration is removed; Delete removes ${what} first (the resource keeps a ` +
    'finalizer until that is done).'
  );
}

/** What deletionPolicy Delete does for a resource deleted while suspended: it does not touch the tenant. */
export const SUSPENDED_DELETION_TEXT =
  ' A resource deleted while suspended lets its finalizer go without reading or writing the tenant: ' +
  'everything it created stays in place, and a LeftInTenant Event says what.';

/** `spec.deletionPolicy`. */
export function DeletionPolicy(description: string) {
  return StringEnum(['Orphan', 'Delete'], { default: 'Orphan', description });
}

/** `spec.mode`. */
export function Mode() {
  return StringEnum(['Enforce', 'DryRun'], {
    default: 'Enforce',
    description:
      'Enforce (default) writes changes to the tenant. DryRun computes the same plan and reports it in ' +
      'status without writing anything: use it to rehearse a change before enforcing it.',
  });
}

/** One condition, exactly as metav1.Condition. */
export const ConditionSchema = Obj(
  {
    type: Type.String({
      maxLength: 316,
      pattern:
        '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
      description:
        'Type of condition in CamelCase: Ready (always present), Reconciling and Stalled (present only ' +
        'while true, as kstatus expects), and kind-specific types such as Synced.',
    }),
    status: StringEnum(['True', 'False', 'Unknown'], { description: 'Status of the condition.' }),
    observedGeneration: Type.Optional(
      Type.Integer({
        minimum: 0,
        format: 'int64',
        description: 'The .metadata.generation the condition was set from.',
      }),
    ),
    lastTransitionTime: Timestamp('When the condition last changed from one status to another.'),
    reason: Type.String({
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
      description: 'Programmatic identifier of the cause in CamelCase, e.g. CredentialsInvalid.',
    }),
    message: Type.String({ maxLength: 32768, description: 'Human-readable details of the transition.' }),
  },
  {
    description: 'One aspect of the current state of this resource.',
  },
);

/** `status.conditions`. */
export function Conditions() {
  return Type.Optional(
    Type.Array(ConditionSchema, {
      maxItems: 32,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      description:
        'Latest observations of the resource state. Ready is always present; Reconciling and Stalled ' +
        'appear only while true.',
    }),
  );
}

/** `status.observedGeneration`. */
export function ObservedGeneration() {
  return Type.Optional(
    Type.Integer({
      minimum: 0,
      format: 'int64',
      description: 'The .metadata.generation the operator last reconciled.',
    }),
  );
}

/** A non-negative count in status. */
export function Count(description: string) {
  return Type.Integer({ minimum: 0, description });
}
