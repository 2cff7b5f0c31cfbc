// Evolvable enums: Graph answers a member added after `unknownFutureValue` (here `mover` of
// lifecycleWorkflowCategory and lifecycleTaskCategory) as `unknownFutureValue` unless the request carries
// `Prefer: include-unknown-enum-members` (https://learn.microsoft.com/graph/best-practices-concept#handling-future-members-in-evolvable-enumerations).
import type { GraphCall } from '../../module.js';
import type { Props } from '../../store/types.js';

const EVOLVED = new Set(['mover']);

function includesUnknownMembers(call: Pick<GraphCall, 'headers'>): boolean {
  return /(^|[,;\s])include-unknown-enum-members($|[,;\s])/i.test(call.headers['prefer'] ?? '');
}

/** A category (possibly a comma-separated flags value) as this request may see it. */
function categoryFor(call: Pick<GraphCall, 'headers'>, value: unknown): unknown {
  if (typeof value !== 'string' || includesUnknownMembers(call)) return value;
  const members = value.split(',').map((m) => (EVOLVED.has(m.trim()) ? 'unknownFutureValue' : m.trim()));
  return [...new Set(members)].join(',');
}

/** A workflow (and its tasks, when given) with evolvable enum members as this request may see them. */
export function withEvolvableEnums(call: Pick<GraphCall, 'headers'>, workflow: Props): Props {
  const out: Props = { ...workflow, category: categoryFor(call, workflow['category']) };
  if (Array.isArray(workflow['tasks']))
    out['tasks'] = (workflow['tasks'] as Props[]).map((t) => ({
      ...t,
      category: categoryFor(call, t['category']),
    }));
  return out;
}
