/** Application permissions of this module's calls, as Graph's reference lists them (least privileged first). */
export const SYNC_ROLES = {
  readApplications: [
    'Application.Read.All',
    'Application.ReadWrite.OwnedBy',
    'Application.ReadWrite.All',
    'Directory.Read.All',
  ],
  instantiate: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  readSynchronization: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
  writeSynchronization: ['Synchronization.ReadWrite.All'],
  readSchemaCatalogues: ['Application.ReadWrite.OwnedBy', 'Synchronization.ReadWrite.All'],
  writeAssignments: ['AppRoleAssignment.ReadWrite.All'],
  readProvisioningLogs: ['AuditLog.Read.All'],
} as const;
