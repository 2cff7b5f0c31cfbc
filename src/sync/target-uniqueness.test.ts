import { targetUniqueness } from './target-uniqueness.js';

const users = [
  { id: 't1', attributes: { mailNickname: 'Adele.Vance', otherMails: ['adele@x.com'] } },
  { id: 't2', attributes: { mailNickname: 'alex.wilber' }, deleted: true },
];

describe('targetUniqueness', () => {
  it('finds a value any target user holds, soft-deleted ones too, in any case, in multi-valued attributes', () => {
    const isUnique = targetUniqueness(() => users);
    expect(isUnique('adele.vance', 'mailNickname')).toBe(false);
    expect(isUnique('ALEX.WILBER', 'mailNickname')).toBe(false);
    expect(isUnique('ADELE@x.com', 'otherMails')).toBe(false);
    expect(isUnique('adele.vance', 'displayName')).toBe(true);
  });

  it('counts a free value as taken once given, so two creates of one plan never get the same', () => {
    const isUnique = targetUniqueness(() => users);
    expect(isUnique('megan.bowen', 'mailNickname')).toBe(true);
    expect(isUnique('Megan.Bowen', 'mailNickname')).toBe(false);
  });
});
