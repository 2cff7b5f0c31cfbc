// What the resources using TenantLinks need from them, read from the shared cache.
import { applyDefaults } from '../../api/index.js';
import type { OperatorContext } from '../context.js';
import { KINDS_USING_LINKS } from '../shared/kinds-using-links.js';
import type { LinkUse } from '../shared/permissions.js';
import { withMappings } from '../shared/permissions.js';
import { cached } from '../shared/references.js';
import { specOf } from '../shared/watches.js';

/**
 * The resources in `namespace` that use TenantLinks, from the cache whose watch requeued the link, so a
 * just-created one counts; SyncScopes with what their AttributeMapping reads and writes (some attributes
 * need permissions of their own).
 */
export function listUses(ctx: Pick<OperatorContext, 'informers'>, namespace: string): LinkUse[] {
  const uses = KINDS_USING_LINKS.flatMap(({ kind }) =>
    cached(ctx, kind)
      .list(namespace)
      .map((item) => ({ kind, name: item.metadata.name ?? '', spec: specOf(item) }) as LinkUse),
  );
  if (!uses.some((use) => use.kind === 'SyncScope')) return uses;
  const mappings = cached(ctx, 'AttributeMapping').list(namespace);
  return withMappings(
    uses,
    new Map(mappings.map((m) => [m.metadata.name ?? '', applyDefaults('AttributeMapping', m.spec)])),
  );
}
