// Hostile source values against the operator's per-user work: a worst-case corpus of scoping-filter
// regexes and mapping expressions (catastrophic-backtracking patterns, values of up to 1 MB, deeply
// nested expressions) evaluated user by user as planning does, on the main thread, while a separate
// process polls the operator's real /healthz. Prints one JSON line: per-evaluation max and p99, and
// /healthz latency max and p99 over the run. Targets: no evaluation over 100 ms, /healthz p99 <= 100 ms.
// Then one cycle's planning of 100,000 users (bench/hostile-planning.ts), in one block and in the slices the
// sync cycle uses: its wall and CPU time each way, and /healthz while it runs.
import { spawn } from 'node:child_process';
import { startHealthServers } from '../src/observability/health-server.js';
import { eachYielding } from '../src/sync/yielding.js';
import { planningInput, timePlanning } from './hostile-planning.js';
import { desiredValues } from '../src/sync/desired.js';
import { compileMapping } from '../src/sync/mapping/compile.js';
import { evaluateScope, validateScope } from '../src/sync/scope.js';
import type { AttributeMappingEntry, ScopeRules, SourceUser } from '../src/sync/types.js';

const ROUNDS = Number(process.env.HOSTILE_BENCH_ROUNDS ?? 100);
const PLAN_USERS = Number(process.env.HOSTILE_BENCH_PLAN_USERS ?? 100_000);

// Patterns that take exponential time on a backtracking engine, and ordinary-looking ones that do too.
const PATTERNS = [
  '^(a+)+$',
  '^(a|a)*$',
  '^(a|aa)+$',
  '(x+x+)+y',
  '(.*a){20}',
  '^(\\w+\\s?)*$',
  '^([a-zA-Z0-9._%+-]+)+@([a-zA-Z0-9.-]+)+\\.[a-z]{2,}$',
  "^(?i)(?:[\\p{L}\\p{Mn}]+[ '-]?)+$",
];

const MB = 1024 * 1024;
// Values near and far past any length Graph stores: the engine must refuse or finish them quickly.
const VALUES = [
  `${'a'.repeat(30)}!`,
  `${'a'.repeat(1000)}!`,
  `${'x'.repeat(5000)}`,
  `${'José '.repeat(2000)}!`,
  `${'a'.repeat(60_000)}!`,
  `${'a'.repeat(MB)}!`,
  `${'é'.repeat(MB)}`,
  `${'a@'.repeat(MB / 2)}`,
];

const nested = (depth: number) => `${'ToLower('.repeat(depth)}[displayName]${')'.repeat(depth)}`;

const MAPPINGS: AttributeMappingEntry[] = [
  { target: 'jobTitle', expression: 'Replace([displayName], , "^(a+)+$", , "x", , )', apply: 'Always' },
  { target: 'department', expression: 'Replace([displayName], , "(x+x+)+y", , "$0$0", , )', apply: 'Always' },
  {
    target: 'companyName',
    expression: 'Replace([displayName], , "(?<w>\\w+)(\\s)", "w", "-", , )',
    apply: 'Always',
  },
  { target: 'city', expression: nested(100), apply: 'Always' },
  { target: 'state', expression: 'ToUpper(PCase(NormalizeDiacritics([displayName])))', apply: 'Always' },
  { target: 'streetAddress', expression: 'Join(",", Split([displayName], "a"))', apply: 'Always' },
  { target: 'postalCode', expression: 'ConvertToBase64(StripSpaces([displayName]))', apply: 'Always' },
  { target: 'country', expression: 'Redact(CDate([displayName]))', apply: 'Always' },
];

