// Who may request through a policy, as Graph documents it: attributeRuleMembers only for automatic assignment,
// another tenant's users through its connected organization, whose sponsors are the only sponsor approvers.
import type { Client } from '@microsoft/microsoft-graph-client';
import { submitRequest } from '../../src/graph-sim/governance/entitlement/admin.js';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, EMEA, tenantClient } from '../graph-sim/sim-fixture.js';
import { EM, buildPackage, errorOf, type BuiltPackage } from './entitlement-fixture.js';

type GraphObject = Record<string, unknown> & { id: string };

function requestPolicy(accessPackageId: string, changes: Record<string, unknown>): Record<string, unknown> {
  return {
    displayName: 'On request',
    description: 'Requests',
    allowedTargetScope: 'specificDirectoryUsers',
    specificAllowedTargets: [],
    expiration: { type: 'noExpiration' },
    requestorSettings: { enableTargetsToSelfAddAccess: true },
    requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
    accessPackage: { id: accessPackageId },
    ...changes,
  };
}

/** A request policy for the members of one connected organization. */
function organizationPolicy(
  accessPackageId: string,
  organizationId: string,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return requestPolicy(accessPackageId, {
    allowedTargetScope: 'specificConnectedOrganizationUsers',
    specificAllowedTargets: [
      {
        '@odata.type': '#microsoft.graph.connectedOrganizationMembers',
        connectedOrganizationId: organizationId,
      },
    ],
    ...changes,
  });
}

/** A configured connected organization for the EMEA tenant. */
async function emeaOrganization(graph: Client, displayName: string): Promise<GraphObject> {
  return (await graph.api(`${EM}/connectedOrganizations`).post({
    displayName,
    identitySources: [
      {
        '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant',
        tenantId: EMEA.tenantId,
        displayName: 'EMEA',
      },
    ],
    state: 'configured',
  })) as GraphObject;
}

const sponsorStage = {
  durationBeforeAutomaticDenial: 'P7D',
  primaryApprovers: [{ '@odata.type': '#microsoft.graph.internalSponsors' }],
};

describe('graph-sim entitlement requestors', () => {
  let sim: RunningSimulator;
  let graph: Client;
  let built: BuiltPackage;
  beforeAll(async () => {
    sim = await startSimulator({ modules: [entitlementModule] });
    graph = tenantClient(sim, CONTOSO);
    built = await buildPackage(graph, 'Requested tools');
  });
  afterAll(() => sim.stop());

  it('refuses attributeRuleMembers in a policy without automatic assignment', async () => {
    const rule = {
      '@odata.type': '#microsoft.graph.attributeRuleMembers',
      membershipRule: '(user.department -eq "Sales")',
    };
    const body = requestPolicy(built.accessPackageId, { specificAllowedTargets: [rule] });
    expect(await errorOf(graph.api(`${EM}/assignmentPolicies`).post(body))).toEqual({
      statusCode: 400,
      code: 'BadRequest',
    });
  });

  it('refuses connected-organization sponsors as approvers of directory users', async () => {
    const body = requestPolicy(built.accessPackageId, {
      allowedTargetScope: 'allMemberUsers',
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [sponsorStage] },
    });
    expect(await errorOf(graph.api(`${EM}/assignmentPolicies`).post(body))).toEqual({
      statusCode: 400,
      code: 'BadRequest',
    });
  });

  it('creates and lists a connected organization, and takes a policy for its members with its sponsors', async () => {
    const organization = await emeaOrganization(graph, 'Contoso EMEA');
    expect(organization).toMatchObject({ state: 'configured', displayName: 'Contoso EMEA' });
    const listed = (await graph.api(`${EM}/connectedOrganizations`).get()) as { value: GraphObject[] };
    expect(listed.value.map((o) => o.id)).toEqual([organization.id]);
    const body = organizationPolicy(built.accessPackageId, organization.id, {
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [sponsorStage] },
    });
    const created = (await graph.api(`${EM}/assignmentPolicies`).post(body)) as GraphObject;
    expect(created['allowedTargetScope']).toBe('specificConnectedOrganizationUsers');
  });

  it('takes requests from connected-organization users only in a catalog enabled for external users', async () => {
    const pkg = await buildPackage(graph, 'Partner tools');
    const organization = await emeaOrganization(graph, 'EMEA partners');
    const policy = (await graph
      .api(`${EM}/assignmentPolicies`)
      .post(organizationPolicy(pkg.accessPackageId, organization.id))) as GraphObject;
    const invited = (await graph.api('/invitations').post({
      invitedUserEmailAddress: 'partner.one@emea.contoso.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      sendInvitationMessage: false,
    })) as { invitedUser: { id: string } };
    const request = {
      requestType: 'userAdd' as const,
      accessPackageId: pkg.accessPackageId,
      assignmentPolicyId: policy.id,
      targetId: invited.invitedUser.id,
    };
    // buildPackage's catalog keeps the default isExternallyVisible: false.
    await expect(submitRequest(sim.admin, CONTOSO.tenantId, request)).rejects.toThrow(/403/);
    await graph.api(`${EM}/catalogs/${pkg.catalogId}`).patch({ isExternallyVisible: true });
    expect((await submitRequest(sim.admin, CONTOSO.tenantId, request)).state).toBe('delivered');
  });
});
