import { Value } from '@sinclair/typebox/value';
import type { ValueError } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { accessPackagePolicyDefinition } from './access-package-policy.js';
import type { AccessPackagePolicySpec, AccessPackagePolicyStatus } from './access-package-policy.js';
import { attributeMappingDefinition } from './attribute-mapping.js';
import type { AttributeMappingSpec, AttributeMappingStatus } from './attribute-mapping.js';
import type { CustomResource, KindDefinition } from './kind.js';
import { API_VERSION } from './kind.js';
import { lifecycleWorkflowDefinition } from './lifecycle-workflow.js';
import type { LifecycleWorkflowSpec, LifecycleWorkflowStatus } from './lifecycle-workflow.js';
import { reviewScheduleDefinition } from './review-schedule.js';
import type { ReviewScheduleSpec, ReviewScheduleStatus } from './review-schedule.js';
import { syncScopeDefinition } from './sync-scope.js';
import type { SyncScopeSpec, SyncScopeStatus } from './sync-scope.js';
import { tenantLinkDefinition } from './tenant-link.js';
import type { TenantLinkSpec, TenantLinkStatus } from './tenant-link.js';
import { tenantRelationshipDefinition } from './tenant-relationship.js';
import type { TenantRelationshipSpec, TenantRelationshipStatus } from './tenant-relationship.js';

export * from './reasons/index.js';
export { API_VERSION, CATEGORY, GROUP, VERSION } from './kind.js';
export type { CustomResource, KindDefinition, PrinterColumn } from './kind.js';
export {
  APPROVE_DELETIONS_ANNOTATION,
  PROVISION_GROUP_NOW_ANNOTATION,
  PROVISION_NOW_ANNOTATION,
  RESTART_JOB_ANNOTATION,
  FILTER_OPERATORS,
} from './sync-scope.js';
export { SYNC_ACTIONS } from './sync-scope-status.js';
export type { ProvisionGroupNowStatus } from './provision-now.js';
export { DEFAULT_GROUP_ATTRIBUTES } from './group-mapping.js';
export type { GroupMappingSpec } from './group-mapping.js';
export { GROUP_REFUSAL_REASONS } from './group-sync.js';
export type { GroupRefusalReason, GroupSyncSpec, GroupSyncStatus } from './group-sync.js';
export type { TenantLink, TenantLinkSpec, TenantLinkStatus } from './tenant-link.js';
export type {
  TenantPair,
  TenantRelationship,
  TenantRelationshipSpec,
  TenantRelationshipStatus,
} from './tenant-relationship.js';
export type { SyncScope, SyncScopeSpec, SyncScopeStatus, FilterOperator } from './sync-scope.js';
export type {
  AttributeMapping,
  AttributeMappingEntry,
  AttributeMappingSpec,
  AttributeMappingStatus,
} from './attribute-mapping.js';
export type {
  AccessPackagePolicy,
  AccessPackagePolicySpec,
  AccessPackagePolicyStatus,
  Approver,
} from './access-package-policy.js';
export type { ReviewSchedule, ReviewScheduleSpec, ReviewScheduleStatus } from './review-schedule.js';
export { WORKFLOW_TASK_KINDS } from './lifecycle-workflow.js';
export type {
  LifecycleWorkflow,
  LifecycleWorkflowSpec,
  LifecycleWorkflowStatus,
  WorkflowTaskKind,
} from './lifecycle-workflow.js';

/** Spec and status types by kind name. */
export interface KindTypes {
  TenantLink: { spec: TenantLinkSpec; status: TenantLinkStatus };
  TenantRelationship: { spec: TenantRelationshipSpec; status: TenantRelationshipStatus };
  SyncScope: { spec: SyncScopeSpec; status: SyncScopeStatus };
  AttributeMapping: { spec: AttributeMappingSpec; status: AttributeMappingStatus };
  AccessPackagePolicy: { spec: AccessPackagePolicySpec; status: AccessPackagePolicyStatus };
  ReviewSchedule: { spec: ReviewScheduleSpec; status: ReviewScheduleStatus };
  LifecycleWorkflow: { spec: LifecycleWorkflowSpec; status: LifecycleWorkflowStatus };
}

/** The name of a crosstenant.io kind. */
export type KindName = keyof KindTypes;

/** A stored resource of kind `K`. */
export type KindObject<K extends KindName> = CustomResource<K, KindTypes[K]['spec'], KindTypes[K]['status']>;

/** Every kind of the crosstenant.io API, in the order they are documented. */
export const kinds: readonly KindDefinition[] = [
  tenantLinkDefinition,
  tenantRelationshipDefinition,
  syncScopeDefinition,
  attributeMappingDefinition,
  accessPackagePolicyDefinition,
  reviewScheduleDefinition,
  lifecycleWorkflowDefinition,
];

/** A kind as the API addresses it (group, version, plural) and as its resources name it (kind, apiVersion). */
export interface KindResource<K extends KindName = KindName> {
  kind: K;
  apiVersion: typeof API_VERSION;
  group: string;
  version: string;
  plural: string;
}

/** Every kind's API address, derived from its definition: the one place plurals are spelled. */
export const RESOURCES = Object.fromEntries(
  kinds.map(({ kind, group, version, plural }) => [
    kind,
    { kind, apiVersion: API_VERSION, group, version, plural },
  ]),
) as { readonly [K in KindName]: KindResource<K> };

/** The definition of one kind. */
export function kindDefinition(kind: KindName): KindDefinition {
  const found = kinds.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}

/** A copy of `spec` with the defaults the API server applies filled in, so code sees what the server stores. */
export function applyDefaults<K extends KindName>(kind: K, spec: unknown): KindTypes[K]['spec'] {
  const schema: TSchema = kindDefinition(kind).specSchema;
  return Value.Default(schema, Value.Clone(spec)) as KindTypes[K]['spec'];
}

/** The outcome of checking a spec against its schema. */
export type SpecCheck<K extends KindName> =
  { ok: true; spec: KindTypes[K]['spec'] } | { ok: false; errors: string[] };

/**
 * Defaults `spec` and checks it against the schema (types, enums, formats, bounds). The CEL rules are
 * enforced by the API server only, so a spec read from the cluster has already passed them.
 */
export function checkSpec<K extends KindName>(kind: K, spec: unknown): SpecCheck<K> {
  const schema: TSchema = kindDefinition(kind).specSchema;
  const defaulted = applyDefaults(kind, spec);
  if (Value.Check(schema, defaulted)) return { ok: true, spec: defaulted };
  return {
    ok: false,
    errors: [...Value.Errors(schema, defaulted)].map(describeError),
  };
}

function describeError(error: ValueError): string {
  const path = `spec${error.path.replace(/\//g, '.')}`;
  const options = (error.schema.anyOf as TSchema[] | undefined)?.map((s) => s.const as unknown);
  if (options?.every((o) => typeof o === 'string')) return `${path}: must be one of ${options.join(', ')}`;
  return `${path}: ${error.message}`;
}
