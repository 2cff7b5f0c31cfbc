import {
  anchorValue,
  desiredAttributes,
  desiredValues,
  evaluateAttributes,
  readSourceAttribute,
  toAttributeValue,
  toGraphPatch,
} from './desired.js';
import type { DesiredOptions } from './desired.js';
import { compileMapping } from './mapping/compile.js';
import type { CompiledMapping } from './mapping/compile.js';
import type { AttributeMappingEntry, SourceUser } from './types.js';

const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';
const TENANT = 'aaaaaaaa-0000-0000-0000-000000000001';

function mapping(mappings: AttributeMappingEntry[], includeDefaults = false): CompiledMapping {
  const r = compileMapping({ includeDefaults, mappings });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.mapping;
}

const adele: SourceUser = {
  id: 'u-adele',
  attributes: {
    givenName: 'Adele',
    surname: 'Vance',
    displayName: 'Adele Vance',
    mail: 'adele@emea.contoso.com',
    accountEnabled: true,
    companyName: 'Company A',
    department: '',
    onPremisesExtensionAttributes: { extensionAttribute2: 'cc-42' },
  },
};

function options(forCreate: boolean, trace = false): DesiredOptions {
  return {
    sourceTenantId: TENANT,
    anchorAttribute: ANCHOR,
    forCreate,
    trace,
    ctx: { now: () => new Date(0), random: () => 0, isUnique: () => true },
  };
}

describe('desiredAttributes', () => {
  const m = mapping([
    { target: 'displayName', expression: 'Join(", ", [surname], [givenName])', apply: 'Always' },
    { target: 'employeeType', constant: 'Synced', apply: 'OnCreate' },
    { target: 'department', source: 'department', apply: 'Always', defaultValue: 'Unknown' },
    { target: 'jobTitle', expression: 'IgnoreFlowIfNullOrEmpty([jobTitle])', apply: 'Always' },
    {
      target: 'companyName',
      expression: 'Switch([companyName], "External", "Company A", "A")',
      apply: 'Always',
    },
    { target: 'officeLocation', source: 'extensionAttribute2', apply: 'Always' },
    { target: 'showInAddressList', constant: 'True', apply: 'Always' },
  ]);

  it.each([
    [
      'create: Always and OnCreate, default value for an empty source, dropped flows left out',
      true,
      {
        displayName: 'Vance, Adele',
        employeeType: 'Synced',
        department: 'Unknown',
        companyName: 'A',
        officeLocation: 'cc-42',
        showInAddressList: true,
        [ANCHOR]: `${TENANT}:u-adele`,
      },
    ],
    [
      'update: only Always mappings, no default value',
      false,
      {
        displayName: 'Vance, Adele',
        department: null,
        companyName: 'A',
        officeLocation: 'cc-42',
        showInAddressList: true,
        [ANCHOR]: `${TENANT}:u-adele`,
      },
    ],
  ])('%s', (_name, forCreate, expected) => {
    expect(desiredAttributes(adele, m, options(forCreate))).toEqual({ ok: true, attributes: expected });
  });

  it('gives values aligned with the mapping, undefined where nothing flows', () => {
    const r = desiredValues(adele, m, false, options(false).ctx);
    expect(r.ok && r.values).toEqual(['Vance, Adele', undefined, null, undefined, 'A', 'cc-42', true]);
  });

  it('reports a failing mapping per target instead of writing a wrong value', () => {
    const failing = mapping([
      { target: 'country', expression: 'IIF([country]="USA", "US", "Other")', apply: 'Always' },
      { target: 'city', source: 'city', apply: 'Always' },
    ]);
    expect(desiredAttributes(adele, failing, options(false))).toEqual({
      ok: false,
      errors: [{ target: 'country', message: expect.stringContaining('cannot compare an empty value') }],
    });
  });

  it('traces each attribute for provision on demand, redacting where asked', () => {
    const traced = mapping([
      { target: 'displayName', source: 'displayName', apply: 'Always' },
      { target: 'employeeId', expression: 'Redact([mail])', apply: 'Always' },
      { target: 'jobTitle', expression: 'IgnoreFlowIfNullOrEmpty([jobTitle])', apply: 'Always' },
    ]);
    const r = desiredAttributes(adele, traced, options(true, true));
    expect(r.ok && r.trace).toEqual([
      { target: 'displayName', mapping: '[displayName]', value: 'Adele Vance', dropped: false },
      { target: 'employeeId', mapping: 'Redact([mail])', value: '[Redact]', dropped: false },
      { target: 'jobTitle', mapping: 'IgnoreFlowIfNullOrEmpty([jobTitle])', value: null, dropped: true },
    ]);
  });

  it('gives the same Switch result whether or not its source changed (no Entra null bug)', () => {
    const withSwitch = mapping([
      {
        target: 'companyName',
        expression: 'Switch([companyName], "External", "Company A", "A")',
        apply: 'Always',
      },
    ]);
    const renamed: SourceUser = { ...adele, attributes: { ...adele.attributes, displayName: 'Adele V.' } };
    const before = desiredAttributes(adele, withSwitch, options(false));
    const after = desiredAttributes(renamed, withSwitch, options(false));
    expect(after).toEqual(before);
    expect(after.ok && after.attributes['companyName']).toBe('A');
  });
});

