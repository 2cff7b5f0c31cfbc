import type { GraphClient } from './client.js';
import type { GraphPage } from './types.js';

/** A directory extension definition registered in a tenant. */
export interface ExtensionPropertyInfo {
  /** `extension_<appId without dashes>_<name>`. */
  name: string;
  /** The kinds of directory object it applies to (`User`, `Group`, ...). */
  targetObjects: string[];
}

interface RawExtensionProperty {
  name?: string;
  targetObjects?: string[] | null;
}

/**
 * Every directory extension definition registered in the tenant, including through multitenant apps
 * (`POST /directoryObjects/getAvailableExtensionProperties`, Directory.Read.All). The action only reads, so it
 * is safe to send again after a 5xx. Graph documents a known issue: in a tenant with more than 1,000 service
 * principals the answer is empty.
 */
export async function availableExtensionProperties(client: GraphClient): Promise<ExtensionPropertyInfo[]> {
  const { body } = await client.send<GraphPage<RawExtensionProperty>>(
    'POST',
    '/directoryObjects/getAvailableExtensionProperties',
    {},
    { retryPostOnServerError: true },
  );
  return (body.value ?? []).flatMap((p) =>
    typeof p.name === 'string' ? [{ name: p.name, targetObjects: p.targetObjects ?? [] }] : [],
  );
}
