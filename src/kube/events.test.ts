import { FakeClock } from '../time/clock.js';
import type { KubeClients } from './client.js';
import { EventRecorder, microTime } from './events.js';

interface Call {
  verb: 'create' | 'patch';
  namespace: string;
  name?: string;
  body: Record<string, unknown>;
}

/** Records the calls an EventRecorder makes; the API behaviour itself is covered by test/kube. */
function recordingClients(calls: Call[]): KubeClients {
  const events = {
    createNamespacedEvent: async (param: { namespace: string; body: Record<string, unknown> }) => {
      calls.push({ verb: 'create', namespace: param.namespace, body: param.body });
      return param.body;
    },
    patchNamespacedEvent: async (param: {
      namespace: string;
      name: string;
      body: Record<string, unknown>;
    }) => {
      calls.push({ verb: 'patch', namespace: param.namespace, name: param.name, body: param.body });
      return param.body;
    },
  };
  return { events, core: events } as unknown as KubeClients;
}

const widget = {
  apiVersion: 'test.crosstenant.io/v1',
  kind: 'Widget',
  metadata: { name: 'w1', namespace: 'ns', uid: 'u1' },
};

describe('EventRecorder', () => {
  it('bumps the series count of a repeated event within 10 minutes', async () => {
    const calls: Call[] = [];
    const clock = new FakeClock(1_700_000_000_000);
    const recorder = new EventRecorder({ clients: recordingClients(calls), component: 'test', clock });
    await recorder.event(widget, 'Warning', 'CredentialsInvalid', 'secret missing');
    clock.advance(60_000);
    await recorder.event(widget, 'Warning', 'CredentialsInvalid', 'secret missing');
    clock.advance(60_000);
    await recorder.event(widget, 'Warning', 'CredentialsInvalid', 'secret missing');
    expect(calls.map((c) => c.verb)).toEqual(['create', 'patch', 'patch']);
    const name = calls[0]?.body.metadata as { name: string };
    expect(calls[2]).toMatchObject({
      name: name.name,
      body: { series: { count: 3, lastObservedTime: microTime(1_700_000_120_000) } },
    });
    expect(calls[0]?.body).toMatchObject({
      reason: 'CredentialsInvalid',
      note: 'secret missing',
      type: 'Warning',
      action: 'CredentialsInvalid',
      regarding: { kind: 'Widget', name: 'w1', uid: 'u1' },
      eventTime: '2023-11-14T22:13:20.000000Z',
    });
  });

  it('creates a new event after the window or for a different message', async () => {
    const calls: Call[] = [];
    const clock = new FakeClock(0);
    const recorder = new EventRecorder({ clients: recordingClients(calls), component: 'test', clock });
    await recorder.event(widget, 'Normal', 'Synced', 'ok');
    await recorder.event(widget, 'Normal', 'Synced', 'other');
    clock.advance(600_000);
    await recorder.event(widget, 'Normal', 'Synced', 'ok');
    expect(calls.map((c) => c.verb)).toEqual(['create', 'create', 'create']);
  });

  it('uses core/v1 count and lastTimestamp when asked', async () => {
    const calls: Call[] = [];
    const clock = new FakeClock(0);
    const recorder = new EventRecorder({
      clients: recordingClients(calls),
      component: 'test',
      clock,
      api: 'v1',
    });
    await recorder.event(widget, 'Normal', 'Synced', 'ok');
    clock.advance(1000);
    await recorder.event(widget, 'Normal', 'Synced', 'ok');
    expect(calls[0]?.body).toMatchObject({ count: 1, message: 'ok', involvedObject: { name: 'w1' } });
    expect(calls[1]?.body).toEqual({ count: 2, lastTimestamp: '1970-01-01T00:00:01.000Z' });
  });

  it('drops events beyond the per-object burst until tokens refill', async () => {
    const calls: Call[] = [];
    const clock = new FakeClock(0);
    const recorder = new EventRecorder({
      clients: recordingClients(calls),
      component: 'test',
      clock,
      burst: 3,
    });
    for (let i = 0; i < 5; i++) await recorder.event(widget, 'Normal', 'Synced', `step ${i}`);
    await recorder.event(
      { ...widget, metadata: { ...widget.metadata, name: 'w2', uid: 'u2' } },
      'Normal',
      'Synced',
      'x',
    );
    expect(calls).toHaveLength(4);
    clock.advance(300_000);
    await recorder.event(widget, 'Normal', 'Synced', 'later');
    expect(calls).toHaveLength(5);
  });

  it('never puts a bearer token into an event', async () => {
    const calls: Call[] = [];
    const recorder = new EventRecorder({
      clients: recordingClients(calls),
      component: 'test',
      clock: new FakeClock(),
    });
    await recorder.event(widget, 'Warning', 'GraphRequestFailed', 'request with Bearer abc.def.ghi failed');
    expect(calls[0]?.body.note).toBe('request with Bearer [REDACTED] failed');
  });
});
