// How Graph stores what a client wrote to an access review schedule definition, as the response examples of
// https://learn.microsoft.com/graph/api/accessreviewset-post-definitions?view=graph-rest-1.0 show it.
import type { Props } from '../../store/types.js';

const REMOVE_ACCESS = '#microsoft.graph.removeAccessApplyAction';

/**
 * A scope or reviewer query as Graph returns it: a `$filter` query gains `$count=true` before the filter
 * (`./members/microsoft.graph.user/?$filter=(userType eq 'Guest')` comes back as
 * `./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')`).
 */
export function storedQuery(query: string): string {
  const at = query.indexOf('?');
  if (at < 0) return query;
  const options = query.slice(at + 1);
  if (/(^|&)\$count=/i.test(options) || !/(^|&)\$filter=/i.test(options)) return query;
  return `${query.slice(0, at + 1)}$count=true&${options}`;
}

/** A query scope as stored: the rewritten query and `queryRoot: null` when none was given. */
export function storedScope(scope: unknown): unknown {
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) return scope;
  const props = scope as Props;
  return {
    ...props,
    ...(typeof props['query'] === 'string' ? { query: storedQuery(props['query']) } : {}),
    queryRoot: props['queryRoot'] ?? null,
  };
}

/**
 * Settings as stored: removing access is the default apply action, documented as needing no mention, and the
 * examples answer `applyActions: []` where it was the action; a recurrence's range start keeps only its date.
 */
export function storedSettings(settings: Props): Props {
  const actions = Array.isArray(settings['applyActions']) ? (settings['applyActions'] as Props[]) : [];
  const stored: Props = {
    ...settings,
    applyActions: actions.filter((a) => a['@odata.type'] !== REMOVE_ACCESS),
  };
  const recurrence = settings['recurrence'] as Props | null | undefined;
  const range = recurrence?.['range'] as Props | undefined;
  if (recurrence && range && typeof range['startDate'] === 'string') {
    stored['recurrence'] = { ...recurrence, range: { ...range, startDate: range['startDate'].slice(0, 10) } };
  }
  return stored;
}
