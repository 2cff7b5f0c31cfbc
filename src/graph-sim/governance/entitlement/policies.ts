// Assignment policies: validated as Graph validates them, stored as written plus Graph's defaults, so a
// GET returns what a PUT wrote.
import { parseIsoDuration } from '../../../time/duration.js';
import type { GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import type { Props } from '../../store/types.js';
import {
  expansion,
  filterBy,
  listPage,
  refuseNavigationFilter,
  selectFrom,
  type Expansion,
} from './query.js';
import { EM, READ, WRITE } from './roles.js';
import {
  entitlementState,
  invalid,
  isoAt,
  newId,
  objectBody,
  refId,
  requireRecord,
  type PolicyRecord,
} from './state.js';
import { membershipRule } from './targets.js';

const TARGET_SCOPES = [
  'notSpecified',
  'specificDirectoryUsers',
  'specificConnectedOrganizationUsers',
  'specificDirectoryServicePrincipals',
  'allMemberUsers',
  'allDirectoryUsers',
  'allDirectoryServicePrincipals',
  'allConfiguredConnectedOrganizationUsers',
  'allExternalUsers',
];
const SUBJECT_TYPES = ['attributeRuleMembers', 'groupMembers', 'singleUser', 'connectedOrganizationMembers'];
const EXPIRATION_TYPES = ['notSpecified', 'noExpiration', 'afterDateTime', 'afterDuration'];
const WRITABLE = [
  'displayName',
  'description',
  'allowedTargetScope',
  'specificAllowedTargets',
  'automaticRequestSettings',
  'expiration',
  'requestorSettings',
  'requestApprovalSettings',
  'reviewSettings',
  'questions',
];

function typeOf(subject: Props): string {
  return String(subject['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');
}

function checkDuration(value: unknown, property: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || parseIsoDuration(value) === null)
    throw invalid(`The value '${String(value)}' of '${property}' is not an ISO 8601 duration.`);
}

const CONNECTED_SCOPES = ['specificConnectedOrganizationUsers', 'allConfiguredConnectedOrganizationUsers'];

/**
 * internalSponsors and externalSponsors are the sponsors of the requestor's connected organization: the
 * stricter reading refuses them where the policy's requestors are not connected-organization users.
 */
function checkSponsorApprovers(body: Props, scope: string): void {
  const settings = body['requestApprovalSettings'] as Props | null | undefined;
  const stages = Array.isArray(settings?.['stages']) ? (settings['stages'] as Props[]) : [];
  const approvers = stages.flatMap((stage) =>
    [
      'primaryApprovers',
      'fallbackPrimaryApprovers',
      'escalationApprovers',
      'fallbackEscalationApprovers',
    ].flatMap((key) => (Array.isArray(stage[key]) ? (stage[key] as Props[]) : [])),
  );
  const sponsors = approvers.find((a) => ['internalSponsors', 'externalSponsors'].includes(typeOf(a)));
  if (sponsors && !CONNECTED_SCOPES.includes(scope))
    throw invalid(
      `${typeOf(sponsors)} are the sponsors of a connected organization: the policy's allowedTargetScope ` +
        `'${scope}' has no connected-organization requestors.`,
    );
}

function validate(body: Props): void {
  for (const name of Object.keys(body)) {
    if (
      name.startsWith('@odata.') ||
      ['id', 'accessPackage', 'catalog', 'createdDateTime', 'modifiedDateTime'].includes(name)
    )
      continue;
    if (!WRITABLE.includes(name))
      throw invalid(
        `Property '${name}' does not exist on type 'microsoft.graph.accessPackageAssignmentPolicy'.`,
      );
  }
  if (typeof body['displayName'] !== 'string' || body['displayName'] === '')
    throw invalid("Property 'displayName' is required.");
  const scope = body['allowedTargetScope'] ?? 'notSpecified';
  if (!TARGET_SCOPES.includes(String(scope)))
    throw invalid(`The value '${String(scope)}' is not valid for property 'allowedTargetScope'.`);
  const targets = body['specificAllowedTargets'] ?? [];
  if (!Array.isArray(targets)) throw invalid("Property 'specificAllowedTargets' must be a collection.");
  for (const subject of targets as Props[]) {
    if (!SUBJECT_TYPES.includes(typeOf(subject)))
      throw invalid(
        `The subject set type '${String(subject['@odata.type'])}' is not valid for allowed targets.`,
      );
    if (typeOf(subject) === 'attributeRuleMembers') membershipRule(String(subject['membershipRule'] ?? ''));
  }
  const auto = body['automaticRequestSettings'] as Props | null | undefined;
  // attributeRuleMembers is documented as the users assigned automatically: a request policy may not use it.
  if (!auto && (targets as Props[]).some((s) => typeOf(s) === 'attributeRuleMembers'))
    throw invalid('attributeRuleMembers can only be used in a policy with automaticRequestSettings.');
  checkSponsorApprovers(body, String(scope));
  if (auto) {
    const rules = (targets as Props[]).filter((s) => typeOf(s) === 'attributeRuleMembers');
    if (scope !== 'specificDirectoryUsers' || rules.length !== 1)
      throw invalid(
        'A policy with automaticRequestSettings must target specificDirectoryUsers with exactly one attributeRuleMembers.',
      );
    checkDuration(auto['gracePeriodBeforeAccessRemoval'], 'gracePeriodBeforeAccessRemoval');
  }
  const expiration = body['expiration'] as Props | null | undefined;
  if (expiration) {
    if (!EXPIRATION_TYPES.includes(String(expiration['type'])))
      throw invalid(`The value '${String(expiration['type'])}' is not valid for property 'expiration.type'.`);
    if (
      expiration['type'] === 'afterDuration' &&
      parseIsoDuration(String(expiration['duration'] ?? '')) === null
    )
      throw invalid("An expiration of type 'afterDuration' needs an ISO 8601 'duration'.");
  }
  const approval = body['requestApprovalSettings'] as Props | null | undefined;
  const stages = approval?.['stages'] ?? [];
  if (!Array.isArray(stages) || stages.length > 3) throw invalid('A policy has at most 3 approval stages.');
  for (const stage of stages as Props[]) {
    checkDuration(stage['durationBeforeAutomaticDenial'], 'durationBeforeAutomaticDenial');
    checkDuration(stage['durationBeforeEscalation'], 'durationBeforeEscalation');
  }
}

/** The stored policy: what was written over Graph's defaults. */
function policyProps(id: string, body: Props, createdDateTime: string, now: string): Props {
  const props: Props = {
    id,
    displayName: '',
    description: null,
    allowedTargetScope: 'notSpecified',
    specificAllowedTargets: [],
    automaticRequestSettings: null,
    expiration: { type: 'noExpiration', duration: null, endDateTime: null },
    requestorSettings: { enableTargetsToSelfAddAccess: false, onBehalfRequestors: [] },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: false,
      isApprovalRequiredForUpdate: false,
      isRequestorJustificationRequired: false,
      stages: [],
    },
    reviewSettings: null,
    questions: [],
  };
  for (const name of WRITABLE) if (body[name] !== undefined) props[name] = structuredClone(body[name]);
  const expiration = props['expiration'] as Props;
  props['expiration'] = { duration: null, endDateTime: null, ...expiration };
  return { ...props, createdDateTime, modifiedDateTime: now };
}

