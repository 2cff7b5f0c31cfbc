import { request } from 'node:https';
import type { RequestLogEntry } from './admin/request-log.js';
import type { RealismPatch } from './realism/realism.js';
import type { AppSeed, SeedDocument, UserSeed } from './seed/seed-schema.js';
import type { TenantRealism } from './store/types.js';

/** A tenant as the admin API summarises it. */
export interface TenantSummary {
  id: string;
  displayName: string;
  domains: string[];
  defaultDomain: string;
  users: number;
  deletedUsers: number;
  groups: number;
  apps: Array<{ appId: string; displayName: string; roles: string[] }>;
}

/** The simulator clock as the admin API reports it. */
export interface ClockState {
  now: string;
  offsetMs: number;
}

/** Typed client of the simulator's admin API (/_sim/), for tests, benchmarks and the demo. */
export class SimAdminClient {
  /** `baseUrl` is the simulator URL; `ca` the PEM of its CA (trusted for this client only). */
  constructor(
    readonly baseUrl: string,
    private readonly ca: string,
  ) {}

  /** Sends one admin request (path under /_sim) and returns its parsed JSON; feature modules build typed calls on it. */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        `${this.baseUrl}/_sim${path}`,
        {
          method,
          ca: this.ca,
          headers:
            payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed: unknown = text === '' ? undefined : JSON.parse(text);
            if ((res.statusCode ?? 500) >= 400)
              reject(new Error(`admin ${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(parsed as T);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Loads a seed (object or YAML text) and returns the tenants it touched. */
  async seed(seed: SeedDocument | string): Promise<TenantSummary[]> {
    const body = typeof seed === 'string' ? { yaml: seed } : seed;
    return (await this.call<{ tenants: TenantSummary[] }>('POST', '/seed', body)).tenants;
  }

  /** Removes all tenants and clears the request log and throttling state. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  /** Lists tenants. */
  async tenants(): Promise<TenantSummary[]> {
    return (await this.call<{ tenants: TenantSummary[] }>('GET', '/tenants')).tenants;
  }

  /** Registers or replaces an app registration in a tenant. */
  async addApp(tenant: string, app: AppSeed): Promise<{ appId: string; objectId: string }> {
    return this.call('POST', `/tenants/${encodeURIComponent(tenant)}/apps`, app);
  }

  /** Replaces the application permissions granted to an app in a tenant. */
  async setAppRoles(tenant: string, appId: string, roles: string[]): Promise<void> {
    await this.call('PUT', `/tenants/${encodeURIComponent(tenant)}/apps/${appId}/roles`, { roles });
  }

  /** Adds users straight into the directory (no throttling, no request log). */
  async addUsers(tenant: string, users: UserSeed[]): Promise<number> {
    return (
      await this.call<{ users: number }>('POST', `/tenants/${encodeURIComponent(tenant)}/users`, { users })
    ).users;
  }

  /** Adds `count` synthetic users with UPNs `<prefix><n>@<default domain>`. */
  async generateUsers(tenant: string, count: number, prefix?: string): Promise<number> {
    return (
      await this.call<{ users: number }>('POST', `/tenants/${encodeURIComponent(tenant)}/generate`, {
        count,
        prefix,
      })
    ).users;
  }

  /** Marks a B2B user's invitation as redeemed (externalUserState Accepted). */
  async redeemInvitation(tenant: string, userId: string): Promise<void> {
    await this.call(
      'POST',
      `/tenants/${encodeURIComponent(tenant)}/users/${encodeURIComponent(userId)}/redeem`,
    );
  }

  /** Reads a tenant's realism switches. */
  async realism(tenant: string): Promise<TenantRealism> {
    return this.call('GET', `/tenants/${encodeURIComponent(tenant)}/realism`);
  }

  /** Changes a tenant's realism switches (lag, throttling, faults, delta token lifetime). */
  async setRealism(tenant: string, patch: RealismPatch): Promise<TenantRealism> {
    return this.call('PATCH', `/tenants/${encodeURIComponent(tenant)}/realism`, patch);
  }

  /** Reads the request log, optionally of one tenant. */
  async requests(tenant?: string): Promise<RequestLogEntry[]> {
    const query = tenant === undefined ? '' : `?tenant=${encodeURIComponent(tenant)}`;
    return (await this.call<{ requests: RequestLogEntry[] }>('GET', `/requests${query}`)).requests;
  }

  /** Empties the request log. */
  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  /** Reads the simulator clock. */
  async clock(): Promise<ClockState> {
    return this.call('GET', '/clock');
  }

  /** Moves the simulator clock forward by `ms`. */
  async advanceClock(ms: number): Promise<ClockState> {
    return this.call('POST', '/clock/advance', { ms });
  }
}
