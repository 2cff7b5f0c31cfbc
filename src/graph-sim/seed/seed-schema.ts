import { Type, type Static } from '@sinclair/typebox';

const ExtensionPropertySeed = Type.Object({
  name: Type.String({ description: 'Short name; stored as extension_<appIdNoDashes>_<name>' }),
  dataType: Type.Optional(Type.String()),
  targetObjects: Type.Optional(Type.Array(Type.String())),
});

const AppSeed = Type.Object({
  appId: Type.String(),
  displayName: Type.String(),
  secret: Type.Optional(Type.String()),
  certificates: Type.Optional(Type.Array(Type.String({ description: 'PEM certificate' }))),
  roles: Type.Array(Type.String()),
  extensionProperties: Type.Optional(Type.Array(ExtensionPropertySeed)),
});

/** A seeded user: Graph user properties, plus `manager` (UPN or id) resolved after all users exist. */
const UserSeed = Type.Intersect([
  Type.Object({
    id: Type.Optional(Type.String()),
    userPrincipalName: Type.String(),
    displayName: Type.String(),
    manager: Type.Optional(Type.String()),
  }),
  Type.Record(Type.String(), Type.Unknown()),
]);

const GroupSeed = Type.Object({
  id: Type.Optional(Type.String()),
  displayName: Type.String(),
  description: Type.Optional(Type.String()),
  mailNickname: Type.Optional(Type.String()),
  securityEnabled: Type.Optional(Type.Boolean()),
  mailEnabled: Type.Optional(Type.Boolean()),
  /** UPNs of users or display names of groups. */
  members: Type.Optional(Type.Array(Type.String())),
});

const GenerateSeed = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  /** Display name of a group that every generated user joins. */
  group: Type.Optional(Type.String()),
});

const TenantSeed = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  domains: Type.Array(Type.String(), { minItems: 1 }),
  defaultDomain: Type.Optional(Type.String()),
  initialDomain: Type.Optional(Type.String()),
  apps: Type.Optional(Type.Array(AppSeed)),
  users: Type.Optional(Type.Array(UserSeed)),
  groups: Type.Optional(Type.Array(GroupSeed)),
  generate: Type.Optional(GenerateSeed),
  realism: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** Sections read by feature modules (e.g. governance), keyed by module name. */
  modules: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const SeedDocumentSchema = Type.Object({ tenants: Type.Array(TenantSeed) });

/** A seed file: tenants with their apps, users and groups. */
export type SeedDocument = Static<typeof SeedDocumentSchema>;
/** One tenant of a seed. */
export type TenantSeed = Static<typeof TenantSeed>;
/** One app registration of a seed tenant. */
export type AppSeed = Static<typeof AppSeed>;
/** One user of a seed tenant. */
export type UserSeed = Static<typeof UserSeed>;
/** One group of a seed tenant. */
export type GroupSeed = Static<typeof GroupSeed>;
