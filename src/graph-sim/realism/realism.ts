import type { FaultRule, TenantRealism } from '../store/types.js';

/** A partial update of a tenant's realism switches, as the admin API and seeds accept it. */
export interface RealismPatch {
  replicationLagMs?: number;
  /** A limit set to null goes back to Graph's default. */
  throttling?: { enabled?: boolean; resourceUnitsPer10s?: number | null; writesPer150s?: number | null };
  faults?: Partial<TenantRealism['faults']>;
  deltaTokenTtlMs?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} must be a number >= 0`);
  return value;
}

function optionalNumber(value: unknown, fallback: number | undefined, name: string): number | undefined {
  if (value === null) return undefined;
  return value === undefined ? fallback : numberOr(value, 0, name);
}

function isFaultRule(value: unknown): value is FaultRule {
  const effects = ['malformed', 'truncated', 'unvalued', 'reset', 'hang'];
  if (!isRecord(value) || !effects.includes(value['effect'] as string)) return false;
  const count = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
  const text = (v: unknown) => v === undefined || typeof v === 'string';
  return (
    count(value['after']) && count(value['times']) && text(value['method']) && text(value['pathContains'])
  );
}

/** Applies a patch to realism switches, checking each value; unknown keys are errors. */
export function mergeRealism(current: TenantRealism, patch: unknown): TenantRealism {
  if (!isRecord(patch)) throw new TypeError('realism must be an object');
  for (const key of Object.keys(patch)) {
    if (!['replicationLagMs', 'throttling', 'faults', 'deltaTokenTtlMs'].includes(key))
      throw new TypeError(`unknown realism switch '${key}'`);
  }
  const throttling = isRecord(patch['throttling']) ? patch['throttling'] : {};
  const faults = isRecord(patch['faults']) ? patch['faults'] : {};
  const rates = faults['errorRates'];
  if (
    rates !== undefined &&
    (!isRecord(rates) || Object.values(rates).some((r) => typeof r !== 'number' || r < 0 || r > 1))
  ) {
    throw new TypeError('faults.errorRates maps status codes to probabilities between 0 and 1');
  }
  const rules = faults['rules'];
  if (rules !== undefined && (!Array.isArray(rules) || !rules.every(isFaultRule)))
    throw new TypeError(
      'faults.rules is a list of {effect: malformed | truncated | unvalued | reset | hang, method?, ' +
        'pathContains?, after?, times?}',
    );
  return {
    replicationLagMs: numberOr(patch['replicationLagMs'], current.replicationLagMs, 'replicationLagMs'),
    deltaTokenTtlMs: numberOr(patch['deltaTokenTtlMs'], current.deltaTokenTtlMs, 'deltaTokenTtlMs'),
    throttling: {
      enabled:
        typeof throttling['enabled'] === 'boolean' ? throttling['enabled'] : current.throttling.enabled,
      resourceUnitsPer10s: optionalNumber(
        throttling['resourceUnitsPer10s'],
        current.throttling.resourceUnitsPer10s,
        'resourceUnitsPer10s',
      ),
      writesPer150s: optionalNumber(
        throttling['writesPer150s'],
        current.throttling.writesPer150s,
        'writesPer150s',
      ),
    },
    faults: {
      errorRates: rates === undefined ? current.faults.errorRates : (rates as Record<string, number>),
      latencyMs: numberOr(faults['latencyMs'], current.faults.latencyMs, 'latencyMs'),
      rules: rules === undefined ? current.faults.rules : (rules as FaultRule[]).map((r) => ({ ...r })),
    },
  };
}
