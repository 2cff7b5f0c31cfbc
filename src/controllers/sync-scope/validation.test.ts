import type { SyncScope } from '../../api/index.js';
import { scopeProblem } from './validation.js';

const spec = (scope: SyncScope['spec']['scope']) => ({ scope }) as SyncScope['spec'];

describe('scopeProblem', () => {
  it('names the clause and the character of a regex the engine cannot run', () => {
    const problem = scopeProblem(
      spec({
        allUsers: true,
        membership: 'Direct',
        filters: [
          { clauses: [{ attribute: 'department', operator: 'Equals', value: 'Sales' }] },
          { clauses: [{ attribute: 'mail', operator: 'NotRegexMatch', value: '(a)\\1' }] },
        ],
      }),
    );
    expect(problem?.reason).toBe('ScopeInvalid');
    expect(problem?.message).toMatch(
      /^spec\.scope\.filters\[1\]\.clauses\[0\]: invalid regular expression "\(a\)\\\\1" at character 4: backreferences/,
    );
  });

  it('passes rules that can run', () => {
    const scope = spec({
      groups: ['11111111-1111-1111-1111-111111111111'],
      membership: 'Direct',
      filters: [
        { clauses: [{ attribute: 'mail', operator: 'RegexMatch', value: '^\\w+@(?i:contoso)\\.com$' }] },
      ],
    });
    expect(scopeProblem(scope)).toBeNull();
  });
});
