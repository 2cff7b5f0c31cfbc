import type { Logger } from 'winston';
import { RESOURCES } from '../api/index.js';
import type { TenantLinkStatus } from '../api/index.js';
import type { KubeClients } from './client.js';
import type { ReportContext } from './report.js';
import { report, reportedStatus } from './report.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:01:00Z');

interface Stored {
  metadata: { namespace: string; name: string; generation: number };
  status?: TenantLinkStatus;
}

/** A status subresource kept in memory, as the API server's get and replace treat it. */
function statusStore(initial: Stored): { clients: KubeClients; writes: () => number; stored: () => Stored } {
  // A JSON round trip, as over the wire (structuredClone would build objects of another realm under jest).
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  let stored = initial;
  let writes = 0;
  const customObjects = {
    getNamespacedCustomObjectStatus: () => Promise.resolve(clone(stored)),
    replaceNamespacedCustomObjectStatus: ({ body }: { body: Stored }) => {
      writes += 1;
      stored = clone(body);
      return Promise.resolve(clone(stored));
    },
  };
  return {
    clients: { customObjects } as unknown as KubeClients,
    writes: () => writes,
    stored: () => stored,
  };
}

function context(clients: KubeClients, now: Date) {
  const events: { type: string; reason: string; message: string }[] = [];
  const logs: { level: string; message: string; meta: unknown }[] = [];
  const ctx: ReportContext = {
    clients,
    events: {
      event: (_subject, type, reason, message) => {
        events.push({ type, reason, message });
        return Promise.resolve();
      },
    },
    log: {
      log: (level: string, message: string, meta: unknown) => logs.push({ level, message, meta }),
    } as unknown as Logger,
    now,
  };
  return { ctx, events, logs };
}

const link: Stored = { metadata: { namespace: 'ns', name: 'contoso', generation: 2 } };

describe('reportedStatus', () => {
  it('sets Ready with its kstatus companions, the other conditions and observedGeneration, and keeps the fields', () => {
    const status = reportedStatus<'TenantLink', TenantLinkStatus>(
      { tenantDisplayName: 'Contoso', conditions: [] },
      { readiness: { state: 'stalled', reason: 'PermissionsMissing', message: 'grant User.Read.All' } },
      2,
      T0,
    );
    expect(status).toEqual({
      tenantDisplayName: 'Contoso',
      observedGeneration: 2,
      conditions: [
        expect.objectContaining({
          type: 'Ready',
          status: 'False',
          reason: 'PermissionsMissing',
          observedGeneration: 2,
        }),
        expect.objectContaining({ type: 'Stalled', status: 'True', reason: 'PermissionsMissing' }),
      ],
    });
  });

  it('replaces the fields when the report computes them', () => {
    const status = reportedStatus<'TenantLink', TenantLinkStatus>(
      { tenantDisplayName: 'Contoso', grantedPermissions: ['User.Read.All'] },
      {
        readiness: { state: 'ready', reason: 'Connected', message: 'ok' },
        fields: () => ({ defaultDomain: 'c.com' }),
      },
      1,
      T0,
    );
    expect(status).toEqual({ defaultDomain: 'c.com', observedGeneration: 1, conditions: expect.any(Array) });
  });
});

