import { GraphError } from '../http/errors.js';
import type { TenantRealism } from '../store/types.js';

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
