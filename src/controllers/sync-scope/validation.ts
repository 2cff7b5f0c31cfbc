import type { SyncScope } from '../../api/index.js';
import { validateScope } from '../../sync/scope.js';

/**
 * Why the scoping rules of a SyncScope cannot run (an invalid or unsupported regex, a missing value),
 * or null. Checked before any cycle, so the error is reported where it is, not as a failed cycle.
 */
export function scopeProblem(spec: SyncScope['spec']): { reason: 'ScopeInvalid'; message: string } | null {
  const errors = validateScope(spec.scope);
  if (errors.length === 0) return null;
  return { reason: 'ScopeInvalid', message: `spec.scope.${errors.join('; spec.scope.')}` };
}
