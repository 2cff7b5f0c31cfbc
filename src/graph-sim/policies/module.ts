// The tenant relationship area of the simulator: cross-tenant access settings, the authorization policy and
// the multitenant organization; invitations consult it (directory/invitations.ts).
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { SimModule } from '../module.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';
import { crossTenantAccessRoutes } from './cross-tenant-access.js';
import { authorizationPolicyRoutes } from './invitation-rules.js';
import { multiTenantOrganizationRoutes, settleJoins } from './multi-tenant-organization.js';
import { emptyPartner, policyState, SETTINGS } from './state.js';

const Settings = Type.Record(Type.String(), Type.Unknown());

/** The seed section `modules.tenantRelationships` of a tenant. */
export const PolicySeed = Type.Object({
  allowInvitesFrom: Type.Optional(
    Type.Union(
      ['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone'].map((v) =>
        Type.Literal(v),
      ),
    ),
  ),
  /** Properties of the default configuration to change from Entra's service default. */
  default: Type.Optional(Settings),
  /** Partner configurations: `tenantId`, settings, and an optional identity synchronization policy. */
  partners: Type.Optional(
    Type.Array(
      Type.Intersect([
        Type.Object({ tenantId: Type.String(), identitySynchronization: Type.Optional(Settings) }),
        Settings,
      ]),
    ),
  ),
});

/** A tenant's seed section of this module. */
export type PolicySeed = Static<typeof PolicySeed>;

function applyPolicySeed(tenant: TenantState, section: unknown): void {
  if (!Value.Check(PolicySeed, section)) {
    const first = [...Value.Errors(PolicySeed, section)][0];
    throw new Error(
      `invalid tenantRelationships seed of ${tenant.info.id}: ${first?.path} ${first?.message}`,
    );
  }
  const state = policyState(tenant);
  if (section.allowInvitesFrom) state.authorization['allowInvitesFrom'] = section.allowInvitesFrom;
  if (section.default) {
    Object.assign(state.defaults, structuredClone(section.default));
    state.defaults['isServiceDefault'] = false;
  }
  for (const { tenantId, identitySynchronization, ...settings } of section.partners ?? []) {
    const key = tenantId.toLowerCase();
    const partner = state.partners.get(key) ?? emptyPartner(tenantId);
    for (const name of SETTINGS) if (name in settings) partner[name] = structuredClone(settings[name]);
    state.partners.set(key, partner);
    if (identitySynchronization) {
      const policy: Props = {
        tenantId,
        displayName: null,
        userSyncInbound: null,
        ...identitySynchronization,
      };
      state.identitySync.set(key, policy);
    }
  }
}

/** Cross-tenant access settings, the authorization policy and the multitenant organization. */
export const tenantRelationshipsModule: SimModule = {
  name: 'tenantRelationships',
  graphRoutes(router) {
    crossTenantAccessRoutes(router);
    authorizationPolicyRoutes(router);
    multiTenantOrganizationRoutes(router);
  },
  applySeed: applyPolicySeed,
  onClockAdvance: settleJoins,
};
