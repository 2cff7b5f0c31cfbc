// What a SyncScope asks of Entra's configuration, as plain data: its name, the synchronization secrets and
// the assignments of the configuration's service principal. No I/O: the controller compares and writes.
import { createHash } from 'node:crypto';

/** The display name of the configuration a SyncScope owns in its source tenant (how a lost id is found again). */
export function configurationName(namespace: string, name: string, targetTenantId: string): string {
  return `crosstenant ${namespace}/${name} to ${targetTenantId}`;
}

/**
 * The synchronization secrets naming the target tenant and the scope mode, with Entra's accidental-deletion
 * prevention switched on. SyncNotificationSettings holds only the flags Entra's Graph guide shows: Graph
 * documents no key for the threshold's value, which stays what the admin center says (500 by default).
 */
export function desiredSecrets(targetTenantId: string, allUsers: boolean): { key: string; value: string }[] {
  return [
    { key: 'AuthenticationType', value: 'SyncPolicy' },
    { key: 'CompanyId', value: targetTenantId },
    {
      key: 'SyncNotificationSettings',
      value: JSON.stringify({
        Enabled: false,
        DeleteThresholdEnabled: true,
        HumanResourcesLookaheadQueryEnabled: false,
      }),
    },
    { key: 'SyncAll', value: allUsers ? 'true' : 'false' },
  ];
}

/** A digest of secrets, kept in status: Graph never returns them, and unchanged ones must not be written again. */
export function secretsVersion(secrets: readonly { key: string; value: string }[]): string {
  return createHash('sha256').update(JSON.stringify(secrets)).digest('hex').slice(0, 32);
}

/** The assignment changes that make the principals assigned exactly `wanted`. */
export function assignmentChanges(
  current: readonly { id: string; principalId: string }[],
  wanted: readonly string[],
): { add: string[]; remove: string[] } {
  const have = new Set(current.map((a) => a.principalId));
  const want = new Set(wanted);
  return {
    add: [...want].filter((p) => !have.has(p)),
    remove: current.filter((a) => !want.has(a.principalId)).map((a) => a.id),
  };
}
