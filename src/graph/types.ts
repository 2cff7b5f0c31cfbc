// Plain shapes of the Graph objects the controllers read and write. Properties are optional because
// Graph returns only what `$select` asked for (and delta pages only what changed); the index
// signature carries directory extensions (`extension_<appId>_<name>`) and anything else selected.

/** onPremisesExtensionAttributes: extensionAttribute1..15, where the sync anchor may live. */
export type ExtensionAttributes = Partial<Record<`extensionAttribute${number}`, string | null>>;

/** A user as Graph returns it. */
export interface GraphUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string;
  mail?: string | null;
  mailNickname?: string | null;
  otherMails?: string[];
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  employeeId?: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest' | null;
  externalUserState?: 'PendingAcceptance' | 'Accepted' | null;
  creationType?: string | null;
  identities?: { signInType?: string; issuer?: string; issuerAssignedId?: string | null }[];
  onPremisesExtensionAttributes?: ExtensionAttributes;
  deletedDateTime?: string | null;
  [property: string]: unknown;
}

/** A member reference as it appears in `members@delta`; `@removed` marks a member that left. */
export interface MemberDelta {
  id: string;
  '@odata.type'?: string;
  '@removed'?: { reason: string };
}

/** A group as Graph returns it. */
export interface GraphGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  groupTypes?: string[];
  membershipRule?: string | null;
  'members@delta'?: MemberDelta[];
  [property: string]: unknown;
}

/** A member of a group: its id and what kind of object it is. */
export interface GroupMember {
  id: string;
  /** `user`, `group`, `device`, ... from `@odata.type`. */
  type: string;
}

/** One of the tenant's verified domains. */
export interface VerifiedDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
  type?: string;
}

/** The tenant as `/organization` describes it. */
export interface TenantOrganization {
  id: string;
  displayName: string;
  /** The verified domain marked default (falls back to the initial *.onmicrosoft.com one). */
  defaultDomain: string | undefined;
  verifiedDomains: VerifiedDomain[];
}

/** The answer to `POST /invitations`. */
export interface Invitation {
  id: string;
  /** The B2B user object the invitation created in the inviting tenant. */
  invitedUserId: string;
  status: 'PendingAcceptance' | 'Completed' | 'InProgress' | 'Error' | string;
  inviteRedeemUrl?: string;
}

/** A collection page as Graph returns it. */
export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  '@odata.count'?: number;
}
