// What a LifecycleWorkflow's tasks refer to: the access packages and policies of AccessPackagePolicies.
import type { LifecycleWorkflow, ReadyReason } from '../../api/index.js';
import type { ResolvedPackage } from '../../governance/lifecycle-workflow.js';
import type { Readiness } from '../../kube/conditions.js';
import type { OperatorContext } from '../context.js';
import { stalled } from '../governance/template.js';
import { cached } from '../shared/references.js';

/** Resolves the package tasks to access package and policy ids, or says which reference is missing or not ready. */
export function resolvePackages(
  ctx: Pick<OperatorContext, 'informers'>,
  wf: LifecycleWorkflow,
):
  | { ok: true; packages: Map<number, ResolvedPackage> }
  | { ok: false; readiness: Readiness<ReadyReason<'LifecycleWorkflow'>> } {
  const namespace = wf.metadata.namespace ?? '';
  const packages = new Map<number, ResolvedPackage>();
  for (const [index, task] of wf.spec.tasks.entries()) {
    const ref = task.accessPackagePolicyRef;
    if (!ref) continue;
    const packagePolicy = cached(ctx, 'AccessPackagePolicy').get(namespace, ref);
    if (!packagePolicy) {
      return {
        ok: false,
        readiness: stalled(
          'ReferenceNotFound',
          `task ${index + 1}: AccessPackagePolicy ${ref} does not exist in ${namespace}`,
        ),
      };
    }
    const policyName = task.policy ?? packagePolicy.spec.policies[0]?.name ?? '';
    if (!packagePolicy.spec.policies.some((p) => p.name === policyName)) {
      return {
        ok: false,
        readiness: stalled(
          'ReferenceNotFound',
          `task ${index + 1}: AccessPackagePolicy ${ref} has no policy ${policyName}`,
        ),
      };
    }
    const accessPackageId = packagePolicy.status?.accessPackageId;
    const assignmentPolicyId = packagePolicy.status?.policies?.find((p) => p.name === policyName)?.id;
    if (!accessPackageId || (task.kind === 'RequestAccessPackage' && !assignmentPolicyId)) {
      return {
        ok: false,
        readiness: {
          state: 'notReady',
          reason: 'DependencyNotReady',
          message: `task ${index + 1}: AccessPackagePolicy ${ref} has no access package or policy ${policyName} id in its status yet`,
        },
      };
    }
    packages.set(index, { accessPackageId, ...(assignmentPolicyId ? { assignmentPolicyId } : {}) });
  }
  return { ok: true, packages };
}
