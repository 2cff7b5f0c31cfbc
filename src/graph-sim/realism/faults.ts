import { GraphError } from '../http/errors.js';
import type { FaultRule, TenantRealism } from '../store/types.js';

const CODES: Record<string, string> = {
  '429': 'TooManyRequests',
  '500': 'generalException',
  '502': 'BadGateway',
  '503': 'ServiceNotAvailable',
  '504': 'GatewayTimeout',
};

/** Waits for the configured added latency. */
export async function injectLatency(realism: TenantRealism): Promise<void> {
  const ms = realism.faults.latencyMs;
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Throws an injected error with the probability configured for its status, if the dice say so. */
export function injectFault(realism: TenantRealism, random: () => number = Math.random): void {
  for (const [status, rate] of Object.entries(realism.faults.errorRates)) {
    if (rate > 0 && random() < rate) {
      const code = CODES[status] ?? 'UnknownError';
      const headers: Record<string, string> =
        status === '429' || status === '503' ? { 'retry-after': '1' } : {};
      throw new GraphError(Number(status), code, `Injected fault: the simulator answers ${status}.`, headers);
    }
  }
}

/** The rule that applies to this request, if any, counting it against the rule's `after` and `times`. */
export function matchFaultRule(
  realism: TenantRealism,
  method: string,
  target: string,
): FaultRule | undefined {
  for (const rule of realism.faults.rules) {
    if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
    if (rule.pathContains !== undefined && !target.includes(rule.pathContains)) continue;
    if (rule.after !== undefined && rule.after > 0) {
      rule.after -= 1;
      continue;
    }
    if (rule.times !== undefined) {
      if (rule.times <= 0) continue;
      rule.times -= 1;
    }
    return rule;
  }
  return undefined;
}

const HANG_LIMIT_MS = 10 * 60_000;

/** Holds a request open while `rule` is still among the tenant's rules (at most 10 minutes). */
export async function hangWhile(realism: TenantRealism, rule: FaultRule): Promise<void> {
  const until = Date.now() + HANG_LIMIT_MS;
  while (realism.faults.rules.includes(rule) && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 100).unref());
}

/** The body a `malformed`, `truncated` or `unvalued` rule sends instead of the JSON it replaces. */
export function corruptBody(effect: 'malformed' | 'truncated' | 'unvalued', body: unknown): string {
  if (effect === 'malformed')
    return '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
  if (effect === 'unvalued') {
    const { value: _dropped, ...rest } = (body ?? {}) as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  const json = JSON.stringify(body ?? {});
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}
