import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { isSeedableUserProperty } from '../directory/user-schema.js';
import { appCertificateFromPem } from '../identity/client-auth.js';
import type { SimModule } from '../module.js';
import { mergeRealism } from '../realism/realism.js';
import type { SimStore } from '../store/store.js';
import type { TenantState } from '../store/tenant.js';
import type { AppRegistration, Props } from '../store/types.js';
import { generateUsers } from './generate.js';
import {
  SeedDocumentSchema,
  type AppSeed,
  type GroupSeed,
  type SeedDocument,
  type TenantSeed,
  type UserSeed,
} from './seed-schema.js';
import { stableId } from './stable-id.js';

/** Parses and validates a seed given as YAML text or as an object. */
export function parseSeed(input: string | unknown): SeedDocument {
  const doc: unknown = typeof input === 'string' ? parseYaml(input) : input;
  if (!Value.Check(SeedDocumentSchema, doc)) {
    const first = Value.Errors(SeedDocumentSchema, doc).First();
    throw new TypeError(
      `invalid seed at ${first?.path ?? '/'}: ${first?.message ?? 'does not match the schema'}`,
    );
  }
  return doc;
}

/** Registers (or replaces) an app registration in a tenant. */
export function seedApp(tenant: TenantState, seed: AppSeed): AppRegistration {
  const appId = seed.appId.toLowerCase();
  const compact = appId.replace(/-/g, '');
  const app: AppRegistration = {
    objectId: stableId(tenant.info.id, 'application', appId),
    appId,
    displayName: seed.displayName,
    secrets: seed.secret === undefined ? [] : [seed.secret],
    certificates: (seed.certificates ?? []).map(appCertificateFromPem),
    roles: new Set(seed.roles),
    extensionProperties: (seed.extensionProperties ?? []).map((p) => ({
      id: stableId(tenant.info.id, 'extensionProperty', appId, p.name),
      name: `extension_${compact}_${p.name}`,
      dataType: p.dataType ?? 'String',
      targetObjects: p.targetObjects ?? ['User'],
    })),
  };
  tenant.apps.set(appId, app);
  return app;
}

/** Adds users (managers resolved by UPN or id once all exist); an unknown property is an error. */
export function seedUsers(tenant: TenantState, users: readonly UserSeed[]): void {
  const managers: Array<[string, string]> = [];
  for (const seed of users) {
    const { id, manager, ...rest } = seed;
    const props: Props = {
      accountEnabled: true,
      userType: 'Member',
      creationType: null,
      externalUserState: null,
      deletedDateTime: null,
    };
    for (const [name, value] of Object.entries(rest)) {
      if (!isSeedableUserProperty(tenant, name))
        throw new TypeError(`seed user ${seed.userPrincipalName}: unknown property '${name}'`);
      props[name] = value;
    }
    props['mailNickname'] ??= seed.userPrincipalName.split('@')[0];
    const user = tenant.addUser(props, id ?? stableId(tenant.info.id, 'user', seed.userPrincipalName));
    if (manager !== undefined) managers.push([user.id, manager]);
  }
  for (const [userId, ref] of managers) {
    const user = tenant.users.get(userId);
    const manager = tenant.findUser(ref);
    if (!user || !manager) throw new TypeError(`seed: manager '${ref}' not found`);
    user.managerId = manager.id;
    tenant.touchUser(user);
  }
}

function seedGroups(tenant: TenantState, groups: readonly GroupSeed[]): void {
  const byName = new Map<string, string>();
  for (const seed of groups) {
    const group = tenant.addGroup(
      {
        displayName: seed.displayName,
        description: seed.description ?? null,
        mailNickname: seed.mailNickname ?? seed.displayName.replace(/[^A-Za-z0-9]/g, '').toLowerCase(),
        mailEnabled: seed.mailEnabled ?? false,
        securityEnabled: seed.securityEnabled ?? true,
        groupTypes: [],
      },
      seed.id ?? stableId(tenant.info.id, 'group', seed.displayName),
    );
    byName.set(seed.displayName.toLowerCase(), group.id);
  }
  for (const seed of groups) {
    const groupId = byName.get(seed.displayName.toLowerCase()) as string;
    for (const ref of seed.members ?? []) {
      const memberId = tenant.findUser(ref)?.id ?? byName.get(ref.toLowerCase());
      if (memberId === undefined)
        throw new TypeError(`seed group ${seed.displayName}: member '${ref}' not found`);
      tenant.addMember(groupId, memberId);
    }
  }
}

function seedTenant(store: SimStore, seed: TenantSeed, modules: readonly SimModule[]): TenantState {
  const domains = seed.domains.map((d) => d.toLowerCase());
  const first = domains[0] as string;
  const tenant = store.addTenant({
    id: seed.id.toLowerCase(),
    displayName: seed.displayName,
    domains,
    defaultDomain: seed.defaultDomain?.toLowerCase() ?? first,
    initialDomain: seed.initialDomain?.toLowerCase() ?? `${first.split('.')[0]}.onmicrosoft.com`,
  });
  if (seed.realism) tenant.realism = mergeRealism(tenant.realism, seed.realism);
  for (const app of seed.apps ?? []) seedApp(tenant, app);
  seedUsers(tenant, seed.users ?? []);
  seedGroups(tenant, seed.groups ?? []);
  if (seed.generate) {
    const users = generateUsers(seed.generate.count, tenant.info.defaultDomain);
    seedUsers(tenant, users);
    const group =
      seed.generate.group === undefined
        ? undefined
        : [...tenant.groups.values()].find((g) => g.props['displayName'] === seed.generate?.group);
    if (group)
      for (const u of users) tenant.addMember(group.id, tenant.findUser(u.userPrincipalName)?.id as string);
  }
  for (const module of modules) {
    const section = seed.modules?.[module.name];
    if (section !== undefined && module.applySeed) module.applySeed(tenant, section);
  }
  return tenant;
}

/** Loads a seed into the store: tenants are added (or extended when their id exists). */
export function applySeed(
  store: SimStore,
  doc: SeedDocument,
  modules: readonly SimModule[] = [],
): TenantState[] {
  return doc.tenants.map((t) => seedTenant(store, t, modules));
}
