// The AttributeMapping a SyncScope uses, from the shared cache (the controller watches them), compiled, or
// why it cannot be used.
import type { AttributeMapping, SyncScope } from '../../api/index.js';
import { compileMapping, type CompiledMapping } from '../../sync/mapping/compile.js';
import type { OperatorContext } from '../context.js';
import { cached } from '../shared/references.js';

/** The mapping as compiled, or the reason and message to stop with. */
export type LoadedMapping =
  | { ok: true; mapping: CompiledMapping; spec: AttributeMapping['spec'] }
  | { ok: false; reason: 'MappingSuspended' | 'ReferenceNotFound' | 'MappingInvalid'; message: string };

const DEFAULTS: AttributeMapping['spec'] = {
  includeDefaults: true,
  mappings: [],
  suspend: false,
  deletionPolicy: 'Orphan',
};

/** Reads and compiles the SyncScope's AttributeMapping (the default mappings when it names none). */
export function loadMapping(ctx: Pick<OperatorContext, 'informers'>, scope: SyncScope): LoadedMapping {
  const ref = scope.spec.attributeMappingRef;
  let spec = DEFAULTS;
  if (ref) {
    const found = cached(ctx, 'AttributeMapping').get(scope.metadata.namespace ?? '', ref);
    if (!found)
      return { ok: false, reason: 'ReferenceNotFound', message: `AttributeMapping ${ref} does not exist` };
    spec = found.spec;
    if (spec.suspend)
      return {
        ok: false,
        reason: 'MappingSuspended',
        message: `AttributeMapping ${ref} is suspended: no reads, no writes until it is resumed`,
      };
  }
  const compiled = compileMapping(spec, { userType: scope.spec.userType });
  if (!compiled.ok) {
    const e = compiled.errors[0];
    const where = e ? `: ${e.target} at line ${e.line}, column ${e.column}: ${e.message}` : '';
    return {
      ok: false,
      reason: 'MappingInvalid',
      message: `AttributeMapping ${ref ?? '(defaults)'} does not compile${where}`,
    };
  }
  return { ok: true, mapping: compiled.mapping, spec };
}
