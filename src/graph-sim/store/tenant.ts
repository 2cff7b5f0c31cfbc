import { randomUUID } from 'node:crypto';
import { DeltaLog } from '../delta/delta-log.js';
import type { SimClock } from '../realism/clock.js';
import {
  defaultRealism,
  type AppRegistration,
  type GroupRecord,
  type Props,
  type TenantInfo,
  type TenantRealism,
  type UserRecord,
} from './types.js';

/** Everything the simulator knows about one tenant; directory changes go through its methods so delta sees them. */
export class TenantState {
  readonly users = new Map<string, UserRecord>();
  readonly deletedUsers = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly deletedGroups = new Map<string, GroupRecord>();
  readonly apps = new Map<string, AppRegistration>();
  readonly userLog = new DeltaLog();
  readonly groupLog = new DeltaLog();
  /** Sequence of the last change of permanently deleted objects, for `@removed: deleted`. */
  readonly tombstones = new Map<string, number>();
  /** State of modules added later (governance): each owns one key. */
  readonly moduleState = new Map<string, unknown>();
  realism: TenantRealism = defaultRealism();
  private readonly upnIndex = new Map<string, string>();
  private readonly memberOf = new Map<string, Set<string>>();
  /** User ids by lower-cased mail and otherMails: invitations look addresses up among 100,000s of users. */
  private readonly addressIndex = new Map<string, Set<string>>();
  private readonly indexedAddresses = new Map<string, readonly string[]>();
  private seq = 0;
  private userArray: UserRecord[] | undefined;

  constructor(
    readonly info: TenantInfo,
    readonly clock: SimClock,
  ) {}

  /** The latest change sequence of the tenant (a delta round ends here). */
  currentSeq(): number {
    return this.seq;
  }

  /** Returns the state a module keeps in this tenant, creating it on first use. */
  slot<T>(key: string, create: () => T): T {
    let value = this.moduleState.get(key) as T | undefined;
    if (value === undefined) {
      value = create();
      this.moduleState.set(key, value);
    }
    return value;
  }

  /** Active users in a stable order (creation order). */
  userList(): UserRecord[] {
    this.userArray ??= [...this.users.values()];
    return this.userArray;
  }

