import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  Conditions,
  DeletionPolicy,
  Mode,
  Obj,
  ObjectName,
  ObservedGeneration,
  StringEnum,
  Suspend,
  SUSPENDED_DELETION_TEXT,
  Timestamp,
  Uuid,
  cel,
} from './common.js';
import { defineKind } from './kind.js';
import type { CustomResource } from './kind.js';

const InboundTrustSchema = Obj(
  {
    mfa: Type.Optional(
      Type.Boolean({
        description: 'Accept multifactor authentication done in the source tenant (isMfaAccepted).',
      }),
    ),
    compliantDevice: Type.Optional(
      Type.Boolean({
        description: 'Accept compliant-device claims of the source tenant (isCompliantDeviceAccepted).',
      }),
    ),
    hybridJoinedDevice: Type.Optional(
      Type.Boolean({
        description:
          'Accept hybrid Microsoft Entra joined device claims of the source tenant ' +
          '(isHybridAzureADJoinedDeviceAccepted).',
      }),
    ),
  },
  {
    description:
      "Conditional Access claims of the source tenant the target trusts, in the target's partner " +
      'configuration. Only the flags given are written; the others stay as they are.',
  },
);

const PairSchema = Obj(
  {
    source: ObjectName('Name of the TenantLink of the tenant users are synchronized from.'),
    target: ObjectName('Name of the TenantLink of the tenant users are synchronized into.'),
    b2bCollaboration: Type.Optional(
      StringEnum(['Allowed', 'Blocked'], {
        description:
          'B2B collaboration for all users and applications of this pair: inbound in the target tenant (users ' +
          'of the source may come in) and outbound in the source tenant (its users may go to the target). ' +
          'Absent: left as it is.',
      }),
    ),
    automaticRedemption: Type.Optional(
      Type.Boolean({
        description:
          'Automatic redemption (automaticUserConsentSettings): inbound in the target, outbound in the ' +
          'source. Entra requires both for synchronized users to skip the consent prompt; without them they ' +
          'stay PendingAcceptance. Absent: left as it is.',
      }),
    ),
    inboundTrust: Type.Optional(InboundTrustSchema),
    allowUserSync: Type.Optional(
      Type.Boolean({
        description:
          "The target's identity synchronization policy for the source (userSyncInbound.isSyncAllowed): " +
          "whether Entra's own cross-tenant synchronization may write users into the target. It does not " +
          'affect this operator, which invites users itself. Absent: left as it is.',
      }),
    ),
  },
  {
    description:
      'One direction between two tenants: the partner configuration for the source in the target tenant, and ' +
      'for the target in the source tenant. Only the settings given are written.',
    ...cel({
      rule: 'self.source != self.target',
      message: 'source and target must be different TenantLinks',
    }),
  },
);

const MultiTenantOrganizationSchema = Obj(
  {
    displayName: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'Display name of the organization.',
    }),
    description: Type.Optional(
      Type.String({ maxLength: 1024, description: 'Description of the organization.' }),
    ),
    owner: ObjectName(
      'Name of the TenantLink of the tenant that creates the organization and adds the others (owner role).',
    ),
    members: Type.Array(ObjectName('Name of the TenantLink of a tenant that joins the organization.'), {
      minItems: 1,
      maxItems: 99,
      'x-kubernetes-list-type': 'set',
      description: 'The other tenants: each is added by the owner and then joins (member role).',
    }),
  },
  {
    description:
      'The multitenant organization (global cloud only): created in the owner tenant if it has none, the ' +
      'members added and their join requests sent. Joining completes asynchronously in Entra (up to hours).',
    ...cel({ rule: '!(self.owner in self.members)', message: 'the owner cannot also be a member' }),
  },
);

