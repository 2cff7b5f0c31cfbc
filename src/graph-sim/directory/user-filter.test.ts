import { GraphError } from '../http/errors.js';
import { refuseUnsupportedUserFilter } from './user-filter.js';

describe('refuseUnsupportedUserFilter', () => {
  it.each([
    "startswith(onPremisesExtensionAttributes/extensionAttribute15, 'tenant:')",
    "(userType eq 'Member') and endswith(onPremisesExtensionAttributes/extensionAttribute1, 'x')",
    "not(startswith(onPremisesExtensionAttributes/extensionAttribute3, 'a'))",
  ])('refuses %s with Graph 400 Request_UnsupportedQuery naming the property', (filter) => {
    let thrown: unknown;
    try {
      refuseUnsupportedUserFilter(filter);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GraphError);
    expect(thrown).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
    expect((thrown as Error).message).toMatch(/property 'extensionAttribute\d+' of resource 'User'/);
  });

  it.each([
    null,
    "onPremisesExtensionAttributes/extensionAttribute15 eq 'a'",
    "onPremisesExtensionAttributes/extensionAttribute15 in ('a', 'b')",
    "startswith(displayName, 'A')",
  ])('accepts %s', (filter) => {
    expect(() => refuseUnsupportedUserFilter(filter)).not.toThrow();
  });
});