  /** Active user by object id or userPrincipalName (case-insensitive). */
  findUser(idOrUpn: string): UserRecord | undefined {
    const byId = this.users.get(idOrUpn);
    if (byId) return byId;
    const id = this.upnIndex.get(idOrUpn.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Whether a UPN is taken by an active or soft-deleted user. */
  upnTaken(upn: string): boolean {
    return this.upnIndex.has(upn.toLowerCase());
  }

  /** Adds a user with `props`; id and createdDateTime are assigned unless given. */
  addUser(props: Props, id: string = randomUUID()): UserRecord {
    const createdMs = this.clock.now();
    const user: UserRecord = { kind: 'user', id, props, seq: 0, createdMs };
    props['id'] = id;
    props['createdDateTime'] ??= new Date(createdMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.users.set(id, user);
    this.upnIndex.set(String(props['userPrincipalName']).toLowerCase(), id);
    this.userArray = undefined;
    this.touchUser(user);
    return user;
  }

  /** Records a change of `user` (after its props were edited). */
  touchUser(user: UserRecord): void {
    user.seq = ++this.seq;
    this.userLog.append(user.id, user.seq);
    this.indexAddresses(user.id, addressesOf(user.props));
  }

  /** Active users whose mail or otherMails is `address` (case-insensitive), oldest first. */
  activeUsersWithAddress(address: string): UserRecord[] {
    const lower = address.toLowerCase();
    const found: UserRecord[] = [];
    for (const id of this.addressIndex.get(lower) ?? []) {
      const user = this.users.get(id);
      if (user && addressesOf(user.props).includes(lower)) found.push(user);
    }
    return found.sort((a, b) => a.createdMs - b.createdMs);
  }

  private indexAddresses(id: string, next: readonly string[]): void {
    for (const address of this.indexedAddresses.get(id) ?? []) {
      if (next.includes(address)) continue;
      const ids = this.addressIndex.get(address);
      ids?.delete(id);
      if (ids?.size === 0) this.addressIndex.delete(address);
    }
    for (const address of next) {
      let ids = this.addressIndex.get(address);
      if (!ids) this.addressIndex.set(address, (ids = new Set()));
      ids.add(id);
    }
    if (next.length > 0) this.indexedAddresses.set(id, next);
    else this.indexedAddresses.delete(id);
  }

  /** Renames the UPN index entry when userPrincipalName changes. */
  reindexUpn(oldUpn: string, user: UserRecord): void {
    this.upnIndex.delete(oldUpn.toLowerCase());
    this.upnIndex.set(String(user.props['userPrincipalName']).toLowerCase(), user.id);
  }

  /** Moves a user to deletedItems (restorable), removing its memberships like Entra does. */
  softDeleteUser(user: UserRecord): void {
    this.users.delete(user.id);
    this.userArray = undefined;
    user.deletedMs = this.clock.now();
    user.props['deletedDateTime'] = new Date(user.deletedMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.deletedUsers.set(user.id, user);
    for (const groupId of [...(this.memberOf.get(user.id) ?? [])]) this.removeMember(groupId, user.id);
    this.touchUser(user);
  }

  /** Brings a soft-deleted user back. */
  restoreUser(user: UserRecord): void {
    this.deletedUsers.delete(user.id);
    delete user.deletedMs;
    user.props['deletedDateTime'] = null;
    this.users.set(user.id, user);
    this.userArray = undefined;
    this.touchUser(user);
  }

  /** Deletes a soft-deleted user for good. */
  purgeUser(user: UserRecord): void {
    this.deletedUsers.delete(user.id);
    this.upnIndex.delete(String(user.props['userPrincipalName']).toLowerCase());
    this.indexAddresses(user.id, []);
    for (const other of this.users.values()) if (other.managerId === user.id) delete other.managerId;
    const seq = ++this.seq;
    this.tombstones.set(user.id, seq);
    this.userLog.append(user.id, seq);
  }

  /** The latest sequence of a user (active, soft-deleted or purged), or undefined when unknown. */
  userSeq(id: string): number | undefined {
    return (this.users.get(id) ?? this.deletedUsers.get(id))?.seq ?? this.tombstones.get(id);
  }

  /** The latest sequence of a group (active or deleted), or undefined when unknown. */
  groupSeq(id: string): number | undefined {
    return (this.groups.get(id) ?? this.deletedGroups.get(id))?.seq ?? this.tombstones.get(id);
  }

  /** Adds a group with `props`. */
  addGroup(props: Props, id: string = randomUUID()): GroupRecord {
    const createdMs = this.clock.now();
    const group: GroupRecord = {
      kind: 'group',
      id,
      props,
      seq: 0,
      createdMs,
      members: new Set(),
      memberChanges: [],
    };
    props['id'] = id;
    props['createdDateTime'] ??= new Date(createdMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.groups.set(id, group);
    this.touchGroup(group);
    return group;
  }

  /** Records a change of `group`. */
  touchGroup(group: GroupRecord): void {
    group.seq = ++this.seq;
    this.groupLog.append(group.id, group.seq);
  }

  /**
   * Moves a group to deletedItems, out of every group it was a member of. Graph's delete group page: security
   * groups, like Microsoft 365 groups, can be restored for 30 days (restore and purge are not simulated).
   */
  deleteGroup(group: GroupRecord): void {
    for (const memberId of [...group.members]) this.memberOf.get(memberId)?.delete(group.id);
    for (const other of this.groups.values())
      if (other.members.has(group.id)) this.removeMember(other.id, group.id);
    this.groups.delete(group.id);
    group.props['deletedDateTime'] = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.deletedGroups.set(group.id, group);
    this.touchGroup(group);
  }

  /** Adds a direct member; false when it already was one. */
  addMember(groupId: string, memberId: string): boolean {
    const group = this.groups.get(groupId);
    if (!group || group.members.has(memberId)) return false;
    group.members.add(memberId);
    this.touchGroup(group);
    group.memberChanges.push({ seq: group.seq, memberId, removed: false });
    let set = this.memberOf.get(memberId);
    if (!set) this.memberOf.set(memberId, (set = new Set()));
    set.add(groupId);
    return true;
  }

  /** Removes a direct member; false when it was not one. */
  removeMember(groupId: string, memberId: string): boolean {
    const group = this.groups.get(groupId);
    if (!group || !group.members.delete(memberId)) return false;
    this.touchGroup(group);
    group.memberChanges.push({ seq: group.seq, memberId, removed: true });
    this.memberOf.get(memberId)?.delete(groupId);
    return true;
  }

  /** Ids of the groups that `memberId` is a direct member of. */
  groupsOf(memberId: string): string[] {
    return [...(this.memberOf.get(memberId) ?? [])];
  }

  /** Whether `domain` is one of this tenant's verified domains. */
  ownsDomain(domain: string): boolean {
    const lower = domain.toLowerCase();
    return this.info.domains.some((d) => d.toLowerCase() === lower) || this.info.initialDomain === lower;
  }
}

/** A user's mail and otherMails, lower-cased. */
function addressesOf(props: Props): string[] {
  const addresses = new Set<string>();
  const mail = props['mail'];
  if (typeof mail === 'string' && mail !== '') addresses.add(mail.toLowerCase());
  const others = props['otherMails'];
  if (Array.isArray(others))
    for (const m of others) if (typeof m === 'string' && m !== '') addresses.add(m.toLowerCase());
  return [...addresses];
}
