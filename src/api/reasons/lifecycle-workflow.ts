// The conditions and Events of the LifecycleWorkflow controller.
import { ready } from './entries.js';
import { ATTRIBUTES_NOT_SYNCED, governance, LEFT_IN_TENANT, ruleInvalid } from './shared.js';

/** What the LifecycleWorkflow controller reports. */
export const lifecycleWorkflowReasons = {
  conditions: [
    ...governance("a task's AccessPackagePolicy or the policy it names"),
    ready(
      'False',
      'DependencyNotReady',
      "A task's AccessPackagePolicy has no access package or policy id in its status yet; retried on its own.",
    ),
    ruleInvalid('`spec.scope.rule`'),
    ready(
      'False',
      'TriggerNotSupported',
      '`spec.category: mover`: Lifecycle Workflows triggers movers on attribute or membership changes, ' +
        'which `spec.trigger` (a date attribute) cannot express. Stalled.',
    ),
    ATTRIBUTES_NOT_SYNCED,
  ],
  events: [LEFT_IN_TENANT],
};
