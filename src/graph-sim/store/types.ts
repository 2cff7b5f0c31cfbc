import type { KeyObject } from 'node:crypto';

/** Graph-shaped properties of a directory object, as stored (extension attributes included). */
export type Props = Record<string, unknown>;

/** A user or group with its change sequence and creation time on the simulator clock. */
export interface DirectoryObject {
  id: string;
  props: Props;
  seq: number;
  createdMs: number;
}

/** A user; `deletedMs` is set while it sits in directory/deletedItems. */
export interface UserRecord extends DirectoryObject {
  kind: 'user';
  managerId?: string;
  deletedMs?: number;
}

/** One membership change, kept so group delta can report `members@delta`. */
export interface MemberChange {
  seq: number;
  memberId: string;
  removed: boolean;
}

/** A group and its direct members (user or group ids). */
export interface GroupRecord extends DirectoryObject {
  kind: 'group';
  members: Set<string>;
  memberChanges: MemberChange[];
}

/** A certificate credential of an application, for client assertions. */
export interface AppCertificate {
  thumbprintSha1: string;
  thumbprintSha256: string;
  publicKey: KeyObject;
}

/** A directory extension property registered on an application. */
export interface ExtensionProperty {
  id: string;
  name: string;
  dataType: string;
  targetObjects: string[];
}

/** An app registration with its service principal's application permissions in this tenant. */
export interface AppRegistration {
  objectId: string;
  appId: string;
  displayName: string;
  secrets: string[];
  certificates: AppCertificate[];
  roles: Set<string>;
  extensionProperties: ExtensionProperty[];
}

/** Identity of a tenant. */
export interface TenantInfo {
  id: string;
  displayName: string;
  /** Verified domains; the first is the default unless `defaultDomain` says otherwise. */
  domains: string[];
  defaultDomain: string;
  initialDomain: string;
}

/**
 * A fault for the requests whose method and path (with query) match, a `$batch` counting as one request:
 * `malformed` answers with an HTML page where JSON was due (a proxy's error page), `truncated` cuts the JSON
 * body in half, `unvalued` drops the `value` of a page and keeps its links, `reset` carries the request out
 * and resets the connection instead of answering, `hang` holds the request open without an answer until the
 * rule is removed (at most 10 minutes).
 */
export interface FaultRule {
  effect: 'malformed' | 'truncated' | 'unvalued' | 'reset' | 'hang';
  method?: string;
  /** A substring of the path and query, e.g. `/members` or `$skiptoken`. */
  pathContains?: string;
  /** Matching requests let through before the fault starts. */
  after?: number;
  /** Matching requests the fault applies to, then it stops (all when absent). */
  times?: number;
}

/** Realism switches of one tenant, all settable through the admin API. */
export interface TenantRealism {
  /** A just-created object answers 404 on GET by id for this long. */
  replicationLagMs: number;
  throttling: {
    enabled: boolean;
    /** Resource units per 10 s for app + tenant; default follows the tenant's user count (Graph's throttling limits page). */
    resourceUnitsPer10s?: number;
    /** Writes per 150 s for app + tenant; default 3,000. */
    writesPer150s?: number;
  };
  faults: {
    /** Probability (0..1) of answering with the status, by status code. */
    errorRates: Record<string, number>;
    latencyMs: number;
    /** Faults aimed at some requests (a page of one listing, every call to one tenant), in order. */
    rules: FaultRule[];
  };
  /** Delta tokens older than this (simulator clock) are refused. */
  deltaTokenTtlMs: number;
}

/** Realism defaults: Graph as it behaves on a quiet day, without lag or faults. */
export function defaultRealism(): TenantRealism {
  return {
    replicationLagMs: 0,
    throttling: { enabled: true },
    faults: { errorRates: {}, latencyMs: 0, rules: [] },
    deltaTokenTtlMs: 7 * 86_400_000,
  };
}
