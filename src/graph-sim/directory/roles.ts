/** Application permissions that allow each kind of call (Graph's documented lists, least privileged first). */
export const ROLES = {
  readUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  writeUsers: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  deleteRestoreUsers: ['User.DeleteRestore.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  /** The delete user page lists User.ReadWrite.All alone: User.DeleteRestore.All restores and purges only. */
  deleteUsers: ['User.ReadWrite.All'],
  invite: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  readGroups: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  /** Get, list and delta of groups: the group pages list no GroupMember.ReadWrite.All. */
  readGroupObjects: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  /** Direct and transitive members: the pages list no Directory.ReadWrite.All. */
  readGroupMembers: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
  ],
  writeGroups: ['Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  updateGroups: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  /** The delete group page lists Group.ReadWrite.All alone. */
  deleteGroups: ['Group.ReadWrite.All'],
  writeMembers: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  readOrganization: [
    'Organization.Read.All',
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  readApplications: [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  writeApplications: [
    'Application.ReadWrite.All',
    'Application.ReadWrite.OwnedBy',
    'Directory.ReadWrite.All',
  ],
} as const;
