// Who a policy allows: its allowedTargetScope and specificAllowedTargets evaluated against one user.
import { evaluateRule, parseRule, type ParsedRule } from '../../../rules/index.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props, UserRecord } from '../../store/types.js';
import { entitlementState, invalid } from './state.js';

const parsedRules = new Map<string, ParsedRule>();

/** Parses a dynamic-membership rule once; a rule that does not parse is a 400 naming the position. */
export function membershipRule(text: string): ParsedRule {
  const cached = parsedRules.get(text);
  if (cached) return cached;
  const parsed = parseRule('membership', text);
  if (!parsed.ok)
    throw invalid(
      `The membership rule is invalid: ${parsed.error.message} (at position ${parsed.error.position}).`,
    );
  parsedRules.set(text, parsed);
  return parsed;
}

function subjectType(subject: Props): string {
  return String(subject['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');
}

/** The user as the rule evaluator reads it: Graph properties plus the ids of its groups. */
function ruleSubject(tenant: TenantState, user: UserRecord): Props {
  return { ...user.props, memberOf: tenant.groupsOf(user.id) };
}

function matchesSubject(tenant: TenantState, subject: Props, user: UserRecord, now: number): boolean {
  switch (subjectType(subject)) {
    case 'attributeRuleMembers':
      return evaluateRule(
        membershipRule(String(subject['membershipRule'] ?? '')),
        ruleSubject(tenant, user),
        {
          now: new Date(now),
        },
      );
    case 'groupMembers':
      return tenant.groupsOf(user.id).includes(String(subject['groupId']));
    case 'singleUser':
      return String(subject['userId']).toLowerCase() === user.id.toLowerCase();
    default:
      return false;
  }
}

/**
 * Whether an external user's home tenant is the connected organization's (by the domain of their mail). External
 * means a B2B user (`#EXT#` in the user principal name), whether an invitation or Entra's cross-tenant sync made it.
 */
function fromOrganization(tenant: TenantState, subject: Props, user: UserRecord): boolean {
  const organization = entitlementState(tenant).organizations.get(String(subject['connectedOrganizationId']));
  const mail = String(user.props['mail'] ?? '').toLowerCase();
  const domain = mail.slice(mail.lastIndexOf('@') + 1);
  const external = String(user.props['userPrincipalName'] ?? '').includes('#EXT#');
  return external && (organization?.domains.includes(domain) ?? false);
}

function isMember(user: UserRecord): boolean {
  return (user.props['userType'] ?? 'Member') === 'Member';
}

/** Whether the policy's allowed targets include `user` at `now` (simulator clock). */
export function isAllowedTarget(tenant: TenantState, policy: Props, user: UserRecord, now: number): boolean {
  switch (policy['allowedTargetScope']) {
    case 'allMemberUsers':
      return isMember(user);
    case 'allDirectoryUsers':
      return true;
    case 'allExternalUsers':
      return !isMember(user);
    case 'specificConnectedOrganizationUsers': {
      const subjects = Array.isArray(policy['specificAllowedTargets'])
        ? (policy['specificAllowedTargets'] as Props[])
        : [];
      return subjects.some(
        (subject) =>
          subjectType(subject) === 'connectedOrganizationMembers' && fromOrganization(tenant, subject, user),
      );
    }
    case 'specificDirectoryUsers': {
      const subjects = Array.isArray(policy['specificAllowedTargets'])
        ? (policy['specificAllowedTargets'] as Props[])
        : [];
      return subjects.some((subject) => matchesSubject(tenant, subject, user, now));
    }
    default:
      return false;
  }
}
