/** One request as the simulator answered it. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  tenant?: string;
  app?: string;
  status: number;
  durationMs: number;
  /** True for a request inside a JSON $batch. */
  inBatch?: boolean;
  /** The caller's `client-request-id` and `User-Agent`, which tell its requests and processes apart. */
  clientRequestId?: string;
  userAgent?: string;
}

const MAX_ENTRIES = 100_000;

/** The request log read by tests through the admin API; the oldest entries go first when it is full. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /** Appends an entry. */
  add(entry: RequestLogEntry): void {
    if (this.entries.length >= MAX_ENTRIES) this.entries = this.entries.slice(MAX_ENTRIES / 2);
    this.entries.push(entry);
  }

  /** Entries, optionally only those of one tenant. */
  list(tenant?: string): RequestLogEntry[] {
    return tenant === undefined ? [...this.entries] : this.entries.filter((e) => e.tenant === tenant);
  }

  /** Empties the log. */
  clear(): void {
    this.entries = [];
  }
}
