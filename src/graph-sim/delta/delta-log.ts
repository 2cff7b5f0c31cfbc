/** One page of a delta scan: the ids changed in the window, and where the next page starts (null: done). */
export interface DeltaScanPage {
  ids: string[];
  next: number | null;
}

/**
 * An append-only change log of one resource type in one tenant: each change records the object id and
 * the tenant-wide sequence number it got. A delta round covers the changes in (fromSeq, toSeq]; an id is
 * reported at its last change only, so repeated updates within a round give one entry.
 */
export class DeltaLog {
  private readonly seqs: number[] = [];
  private readonly ids: string[] = [];

  /** Records that `id` changed at `seq` (sequence numbers must ascend). */
  append(id: string, seq: number): void {
    const last = this.seqs[this.seqs.length - 1];
    if (last !== undefined && seq <= last) throw new RangeError(`sequence ${seq} is not after ${last}`);
    this.seqs.push(seq);
    this.ids.push(id);
  }

  /** Number of entries in the log. */
  get length(): number {
    return this.seqs.length;
  }

  /** Index of the first entry whose sequence is greater than `seq`. */
  startAfter(seq: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Scans from entry `cursor` for up to `limit` ids changed no later than `toSeq`; `lastSeqOf` tells an
   * object's latest sequence (undefined when it is to be left out), so only an object's last change counts.
   */
  scan(
    cursor: number,
    toSeq: number,
    limit: number,
    lastSeqOf: (id: string) => number | undefined,
  ): DeltaScanPage {
    const ids: string[] = [];
    let i = cursor;
    for (; i < this.seqs.length && ids.length < limit; i++) {
      const seq = this.seqs[i] as number;
      if (seq > toSeq) return { ids, next: null };
      const id = this.ids[i] as string;
      if (lastSeqOf(id) === seq) ids.push(id);
    }
    const more = i < this.seqs.length && (this.seqs[i] as number) <= toSeq;
    return { ids, next: more ? i : null };
  }
}
