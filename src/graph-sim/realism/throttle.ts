import { TokenBucket } from './token-bucket.js';

/** Limits of one app in one tenant (Graph's throttling limits page); the others are Graph's fixed cross-tenant limits. */
export interface ThrottleLimits {
  resourceUnitsPer10s: number;
  writesPer150s: number;
}

/** What a request costs: resource units, and whether it is a write. */
export interface RequestCost {
  resourceUnits: number;
  write: boolean;
}

/** The throttling verdict and the headers it implies. */
export type ThrottleVerdict =
  | { ok: true; usedFraction: number }
  | {
      ok: false;
      retryAfterS: number;
      scope: string;
      information: 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded';
    };

/** Resource units per 10 s for app + tenant by the tenant's user count: < 50: 3,500; 50–500: 5,000; > 500: 8,000. */
export function resourceUnitLimitFor(userCount: number): number {
  if (userCount < 50) return 3_500;
  if (userCount <= 500) return 5_000;
  return 8_000;
}

/** Resource-unit cost of a request: base cost with Graph's query modifiers, at least 1; a write costs 1. */
export function requestCost(write: boolean, baseCost: number, query: URLSearchParams): RequestCost {
  if (write) return { resourceUnits: 1, write: true };
  let units = baseCost;
  if (query.has('$select')) units -= 1;
  if (query.has('$expand')) units += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && top < 20) units -= 1;
  return { resourceUnits: Math.max(1, units), write: false };
}

interface Scope {
  key: string;
  bucket: TokenBucket;
  cost: number;
  information: 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded';
}

/** Graph's write limits beyond the per app + tenant one a tenant's realism sets: per app, and per tenant. */
export const FIXED_WRITE_LIMITS = {
  application: { limit: 35_000, windowSeconds: 300 },
  tenant: { limit: 18_000, windowSeconds: 300 },
} as const;

/** Graph's identity and access throttling: token buckets per app + tenant, per app, and per tenant. */
export class Throttler {
  private readonly buckets = new Map<string, TokenBucket>();

  private bucket(key: string, capacity: number, windowMs: number, nowMs: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.capacity !== capacity || bucket.windowMs !== windowMs) {
      bucket = new TokenBucket(capacity, windowMs, nowMs);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Charges a request to every scope it counts against, or refuses it naming the scope that ran out. */
  charge(
    appId: string,
    tenantId: string,
    cost: RequestCost,
    limits: ThrottleLimits,
    nowMs: number,
  ): ThrottleVerdict {
    const ru = cost.resourceUnits;
    const appTenantRu = this.bucket(
      `Tenant_Application/ResourceUnit/${appId}/${tenantId}`,
      limits.resourceUnitsPer10s,
      10_000,
      nowMs,
    );
    const scopes: Scope[] = [
      {
        key: `Tenant_Application/ResourceUnit/${appId}/${tenantId}`,
        bucket: appTenantRu,
        cost: ru,
        information: 'ResourceUnitLimitExceeded',
      },
      {
        key: `Application/ResourceUnit/${appId}`,
        bucket: this.bucket(`Application/ResourceUnit/${appId}`, 150_000, 20_000, nowMs),
        cost: ru,
        information: 'ResourceUnitLimitExceeded',
      },
    ];
    if (cost.write) {
      scopes.push(
        {
          key: `Tenant_Application/Write/${appId}/${tenantId}`,
          bucket: this.bucket(
            `Tenant_Application/Write/${appId}/${tenantId}`,
            limits.writesPer150s,
            150_000,
            nowMs,
          ),
          cost: 1,
          information: 'WriteLimitExceeded',
        },
        {
          key: `Application/Write/${appId}`,
          bucket: this.bucket(
            `Application/Write/${appId}`,
            FIXED_WRITE_LIMITS.application.limit,
            FIXED_WRITE_LIMITS.application.windowSeconds * 1000,
            nowMs,
          ),
          cost: 1,
          information: 'WriteLimitExceeded',
        },
        {
          key: `Tenant/Write/${tenantId}`,
          bucket: this.bucket(
            `Tenant/Write/${tenantId}`,
            FIXED_WRITE_LIMITS.tenant.limit,
            FIXED_WRITE_LIMITS.tenant.windowSeconds * 1000,
            nowMs,
          ),
          cost: 1,
          information: 'WriteLimitExceeded',
        },
      );
    }
    let worst: { scope: Scope; wait: number } | undefined;
    for (const scope of scopes) {
      const wait = scope.bucket.secondsUntil(scope.cost, nowMs);
      if (wait > 0 && (!worst || wait > worst.wait)) worst = { scope, wait };
    }
    if (worst) {
      return {
        ok: false,
        retryAfterS: worst.wait,
        scope: worst.scope.key,
        information: worst.scope.information,
      };
    }
    for (const scope of scopes) scope.bucket.take(scope.cost, nowMs);
    return { ok: true, usedFraction: appTenantRu.usedFraction(nowMs) };
  }

  /** Forgets all buckets (after limits change or a reset). */
  reset(): void {
    this.buckets.clear();
  }
}
