// /identityGovernance/accessReviews/definitions: create, list, get, replace (PUT) and delete
// accessReviewScheduleDefinitions.
import { randomUUID } from 'node:crypto';
import { badRequest, type GraphResult } from '../../http/errors.js';
import type { GraphCall } from '../../module.js';
import type { Props } from '../../store/types.js';
import { isDecision } from './decisions.js';
import { advanceDefinition, advanceTenant } from './lifecycle.js';
import { filtered, reviewPage } from './query.js';
import { parseRecurrence } from './recurrence.js';
import { storedScope, storedSettings } from './normalise.js';
import { parseReviewScope } from './scope.js';
import { isoTime, requireDefinition, reviewsOf, type DefinitionRecord } from './state.js';

/** Base path of the definitions collection. */
export const DEFINITIONS = '/identityGovernance/accessReviews/definitions';

const WRITABLE = new Set([
  'displayName',
  'descriptionForAdmins',
  'descriptionForReviewers',
  'scope',
  'instanceEnumerationScope',
  'reviewers',
  'fallbackReviewers',
  'backupReviewers',
  'additionalNotificationRecipients',
  'settings',
  'stageSettings',
]);
const READ_ONLY = new Set(['id', 'status', 'createdBy', 'createdDateTime', 'lastModifiedDateTime']);
const DEFAULT_SETTINGS: Props = {
  mailNotificationsEnabled: true,
  reminderNotificationsEnabled: true,
  justificationRequiredOnApproval: false,
  defaultDecisionEnabled: false,
  defaultDecision: 'None',
  instanceDurationInDays: 1,
  autoApplyDecisionsEnabled: false,
  recommendationsEnabled: true,
  recurrence: null,
  applyActions: [],
};

function validBody(body: unknown): Props {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  for (const name of Object.keys(body)) {
    if (!WRITABLE.has(name) && !READ_ONLY.has(name) && !name.startsWith('@odata.'))
      throw badRequest(
        `The property '${name}' does not exist on type 'microsoft.graph.accessReviewScheduleDefinition'. Make sure to only use property names that are defined by the type.`,
        'BadRequest',
      );
  }
  const props = body as Props;
  // The create page marks both descriptions Required; the simulator holds a PUT to the same.
  for (const name of ['displayName', 'descriptionForAdmins', 'descriptionForReviewers'])
    if (typeof props[name] !== 'string' || props[name] === '')
      throw badRequest(`The '${name}' property is required.`, 'BadRequest');
  for (const list of ['reviewers', 'fallbackReviewers', 'backupReviewers']) {
    if (props[list] !== undefined && props[list] !== null && !Array.isArray(props[list]))
      throw badRequest(`Invalid value for '${list}': a collection is expected.`, 'BadRequest');
  }
  return props;
}

function validSettings(value: unknown, createdMs: number): Props {
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value)))
    throw badRequest("Invalid value for 'settings'.", 'BadRequest');
  const settings: Props = { ...DEFAULT_SETTINGS, ...((value ?? {}) as Props) };
  const decision = settings['defaultDecision'];
  if (
    decision !== 'None' &&
    decision !== 'Recommendation' &&
    !(isDecision(decision) && decision !== 'NotReviewed')
  )
    throw badRequest(
      `Invalid value '${String(decision)}' for 'defaultDecision': expected Approve, Deny or Recommendation.`,
      'BadRequest',
    );
  const days = settings['instanceDurationInDays'];
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
    throw badRequest(`Invalid value '${String(days)}' for 'instanceDurationInDays'.`, 'BadRequest');
  parseRecurrence(settings['recurrence'], createdMs);
  return settings;
}

function writableProps(body: Props, settings: Props): Props {
  const props: Props = {
    descriptionForAdmins: null,
    descriptionForReviewers: null,
    instanceEnumerationScope: null,
    reviewers: [],
    fallbackReviewers: [],
    backupReviewers: [],
    additionalNotificationRecipients: [],
  };
  for (const [name, value] of Object.entries(body)) if (WRITABLE.has(name)) props[name] = value;
  // Graph answers with its own spelling of what was written (see normalise.ts).
  for (const list of ['reviewers', 'fallbackReviewers', 'backupReviewers'])
    if (Array.isArray(props[list])) props[list] = (props[list] as unknown[]).map(storedScope);
  if (props['scope'] !== undefined) props['scope'] = storedScope(props['scope']);
  props['settings'] = storedSettings(settings);
  return props;
}

