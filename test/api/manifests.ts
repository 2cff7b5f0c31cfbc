// Minimal valid specs of every kind, shared by the unit tests of src/api and the CRD validation tests.
import type { KindName } from '../../src/api/index.js';

export const TENANT_ID = '2f6a0c3e-5b7d-4e8f-9a1b-3c4d5e6f7a8b';
export const CLIENT_ID = '7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a';
export const GROUP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A valid spec of each kind with only the required fields; every other field is defaulted. */
export const minimalSpecs: Record<KindName, Record<string, unknown>> = {
  TenantLink: {
    tenantId: TENANT_ID,
    credentials: { clientId: CLIENT_ID, clientSecretRef: { name: 'emea-app', key: 'client-secret' } },
  },
  SyncScope: {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [GROUP_ID] },
  },
  AttributeMapping: {},
  AccessPackagePolicy: {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'Cross-tenant' },
    accessPackage: { displayName: 'Sales tools' },
    policies: [{ name: 'sales', automatic: { rule: '(user.department -eq "Sales")' } }],
  },
  ReviewSchedule: {
    tenantLinkRef: 'contoso',
    scope: { group: GROUP_ID },
    recurrence: { startDate: '2026-01-05' },
  },
  LifecycleWorkflow: {
    tenantLinkRef: 'contoso',
    category: 'leaver',
    trigger: { attribute: 'employeeLeaveDateTime' },
    scope: { rule: "(userType eq 'Member')" },
    tasks: [{ kind: 'DisableAccount' }],
  },
};

/** The SyncScope defaults, written out by hand from DESIGN.md and Entra's documented defaults. */
export const SYNC_SCOPE_DEFAULTS = {
  scope: { membership: 'Direct' },
  userType: 'Member',
  adoptExisting: false,
  anchorAttribute: 'onPremisesExtensionAttributes.extensionAttribute15',
  deprovision: { onOutOfScope: 'SoftDelete', onSourceDeleted: 'SoftDelete', onSourceDisabled: 'Disable' },
  safety: { deletionThreshold: 500 },
  interval: '10s',
  fullResyncInterval: '24h',
  mode: 'Enforce',
  suspend: false,
  deletionPolicy: 'Orphan',
};

/** A resource of `kind` in `namespace` with the given spec. */
export function manifest(
  kind: KindName,
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
): Record<string, unknown> {
  return { apiVersion: 'crosstenant.io/v1alpha1', kind, metadata: { name, namespace }, spec };
}

/** The minimal spec of `kind` with the top-level fields of `changes` replaced (a field set to undefined is removed). */
export function withSpec(kind: KindName, changes: Record<string, unknown>): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...minimalSpecs[kind], ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete spec[key];
  return spec;
}
