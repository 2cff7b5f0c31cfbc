/**
 * A token bucket that hands out reservations: a caller takes its tokens at once (the balance may go
 * negative) and is told how long to wait before using them. Waiters are served in arrival order and
 * nobody polls, as with golang.org/x/time/rate's Reserve.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;

  constructor(
    private capacity: number,
    private refillPerMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** A bucket holding `limit` tokens that refills `limit` every `windowMs`. */
  static perWindow(limit: number, windowMs: number, now: number): TokenBucket {
    return new TokenBucket(limit, limit / windowMs, now);
  }

  /** Changes the limit in place, keeping the current balance within the new capacity. */
  reconfigure(limit: number, windowMs: number, now: number): void {
    this.refill(now);
    this.capacity = limit;
    this.refillPerMs = limit / windowMs;
    this.tokens = Math.min(this.tokens, limit);
  }

  /** Takes `cost` tokens and returns how many milliseconds to wait before spending them. */
  reserve(cost: number, now: number): number {
    this.refill(now);
    // A request dearer than the whole bucket could never be sent; it waits for a full bucket instead.
    this.tokens -= Math.min(cost, this.capacity);
    const untilRefilled = this.tokens >= 0 ? 0 : -this.tokens / this.refillPerMs;
    // Queued reservations keep their spacing after a pause; taking the larger of the two waits
    // would release everything queued during the pause at the same instant.
    return Math.max(0, this.pausedUntil - now) + untilRefilled;
  }

  /** Milliseconds until `cost` tokens are there and no pause holds them, without taking any. */
  timeUntil(cost: number, now: number): number {
    this.refill(now);
    const short = Math.min(cost, this.capacity) - this.tokens;
    return Math.max(this.pausedUntil - now, short > 0 ? short / this.refillPerMs : 0, 0);
  }

  /** Gives back (or takes more) tokens once the real cost is known. */
  adjust(delta: number, now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.capacity, this.tokens + delta);
  }

  /** Holds every later reservation until `until`: Graph said to wait (429 with Retry-After). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** The balance now, negative while reservations are queued. */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerMs);
    this.updatedAt = now;
  }
}
