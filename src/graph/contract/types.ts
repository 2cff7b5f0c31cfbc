/** An HTTP method the operator sends to Graph. */
export type GraphMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Application permissions any one of which allows a request, least privileged first (Graph's permission tables). */
export type PermissionAlternatives = readonly [string, ...string[]];

/** One request the operator may send to Microsoft Graph v1.0. */
export interface ContractEntry {
  /** Stable name, `area.action`. */
  id: string;
  method: GraphMethod;
  /** Path under `/v1.0`; `{name}` stands for one path segment. */
  path: string;
  /** The query options the operator may send (server-issued `$skiptoken`/`$deltatoken` links are always allowed). */
  query: readonly string[];
  /** The body's type in Graph's model, or undefined for none. */
  body?: string;
  /** Each group is required; any permission within a group satisfies it. Empty for `$batch` (each inner request counts). */
  permissions: readonly PermissionAlternatives[];
  /** The Graph v1.0 reference page the entry was checked against. */
  doc: string;
  /**
   * `page`: method, path, query options and permissions read on the page; `partial`: the method page was read but
   * something the operator relies on is not stated there (see `note`); `unconfirmed`: not read in full.
   */
  checked: 'page' | 'partial' | 'unconfirmed';
  /** What the page does not say, or why the entry looks as it does. */
  note?: string;
}

/** A Graph v1.0 reference page, by its name under learn.microsoft.com/graph/api. */
export function page(name: string): string {
  return `https://learn.microsoft.com/graph/api/${name}?view=graph-rest-1.0`;
}
