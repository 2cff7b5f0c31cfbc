import type { PermissionAlternatives } from './types.js';

// Permission sets shared by several contract entries, least privileged first as Graph's method pages list them.

export const READ_ORGANIZATION: PermissionAlternatives = [
  'Organization.Read.All',
  'Organization.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
export const READ_USERS: PermissionAlternatives = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
export const WRITE_USERS: PermissionAlternatives = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
export const INVITE_USERS: PermissionAlternatives = [
  'User.Invite.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
];
/** Deleting, restoring and listing deleted users: User.DeleteRestore.All is the least privileged since 2024. */
export const DELETE_RESTORE_USERS: PermissionAlternatives = [
  'User.DeleteRestore.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
];
/** Deleting a user (into deleted items): the delete user page lists User.ReadWrite.All alone. */
export const DELETE_USERS: PermissionAlternatives = ['User.ReadWrite.All'];
export const READ_DELETED_USERS: PermissionAlternatives = [
  'User.Read.All',
  'User.DeleteRestore.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
/** Removing a user from deleted items for good: no broader application permission is documented. */
export const PURGE_USERS: PermissionAlternatives = ['User.DeleteRestore.All'];
/** Reading employeeHireDate and employeeLeaveDateTime needs this besides reading users. */
export const READ_LIFECYCLE_INFO: PermissionAlternatives = [
  'User-LifeCycleInfo.Read.All',
  'User-LifeCycleInfo.ReadWrite.All',
];
/** Writing employeeHireDate and employeeLeaveDateTime needs this besides writing users. */
export const WRITE_LIFECYCLE_INFO: PermissionAlternatives = ['User-LifeCycleInfo.ReadWrite.All'];
/** Get, list and delta of groups (their pages list no GroupMember.ReadWrite.All). */
export const READ_GROUPS: PermissionAlternatives = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
/** A group's direct or transitive members (their pages list no Directory.ReadWrite.All). */
export const READ_GROUP_MEMBERS: PermissionAlternatives = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
];
/** Directory extension definitions of the whole directory: the page lists no alternative, not even Directory.ReadWrite.All. */
export const READ_DIRECTORY_ONLY: PermissionAlternatives = ['Directory.Read.All'];
/** Updating a group. */
export const WRITE_GROUPS: PermissionAlternatives = ['Group.ReadWrite.All', 'Directory.ReadWrite.All'];
/** The delete group page lists Group.ReadWrite.All alone, with no higher privileged permission. */
export const DELETE_GROUPS: PermissionAlternatives = ['Group.ReadWrite.All'];
export const CREATE_GROUPS: PermissionAlternatives = [
  'Group.Create',
  'Group.ReadWrite.All',
  'Directory.ReadWrite.All',
];
export const WRITE_GROUP_MEMBERS: PermissionAlternatives = [
  'GroupMember.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.ReadWrite.All',
];
/**
 * Adding a group to a catalog: besides entitlement management, the resource request page asks an application for
 * Group.ReadWrite.All and names no alternative (Directory.ReadWrite.All does not stand in for it).
 */
export const ADD_GROUP_TO_CATALOG: PermissionAlternatives = ['Group.ReadWrite.All'];
export const READ_ENTITLEMENT: PermissionAlternatives = [
  'EntitlementManagement.Read.All',
  'EntitlementManagement.ReadWrite.All',
];
export const WRITE_ENTITLEMENT: PermissionAlternatives = ['EntitlementManagement.ReadWrite.All'];
export const READ_REVIEWS: PermissionAlternatives = ['AccessReview.Read.All', 'AccessReview.ReadWrite.All'];
export const WRITE_REVIEWS: PermissionAlternatives = ['AccessReview.ReadWrite.All'];
/** Workflow definitions: the narrower LifecycleWorkflows-Workflow.ReadWrite.All is listed first on the method pages. */
export const WRITE_WORKFLOWS: PermissionAlternatives = [
  'LifecycleWorkflows-Workflow.ReadWrite.All',
  'LifecycleWorkflows.ReadWrite.All',
];
export const READ_WORKFLOWS: PermissionAlternatives = [
  'LifecycleWorkflows-Workflow.Read.All',
  'LifecycleWorkflows-Workflow.ReadWrite.All',
  'LifecycleWorkflows.Read.All',
  'LifecycleWorkflows.ReadWrite.All',
];
/** Run reports: their pages list LifecycleWorkflows-Reports.Read.All as least privileged. */
export const READ_WORKFLOW_REPORTS: PermissionAlternatives = [
  'LifecycleWorkflows-Reports.Read.All',
  'LifecycleWorkflows.Read.All',
  'LifecycleWorkflows.ReadWrite.All',
];
/** Reading cross-tenant access settings (default and partner configurations, identity sync policies). */
export const READ_CROSS_TENANT_ACCESS: PermissionAlternatives = [
  'Policy.Read.All',
  'Policy.ReadWrite.CrossTenantAccess',
];
export const WRITE_CROSS_TENANT_ACCESS: PermissionAlternatives = ['Policy.ReadWrite.CrossTenantAccess'];
/** Reading the authorization policy (who may invite guests). */
export const READ_AUTHORIZATION_POLICY: PermissionAlternatives = [
  'Policy.Read.All',
  'Policy.ReadWrite.Authorization',
];
export const READ_MULTI_TENANT_ORGANIZATION: PermissionAlternatives = [
  'MultiTenantOrganization.Read.All',
  'MultiTenantOrganization.ReadWrite.All',
];
export const WRITE_MULTI_TENANT_ORGANIZATION: PermissionAlternatives = [
  'MultiTenantOrganization.ReadWrite.All',
];
/** engine: Entra: the cross-tenant synchronization configuration is an app of the operator's own making. */
export const WRITE_OWN_APPLICATIONS: PermissionAlternatives = [
  'Application.ReadWrite.OwnedBy',
  'Application.ReadWrite.All',
  'Directory.ReadWrite.All',
];
export const READ_APPLICATIONS: PermissionAlternatives = [
  'Application.Read.All',
  'Application.ReadWrite.OwnedBy',
  'Application.ReadWrite.All',
  'Directory.Read.All',
];
/** A job of the app's own configuration: its pages list Application.ReadWrite.OwnedBy first. */
export const READ_SYNCHRONIZATION: PermissionAlternatives = [
  'Application.ReadWrite.OwnedBy',
  'Synchronization.Read.All',
  'Synchronization.ReadWrite.All',
];
/** A job schema: its page also lists the custom security attribute provisioning permissions. */
export const READ_JOB_SCHEMA: PermissionAlternatives = [
  ...READ_SYNCHRONIZATION,
  'CustomSecAttributeProvisioning.Read.All',
  'CustomSecAttributeProvisioning.ReadWrite.All',
];
export const WRITE_SYNCHRONIZATION: PermissionAlternatives = [
  'Application.ReadWrite.OwnedBy',
  'Synchronization.ReadWrite.All',
];
export const WRITE_APP_ROLE_ASSIGNMENTS: PermissionAlternatives = ['AppRoleAssignment.ReadWrite.All'];
/** Granting an app role also needs to read the resource service principal ("AppRoleAssignment.ReadWrite.All and …"). */
export const READ_ASSIGNMENT_RESOURCE: PermissionAlternatives = [
  'Application.Read.All',
  'Directory.Read.All',
];
export const READ_PROVISIONING_LOGS: PermissionAlternatives = ['AuditLog.Read.All'];
/** A job schema's filter operators and functions: their pages list no read-only permission. */
export const READ_SCHEMA_CATALOGUES: PermissionAlternatives = [
  'Application.ReadWrite.OwnedBy',
  'Synchronization.ReadWrite.All',
];
