// Scenario 4, just in time, on either sync engine: a user synchronized from EMEA requests an access package
// through a request-based policy, an approver approves through the simulator's admin API, the group membership is
// delivered, and it expires after the policy's duration on the simulator clock; the pending request shows in the
// status meanwhile.
import { approveRequest, submitRequest } from '../../src/graph-sim/governance/entitlement/admin.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import { anchoredUsers, clientFor, groupId, userId } from '../sync/engine.js';
import type { OperatorTestbed } from '../support/operator.js';
import type { ScenarioEngine } from './engine.js';
import { conditionOf, create, patch, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from './testbed.js';

const DAY = 86_400_000;

interface PackageStatus {
  accessPackageId?: string;
  policies?: { name: string; id: string }[];
  assignments?: { delivered?: number; expired?: number };
  pendingRequests?: number;
}

function statusOf(resource: Stored): PackageStatus {
  return (resource.status ?? {}) as PackageStatus;
}

/** Declares scenario 4's hooks and tests, run by `engine`. Call at the top level of a test file. */
export function justInTimeScenarios(
  engine: ScenarioEngine,
  sim: () => RunningSimulator,
  testbed: () => OperatorTestbed,
): void {
  /** The controller resyncs every 60 s; an annotation change requeues it at once. */
  async function nudge(round: number): Promise<void> {
    const { clients, namespace } = testbed();
    await patch(clients, 'AccessPackagePolicy', namespace, 'falcon', {
      metadata: { annotations: { 'test.crosstenant.io/nudge': String(round) } },
    });
  }

  function waitForStatus(what: string, check: (status: PackageStatus) => boolean): Promise<Stored> {
    const { clients, namespace } = testbed();
    return waitUntil(
      clients,
      'AccessPackagePolicy',
      namespace,
      'falcon',
      what,
      (r) => check(statusOf(r)),
      60_000,
    );
  }

  async function falconMembers(): Promise<string[]> {
    const contoso = clientFor(sim(), CONTOSO);
    const group = await groupId(contoso, 'Project Falcon');
    const page = await contoso.get<{ value: { id: string }[] }>(`/groups/${group}/members?$select=id`);
    return page.value.map((m) => m.id);
  }

  let approver: string;
  let requester: string;

  beforeAll(async () => {
    const { clients, namespace } = testbed();
    await connectContosoAndEmea(clients, sim(), namespace);
    const emea = clientFor(sim(), EMEA);
    await engine.syncEmea(clients, sim, namespace, 'emea', {
      scope: { groups: [await groupId(emea, 'Sync to Contoso')] },
    });
    const contoso = clientFor(sim(), CONTOSO);
    approver = await userId(contoso, 'megan.bowen@contoso.com');
    const synced = await anchoredUsers(contoso, EMEA.tenantId);
    requester = [...synced.values()][0]?.id as string;
    // A catalog of the same name made by hand, not enabled for external users: the operator must open it.
    await contoso.send('POST', '/identityGovernance/entitlementManagement/catalogs', {
      displayName: 'Projects',
      description: 'Made by hand',
      state: 'published',
      isExternallyVisible: false,
    });
    await create(clients, 'AccessPackagePolicy', namespace, 'falcon', {
      tenantLinkRef: 'contoso',
      catalog: { displayName: 'Projects' },
      accessPackage: { displayName: 'Project Falcon', description: 'Temporary access to Project Falcon' },
      resources: [{ group: { displayName: 'Project Falcon' } }],
      policies: [
        {
          name: 'emea-on-request',
          requests: {
            allowedRequestors: { syncedFrom: ['emea'] },
            approval: { stages: [{ approvers: [{ type: 'User', id: approver }], timeoutDays: 3 }] },
            requireJustification: true,
            assignmentDuration: '2d',
          },
        },
      ],
    });
  });

  describe(`just-in-time access package (engine ${engine.name})`, () => {
    let accessPackageId: string;
    let policyId: string;
    let requestId: string;

    it('takes a request from a synchronized user and shows it pending in the status', async () => {
      const ready = await waitForStatus('ready with its policy', (s) => (s.policies?.length ?? 0) === 1);
      expect(conditionOf(ready, 'Ready')?.startsWith('True/')).toBe(true);
      accessPackageId = statusOf(ready).accessPackageId as string;
      policyId = statusOf(ready).policies?.[0]?.id as string;
      const input = { requestType: 'userAdd' as const, accessPackageId, assignmentPolicyId: policyId };
      // A native Contoso user is outside `syncedFrom: [emea]`, so the policy refuses the request.
      const native = await userId(clientFor(sim(), CONTOSO), 'lee.gu@contoso.com');
      await expect(
        submitRequest(sim().admin, CONTOSO.tenantId, { ...input, targetId: native, justification: 'x' }),
      ).rejects.toThrow(/403/);
      const request = await submitRequest(sim().admin, CONTOSO.tenantId, {
        ...input,
        targetId: requester,
        justification: 'Falcon launch review',
      });
      expect(request.state).toBe('pendingApproval');
      requestId = request.id;
      await nudge(1);
      const pending = await waitForStatus('one pending request', (s) => s.pendingRequests === 1);
      expect(statusOf(pending).assignments?.delivered).toBe(0);
      expect(await falconMembers()).not.toContain(requester);
    });

    it('delivers the group membership once the approver approves', async () => {
      const decided = await approveRequest(sim().admin, CONTOSO.tenantId, requestId, {
        approverId: approver,
      });
      expect(decided.state).toBe('delivered');
      expect(await falconMembers()).toContain(requester);
      await nudge(2);
      await waitForStatus('delivered', (s) => s.assignments?.delivered === 1 && s.pendingRequests === 0);
    });

    it('expires the assignment after its duration and takes the membership away', async () => {
      await sim().admin.advanceClock(DAY);
      expect(await falconMembers()).toContain(requester);
      await sim().admin.advanceClock(DAY + 60_000);
      expect(await falconMembers()).not.toContain(requester);
      await nudge(3);
      const expired = await waitForStatus('expired', (s) => s.assignments?.expired === 1);
      expect(statusOf(expired).assignments?.delivered).toBe(0);
    });
  });
}
