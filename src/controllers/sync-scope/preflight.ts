// A SyncScope's preflight: before it writes into the target, read the settings that decide whether its
// invitations can work and whether the users it creates can sign in without a consent prompt.
import {
  GraphRequestError,
  getAllowInvitesFrom,
  getDefaultConfiguration,
  getPartnerConfiguration,
} from '../../graph/index.js';
import type { PreflightInput, PreflightReason } from '../../relationships/preflight.js';
import { preflightCondition, preflightFindings } from '../../relationships/preflight.js';
import { checkAnchorAttribute } from '../../sync/anchor-check.js';
import { graphFailure } from '../governance/template.js';
import type { TenantConnection } from '../shared/tenant-clients.js';
import type { Clock } from '../../time/clock.js';

/** Why a SyncScope must wait: stalled on a setting the user changes, or not ready on a Graph failure. */
export interface PreflightBlock {
  state: 'stalled' | 'notReady';
  reason: PreflightReason | 'AnchorAttributeMissing' | 'PermissionsMissing' | 'GraphRequestFailed';
  message: string;
}

/** How long a passed preflight holds before the settings are read again. */
export const PREFLIGHT_RECHECK_MS = 5 * 60_000;

async function readSettings(source: TenantConnection, target: TenantConnection): Promise<PreflightInput> {
  const [sourceDefaults, sourcePartner, targetDefaults, targetPartner, allowInvitesFrom] = await Promise.all([
    getDefaultConfiguration(source.client),
    getPartnerConfiguration(source.client, target.tenantId),
    getDefaultConfiguration(target.client),
    getPartnerConfiguration(target.client, source.tenantId),
    getAllowInvitesFrom(target.client),
  ]);
  return {
    source: {
      link: source.link.metadata.name ?? '',
      tenantId: source.tenantId,
      defaults: sourceDefaults,
      partner: sourcePartner,
    },
    target: {
      link: target.link.metadata.name ?? '',
      tenantId: target.tenantId,
      defaults: targetDefaults,
      partner: targetPartner,
      allowInvitesFrom,
    },
  };
}

/**
 * Remembers, per SyncScope, a preflight that passed for its tenant pair, so the settings are read once every
 * few minutes rather than every cycle; a failed one is read again at each retry.
 */
export class SyncScopePreflight {
  private readonly passed = new Map<string, { pair: string; untilMs: number }>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** Undefined when the SyncScope may go on; else the readiness to stop with (which setting, where, what to do). */
  async check(
    key: string,
    source: TenantConnection,
    target: TenantConnection,
    anchorAttribute = '',
  ): Promise<PreflightBlock | undefined> {
    const pair = `${source.tenantId}/${target.tenantId}/${anchorAttribute}`;
    const nowMs = this.clock.now();
    const cached = this.passed.get(key);
    if (cached?.pair === pair && cached.untilMs > nowMs) return undefined;
    this.passed.delete(key);
    let input: PreflightInput;
    let anchor;
    try {
      input = await readSettings(source, target);
      anchor = await checkAnchorAttribute(target.client, anchorAttribute);
    } catch (err) {
      if (!(err instanceof GraphRequestError)) throw err;
      const { readiness } = graphFailure(err);
      return {
        state: readiness.state === 'stalled' ? 'stalled' : 'notReady',
        reason: readiness.reason,
        message: `Preflight: reading cross-tenant access settings and directory extensions: ${readiness.message}`,
      };
    }
    const blocked = preflightCondition(preflightFindings(input));
    if (blocked) return { state: 'stalled', reason: blocked.reason, message: blocked.message };
    if (anchor) return { state: 'stalled', reason: anchor.reason, message: `Preflight: ${anchor.message}` };
    this.passed.set(key, { pair, untilMs: nowMs + PREFLIGHT_RECHECK_MS });
    return undefined;
  }

  /** Forgets a deleted SyncScope. */
  forget(key: string): void {
    this.passed.delete(key);
  }
}
