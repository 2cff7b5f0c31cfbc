// The request and response of one Graph call inside the simulator, whether it came over HTTP or as a
// step of a $batch.
import type { GraphResult } from './errors.js';

/** A Graph request addressed relative to /v1.0 (from HTTP or from inside a $batch). */
export interface GraphInput {
  method: string;
  /** Path and query under /v1.0, e.g. `/users?$top=5`. */
  target: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: unknown;
  baseUrl: string;
  inBatch: boolean;
}

/** A Graph response with its headers. */
export interface GraphOutput {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  raw?: GraphResult['raw'];
  /** Reset the connection instead of answering (the request was carried out). */
  reset?: boolean;
}
