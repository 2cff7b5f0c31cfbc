/** An OData string literal: single quotes doubled, as `$filter` requires. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
