// The slices of the SyncScope and AttributeMapping specs that the sync engine reads, taken from
// src/api so there is one definition. Specs arrive defaulted (CRD defaults, then TypeBox).
import type {
  AttributeMappingEntry,
  AttributeMappingSpec as ApiAttributeMappingSpec,
} from '../api/attribute-mapping.js';
import type { SyncScopeSpec as ApiSyncScopeSpec } from '../api/sync-scope.js';

export type { AttributeMappingEntry } from '../api/attribute-mapping.js';
export type { FilterOperator } from '../api/sync-scope.js';

export type AttributeMappingSpec = Pick<ApiAttributeMappingSpec, 'includeDefaults' | 'mappings'>;
export type ApplyMode = AttributeMappingEntry['apply'];

/** The parts of `SyncScope.spec` that scoping and planning read. */
export type SyncScopeSpec = Pick<
  ApiSyncScopeSpec,
  'scope' | 'userType' | 'adoptExisting' | 'anchorAttribute' | 'deprovision' | 'safety'
>;
/** `SyncScope.spec.scope`. */
export type ScopeRules = ApiSyncScopeSpec['scope'];
export type ScopeClause = NonNullable<ScopeRules['filters']>[number]['clauses'][number];
export type DeprovisionPolicy = ApiSyncScopeSpec['deprovision']['onOutOfScope'];
export type DeprovisionHow = Exclude<DeprovisionPolicy, 'Ignore'>;
export type UserType = ApiSyncScopeSpec['userType'];

/** A user read from the source tenant: its object id, Graph properties and manager's object id. */
export interface SourceUser {
  id: string;
  attributes: Readonly<Record<string, unknown>>;
  managerId?: string | null;
  /** The scope decision at the user's last evaluation, kept on the record by the sync cycle. */
  inScope?: boolean;
}

/** A target-tenant user as read from Graph (users and directory/deletedItems); the index and the planner use it as is. */
export interface TargetUserRecord {
  id: string;
  attributes: Readonly<Record<string, unknown>>;
  /** Soft-deleted (in directory/deletedItems). */
  deleted?: boolean;
  /** Object id of the user's manager in the target tenant. */
  managerId?: string | null;
  /**
   * The anchor (`<source tenant id>:<source object id>`) split off the attributes, which then lack it
   * (targetRecordMaker): a string per user less, and the source user's own id string. null: the read
   * carried the anchor's property without a valid anchor (whatever it holds stays in the attributes);
   * absent: the read did not carry it, or the record was made without a shape.
   */
  anchorTenant?: string | null;
  anchorSourceId?: string;
}

/** A value the engine writes to a target attribute. */
export type AttributeValue = string | number | boolean | readonly string[] | null;
