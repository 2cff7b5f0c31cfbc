import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  Conditions,
  DeletionPolicy,
  Duration,
  Obj,
  ObservedGeneration,
  SecretKeyRef,
  StringEnum,
  Suspend,
  Timestamp,
  Uuid,
  cel,
  immutable,
} from './common.js';
import { defineKind } from './kind.js';
import type { CustomResource } from './kind.js';

function HttpsUrl(description: string) {
  return Type.String({ maxLength: 2048, pattern: '^https://[^\\s/?#]+(/[^\\s?#]*)?$', description });
}

function PermissionList(description: string) {
  return Type.Optional(
    Type.Array(
      Type.String({ maxLength: 256, description: 'An application permission, e.g. User.ReadWrite.All.' }),
      {
        maxItems: 256,
        description,
      },
    ),
  );
}

/** `TenantLink.spec`. */
export const TenantLinkSpecSchema = Obj(
  {
    tenantId: Uuid(
      'Directory (tenant) id of the Microsoft Entra tenant this link reaches. Cannot be changed.',
      {
        ...immutable('tenantId', 'create a new TenantLink for another tenant'),
      },
    ),
    cloud: StringEnum(['Public', 'USGovernment', 'China'], {
      default: 'Public',
      description:
        'Microsoft cloud hosting the tenant; selects the sign-in authority and the Graph endpoint. Ignored ' +
        'when endpoints is set. China (operated by 21Vianet) is refused: Entra does not offer cross-tenant ' +
        'synchronization there.',
      ...cel({
        rule: "self != 'China'",
        message:
          'cross-tenant synchronization is not available in Microsoft Azure operated by 21Vianet (cloud China)',
      }),
    }),
    endpoints: Type.Optional(
      Obj(
        {
          authorityHost: HttpsUrl(
            'Microsoft identity platform authority host, e.g. https://login.microsoftonline.com. Tokens are ' +
              'requested from {authorityHost}/{tenantId}/oauth2/v2.0/token.',
          ),
          graph: HttpsUrl('Microsoft Graph base URL without the version, e.g. https://graph.microsoft.com.'),
        },
        {
          description:
            'Explicit endpoints that override cloud: for national clouds not listed there and for the Graph ' +
            'simulator. Both must be https URLs.',
        },
      ),
    ),
    credentials: Obj(
      {
        clientId: Uuid('Application (client) id of the app registration the operator signs in as.'),
        clientSecretRef: Type.Optional(
          SecretKeyRef('Secret key holding a client secret of the app registration.'),
        ),
        certificateRef: Type.Optional(
          SecretKeyRef(
            'Secret key holding a PEM bundle with the client certificate and its private key. Preferred over ' +
              'a client secret.',
          ),
        ),
        workloadIdentity: Type.Optional(
          Type.Boolean({
            description:
              'Sign in with a federated token from the pod service account (Azure Workload Identity): no ' +
              'secret is stored in the cluster.',
          }),
        ),
      },
      {
        description:
          'How the operator signs in to the tenant: clientId plus exactly one of clientSecretRef, ' +
          'certificateRef or workloadIdentity: true. Changes to a referenced Secret are picked up without ' +
          'a restart.',
        ...cel({
          rule:
            '(has(self.clientSecretRef) ? 1 : 0) + (has(self.certificateRef) ? 1 : 0) + ' +
            '(has(self.workloadIdentity) && self.workloadIdentity ? 1 : 0) == 1',
          message: 'set exactly one of clientSecretRef, certificateRef or workloadIdentity: true',
        }),
      },
    ),
    graphLimits: Type.Optional(
      Obj(
        {
          writesPer150s: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 1_000_000,
              description: "Writes per 150 s the operator allows itself (Graph's limit: 3,000).",
            }),
          ),
          resourceUnitsPer10s: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 1_000_000,
              description:
                'Resource units per 10 s the operator allows itself (Graph: 3,500 below 50 users, 5,000 up ' +
                'to 500, 8,000 above; the default is 3,500).',
            }),
          ),
        },
        {
          description:
            'The per-app, per-tenant quotas the operator paces its Graph calls by, so it waits instead of ' +
            'being throttled. Raise them only to what Graph grants the tenant (or the simulator is set to).',
        },
      ),
    ),
    requestTimeout: Duration(
      'How long one Graph request (headers and body) may take before it fails and is retried as a ' +
        'transient error, e.g. 30s. A tenant that holds requests open then delays only its own SyncScopes, ' +
        'by at most this much per attempt. Default 30s.',
      {
        default: '30s',
        ...cel({
          rule: "duration(self) >= duration('1s') && duration(self) <= duration('10m')",
          message: 'requestTimeout must be between 1s and 10m',
        }),
      },
    ),
    suspend: Suspend(),
    deletionPolicy: DeletionPolicy(
      'Present on every crosstenant.io kind for uniformity. A TenantLink only reads its tenant, so deleting ' +
        'it leaves the tenant unchanged under either value (Orphan, the default, or Delete).',
    ),
  },
  {
    description: 'Which tenant to reach and how to sign in to it.',
  },
);

/** `TenantLink.status`. */
export const TenantLinkStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    tenantDisplayName: Type.Optional(
      Type.String({ maxLength: 256, description: 'Display name of the tenant, from /organization.' }),
    ),
    defaultDomain: Type.Optional(
      Type.String({
        maxLength: 256,
        description: 'Default verified domain of the tenant, from /organization.',
      }),
    ),
    grantedPermissions: PermissionList(
      'Application permissions the access token actually carries (its roles claim).',
    ),
    requiredPermissions: PermissionList(
      'Application permissions that the resources using this TenantLink need.',
    ),
    missingPermissions: PermissionList(
      'Required permissions not granted; when any are missing, the PermissionsMissing condition is True. ' +
        'Grant them with admin consent in the tenant.',
    ),
    lastCheckedTime: Type.Optional(Timestamp('When the operator last signed in and read the tenant.')),
  },
  { description: 'What the operator last observed about the tenant and its credentials.' },
);

/** The TenantLink kind. */
export const tenantLinkDefinition = defineKind({
  kind: 'TenantLink',
  plural: 'tenantlinks',
  shortName: 'tl',
  description:
    'TenantLink is one Microsoft Entra tenant reached through Microsoft Graph: its tenant id, cloud and the ' +
    'credentials of the app registration the operator signs in as. SyncScopes and governance resources refer ' +
    'to it by name. Its status shows whether sign-in works and which application permissions are missing.',
  specSchema: TenantLinkSpecSchema,
  statusSchema: TenantLinkStatusSchema,
  columns: [
    { name: 'Tenant', type: 'string', jsonPath: '.spec.tenantId', description: 'Tenant id.' },
    {
      name: 'Display Name',
      type: 'string',
      jsonPath: '.status.tenantDisplayName',
      description: 'Tenant display name.',
    },
    {
      name: 'Domain',
      type: 'string',
      jsonPath: '.status.defaultDomain',
      description: 'Default domain.',
      priority: 1,
    },
    {
      name: 'Missing',
      type: 'string',
      jsonPath: '.status.missingPermissions',
      description: 'Permissions still to be granted.',
      priority: 1,
    },
  ],
});

export type TenantLinkSpec = Static<typeof TenantLinkSpecSchema>;
export type TenantLinkStatus = Static<typeof TenantLinkStatusSchema>;
export type TenantLink = CustomResource<'TenantLink', TenantLinkSpec, TenantLinkStatus>;
