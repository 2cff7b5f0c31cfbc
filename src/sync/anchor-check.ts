// Before a SyncScope invites anyone: a directory extension named as its anchor must exist in the target and
// apply to users, or every create would leave an invited user whose anchor PATCH Graph refuses.
import {
  availableExtensionProperties,
  type ExtensionPropertyInfo,
  type GraphClient,
} from '../graph/index.js';

const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_\w+$/i;

/** Whether an anchor attribute names a directory extension (`extension_<appId>_<name>`). */
export function isDirectoryExtension(attribute: string): boolean {
  return DIRECTORY_EXTENSION.test(attribute);
}

/** Why the anchor cannot be used: the reason and a message for the SyncScope's Ready condition. */
export interface AnchorProblem {
  reason: 'AnchorAttributeMissing';
  message: string;
}

/** What is wrong with `anchor` given the target's extension definitions, or undefined when it can be written. */
export function anchorProblem(
  anchor: string,
  available: readonly ExtensionPropertyInfo[],
): AnchorProblem | undefined {
  const found = available.find((p) => p.name === anchor);
  if (found?.targetObjects.includes('User')) return undefined;
  const reason = 'AnchorAttributeMissing';
  if (found) {
    const applies = found.targetObjects.join(', ') || 'no object type';
    const message = `the anchor attribute ${anchor} is a directory extension of the target tenant for ${applies}, not for users: register one with targetObjects User, or choose another anchorAttribute`;
    return { reason, message };
  }
  // Graph's page documents an empty answer for tenants with more than 1,000 service principals.
  const empty =
    available.length === 0
      ? ' (the target listed no directory extensions at all, which Graph also answers in tenants with more than 1,000 service principals; an onPremisesExtensionAttributes.extensionAttributeN anchor needs no registration)'
      : '';
  const message = `the anchor attribute ${anchor} is not a directory extension registered in the target tenant${empty}: register it on an application in the target (targetObjects User), or choose another anchorAttribute`;
  return { reason, message };
}

/** Reads the target's extension definitions when the anchor is a directory extension, and says what is wrong. */
export async function checkAnchorAttribute(
  target: GraphClient,
  anchor: string,
): Promise<AnchorProblem | undefined> {
  if (!isDirectoryExtension(anchor)) return undefined;
  return anchorProblem(anchor, await availableExtensionProperties(target));
}