/** Renders a policy with the navigation properties `$expand` asks for. */
export function renderPolicy(call: GraphCall, policy: PolicyRecord, expand: Expansion): Props {
  const out = structuredClone(policy.props);
  if (expand.has('accesspackage')) {
    const pkg = entitlementState(call.tenant).packages.get(policy.accessPackageId);
    out['accessPackage'] = { ...(pkg?.props ?? { id: policy.accessPackageId }) };
  }
  return selectFrom(call, expand, out);
}

function policyExpansion(call: GraphCall): Expansion {
  return expansion(call.query.get('$expand'), 'accessPackageAssignmentPolicy', ['accessPackage', 'catalog']);
}

function policyOf(call: GraphCall): PolicyRecord {
  return requireRecord(
    entitlementState(call.tenant).policies,
    'assignment policy',
    call.params['id'] as string,
  );
}

function listPolicies(call: GraphCall): GraphResult {
  // The list page shows a displayName $filter and points to `accessPackages/{id}?$expand=assignmentPolicies`
  // for the policies of one package.
  refuseNavigationFilter(call, 'assignmentPolicies');
  const expand = policyExpansion(call);
  const policies = filterBy(call, [...entitlementState(call.tenant).policies.values()], (p) => ({
    ...p.props,
    accessPackage: { id: p.accessPackageId },
  }));
  return {
    status: 200,
    body: listPage(call, 'assignmentPolicies', policies, (p) => renderPolicy(call, p, expand)),
  };
}