describe('report', () => {
  it('records one Event and one log line when Ready changes, and none while it stays the same', async () => {
    const store = statusStore(link);
    const first = context(store.clients, T0);
    const connected = { readiness: { state: 'ready', reason: 'Connected', message: 'signed in' } } as const;
    await report(first.ctx, RESOURCES.TenantLink, link, connected);
    expect(first.events).toEqual([{ type: 'Normal', reason: 'Connected', message: 'signed in' }]);
    expect(first.logs).toEqual([
      {
        level: 'info',
        message: 'TenantLink Ready changed',
        meta: expect.objectContaining({
          kind: 'TenantLink',
          namespace: 'ns',
          name: 'contoso',
          reason: 'Connected',
        }),
      },
    ]);

    const again = context(store.clients, T1);
    await report(again.ctx, RESOURCES.TenantLink, link, connected);
    expect(again.events).toEqual([]);
    expect(again.logs).toEqual([]);
    expect(store.writes()).toBe(1);
  });

  it('records a Warning when Ready turns False for a reason other than suspension, after the given Events', async () => {
    const store = statusStore(link);
    await report(context(store.clients, T0).ctx, RESOURCES.TenantLink, link, {
      readiness: { state: 'ready', reason: 'Connected', message: 'signed in' },
    });
    const failed = context(store.clients, T1);
    const { transition } = await report(failed.ctx, RESOURCES.TenantLink, link, {
      readiness: { state: 'stalled', reason: 'CredentialsInvalid', message: 'AADSTS7000215' },
    });
    expect(failed.events).toEqual([
      { type: 'Warning', reason: 'CredentialsInvalid', message: 'AADSTS7000215' },
    ]);
    expect(failed.logs[0]).toEqual(
      expect.objectContaining({
        level: 'warn',
        meta: expect.objectContaining({ previousReason: 'Connected' }),
      }),
    );
    expect(transition.before?.reason).toBe('Connected');
    expect(store.stored().status?.conditions?.map((c) => c.type)).toEqual(['Ready', 'Stalled']);

    const suspended = context(store.clients, T1);
    await report(suspended.ctx, RESOURCES.TenantLink, link, {
      readiness: { state: 'notReady', reason: 'Suspended', message: 'suspended' },
    });
    expect(suspended.events).toEqual([{ type: 'Normal', reason: 'Suspended', message: 'suspended' }]);
  });

  it('records the Events of the report before the one for Ready', async () => {
    const store = statusStore({ metadata: { namespace: 'ns', name: 'pair', generation: 1 } });
    const { ctx, events } = context(store.clients, T0);
    await report(ctx, RESOURCES.TenantRelationship, store.stored(), {
      readiness: { state: 'ready', reason: 'ReconciliationSucceeded', message: 'in place' },
      events: [{ type: 'Normal', reason: 'SettingsApplied', message: 'wrote inbound trust' }],
    });
    expect(events.map((e) => e.reason)).toEqual(['SettingsApplied', 'ReconciliationSucceeded']);
  });

  it('records an Event tied to a condition only in the report that raises that condition', async () => {
    const store = statusStore({ metadata: { namespace: 'ns', name: 'sales', generation: 1 } });
    const ready = { state: 'ready', reason: 'ReconciliationSucceeded', message: 'in place' } as const;
    const conflict = { reason: 'GrantsSyncedGroupMembership', message: 'grants Sales' } as const;
    const pass = (raised: boolean) => ({
      readiness: ready,
      conditions: { SyncConflict: raised ? { status: 'True' as const, ...conflict } : undefined },
      events: raised ? [{ type: 'Warning' as const, ...conflict, whenRaised: 'SyncConflict' as const }] : [],
    });
    const recorded: string[][] = [];
    for (const raised of [false, true, true, false, true]) {
      const { ctx, events } = context(store.clients, T0);
      await report(ctx, RESOURCES.AccessPackagePolicy, store.stored(), pass(raised));
      recorded.push(events.map((e) => `${e.type}/${e.reason}`));
    }
    const warned = ['Warning/GrantsSyncedGroupMembership'];
    expect(recorded).toEqual([['Normal/ReconciliationSucceeded'], warned, [], [], warned]);
  });
});

describe('reasons', () => {
  it('are only those of the catalogue, which the type checker enforces', () => {
    // Never called: `npm run typecheck` fails if any of these compiles.
    const unused = async (ctx: ReportContext): Promise<void> => {
      await report(ctx, RESOURCES.TenantLink, link, {
        // @ts-expect-error Synced is a reason of SyncScope, not of TenantLink
        readiness: { state: 'ready', reason: 'Synced', message: '' },
      });
      await report(ctx, RESOURCES.TenantRelationship, link, {
        readiness: { state: 'ready', reason: 'ReconciliationSucceeded', message: '' },
        // @ts-expect-error UserCreated is an Event of SyncScope
        events: [{ type: 'Normal', reason: 'UserCreated', message: '' }],
      });
      // @ts-expect-error not a reason of any kind
      await ctx.events.event({}, 'Normal', 'SomethingHappened', '');
    };
    expect(unused).toBeInstanceOf(Function);
  });
});