/** `TenantRelationship.spec`. */
export const TenantRelationshipSpecSchema = Obj(
  {
    pairs: Type.Array(PairSchema, {
      default: [],
      maxItems: 100,
      description:
        'Cross-tenant access settings per direction. For users synchronized both ways, list both directions.',
      ...cel({
        rule: 'self.all(p, self.exists_one(q, q.source == p.source && q.target == p.target))',
        message: 'each source and target direction may be listed once',
      }),
    }),
    multiTenantOrganization: Type.Optional(MultiTenantOrganizationSchema),
    suspend: Suspend(),
    mode: Mode(),
    deletionPolicy: DeletionPolicy(
      'What happens in the tenants when this resource is deleted. Orphan (default) leaves every setting in ' +
        'place; Delete removes the partner configurations of the listed pairs (and their identity ' +
        'synchronization policies) from both tenants of each pair first. The multitenant organization is ' +
        'always left in place.' +
        SUSPENDED_DELETION_TEXT,
    ),
  },
  {
    description: 'The declared relationship between tenants.',
    ...cel({
      rule: 'self.pairs.size() > 0 || has(self.multiTenantOrganization)',
      message: 'declare at least one pair or a multitenantOrganization',
    }),
  },
);

const PartnerStatusSchema = Obj(
  {
    tenantLinkRef: ObjectName('The TenantLink of the tenant holding this partner configuration.'),
    partnerTenantId: Uuid('Tenant id of the partner it configures.'),
    inSync: Type.Boolean({ description: 'Whether every declared setting matched at the last pass.' }),
  },
  { description: 'One partner configuration the resource manages.' },
);

const MemberStatusSchema = Obj(
  {
    tenantLinkRef: ObjectName('The TenantLink of the tenant.'),
    tenantId: Uuid('Its tenant id.'),
    role: Type.String({ maxLength: 32, description: 'owner or member.' }),
    state: Type.String({
      maxLength: 32,
      description: 'State reported by Graph: pending, active or removed.',
    }),
  },
  { description: 'One tenant of the multitenant organization.' },
);

/** `TenantRelationship.status`. */
export const TenantRelationshipStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    partners: Type.Optional(
      Type.Array(PartnerStatusSchema, { maxItems: 200, description: 'The partner configurations managed.' }),
    ),
    drift: Type.Optional(
      Type.Array(
        Type.String({ maxLength: 512, description: 'One setting, where it is and how it differed.' }),
        {
          maxItems: 100,
          description:
            'Declared settings that differed in the tenants at the last pass: corrected then, or in DryRun only ' +
            'reported.',
        },
      ),
    ),
    lastChangeTime: Type.Optional(Timestamp('When the operator last wrote a setting.')),
    multiTenantOrganization: Type.Optional(
      Obj(
        {
          state: Type.String({
            maxLength: 32,
            description: 'State in the owner tenant: active or inactive.',
          }),
          tenants: Type.Array(MemberStatusSchema, {
            maxItems: 100,
            description: 'Its tenants as the owner lists them.',
          }),
        },
        { description: 'The multitenant organization as the owner tenant reports it.' },
      ),
    ),
  },
  { description: 'What the tenants report.' },
);

/** The TenantRelationship kind. */
export const tenantRelationshipDefinition = defineKind({
  kind: 'TenantRelationship',
  plural: 'tenantrelationships',
  shortName: 'tr',
  description:
    'TenantRelationship declares how tenants of one organization trust each other: cross-tenant access ' +
    'partner settings in both tenants of each pair (B2B collaboration, automatic redemption, inbound trust, ' +
    "Entra's identity synchronization policy) and, optionally, the multitenant organization they form. Only " +
    'the settings it declares are written; others set by administrators stay.',
  specSchema: TenantRelationshipSpecSchema,
  statusSchema: TenantRelationshipStatusSchema,
  columns: [
    {
      name: 'MTO',
      type: 'string',
      jsonPath: '.status.multiTenantOrganization.state',
      description: 'State of the multitenant organization.',
    },
  ],
});

export type TenantRelationshipSpec = Static<typeof TenantRelationshipSpecSchema>;
export type TenantRelationshipStatus = Static<typeof TenantRelationshipStatusSchema>;
export type TenantRelationship = CustomResource<
  'TenantRelationship',
  TenantRelationshipSpec,
  TenantRelationshipStatus
>;
/** One declared direction. */
export type TenantPair = TenantRelationshipSpec['pairs'][number];