const SCOPE: ScopeRules = {
  allUsers: true,
  membership: 'Direct',
  filters: PATTERNS.map((value) => ({
    clauses: [{ attribute: 'displayName', operator: 'RegexMatch' as const, value }],
  })),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Polls /healthz from a process of its own every 10 ms; prints one latency in ms per line. */
function startPoller(url: string) {
  const code = `
    const url = ${JSON.stringify(url)};
    const tick = async () => {
      const t0 = performance.now();
      try { const r = await fetch(url); await r.text(); } catch { process.stdout.write('-1\\n'); }
      process.stdout.write((performance.now() - t0).toFixed(2) + '\\n');
      setTimeout(tick, 10);
    };
    tick();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const latencies: number[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) latencies.push(Number(line));
  });
  return { latencies, stop: () => child.kill('SIGTERM') };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const compiled = compileMapping({ includeDefaults: false, mappings: MAPPINGS });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const mapping = compiled.mapping;
  // The operator checks (and so compiles) the patterns when the SyncScope is reconciled, before a cycle.
  const invalid = validateScope(SCOPE);
  if (invalid.length > 0) throw new Error(invalid.join('; '));
  const ctx = { now: () => new Date(), random: Math.random, isUnique: () => true };
  const users: SourceUser[] = VALUES.map((displayName, i) => ({
    id: `hostile-${i}`,
    attributes: { userType: 'Member', userPrincipalName: `u${i}@source.example`, displayName },
  }));

  const servers = await startHealthServers({ metricsBindAddress: '0', probeBindAddress: '127.0.0.1:0' });
  const port = servers.probeAddress?.port;
  const poller = startPoller(`http://127.0.0.1:${port}/healthz`);
  await pause(500);
  const baseline = poller.latencies.length;

  const evaluations: number[] = [];
  let failedUsers = 0;
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r += 1) {
    // One cycle's planning: every user's scope and mapping, in the slices the sync cycle runs them in.
    await eachYielding(
      users,
      (user) => {
        const t0 = performance.now();
        evaluateScope(user, SCOPE, { directGroupIds: new Set() });
        const values = desiredValues(user, mapping, true, ctx);
        evaluations.push(performance.now() - t0);
        if (!values.ok) failedUsers += 1;
      },
      () => 0,
    );
    // Between cycles the event loop runs (reads and writes are awaited).
    await pause(20);
  }
  const elapsed = performance.now() - started;
  await pause(200);
  const evaluationEnd = poller.latencies.length;

  // Planning of a large scope, while /healthz is polled: first in one block, then as the cycle runs it.
  const input = planningInput(PLAN_USERS);
  const planning = async (yielding: boolean) => {
    await pause(300);
    const from = poller.latencies.length;
    const timed = await timePlanning(input, yielding);
    await pause(300);
    const seen = poller.latencies
      .slice(from)
      .filter((l) => l >= 0)
      .sort((a, b) => a - b);
    return {
      ...timed,
      healthz: { requests: seen.length, maxMs: round(seen.at(-1) ?? 0), p99Ms: round(percentile(seen, 99)) },
    };
  };
  const blocking = await planning(false);
  const sliced = await planning(true);
  poller.stop();
  await servers.close();

  const evals = [...evaluations].sort((a, b) => a - b);
  const health = poller.latencies
    .slice(baseline, evaluationEnd)
    .filter((l) => l >= 0)
    .sort((a, b) => a - b);
  const result = {
    bench: 'hostile',
    patterns: PATTERNS.length,
    values: VALUES.length,
    largestValueBytes: Math.max(...VALUES.map((v) => Buffer.byteLength(v))),
    mappings: MAPPINGS.length,
    cycles: ROUNDS,
    /** One evaluation: a user's scoping filters and mapping, as planning evaluates them. */
    evaluations: evals.length,
    usersFailedPerCycle: failedUsers / ROUNDS,
    evaluationMs: { max: round(evals.at(-1) ?? 0), p99: round(percentile(evals, 99)) },
    healthz: {
      requests: health.length,
      maxMs: round(health.at(-1) ?? 0),
      p99Ms: round(percentile(health, 99)),
    },
    elapsedMs: Math.round(elapsed),
    /** One cycle's planning of PLAN_USERS users: in one synchronous block (before) and in slices (now). */
    planning: { users: PLAN_USERS, oneBlock: blocking, sliced },
    targets: { evaluationMaxMs: 100, healthzP99Ms: 100 },
    met: (evals.at(-1) ?? 0) <= 100 && percentile(health, 99) <= 100 && sliced.healthz.p99Ms <= 100,
  };
  console.log(JSON.stringify(result));
}

await main();
