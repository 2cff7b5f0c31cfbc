// The AttributeMapping controller: compiles the mappings when they are applied and reports each error with
// its line and column, so a SyncScope never meets a faulty mapping at sync time.
import type { AttributeMapping, AttributeMappingStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import type { Controller } from '../../kube/controller.js';
import { compileAttributeMapping } from '../../sync/groups/mapping.js';
import type { CompileError } from '../../sync/mapping/compile.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import type { Pass, ReconciledKind } from '../shared/reconcile.js';
import { createKindController } from '../shared/controller.js';

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

/** What compiling an AttributeMapping's mappings reports: Ready, or ExpressionInvalid with line and column. */
export function compiledReport(mapping: AttributeMapping): Pass<'AttributeMapping', AttributeMappingStatus> {
  const compiled = compileAttributeMapping(mapping.spec);
  if (compiled.ok) {
    const count = compiled.mapping.attributes.length;
    return {
      readiness: { state: 'ready', reason: 'Compiled', message: `${count} mappings compile` },
      fields: () => ({ effectiveMappings: count + (compiled.mapping.manager ? 1 : 0), errors: [] }),
      requeueAfterMs: 0,
    };
  }
  return {
    readiness: {
      state: 'stalled',
      reason: 'ExpressionInvalid',
      message: invalidMappingsMessage(compiled.errors),
    },
    fields: () => ({
      errors: compiled.errors.slice(0, MAX_ERRORS).map((e) => ({
        target: e.target,
        message: e.message.slice(0, 1024),
        line: e.line,
        column: e.column,
      })),
    }),
    requeueAfterMs: 0,
  };
}

/** The AttributeMapping as the shared reconcile runs it: compiled when applied, never on a timer. */
const attributeMappingKind: ReconciledKind<'AttributeMapping', AttributeMappingStatus, AttributeMapping> = {
  resource: RESOURCES.AttributeMapping,
  act: (mapping) => Promise.resolve(compiledReport(mapping)),
  suspended: () => ({
    readiness: {
      state: 'notReady',
      reason: 'Suspended',
      message: 'spec.suspend is true: the SyncScopes using this mapping pause (MappingSuspended)',
    },
    fields: () => ({}),
  }),
};

/** The AttributeMapping controller: compiles the mappings when they are applied and reports errors with line and column. */
export function createAttributeMappingController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<AttributeMapping> {
  return createKindController(ctx, settings, 'attributemapping', attributeMappingKind);
}
