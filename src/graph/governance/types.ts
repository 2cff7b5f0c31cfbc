// Plain shapes of the identity-governance objects the controllers read and write, as Graph v1.0's resource
// pages for entitlement management, access reviews and lifecycle workflows describe them. Read-only
// properties are optional: Graph returns them on reads only.

/** An `@odata.type`-tagged object (subject sets, approvers, scopes, triggers). */
export interface Typed {
  '@odata.type'?: string;
  [property: string]: unknown;
}

/** An entitlement-management catalog. */
/** A connected organization; an Azure AD tenant identity source names its tenant id. */
export interface ConnectedOrganization {
  id: string;
  displayName: string;
  identitySources?: { '@odata.type'?: string; tenantId?: string }[];
}

export interface Catalog {
  id: string;
  displayName: string;
  description?: string | null;
  state?: 'unpublished' | 'published';
  catalogType?: string;
  isExternallyVisible?: boolean;
}

/** An access package. */
export interface AccessPackage {
  id: string;
  displayName: string;
  description?: string | null;
  isHidden?: boolean;
  catalog?: { id: string };
  resourceRoleScopes?: ResourceRoleScope[];
}

/** A role of a catalog resource (`Member_<groupId>` for group membership). */
export interface ResourceRole {
  id: string;
  displayName?: string;
  originId: string;
  originSystem: string;
  resource?: { id: string; originId?: string; originSystem?: string };
}

/** A scope of a catalog resource; groups have one root scope. */
export interface ResourceScope {
  id: string;
  displayName?: string;
  originId: string;
  originSystem: string;
  isRootScope?: boolean;
}

/** A resource added to a catalog, with its roles and scopes. */
export interface CatalogResource {
  id: string;
  displayName?: string;
  originId: string;
  originSystem: string;
  roles?: ResourceRole[];
  scopes?: ResourceScope[];
}

/** A role in a resource scope granted by an access package. */
export interface ResourceRoleScope {
  id: string;
  role?: ResourceRole;
  scope?: ResourceScope;
}

/** An assignment policy as written; Graph adds `id` and read-only times. */
export interface AssignmentPolicyBody {
  displayName: string;
  description: string;
  allowedTargetScope: string;
  specificAllowedTargets: Typed[];
  automaticRequestSettings?: {
    requestAccessForAllowedTargets: boolean;
    removeAccessWhenTargetLeavesAllowedTargets: boolean;
    gracePeriodBeforeAccessRemoval: string;
  };
  expiration: { type: string; duration?: string; endDateTime?: string };
  requestorSettings: Record<string, unknown>;
  requestApprovalSettings: {
    isApprovalRequiredForAdd: boolean;
    isApprovalRequiredForUpdate: boolean;
    isRequestorJustificationRequired?: boolean;
    stages: Record<string, unknown>[];
  };
  accessPackage: { id: string };
}

/** An assignment policy as Graph returns it. */
export type AssignmentPolicy = Partial<AssignmentPolicyBody> & { id: string; displayName: string };

/** Assignment states (Graph's entitlement management reference). */
export type AssignmentState =
  'delivering' | 'partiallyDelivered' | 'delivered' | 'expired' | 'deliveryFailed';

/** An access package assignment. */
export interface Assignment {
  id: string;
  state: AssignmentState;
  status?: string;
  accessPackage?: { id: string };
  assignmentPolicy?: { id: string };
  target?: { objectId?: string; displayName?: string; principalName?: string; email?: string };
}

/** An assignment request. */
export interface AssignmentRequest {
  id: string;
  requestType: string;
  state: string;
  status?: string;
  accessPackage?: { id: string };
  assignment?: { id?: string };
}

/** An access review schedule definition as written. */
export interface ReviewDefinitionBody {
  displayName: string;
  descriptionForAdmins: string;
  descriptionForReviewers: string;
  scope: Typed;
  reviewers: Typed[];
  fallbackReviewers: Typed[];
  settings: Record<string, unknown>;
}

/** An access review schedule definition as Graph returns it. */
export type ReviewDefinition = Partial<ReviewDefinitionBody> & {
  id: string;
  displayName: string;
  status?: string;
};

/** An access review instance. */
export interface ReviewInstance {
  id: string;
  status: string;
  startDateTime?: string;
  endDateTime?: string;
}

/** A decision on one principal of a review instance. */
export interface ReviewDecision {
  id: string;
  decision: 'Approve' | 'Deny' | 'NotReviewed' | 'DontKnow' | string;
  recommendation?: string;
  applyResult?: string;
  principal?: { id?: string; displayName?: string; userPrincipalName?: string };
  reviewedDateTime?: string | null;
  appliedDateTime?: string | null;
}

/** One task of a lifecycle workflow. */
export interface WorkflowTask {
  displayName: string;
  description: string;
  /** Read only: the task definition's categories (e.g. `joiner,leaver`), not the workflow's. */
  category?: string;
  continueOnError: boolean;
  isEnabled: boolean;
  executionSequence: number;
  taskDefinitionId: string;
  arguments: { name: string; value: string }[];
}

/** A lifecycle workflow as written. */
export interface WorkflowBody {
  category: 'joiner' | 'mover' | 'leaver';
  displayName: string;
  description: string;
  isEnabled: boolean;
  isSchedulingEnabled: boolean;
  executionConditions: Typed;
  tasks: WorkflowTask[];
}

/** A lifecycle workflow as Graph returns it. */
export type Workflow = Partial<WorkflowBody> & { id: string; displayName: string; version?: number };

/** A run of a lifecycle workflow. */
export interface WorkflowRun {
  id: string;
  processingStatus: 'queued' | 'inProgress' | 'completed' | 'completedWithErrors' | 'canceled' | 'failed';
  workflowExecutionType: 'scheduled' | 'onDemand';
  startedDateTime?: string | null;
  completedDateTime?: string | null;
  scheduledDateTime?: string | null;
  totalUsersCount?: number;
  successfulUsersCount?: number;
  failedUsersCount?: number;
  failedTasksCount?: number;
}

/** The result of a workflow for one user; `subject` carries the UPN when expanded. */
export interface UserProcessingResult {
  id: string;
  processingStatus: WorkflowRun['processingStatus'];
  workflowExecutionType?: WorkflowRun['workflowExecutionType'];
  subject?: { id?: string; userPrincipalName?: string | null };
  totalTasksCount?: number;
  failedTasksCount?: number;
  startedDateTime?: string | null;
  completedDateTime?: string | null;
}

/** The result of one task of a workflow for one user. */
export interface TaskProcessingResult {
  id: string;
  processingStatus: WorkflowRun['processingStatus'];
  failureReason?: string | null;
  completedDateTime?: string | null;
  task?: { displayName?: string; executionSequence?: number };
}
