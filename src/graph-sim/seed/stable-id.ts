import { createHash } from 'node:crypto';

/** A UUID derived from a name, so seeded objects keep their ids from run to run. */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000').toLowerCase()).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
