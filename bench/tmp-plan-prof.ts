// temporary: planning CPU at 100,000 users, in-process
import { generateUsers } from '../src/graph-sim/seed/generate.js';
import { stableId } from '../src/graph-sim/seed/stable-id.js';
import { desiredAttributes, toGraphPatch } from '../src/sync/desired.js';
import { emptySyncState, resumableIndex } from '../src/sync/cycle.js';
import { buildTargetIndex, planUserChanges, type ScopedSourceUser } from '../src/sync/plan.js';
import { evaluateScope } from '../src/sync/scope.js';
import { toSourceUser, targetRecordMaker } from '../src/sync/user-records.js';
import { CONTOSO, EMEA, defaultMapping, syncSpec } from '../test/sync/engine.js';

const N = Number(process.env.N ?? 100000);
const mapping = defaultMapping();
const spec = syncSpec({ groups: ['g1'] });
const state = emptySyncState();
const ctx = { now: () => new Date(), random: Math.random, isUnique: () => true };
const generated = generateUsers(N, EMEA.domain);
const make = targetRecordMaker({
  paths: [spec.anchorAttribute, ...mapping.attributes.map((a) => a.target)],
  anchorAttribute: spec.anchorAttribute,
  pool: state.pool,
});
globalThis.gc?.();
const heap0 = process.memoryUsage().heapUsed;
const members = new Set<string>();
for (const u of generated) {
  const id = stableId(EMEA.tenantId, 'user', u.userPrincipalName);
  const src = toSourceUser(
    JSON.parse(
      JSON.stringify({
        id,
        ...u,
        identities: [
          { signInType: 'userPrincipalName', issuer: EMEA.domain, issuerAssignedId: u.userPrincipalName },
        ],
        creationType: null,
      }),
    ),
    state.pool,
  );
  state.source.set(id, src);
  members.add(id);
  const desired = desiredAttributes(src, mapping, {
    sourceTenantId: EMEA.tenantId,
    anchorAttribute: spec.anchorAttribute,
    forCreate: true,
    ctx,
  });
  if (!desired.ok) throw new Error('map');
  const props = toGraphPatch(desired.attributes);
  const tid = stableId(CONTOSO.tenantId, 'user', id);
  state.target.set(
    tid,
    make(
      JSON.parse(
        JSON.stringify({
          id: tid,
          ...props,
          userPrincipalName: `${String(u.mail).replace('@', '_')}#EXT#@contoso.com`,
          creationType: 'Invitation',
          externalUserState: 'PendingAcceptance',
          identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }],
        }),
      ),
      false,
    ),
  );
}
globalThis.gc?.();
console.log('records bytes/user (source+target)', Math.round((process.memoryUsage().heapUsed - heap0) / N));
const membership = { directGroupIds: new Set(['g1']), transitiveGroupIds: new Set(['g1']) };
for (let round = 0; round < 4; round++) {
  const t0 = process.cpuUsage();
  const toPlan: ScopedSourceUser[] = [];
  for (const [id, user] of state.source) {
    const decision = evaluateScope(user, spec.scope, members.has(id) ? membership : membership);
    toPlan.push({ ...user, inScope: decision.inScope });
  }
  const t1 = process.cpuUsage(t0);
  const index = resumableIndex(buildTargetIndex(state.target.values(), spec.anchorAttribute), spec.userType);
  const t2 = process.cpuUsage(t0);
  const plan = planUserChanges({
    sourceTenantId: EMEA.tenantId,
    sourceUsers: toPlan,
    sourceDeleted: [],
    targetIndex: index,
    mapping,
    spec,
    now: new Date(),
    complete: true,
  });
  const t3 = process.cpuUsage(t0);
  const s = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1e6).toFixed(3);
  console.log(
    `round ${round}: scope ${s(t1)} index ${s(t2)} plan ${s(t3)} actions ${plan.actions.length} failures ${plan.failures.length}`,
  );
}
globalThis.gc?.();
console.log('records', state.source.size, state.target.size);
console.log(
  'heap MiB',
  (process.memoryUsage().heapUsed / 1048576).toFixed(0),
  'rss',
  (process.memoryUsage().rss / 1048576).toFixed(0),
);
