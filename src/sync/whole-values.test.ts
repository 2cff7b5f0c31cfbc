import { unchangedSiblings, withWholeValuePaths } from './whole-values.js';

describe('properties Graph replaces as a whole', () => {
  it('keeps every value of employeeOrgData in a target record that maps one of them', () => {
    expect(withWholeValuePaths(['department', 'employeeOrgData.division']).sort()).toEqual([
      'department',
      'employeeOrgData.costCenter',
      'employeeOrgData.division',
    ]);
    expect(withWholeValuePaths(['onPremisesExtensionAttributes.extensionAttribute1'])).toEqual([
      'onPremisesExtensionAttributes.extensionAttribute1',
    ]);
  });

  it('sends back the cost center a division update would otherwise clear, and null for none', () => {
    const current = { employeeOrgData: { division: 'Sales', costCenter: 'CC-7' } };
    expect(unchangedSiblings(['employeeOrgData.division', 'department'], current)).toEqual({
      'employeeOrgData.costCenter': 'CC-7',
    });
    expect(unchangedSiblings(['employeeOrgData.costCenter'], { employeeOrgData: null })).toEqual({
      'employeeOrgData.division': null,
    });
  });

  it('adds nothing when the update writes every value, or no replaced-whole property', () => {
    const current = { employeeOrgData: { division: 'Sales', costCenter: 'CC-7' } };
    expect(unchangedSiblings(['employeeOrgData.division', 'employeeOrgData.costCenter'], current)).toEqual(
      {},
    );
    expect(unchangedSiblings(['onPremisesExtensionAttributes.extensionAttribute1'], current)).toEqual({});
  });
});
