import type { SimAdminClient } from '../../admin-client.js';

/** A decision item as Graph renders it (the fields tests read). */
export interface SimReviewDecision {
  id: string;
  decision: string;
  applyResult: string;
  justification: string;
  principal: { id: string; displayName: string | null; userPrincipalName?: string | null };
  reviewedBy: { id: string; displayName: string | null };
}

/** An instance with its decisions, as the admin API reports it. */
export interface SimReviewInstance {
  id: string;
  status: string;
  startDateTime: string;
  endDateTime: string;
  decisions: SimReviewDecision[];
}

/** A definition with its instances, as the admin API reports it. */
export interface SimReviewDefinition {
  id: string;
  displayName: string;
  status: string;
  instances: SimReviewInstance[];
}

/** What a reviewer records: the decision, a justification, and who they are (user id or UPN). */
export interface ReviewerDecision {
  decision: 'Approve' | 'Deny' | 'DontKnow';
  justification?: string;
  reviewer: string;
}

/** Typed admin calls of the access reviews module. */
export class AccessReviewsAdmin {
  constructor(private readonly admin: SimAdminClient) {}

  /** Every definition of a tenant with its instances and decisions. */
  async definitions(tenant: string): Promise<SimReviewDefinition[]> {
    const path = `/tenants/${encodeURIComponent(tenant)}/access-reviews/definitions`;
    return (await this.admin.call<{ definitions: SimReviewDefinition[] }>('GET', path)).definitions;
  }

  /** Records a reviewer's decision on one decision item. */
  recordDecision(
    tenant: string,
    ids: { definitionId: string; instanceId: string; decisionId: string },
    decision: ReviewerDecision,
  ): Promise<SimReviewDecision> {
    const path =
      `/tenants/${encodeURIComponent(tenant)}/access-reviews/definitions/${encodeURIComponent(ids.definitionId)}` +
      `/instances/${encodeURIComponent(ids.instanceId)}/decisions/${encodeURIComponent(ids.decisionId)}`;
    return this.admin.call('POST', path, decision);
  }

  /** Records a decision on `principalId` in the definition's instance in progress. */
  async decideFor(
    tenant: string,
    definitionId: string,
    principalId: string,
    decision: ReviewerDecision,
  ): Promise<SimReviewDecision> {
    const definition = (await this.definitions(tenant)).find((d) => d.id === definitionId);
    const instance = definition?.instances.find((i) => i.status === 'InProgress');
    const item = instance?.decisions.find((d) => d.principal.id === principalId);
    if (!definition || !instance || !item)
      throw new Error(`no decision on ${principalId} in an instance in progress of ${definitionId}`);
    return this.recordDecision(
      tenant,
      { definitionId, instanceId: instance.id, decisionId: item.id },
      decision,
    );
  }
}
