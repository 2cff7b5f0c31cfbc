import type { AttributeMapping, AttributeMappingStatus } from '../api/index.js';
import { GROUP, VERSION } from '../api/index.js';
import type { ResourceKind } from '../kube/client.js';
import { splitKey } from '../kube/client.js';
import { setReadiness } from '../kube/conditions.js';
import type { Controller } from '../kube/controller.js';
import { createController } from '../kube/controller.js';
import { updateStatus } from '../kube/status.js';
import { loggerFor } from '../observability/logger.js';
import { compileAttributeMapping } from '../sync/groups/mapping.js';
import type { CompileError } from '../sync/mapping/compile.js';
import type { ControllerSettings, OperatorContext } from './context.js';
import { informerNamespace, isWatched } from './context.js';

/** The AttributeMapping kind as the API addresses it. */
export const ATTRIBUTE_MAPPING_KIND: ResourceKind = {
  group: GROUP,
  version: VERSION,
  plural: 'attributemappings',
};

const MAX_ERRORS = 200;
const ERRORS_IN_MESSAGE = 5;

/** "N invalid mappings: ..." counting mappings (targets), not errors, with the first errors and their positions. */
export function invalidMappingsMessage(errors: readonly CompileError[]): string {
  const targets = new Set(errors.map((e) => e.target)).size;
  const shown = errors
    .slice(0, ERRORS_IN_MESSAGE)
    .map((e) => `${e.target} at line ${e.line}, column ${e.column}: ${e.message}`);
  const more =
    errors.length > ERRORS_IN_MESSAGE ? `; and ${errors.length - ERRORS_IN_MESSAGE} more errors` : '';
  return `${targets} invalid mapping${targets === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

/** The status an AttributeMapping gets from compiling its mappings: Ready, or ExpressionInvalid with line and column. */
export function attributeMappingStatus(
  mapping: AttributeMapping,
  current: AttributeMappingStatus | undefined,
  now: Date,
): AttributeMappingStatus {
  const generation = mapping.metadata.generation;
  if (mapping.spec.suspend) {
    return {
      observedGeneration: generation,
      conditions: setReadiness(
        current?.conditions,
        {
          state: 'notReady',
          reason: 'Suspended',
          message: 'spec.suspend is true: the SyncScopes using this mapping pause (MappingSuspended)',
        },
        generation,
        now,
      ),
    };
  }
  const compiled = compileAttributeMapping(mapping.spec);
  if (compiled.ok) {
    return {
      observedGeneration: generation,
      conditions: setReadiness(
        current?.conditions,
        {
          state: 'ready',
          reason: 'Compiled',
          message: `${compiled.mapping.attributes.length} mappings compile`,
        },
        generation,
        now,
      ),
      effectiveMappings: compiled.mapping.attributes.length + (compiled.mapping.manager ? 1 : 0),
      errors: [],
    };
  }
  return {
    observedGeneration: generation,
    conditions: setReadiness(
      current?.conditions,
      {
        state: 'stalled',
        reason: 'ExpressionInvalid',
        message: invalidMappingsMessage(compiled.errors),
      },
      generation,
      now,
    ),
    errors: compiled.errors.slice(0, MAX_ERRORS).map((e) => ({
      target: e.target,
      message: e.message.slice(0, 1024),
      line: e.line,
      column: e.column,
    })),
  };
}

/** The AttributeMapping controller: compiles the mappings when they are applied and reports errors with line and column. */
export function createAttributeMappingController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<AttributeMapping> {
  return createController<AttributeMapping>({
    name: 'attributemapping',
    kind: ATTRIBUTE_MAPPING_KIND,
    clients: ctx.clients,
    cache: ctx.informers,
    namespace: informerNamespace(ctx),
    logger: loggerFor({ controller: 'attributemapping' }, ctx.logger),
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    reconcile: async (key, mapping) => {
      const { namespace = '', name } = splitKey(key);
      if (!mapping || !isWatched(ctx, namespace) || mapping.metadata.deletionTimestamp) return;
      const now = ctx.now();
      await updateStatus<AttributeMapping, AttributeMappingStatus>(
        ctx.clients,
        { kind: ATTRIBUTE_MAPPING_KIND, namespace, name },
        (current) => attributeMappingStatus(current, current.status, now),
      );
    },
  });
}
