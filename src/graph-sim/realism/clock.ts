/** The simulator clock: wall time plus an offset that the admin API moves forward. */
export class SimClock {
  private offsetMs = 0;

  /** Milliseconds since the epoch on the simulator clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** ISO 8601 timestamp of the simulator clock, without milliseconds like Graph's dateTimeOffset values. */
  isoNow(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Current offset from wall time in milliseconds. */
  offset(): number {
    return this.offsetMs;
  }

  /** Moves the clock forward by `ms` (never backward: Graph time does not run back). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
  }
}