function createPolicy(call: GraphCall): GraphResult {
  const body = objectBody(call.body);
  const state = entitlementState(call.tenant);
  const packageId = refId(body['accessPackage']);
  if (!packageId) throw invalid("Property 'accessPackage' with an 'id' is required.");
  const pkg = requireRecord(state.packages, 'access package', packageId);
  validate(body);
  const now = isoAt(call.store.clock.now());
  const record: PolicyRecord = {
    accessPackageId: String(pkg.props['id']),
    props: policyProps(newId(), body, now, now),
  };
  state.policies.set(String(record.props['id']), record);
  return { status: 201, body: renderPolicy(call, record, new Map()) };
}

function replacePolicy(call: GraphCall): GraphResult {
  const policy = policyOf(call);
  const body = objectBody(call.body);
  const packageId = refId(body['accessPackage']);
  if (packageId !== undefined && packageId.toLowerCase() !== policy.accessPackageId.toLowerCase())
    throw invalid('The access package of a policy cannot be changed.');
  validate(body);
  const id = String(policy.props['id']);
  policy.props = policyProps(
    id,
    body,
    String(policy.props['createdDateTime']),
    isoAt(call.store.clock.now()),
  );
  return { status: 200, body: renderPolicy(call, policy, new Map()) };
}

function deletePolicy(call: GraphCall): GraphResult {
  entitlementState(call.tenant).policies.delete(String(policyOf(call).props['id']));
  return { status: 204 };
}

/** Registers assignment policies. */
export function policyRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', `${EM}/assignmentPolicies`, { roles: READ, handle: listPolicies })
    .add('POST', `${EM}/assignmentPolicies`, { roles: WRITE, handle: createPolicy })
    .add('GET', `${EM}/assignmentPolicies/:id`, {
      roles: READ,
      handle: (call) => ({ status: 200, body: renderPolicy(call, policyOf(call), policyExpansion(call)) }),
    })
    .add('PUT', `${EM}/assignmentPolicies/:id`, { roles: WRITE, handle: replacePolicy })
    .add('DELETE', `${EM}/assignmentPolicies/:id`, { roles: WRITE, handle: deletePolicy })
    .add('GET', `${EM}/accessPackages/:packageId/assignmentPolicies`, {
      roles: READ,
      handle: (call) => {
        const id = call.params['packageId'] as string;
        const expand = policyExpansion(call);
        const state = entitlementState(call.tenant);
        requireRecord(state.packages, 'access package', id);
        const policies = [...state.policies.values()].filter(
          (p) => p.accessPackageId.toLowerCase() === id.toLowerCase(),
        );
        return {
          status: 200,
          body: listPage(call, `accessPackages('${id}')/assignmentPolicies`, policies, (p) =>
            renderPolicy(call, p, expand),
          ),
        };
      },
    });
}