describe('helpers', () => {
  it.each([
    ['givenName', 'Adele'],
    ['onPremisesExtensionAttributes.extensionAttribute2', 'cc-42'],
    ['extensionAttribute2', 'cc-42'],
    ['extensionAttribute3', null],
    ['objectId', 'u-adele'],
    ['missing', null],
  ])('readSourceAttribute %s', (path, expected) => {
    expect(readSourceAttribute(adele, path)).toBe(expected);
  });

  it.each([
    ['accountEnabled', 'False', false],
    ['accountEnabled', 'true', true],
    ['showInAddressList', true, true],
    ['department', '', null],
    ['department', true, 'True'],
    ['employeeId', 42, '42'],
    ['employeeHireDate', new Date(Date.UTC(2021, 6, 2, 15, 33, 38)), '7/2/2021 3:33:38 PM'],
    ['otherMails', ['a@x.com', 'b@x.com'], ['a@x.com', 'b@x.com']],
  ])('toAttributeValue(%s, %j) -> %j', (target, value, expected) => {
    expect(toAttributeValue(target, value)).toEqual(expected);
  });

  it('anchors with tenant and object id', () => {
    expect(anchorValue('t', 'o')).toBe('t:o');
  });

  it('nests dotted paths for a Graph PATCH', () => {
    expect(
      toGraphPatch({
        displayName: 'A',
        'onPremisesExtensionAttributes.extensionAttribute15': 't:o',
        'onPremisesExtensionAttributes.extensionAttribute2': null,
      }),
    ).toEqual({
      displayName: 'A',
      onPremisesExtensionAttributes: { extensionAttribute15: 't:o', extensionAttribute2: null },
    });
  });
});

describe('Redact', () => {
  const secret = 'S3cr3t-not-a-date';
  const user: SourceUser = { id: 'u-1', attributes: { employeeType: secret } };
  const ctx = {
    now: () => new Date(0),
    random: () => 0.5,
    isUnique: () => true,
  };

  it.each([
    'Redact(CDate([employeeType]))',
    'CDate(Redact([employeeType]))',
    'FormatDateTime(Redact([employeeType]), , "yyyy", "yyyy")',
    'Join(" ", "x", Redact(CDate([employeeType])))',
  ])('keeps the value out of the error of %s', (expression) => {
    const m = mapping([{ target: 'jobTitle', expression, apply: 'Always' }]);
    const values = desiredValues(user, m, true, ctx);
    expect(values.ok).toBe(false);
    if (values.ok) return;
    expect(values.errors[0]?.message).toMatch(/redacted value/);
    expect(JSON.stringify(values.errors)).not.toContain(secret);
    const evaluated = evaluateAttributes(user, m, true, ctx);
    expect(JSON.stringify(evaluated.map((a) => a.error))).not.toContain(secret);
  });
});
