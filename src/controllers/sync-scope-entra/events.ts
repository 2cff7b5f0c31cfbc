// The Events of one pass of the Entra path besides the Ready change the report records (a new quarantine is
// one): what was written to Entra's configuration, an engine switch and the provision-now answers.
import type { EntraProvisionNowStatus } from '../../api/sync-scope-entra.js';
import type { EventReason, SyncScope } from '../../api/index.js';
import { API_VERSION } from '../../api/index.js';
import type { OperatorContext } from '../context.js';

const EVENT_MESSAGE_LIMIT = 1024;

/** What a pass has to say. */
export interface PassNews {
  writes: readonly string[];
  /** Users the Operator engine left, when the SyncScope has just switched to Entra. */
  operatorUsersLeft?: number | undefined;
  provisioned?: EntraProvisionNowStatus | undefined;
  /** A crosstenant.io/provision-group-now request, which this engine does not answer: groups are the Operator's. */
  groupRequest?: string | undefined;
}

/** Records the Events of a pass on the SyncScope. */
export function announce(ctx: OperatorContext, scope: SyncScope, news: PassNews): void {
  const subject = { apiVersion: API_VERSION, kind: 'SyncScope', metadata: scope.metadata };
  const event = (type: 'Normal' | 'Warning', reason: EventReason<'SyncScope'>, message: string) =>
    void ctx.events.event(subject, type, reason, message.slice(0, EVENT_MESSAGE_LIMIT));
  if (news.writes.length > 0)
    event('Normal', 'EntraConfigured', `Entra configuration: ${news.writes.join(', ')}`);
  if (news.operatorUsersLeft !== undefined)
    event(
      'Normal',
      'EngineSwitched',
      `engine Entra: the ${news.operatorUsersLeft} users the Operator engine provisioned stay in place for Entra ` +
        'to match (docs/sync-vs-entra.md, "Switching engines")',
    );
  const p = news.provisioned;
  if (p) {
    const failed = p.result === 'Failed' || p.result === 'UserNotFound';
    const steps = p.steps.map((s) => `${s.name} ${s.status}`).join(', ');
    event(
      failed ? 'Warning' : 'Normal',
      failed ? 'ProvisionOnDemandFailed' : 'ProvisionedOnDemand',
      `${p.user}: ${p.result}${steps ? ` (${steps})` : ''}`,
    );
  }
  if (news.groupRequest !== undefined)
    event(
      'Warning',
      'ProvisionOnDemandFailed',
      `group ${news.groupRequest}: not provisioned: engine Entra synchronizes users only; ` +
        'crosstenant.io/provision-group-now is answered by engine Operator with spec.groupSync',
    );
}
