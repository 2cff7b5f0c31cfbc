import type { ContractEntry } from './types.js';

// Paging and delta links are issued by Graph; following them is part of every list the contract allows.
const SERVER_LINK_OPTIONS = new Set(['$skiptoken', '$deltatoken']);
// What stands for an object: a GUID (a resource role scope's id is two of them), or a user principal name.
const OBJECT_KEY =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:_[0-9a-f-]{36})?|[^/@]+@[^/@]+)$/i;

// A synchronization job's id is its template's name and two hex strings: `Azure2Azure.<hex>.<hex>`.
const SYNCHRONIZATION_JOB_ID = /^[A-Za-z0-9]+\.[0-9a-f]+\.[0-9a-f]+$/i;

function segmentsMatch(template: string, path: string): boolean {
  const want = template.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return false;
  return want.every((segment, i) => {
    const actual = decodeURIComponent(have[i] as string);
    if (segment === '{jobId}') return SYNCHRONIZATION_JOB_ID.test(actual);
    return /^\{\w+\}$/.test(segment) ? OBJECT_KEY.test(actual) : segment === actual;
  });
}

/**
 * The contract entry a request falls under, or undefined: `url` is the path after the host, with or without the
 * `/v1.0` prefix, and its query; every query option must be one the entry allows.
 */
export function matchContract(
  contract: readonly ContractEntry[],
  method: string,
  url: string,
): ContractEntry | undefined {
  const parsed = new URL(url, 'https://graph.invalid');
  const path = parsed.pathname.replace(/^\/v1\.0(?=\/)/, '');
  const options = [...parsed.searchParams.keys()].map((k) => k.toLowerCase());
  return contract.find(
    (entry) =>
      entry.method === method.toUpperCase() &&
      segmentsMatch(entry.path, path) &&
      options.every(
        (option) =>
          SERVER_LINK_OPTIONS.has(option) || entry.query.some((allowed) => allowed.toLowerCase() === option),
      ),
  );
}
