import { anchorProblem, isDirectoryExtension } from './anchor-check.js';

const ANCHOR = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_sourceAnchor';

describe('anchor attribute check', () => {
  it('recognises directory extensions, not extensionAttributeN', () => {
    expect(isDirectoryExtension(ANCHOR)).toBe(true);
    expect(isDirectoryExtension('onPremisesExtensionAttributes.extensionAttribute15')).toBe(false);
    expect(isDirectoryExtension('extension_notahexappid_x')).toBe(false);
  });

  it('accepts an extension registered for users', () => {
    expect(anchorProblem(ANCHOR, [{ name: ANCHOR, targetObjects: ['User', 'Group'] }])).toBeUndefined();
  });

  it.each([
    ['absent', [{ name: `${ANCHOR}2`, targetObjects: ['User'] }], 'not a directory extension registered'],
    ['registered for groups only', [{ name: ANCHOR, targetObjects: ['Group'] }], 'for Group, not for users'],
    ['absent from an empty answer', [], 'more than 1,000 service principals'],
  ])('reports AnchorAttributeMissing for an extension %s', (_case, available, says) => {
    const problem = anchorProblem(ANCHOR, available);
    expect(problem?.reason).toBe('AnchorAttributeMissing');
    expect(problem?.message).toContain(ANCHOR);
    expect(problem?.message).toContain(says);
  });
});
