/** Application permissions of this module's calls, as Graph's reference lists them (least privileged first). */
export const SYNC_ROLES = {
  readApplications: [
    'Application.Read.All',
    'Application.ReadWrite.OwnedBy',
    'Application.ReadWrite.All',
    'Directory.Read.All',
  ],
  instantiate: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
  readSynchronization: [
    'Application.ReadWrite.OwnedBy',
    'Synchronization.Read.All',
    'Synchronization.ReadWrite.All',
  ],
  readSchema: [
    'Application.ReadWrite.OwnedBy',
    'Synchronization.Read.All',
    'Synchronization.ReadWrite.All',
    'CustomSecAttributeProvisioning.Read.All',
    'CustomSecAttributeProvisioning.ReadWrite.All',
  ],
  writeSynchronization: ['Application.ReadWrite.OwnedBy', 'Synchronization.ReadWrite.All'],
  readSchemaCatalogues: ['Application.ReadWrite.OwnedBy', 'Synchronization.ReadWrite.All'],
  writeAssignments: ['AppRoleAssignment.ReadWrite.All'],
  /** Granting an assignment also takes one of these (the page's "AppRoleAssignment.ReadWrite.All and …"). */
  readAssignmentResource: ['Application.Read.All', 'Directory.Read.All'],
  readProvisioningLogs: ['AuditLog.Read.All'],
} as const;