function render(definition: DefinitionRecord): Props {
  return structuredClone(definition.props);
}

function create(call: GraphCall): GraphResult {
  const body = validBody(call.body);
  const now = call.tenant.clock.now();
  const scope = parseReviewScope(call.tenant, body['scope']);
  const settings = validSettings(body['settings'], now);
  const id = randomUUID();
  const app = call.tenant.apps.get(call.appId.toLowerCase());
  const props: Props = {
    id,
    ...writableProps(body, settings),
    status: 'NotStarted',
    createdBy: {
      id: app?.objectId ?? call.appId,
      displayName: app?.displayName ?? null,
      userPrincipalName: null,
    },
    createdDateTime: isoTime(now),
    lastModifiedDateTime: isoTime(now),
  };
  const definition: DefinitionRecord = { props, scope, createdMs: now, instances: [], lastOccurrence: -1 };
  reviewsOf(call.tenant).definitions.set(id, definition);
  advanceDefinition(call.tenant, call.store, definition);
  return {
    status: 201,
    body: render(definition),
    headers: { location: `${call.baseUrl}/v1.0${DEFINITIONS}/${id}` },
  };
}

function list(call: GraphCall): GraphResult {
  advanceTenant(call.tenant, call.store);
  const items = filtered(call, [...reviewsOf(call.tenant).definitions.values()], (d) => d.props);
  return {
    status: 200,
    body: reviewPage(call, 'identityGovernance/accessReviews/definitions', items, render),
  };
}

function get(call: GraphCall): GraphResult {
  advanceTenant(call.tenant, call.store);
  return { status: 200, body: render(requireDefinition(call.tenant, call.params['id'] as string)) };
}

function sameScope(a: unknown, b: unknown): boolean {
  const key = (s: unknown) => {
    const v = (s ?? {}) as Props;
    return JSON.stringify([
      v['@odata.type'],
      v['query'],
      v['queryType'] ?? 'MicrosoftGraph',
      v['queryRoot'] ?? null,
    ]);
  };
  return key(a) === key(b);
}

/** The update page lets reviewers change only when individual users review: before and after, `/users/{id}` alone. */
function sameReviewers(wanted: readonly unknown[], stored: unknown): boolean {
  const held = Array.isArray(stored) ? stored : [];
  const key = (r: unknown) => {
    const v = (r ?? {}) as Props;
    return JSON.stringify([v['query'], v['queryType'] ?? 'MicrosoftGraph', v['queryRoot'] ?? null]);
  };
  const same = JSON.stringify(wanted.map(key)) === JSON.stringify(held.map(key));
  const users = (list: readonly unknown[]) =>
    list.every((r) => /^\/users\/[^/?]+$/.test(String((r as Props | null)?.['query'] ?? '')));
  return same || (users(wanted) && users(held));
}

function replace(call: GraphCall): GraphResult {
  const definition = requireDefinition(call.tenant, call.params['id'] as string);
  const body = validBody(call.body);
  // Graph keeps a definition's scope for its life; a different one needs a new definition.
  if (body['scope'] !== undefined && !sameScope(storedScope(body['scope']), definition.props['scope']))
    throw badRequest('The scope of an access review schedule definition cannot be updated.', 'BadRequest');
  const reviewers = Array.isArray(body['reviewers']) ? body['reviewers'].map(storedScope) : [];
  if (!sameReviewers(reviewers, definition.props['reviewers']))
    throw badRequest(
      'The reviewers of an access review schedule definition can be updated only when they are individual users.',
      'BadRequest',
    );
  const settings = validSettings(body['settings'], definition.createdMs);
  const kept = {
    id: definition.props['id'],
    scope: definition.props['scope'],
    status: definition.props['status'],
    createdBy: definition.props['createdBy'],
    createdDateTime: definition.props['createdDateTime'],
  };
  definition.props = {
    ...writableProps(body, settings),
    ...kept,
    lastModifiedDateTime: call.tenant.clock.isoNow(),
  };
  advanceDefinition(call.tenant, call.store, definition);
  return { status: 204 };
}

function remove(call: GraphCall): GraphResult {
  const definition = requireDefinition(call.tenant, call.params['id'] as string);
  reviewsOf(call.tenant).definitions.delete(String(definition.props['id']));
  return { status: 204 };
}

/** Handlers of the definition routes. */
export const definitionHandlers = { create, list, get, replace, remove };
