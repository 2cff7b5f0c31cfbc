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

/** A value the engine writes to a target attribute. */
export type AttributeValue = string | number | boolean | readonly string[] | null;
