import type { SyncScope } from '../../api/index.js';
import { changeOf } from './memory.js';

const scope = (annotations: Record<string, string>): SyncScope =>
  ({ metadata: { name: 'emea', generation: 3, annotations } }) as unknown as SyncScope;

describe('changeOf', () => {
  it('ignores the requests the operator answers and removes, so answering one retries no quarantine', () => {
    const quiet = changeOf(scope({}));
    expect(changeOf(scope({ 'crosstenant.io/provision-now': 'zoe@emea.contoso.com' }))).toBe(quiet);
    expect(changeOf(scope({ 'crosstenant.io/provision-group-now': 'fa95f939' }))).toBe(quiet);
    expect(changeOf(scope({ 'crosstenant.io/approve-deletions': 'yes' }))).toBe(quiet);
  });

  it('counts any other annotation as a change', () => {
    expect(changeOf(scope({ 'example.com/note': 'x' }))).not.toBe(changeOf(scope({})));
  });
});
