import type { GroupRefusalReason } from '../../api/group-sync.js';

/** Why a source group named by groupSync is not provisioned. */
export interface GroupRefusal {
  sourceGroupId: string;
  reason: GroupRefusalReason;
  message: string;
}

/**
 * Whether a source group may be provisioned: only security groups that are not mail-enabled and not Microsoft
 * 365 groups. Entra creates static security groups only, and refuses mail-enabled security groups; Microsoft
 * 365 groups, which Entra accepts as a source, are refused here too, because their members would land in a
 * group of another kind and their mail-related properties have no counterpart (docs/sync-vs-entra.md).
 * Dynamic membership is accepted: its members are read as they are now, as Entra does.
 */
export function groupRefusal(
  sourceGroupId: string,
  attributes: Readonly<Record<string, unknown>> | undefined,
): GroupRefusal | null {
  const refuse = (reason: GroupRefusalReason, message: string): GroupRefusal => ({
    sourceGroupId,
    reason,
    message,
  });
  if (!attributes)
    return refuse(
      'GroupNotFound',
      'no group with this object id in the source tenant: check groupSync and scope.groups',
    );
  const types = Array.isArray(attributes['groupTypes']) ? (attributes['groupTypes'] as unknown[]) : [];
  if (types.includes('Unified'))
    return refuse('MicrosoftGroup', 'a Microsoft 365 group: only security groups are synchronized');
  if (attributes['mailEnabled'] === true)
    return refuse(
      'MailEnabledGroup',
      'a mail-enabled group: only security groups that are not mail-enabled are synchronized, as in Entra',
    );
  if (attributes['securityEnabled'] !== true)
    return refuse('NotSecurityGroup', 'not a security group (securityEnabled is false)');
  return null;
}
