import { DELTA_ID_FILTER_LIMIT, deltaIdFilter } from './id-filter.js';

const A = '477e9fc6-5de7-4406-bb2a-7e5c83c9ffff';
const B = '004d6a07-fe70-4b92-add5-e6e37b8affff';

function ids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
}

describe('deltaIdFilter', () => {
  it("takes `id eq '…'` terms joined by `or`, ids compared without case", () => {
    expect([...deltaIdFilter(`id eq '${A}'`)]).toEqual([A]);
    expect([...deltaIdFilter(` id eq '${A.toUpperCase()}' or id eq '${B}'`)]).toEqual([A, B]);
  });

  it.each([
    ['another property', "displayName eq 'Sales'"],
    ['ne', `id ne '${A}'`],
    ['and', `id eq '${A}' and id eq '${B}'`],
    ['in', `id in ('${A}', '${B}')`],
    ['a function', "startswith(id, '477e')"],
    ['not', `not(id eq '${A}')`],
    ['a number', 'id eq 4'],
    ['text that does not parse', `id eq '${A}' or`],
  ])('refuses %s with 400 Request_UnsupportedQuery', (_name, filter) => {
    expect(() => deltaIdFilter(filter)).toThrow(
      expect.objectContaining({ status: 400, code: 'Request_UnsupportedQuery' }),
    );
  });

  it(`tracks up to ${DELTA_ID_FILTER_LIMIT} ids and refuses one more`, () => {
    const filterOf = (list: string[]) => list.map((id) => `id eq '${id}'`).join(' or ');
    expect(deltaIdFilter(filterOf(ids(DELTA_ID_FILTER_LIMIT))).size).toBe(DELTA_ID_FILTER_LIMIT);
    expect(() => deltaIdFilter(filterOf(ids(DELTA_ID_FILTER_LIMIT + 1)))).toThrow(/at most 50 objects/);
  });
});
