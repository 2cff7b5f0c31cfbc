import { parseRunFlags, UsageError } from './flags.js';

const none = { env: {} };

describe('parseRunFlags', () => {
  it('uses the kubebuilder defaults', () => {
    expect(parseRunFlags([], none)).toEqual({
      leaderElect: false,
      leaderElectionNamespace: 'default',
      leaderElectionId: 'crosstenant-operator',
      sharding: false,
      shardName: 'shard',
      metricsBindAddress: ':8080',
      healthProbeBindAddress: ':8081',
      concurrency: 1,
      controllerConcurrency: {},
      logLevel: 'info',
    });
  });

  it.each([
    [['--leader-elect'], true],
    [['--leader-elect=true'], true],
    [['--leader-elect=false'], false],
    [['--leader-elect', '--concurrency=2'], true],
  ])('reads %j as leaderElect %s', (args, expected) => {
    expect(parseRunFlags(args, none).leaderElect).toBe(expected);
  });

  it('takes every flag from CROSSTENANT_<FLAG> when not given', () => {
    const env = {
      CROSSTENANT_LEADER_ELECT: 'true',
      CROSSTENANT_LEADER_ELECTION_NAMESPACE: 'ops',
      CROSSTENANT_METRICS_BIND_ADDRESS: '127.0.0.1:9090',
      CROSSTENANT_HEALTH_PROBE_BIND_ADDRESS: '0',
      CROSSTENANT_WATCH_NAMESPACE: 'a,b',
      CROSSTENANT_CONCURRENCY: '4',
      CROSSTENANT_KUBECONFIG: '/tmp/kc',
      CROSSTENANT_LOG_LEVEL: 'debug',
    };
    expect(parseRunFlags([], { env })).toEqual({
      leaderElect: true,
      leaderElectionNamespace: 'ops',
      leaderElectionId: 'crosstenant-operator',
      sharding: false,
      shardName: 'shard',
      metricsBindAddress: '127.0.0.1:9090',
      healthProbeBindAddress: '0',
      watchNamespaces: ['a', 'b'],
      concurrency: 4,
      controllerConcurrency: {},
      kubeconfig: '/tmp/kc',
      logLevel: 'debug',
    });
  });

  it('prefers a flag over the environment', () => {
    const options = parseRunFlags(['--concurrency', '3'], { env: { CROSSTENANT_CONCURRENCY: '9' } });
    expect(options.concurrency).toBe(3);
  });

  it.each([
    ['tenantlink=4', 1, { tenantlink: 4 }],
    ['2,tenantlink=8', 2, { tenantlink: 8 }],
    ['syncscope=1, 3 ,reviewschedule=2', 3, { syncscope: 1, reviewschedule: 2 }],
  ])('reads --concurrency=%s as %d for each controller and %j for some', (value, each, some) => {
    const options = parseRunFlags([`--concurrency=${value}`], none);
    expect(options.concurrency).toBe(each);
    expect(options.controllerConcurrency).toEqual(some);
  });

  it('merges repeated and comma-separated --watch-namespace values without duplicates', () => {
    const options = parseRunFlags(
      ['--watch-namespace=a,b', '--watch-namespace', 'c', '--watch-namespace=a'],
      none,
    );
    expect(options.watchNamespaces).toEqual(['a', 'b', 'c']);
  });

  it('finds the lease namespace in POD_NAMESPACE, then the service-account file, then default', () => {
    expect(
      parseRunFlags([], { env: { POD_NAMESPACE: 'p' }, podNamespace: () => 's' }).leaderElectionNamespace,
    ).toBe('p');
    expect(parseRunFlags([], { env: {}, podNamespace: () => 's' }).leaderElectionNamespace).toBe('s');
    expect(parseRunFlags([], { env: {}, podNamespace: () => undefined }).leaderElectionNamespace).toBe(
      'default',
    );
  });

  it.each([
    [['--concurrency=0'], /--concurrency: want a whole number from 1 to 100, got "0"/],
    [['--concurrency=two'], /--concurrency/],
    [['--concurrency=1.5'], /--concurrency/],
    [
      ['--concurrency=tenantlink=0'],
      /--concurrency: want a whole number from 1 to 100 for tenantlink, got "0"/,
    ],
    [
      ['--concurrency=tenantlinks=2'],
      /--concurrency: "tenantlinks" is not a controller; want one of tenantlink,/,
    ],
    [['--concurrency=tenantlink=2=3'], /for tenantlink, got "2=3"/],
    [['--concurrency=1,'], /--concurrency: want a whole number from 1 to 100, got ""/],
    [['--log-level=loud'], /--log-level: want one of error, warn, info/],
    [['--metrics-bind-address=8080'], /--metrics-bind-address: invalid bind address "8080"/],
    [['--health-probe-bind-address=localhost'], /--health-probe-bind-address/],
    [['--watch-namespace=Bad_NS'], /--watch-namespace: "Bad_NS" is not a valid namespace name/],
    [['--leader-elect=maybe'], /--leader-elect: want true or false/],
    [['--sharding', '--leader-elect'], /--sharding and --leader-elect exclude each other/],
    [['--shard-name=Shard_A'], /--shard-name: "Shard_A" is not a valid shard name/],
    [['--leader-election-namespace=x/y'], /--leader-election-namespace/],
    [['--no-such-flag'], /no-such-flag/],
    [['stray'], /stray/],
  ])('rejects %j with a message naming the flag', (args, message) => {
    expect(() => parseRunFlags(args, none)).toThrow(UsageError);
    expect(() => parseRunFlags(args, none)).toThrow(message);
  });

  it('reads --sharding and names the shard after the pod, else after the host', () => {
    expect(parseRunFlags(['--sharding'], none).sharding).toBe(true);
    expect(parseRunFlags(['--sharding=false'], none).sharding).toBe(false);
    expect(parseRunFlags([], { env: { CROSSTENANT_SHARDING: 'true' } }).sharding).toBe(true);
    expect(parseRunFlags(['--shard-name=b'], { env: { POD_NAME: 'pod-1' } }).shardName).toBe('b');
    expect(parseRunFlags([], { env: { POD_NAME: 'op-7d9f-x2' }, hostName: () => 'h' }).shardName).toBe(
      'op-7d9f-x2',
    );
    expect(parseRunFlags([], { env: {}, hostName: () => 'Build_Host.example.com' }).shardName).toBe(
      'build-host-example-com',
    );
  });
});
