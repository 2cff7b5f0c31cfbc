// What a cross-tenant synchronization job does to one source user, as Entra's provisioning service does it:
// scope (assignment, internal member, scoping filters), the schema's mappings, then create, update or
// soft-delete the target B2B user. Users are created directly as Members, never invited nor redeemed.
import { filtersFromSchema, mappingsFromSchema, userObjectMapping } from '../../entra-engine/schema.js';
import { compileMapping, type CompiledMapping } from '../../sync/mapping/compile.js';
import { desiredValues, toGraphPatch } from '../../sync/desired.js';
import { readPath } from '../../sync/mapping/values.js';
import { evaluateScope, type ScopeDecision } from '../../sync/scope.js';
import type { AttributeValue, ScopeClause, SourceUser } from '../../sync/types.js';
import { b2bPrincipalName } from '../directory/invitations.js';
import type { SimStore } from '../store/store.js';
import type { TenantState } from '../store/tenant.js';
import type { Props, UserRecord } from '../store/types.js';
import type { SimConfiguration, SimJob } from './state.js';

/** What the job does to one user. */
export type UserAction = 'create' | 'update' | 'delete' | 'stagedDelete' | 'other';

/** The outcome for one source user. */
export interface UserOutcome {
  action: UserAction;
  /** Whether the target changed. */
  exported: boolean;
  decision: ScopeDecision;
  targetId?: string;
  modified: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

/** A job's compiled view of its schema and secrets for one run. */
export interface JobContext {
  store: SimStore;
  source: TenantState;
  target: TenantState;
  config: SimConfiguration;
  job: SimJob;
  mapping: CompiledMapping;
  filters: { clauses: ScopeClause[] }[];
}

/** Compiles the job's user mappings and filters; throws a message when the schema cannot run. */
export function compileJob(job: SimJob): Pick<JobContext, 'mapping' | 'filters'> {
  const users = userObjectMapping(job.schema);
  if (!users) throw new Error('the schema has no User object mapping');
  const compiled = compileMapping({ includeDefaults: false, mappings: mappingsFromSchema(users) });
  if (!compiled.ok)
    throw new Error(`attribute mapping ${compiled.errors[0]?.target}: ${compiled.errors[0]?.message}`);
  return { mapping: compiled.mapping, filters: filtersFromSchema(users.scope) };
}

function assigned(ctx: JobContext, user: UserRecord): boolean {
  if (ctx.config.secrets.get('SyncAll') === 'true') return true;
  return ctx.config.assignments.some((a) => {
    const principal = String(a['principalId']);
    if (principal === user.id) return true;
    return ctx.source.groups.get(principal)?.members.has(user.id) ?? false;
  });
}

/** The scope decision for a source user (null when it no longer exists). */
export function scopeOf(ctx: JobContext, user: UserRecord): ScopeDecision {
  const source: SourceUser = { id: user.id, attributes: user.props };
  const decision = evaluateScope(
    source,
    { allUsers: true, membership: 'Direct', filters: ctx.filters },
    { directGroupIds: new Set() },
  );
  if (decision.inScope && !assigned(ctx, user))
    return {
      inScope: false,
      reason: 'NotAssigned',
      message: 'not assigned to the configuration',
      clauses: [],
    };
  return decision;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** An existing B2B user of the target that Entra would match: redeemed from this source user's home tenant. */
function matchExisting(ctx: JobContext, user: UserRecord): UserRecord | undefined {
  const mail = text(user.props['mail']) ?? text(user.props['userPrincipalName']);
  if (!mail) return undefined;
  return ctx.target
    .activeUsersWithAddress(mail)
    .find(
      (u) =>
        u.props['externalUserState'] !== 'PendingAcceptance' &&
        Array.isArray(u.props['identities']) &&
        (u.props['identities'] as Props[]).some((i) => i['issuer'] === 'ExternalAzureAD'),
    );
}

function values(ctx: JobContext, user: UserRecord, forCreate: boolean): Record<string, AttributeValue> {
  const r = desiredValues({ id: user.id, attributes: user.props }, ctx.mapping, forCreate, {
    now: () => new Date(ctx.store.clock.now()),
    random: Math.random,
    isUnique: (value, attribute) => !ctx.target.userList().some((u) => u.props[attribute] === value),
  });
  if (!r.ok) throw new Error(`${r.errors[0]?.target}: ${r.errors[0]?.message}`);
  const out: Record<string, AttributeValue> = {};
  ctx.mapping.attributes.forEach((a, i) => {
    const v = r.values[i];
    if (v !== undefined) out[a.target] = v;
  });
  return out;
}

function softDelete(ctx: JobContext, sourceId: string): UserOutcome | undefined {
  const targetId = ctx.job.links.get(sourceId);
  const target = targetId ? ctx.target.users.get(targetId) : undefined;
  if (!target) return undefined;
  ctx.target.softDeleteUser(target);
  const decision: ScopeDecision = {
    inScope: false,
    reason: 'NotAssigned',
    message: 'out of scope',
    clauses: [],
  };
  return { action: 'delete', exported: true, decision, targetId: target.id, modified: [] };
}

/** Sets a dotted attribute path (`onPremisesExtensionAttributes.extensionAttribute3`) in a user's props. */
function setPath(props: Props, path: string, value: AttributeValue): void {
  const parts = path.split('.');
  let node = props;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (node[part] = next !== null && typeof next === 'object' ? { ...(next as Props) } : {}) as Props;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Provisions one source user (by id) into the target: the same path for cycles and on-demand provisioning. */
export function provisionUser(ctx: JobContext, sourceId: string): UserOutcome | undefined {
  const user = ctx.source.users.get(sourceId);
  if (!user) return softDelete(ctx, sourceId);
  const decision = scopeOf(ctx, user);
  if (!decision.inScope) {
    const deleted = softDelete(ctx, sourceId);
    return deleted ? { ...deleted, decision } : { action: 'other', exported: false, decision, modified: [] };
  }
  const linkedId = ctx.job.links.get(sourceId);
  let target = linkedId ? ctx.target.users.get(linkedId) : undefined;
  const deleted = linkedId ? ctx.target.deletedUsers.get(linkedId) : undefined;
  if (!target && deleted) {
    ctx.target.restoreUser(deleted);
    target = deleted;
  }
  target ??= matchExisting(ctx, user);
  const modified: UserOutcome['modified'] = [];
  if (!target) {
    const attributes = values(ctx, user, true);
    const address = text(user.props['mail']) ?? String(user.props['userPrincipalName']);
    const { upn, nickname } = b2bPrincipalName(ctx.target, address);
    const props: Props = {
      accountEnabled: true,
      userPrincipalName: upn,
      mailNickname: nickname,
      userType: 'Member',
      creationType: null,
      externalUserState: null,
      showInAddressList: null,
      deletedDateTime: null,
      identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }],
      ...toGraphPatch(attributes),
    };
    // The B2B UPN and nickname are Entra's, whatever the mapping says of them.
    props['userPrincipalName'] = upn;
    props['mailNickname'] = nickname;
    const created = ctx.target.addUser(props);
    ctx.job.links.set(sourceId, created.id);
    for (const [name, value] of Object.entries(attributes))
      modified.push({ displayName: name, oldValue: null, newValue: text(value) });
    return { action: 'create', exported: true, decision, targetId: created.id, modified };
  }
  ctx.job.links.set(sourceId, target.id);
  for (const [name, value] of Object.entries(values(ctx, user, false))) {
    if (name === 'userPrincipalName' || name === 'mailNickname') continue;
    const old = readPath(target.props, name) ?? null;
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    setPath(target.props, name, value);
    modified.push({ displayName: name, oldValue: text(old), newValue: text(value) });
  }
  if (modified.length > 0) ctx.target.touchUser(target);
  return {
    action: modified.length > 0 ? 'update' : 'other',
    exported: modified.length > 0,
    decision,
    targetId: target.id,
    modified,
  };
}
